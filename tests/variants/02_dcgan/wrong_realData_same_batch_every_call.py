"""Wrong: a generator seeded inside realData, so every call returns the same batch."""
# loses: test_realData

# %% realData
def realData(batch):
    rng = np.random.default_rng(0)
    images = X_train[rng.integers(0, X_train.shape[0], size=batch)]
    return (images[:, :, :, np.newaxis].astype("float32") - 127.5) / 127.5
