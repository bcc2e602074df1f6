"""Wrong: no straight-line fallback: slerp divides by sin(0) for vectors pointing the same way."""
# loses: test_interpolate_spherical

# %% interpolate
def interpolate(z0, z1, steps, spherical=False):
    t = np.linspace(0, 1, steps)[:, None]
    if spherical:
        omega = np.arccos(np.clip(z0 @ z1 / (np.linalg.norm(z0) * np.linalg.norm(z1)), -1, 1))
        return (np.sin((1 - t) * omega) * z0 + np.sin(t * omega) * z1) / np.sin(omega)
    return (1 - t) * z0 + t * z1
