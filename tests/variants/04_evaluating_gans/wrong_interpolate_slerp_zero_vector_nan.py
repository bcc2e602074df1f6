"""Wrong: no check of the norms: from a zero vector cos(omega) is 0/0, and the path is nan."""
# loses: test_interpolate_spherical

# %% interpolate
def interpolate(z0, z1, steps, spherical=False):
    z0, z1 = np.asarray(z0, dtype="float64"), np.asarray(z1, dtype="float64")
    t = np.linspace(0.0, 1.0, steps)[:, np.newaxis]
    if spherical:
        omega = np.arccos(np.clip(z0 @ z1 / (np.linalg.norm(z0) * np.linalg.norm(z1)), -1.0, 1.0))
        if not abs(np.sin(omega)) < 1e-6:   # nan < 1e-6 is False: nan takes the formula
            return (np.sin((1 - t) * omega) * z0 + np.sin(t * omega) * z1) / np.sin(omega)
    return (1 - t) * z0 + t * z1
