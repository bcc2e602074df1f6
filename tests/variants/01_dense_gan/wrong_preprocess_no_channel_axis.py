"""Wrong: no channel axis, (N, 28, 28)."""
# loses: test_preprocess_images

# %% preprocess_images
def preprocess_images(images):
    return ((images - 127.5) / 127.5).astype("float32")
