"""A partly wrong submission: np.cov without rowvar=False, and the rarest class by argmax."""
# loses: test_feature_statistics, test_class_coverage

# %% feature_statistics
def feature_statistics(images):
    features = feature_extractor.predict(images, verbose=0)
    return features.mean(axis=0), np.cov(features)

# %% class_coverage
def class_coverage(images):
    classes = classifier.predict(images, verbose=0).argmax(axis=1)
    shares = np.bincount(classes, minlength=10) / len(classes)
    present = shares[shares > 0]
    return shares, float(-(present * np.log(present)).sum() / np.log(10)), CLASS_NAMES[int(shares.argmax())]
