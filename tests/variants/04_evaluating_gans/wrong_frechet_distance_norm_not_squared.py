"""Wrong: the mean term is the distance ||mu1 - mu2||, not its square."""
# loses: test_frechet_distance

# %% frechet_distance
def frechet_distance(mu1, sigma1, mu2, sigma2):
    root = np.real(linalg.sqrtm(sigma1 @ sigma2))
    return float(np.linalg.norm(mu1 - mu2) + np.trace(sigma1) + np.trace(sigma2) - 2 * np.trace(root))
