"""Wrong: the entropy is not normalised (natural log, not divided by log 10): up to 2.3 instead of 1."""
# loses: test_class_coverage, test_diagnose

# %% class_coverage
def class_coverage(images):
    classes = classifier.predict(images, verbose=0).argmax(axis=1)
    shares = np.bincount(classes, minlength=10) / len(classes)
    present = shares[shares > 0]
    return shares, float(-(present * np.log(present)).sum()), CLASS_NAMES[int(shares.argmin())]
