"""Wrong: the images are rescaled to [0, 1] before the classifier, which expects [-1, 1] as the GANs make them."""
# loses: test_feature_statistics

# %% feature_statistics
def feature_statistics(images):
    features = feature_extractor.predict((np.asarray(images) + 1) / 2, verbose=0)
    return features.mean(axis=0), np.cov(features, rowvar=False)
