"""Wrong: pixels left in [0, 255]."""
# loses: test_realData

# %% realData
def realData(batch):
    images = X_train[np.random.randint(0, X_train.shape[0], size=batch)]
    return images[:, :, :, np.newaxis].astype("float32")
