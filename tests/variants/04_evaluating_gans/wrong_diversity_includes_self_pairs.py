"""Wrong: the mean over the whole N x N distance matrix, the zeros of each image with itself included."""
# loses: test_diversity

# %% diversity
def diversity(images):
    features = feature_extractor.predict(images, verbose=0).astype("float64")
    distances = np.linalg.norm(features[:, None, :] - features[None, :, :], axis=-1)
    return float(distances.mean())
