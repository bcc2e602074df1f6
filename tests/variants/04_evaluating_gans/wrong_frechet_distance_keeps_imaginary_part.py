"""Wrong: sqrtm's tiny imaginary part is kept: a complex distance for singular covariances."""
# loses: test_frechet_distance

# %% frechet_distance
def frechet_distance(mu1, sigma1, mu2, sigma2):
    root = linalg.sqrtm(sigma1 @ sigma2)
    difference = mu1 - mu2
    return difference @ difference + np.trace(sigma1) + np.trace(sigma2) - 2 * np.trace(root)
