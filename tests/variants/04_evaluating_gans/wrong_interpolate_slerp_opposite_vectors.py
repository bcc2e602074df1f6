"""Wrong: the straight line only when the vectors point the same way (omega near 0); opposite vectors divide by sin(pi)."""
# loses: test_interpolate_spherical

# %% interpolate
def interpolate(z0, z1, steps, spherical=False):
    z0, z1 = np.asarray(z0, dtype="float64"), np.asarray(z1, dtype="float64")
    t = np.linspace(0.0, 1.0, steps)[:, np.newaxis]
    norms = np.linalg.norm(z0) * np.linalg.norm(z1)
    if spherical and norms > 0:
        omega = np.arccos(np.clip(z0 @ z1 / norms, -1.0, 1.0))
        if omega >= 1e-6:
            return (np.sin((1 - t) * omega) * z0 + np.sin(t * omega) * z1) / np.sin(omega)
    return (1 - t) * z0 + t * z1
