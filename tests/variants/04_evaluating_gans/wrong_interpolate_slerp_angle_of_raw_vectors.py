"""Wrong: omega = arccos(z0 . z1) without dividing by the norms: right for unit vectors only."""
# loses: test_interpolate_spherical

# %% interpolate
def interpolate(z0, z1, steps, spherical=False):
    t = np.linspace(0, 1, steps)[:, None]
    if spherical:
        omega = np.arccos(np.clip(z0 @ z1, -1, 1))
        if np.sin(omega) > 1e-8:
            return (np.sin((1 - t) * omega) * z0 + np.sin(t * omega) * z1) / np.sin(omega)
    return (1 - t) * z0 + t * z1
