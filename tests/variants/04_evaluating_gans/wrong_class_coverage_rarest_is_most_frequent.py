"""Wrong: argmax instead of argmin: the most frequent class is returned as the rarest."""
# loses: test_class_coverage

# %% class_coverage
def class_coverage(images):
    classes = classifier.predict(images, verbose=0).argmax(axis=1)
    shares = np.bincount(classes, minlength=10) / len(classes)
    present = shares[shares > 0]
    return shares, float(-(present * np.log(present)).sum() / np.log(10)), CLASS_NAMES[int(shares.argmax())]
