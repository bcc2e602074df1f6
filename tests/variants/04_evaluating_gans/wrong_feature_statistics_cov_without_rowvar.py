"""Wrong: np.cov(features) without rowvar=False: an (N, N) covariance between images, not features."""
# loses: test_feature_statistics

# %% feature_statistics
def feature_statistics(images):
    features = feature_extractor.predict(images, verbose=0)
    return features.mean(axis=0), np.cov(features)
