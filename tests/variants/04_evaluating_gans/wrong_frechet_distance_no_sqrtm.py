"""Wrong: no matrix square root, Tr(sigma1 + sigma2 - 2 sigma1 sigma2): the trace term does not vanish for equal covariances."""
# loses: test_frechet_distance

# %% frechet_distance
def frechet_distance(mu1, sigma1, mu2, sigma2):
    difference = mu1 - mu2
    return float(difference @ difference + np.trace(sigma1) + np.trace(sigma2) - 2 * np.trace(sigma1 @ sigma2))
