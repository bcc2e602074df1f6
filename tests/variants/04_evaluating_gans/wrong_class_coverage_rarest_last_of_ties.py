"""Wrong: of several classes with the smallest share, the last in class order, where the lesson says the first (np.argmin)."""
# loses: test_class_coverage

# %% class_coverage
def class_coverage(images):
    logits = classifier.predict(np.asarray(images, dtype="float32"), batch_size=500, verbose=0)
    shares = np.bincount(logits.argmax(axis=1), minlength=10) / len(logits)
    present = shares[shares > 0]
    entropy = max(0.0, float(-(present * np.log(present)).sum() / np.log(10)))
    return shares, entropy, CLASS_NAMES[9 - int(shares[::-1].argmin())]
