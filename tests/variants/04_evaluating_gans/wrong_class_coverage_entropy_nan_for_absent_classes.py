"""Wrong: p * log(p) summed over all ten shares: 0 * log(0) is nan as soon as a class is absent."""
# loses: test_class_coverage, test_diagnose

# %% class_coverage
def class_coverage(images):
    classes = classifier.predict(images, verbose=0).argmax(axis=1)
    shares = np.bincount(classes, minlength=10) / len(classes)
    with np.errstate(divide="ignore", invalid="ignore"):
        entropy = float(-(shares * np.log(shares)).sum() / np.log(10))
    return shares, entropy, CLASS_NAMES[int(shares.argmin())]
