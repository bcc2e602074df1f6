"""Wrong: pixels scaled to [0, 1], the range of a sigmoid, not of tanh."""
# loses: test_preprocess_images

# %% preprocess_images
def preprocess_images(images):
    return (images / 255.0).reshape(-1, 28, 28, 1).astype("float32")
