"""Correct: the trace of the root from eigendecompositions (no sqrtm), the features by calling the model, np.cov with bias=True, and diversity from a Gram matrix."""
# loses: nothing

# %% frechet_distance
def frechet_distance(mu1, sigma1, mu2, sigma2):
    # Tr((S1 S2)^(1/2)) = Tr((S1^(1/2) S2 S1^(1/2))^(1/2)): a symmetric matrix, real eigenvalues
    values, vectors = np.linalg.eigh(sigma1)
    root1 = (vectors * np.sqrt(np.clip(values, 0, None))) @ vectors.T
    middle = root1 @ sigma2 @ root1
    trace_root = np.sqrt(np.clip(np.linalg.eigvalsh((middle + middle.T) / 2), 0, None)).sum()
    return max(0.0, float(np.sum((mu1 - mu2) ** 2) + np.trace(sigma1) + np.trace(sigma2) - 2 * trace_root))

# %% feature_statistics
def feature_statistics(images):
    features = np.asarray(feature_extractor(images, training=False), dtype="float64")
    return np.mean(features, axis=0), np.cov(features.T, bias=True)

# %% diversity
def diversity(images):
    f = np.asarray(feature_extractor(images, training=False), dtype="float64")
    squared = (f ** 2).sum(axis=1)
    distances = np.sqrt(np.clip(squared[:, None] + squared[None, :] - 2 * f @ f.T, 0, None))
    n = len(f)
    return float(distances[np.triu_indices(n, k=1)].mean())
