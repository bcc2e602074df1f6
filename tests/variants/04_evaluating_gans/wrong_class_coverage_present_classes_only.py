"""Wrong: np.unique counts only the classes that occur: shares of fewer than 10 classes, and a rarest class among them."""
# loses: test_class_coverage

# %% class_coverage
def class_coverage(images):
    classes = classifier.predict(images, verbose=0).argmax(axis=1)
    labels, counts = np.unique(classes, return_counts=True)
    shares = counts / counts.sum()
    entropy = float(-(shares * np.log(shares)).sum() / np.log(10))
    return shares, entropy, CLASS_NAMES[int(labels[shares.argmin()])]
