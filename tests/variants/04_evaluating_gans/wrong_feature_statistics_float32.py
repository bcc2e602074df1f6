"""Wrong: the mean and the covariance both cast to float32, where the lesson asks for float64."""
# loses: test_feature_statistics

# %% feature_statistics
def feature_statistics(images):
    features = feature_extractor.predict(images, batch_size=500, verbose=0)
    return features.mean(axis=0).astype("float32"), np.cov(features, rowvar=False).astype("float32")
