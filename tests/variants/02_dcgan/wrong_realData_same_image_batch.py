"""Wrong: one random image repeated over the whole batch, so D sees no variety among real images."""
# loses: test_realData

# %% realData
def realData(batch):
    index = np.random.randint(0, X_train.shape[0])
    image = (X_train[index, :, :, np.newaxis].astype("float32") - 127.5) / 127.5
    return np.repeat(image[np.newaxis], batch, axis=0)
