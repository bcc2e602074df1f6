"""Wrong: the distance not clipped at 0, so two identical Gaussians can come out at -3e-13 (printed -0.0)."""
# loses: test_frechet_distance

# %% frechet_distance
def frechet_distance(mu1, sigma1, mu2, sigma2):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", linalg.LinAlgWarning)
        root = linalg.sqrtm(sigma1 @ sigma2)
        if not np.isfinite(root).all():
            offset = 1e-6 * np.eye(len(sigma1))
            root = linalg.sqrtm((sigma1 + offset) @ (sigma2 + offset))
    difference = np.asarray(mu1, dtype="float64") - np.asarray(mu2, dtype="float64")
    return float(difference @ difference + np.trace(sigma1) + np.trace(sigma2) - 2 * np.trace(root.real))
