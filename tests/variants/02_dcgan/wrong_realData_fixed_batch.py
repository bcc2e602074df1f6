"""Wrong: always the first images, not a random batch."""
# loses: test_realData

# %% realData
def realData(batch):
    return (X_train[:batch, :, :, np.newaxis].astype("float32") - 127.5) / 127.5
