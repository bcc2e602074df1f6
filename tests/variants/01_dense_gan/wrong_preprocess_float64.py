"""Wrong: float64 images, twice the memory and a dtype Keras casts on every batch."""
# loses: test_preprocess_images

# %% preprocess_images
def preprocess_images(images):
    return ((images - 127.5) / 127.5).reshape(-1, 28, 28, 1)
