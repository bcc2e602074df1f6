"""Wrong: the trace term adds 2 sqrtm(sigma1 @ sigma2) instead of subtracting it: identical Gaussians are far apart."""
# loses: test_frechet_distance

# %% frechet_distance
def frechet_distance(mu1, sigma1, mu2, sigma2):
    root = np.real(linalg.sqrtm(sigma1 @ sigma2))
    difference = mu1 - mu2
    return float(difference @ difference + np.trace(sigma1 + sigma2 + 2 * root))
