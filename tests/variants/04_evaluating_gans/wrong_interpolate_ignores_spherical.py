"""Wrong: spherical=True still walks the straight line."""
# loses: test_interpolate_spherical

# %% interpolate
def interpolate(z0, z1, steps, spherical=False):
    t = np.linspace(0, 1, steps)[:, None]
    return (1 - t) * z0 + t * z1
