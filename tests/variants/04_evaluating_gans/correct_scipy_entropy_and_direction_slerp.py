"""Correct: scipy.stats.entropy with base 10 the rarest class named by a NumPy index, the distance clipped by np.maximum, sqrtm of S1^(1/2) S2 S1^(1/2), and slerp of the directions with the norm interpolated linearly."""
# loses: nothing

# %% frechet_distance
def frechet_distance(mu1, sigma1, mu2, sigma2):
    root1 = linalg.sqrtm(sigma1).real
    trace_root = np.trace(linalg.sqrtm(root1 @ sigma2 @ root1).real)
    diff = np.asarray(mu1) - np.asarray(mu2)
    return np.maximum(np.float64(diff.dot(diff) + np.trace(sigma1) + np.trace(sigma2) - 2 * trace_root), 0.0)

# %% class_coverage
def class_coverage(images):
    from scipy.stats import entropy

    predictions = np.argmax(classifier(images, training=False), axis=-1)
    shares = np.array([np.mean(predictions == label) for label in range(10)])
    return shares, float(entropy(shares, base=10)), CLASS_NAMES[np.argmin(shares)]

# %% interpolate
def interpolate(z0, z1, steps, spherical=False):
    z0, z1 = np.asarray(z0, dtype=float), np.asarray(z1, dtype=float)
    ts = np.linspace(0, 1, steps)
    if not spherical:
        return np.stack([(1 - t) * z0 + t * z1 for t in ts])
    r0, r1 = np.linalg.norm(z0), np.linalg.norm(z1)
    if r0 == 0 or r1 == 0:
        return np.stack([(1 - t) * z0 + t * z1 for t in ts])
    u0, u1 = z0 / r0, z1 / r1
    omega = np.arccos(np.clip(u0 @ u1, -1, 1))
    if abs(np.sin(omega)) < 1e-6:
        return np.stack([(1 - t) * z0 + t * z1 for t in ts])
    return np.stack([((1 - t) * r0 + t * r1) * (np.sin((1 - t) * omega) * u0 + np.sin(t * omega) * u1) / np.sin(omega)
                     for t in ts])
