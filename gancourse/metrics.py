"""Sample quality in the course's own, documented terms.

There are no Inception weights offline, and Inception FID on 28x28 grey clothes would not
be comparable to published numbers anyway. So the course measures generated images with a
small Fashion-MNIST classifier of its own (``scripts/train_classifier.py``; weights in
``fashion_classifier.weights.h5`` beside this file):

- **FID** (Fréchet distance) between the classifier's penultimate-layer features of
  generated images and of the 10,000 test images. 0 means the same feature statistics;
  lower is better.
- **Class coverage**: the share of each predicted class among the generated images, its
  entropy normalised to [0, 1] (1: all ten classes equally often), and the rarest class's
  share. A generator that collapses onto a few modes shows up here.
- **Class accuracy**, for a generator asked for a class (lesson 05): the share of its
  samples the classifier puts in the class asked for, per class and overall, with each
  class's FID against the test images of that class.

Images go in as the GANs make them: ``(N, 28, 28, 1)`` floats in [-1, 1].
"""

from pathlib import Path

import numpy as np

CLASSIFIER_WEIGHTS = Path(__file__).parent / "fashion_classifier.weights.h5"
CLASS_NAMES = ("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
               "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot")
FEATURES_LAYER = "features"


def build_classifier():
    """The metric's classifier: two conv blocks, a 64-unit feature layer, 10 logits."""
    from tensorflow import keras
    from tensorflow.keras import layers

    return keras.Sequential([
        keras.Input((28, 28, 1)),
        layers.Conv2D(32, 3, padding="same", activation="relu"),
        layers.MaxPooling2D(),
        layers.Conv2D(64, 3, padding="same", activation="relu"),
        layers.MaxPooling2D(),
        layers.Flatten(),
        layers.Dropout(0.3),
        layers.Dense(64, activation="relu", name=FEATURES_LAYER),
        layers.Dense(10, name="logits"),
    ], name="fashion_classifier")


def load_classifier(path=CLASSIFIER_WEIGHTS):
    model = build_classifier()
    model.load_weights(path)
    return model


def features_and_classes(classifier, images, batch_size=500):
    """Penultimate features ``(N, 64)`` and predicted classes ``(N,)`` of ``images``."""
    from tensorflow import keras

    both = keras.Model(classifier.inputs,
                       [classifier.get_layer(FEATURES_LAYER).output, classifier.outputs[0]])
    features, logits = both.predict(np.asarray(images, dtype="float32"), batch_size=batch_size, verbose=0)
    return features.astype("float64"), logits.argmax(axis=1)


def frechet_distance(features_a, features_b):
    """||mu_a - mu_b||^2 + Tr(C_a + C_b - 2 (C_a C_b)^(1/2)), the FID formula.

    Tr((C_a C_b)^(1/2)) is computed as the trace of the square root of the symmetric
    matrix C_a^(1/2) C_b C_a^(1/2), from its eigenvalues (scipy's eigh): stable even when
    a covariance is singular, as it is for images whose features are partly dead.
    """
    from scipy import linalg

    mu_a, mu_b = features_a.mean(axis=0), features_b.mean(axis=0)
    cov_a, cov_b = np.cov(features_a, rowvar=False), np.cov(features_b, rowvar=False)
    values, vectors = linalg.eigh(cov_a)
    root_a = (vectors * np.sqrt(np.clip(values, 0.0, None))) @ vectors.T
    middle = root_a @ cov_b @ root_a
    trace_root = np.sqrt(np.clip(linalg.eigvalsh((middle + middle.T) / 2), 0.0, None)).sum()
    return float(((mu_a - mu_b) ** 2).sum() + np.trace(cov_a) + np.trace(cov_b) - 2.0 * trace_root)


def class_coverage(classes, n_classes=10):
    """Shares of each predicted class, their normalised entropy, and the rarest share."""
    shares = np.bincount(np.asarray(classes), minlength=n_classes) / len(classes)
    nonzero = shares[shares > 0]
    entropy = max(0.0, float(-(nonzero * np.log(nonzero)).sum() / np.log(n_classes)))
    return {
        "shares": {name: round(float(share), 4) for name, share in zip(CLASS_NAMES, shares)},
        "normalised_entropy": round(entropy, 4),
        "rarest_class": CLASS_NAMES[int(shares.argmin())],
        "rarest_share": round(float(shares.min()), 4),
    }


def sample_quality(images, reference_images, classifier=None):
    """FID against ``reference_images`` and class coverage, for ``images`` in [-1, 1]."""
    classifier = classifier or load_classifier()
    features, classes = features_and_classes(classifier, images)
    reference_features, _ = features_and_classes(classifier, reference_images)
    return {"fid": round(frechet_distance(features, reference_features), 3), **class_coverage(classes)}


def conditional_quality(images, requested, reference_images, reference_labels, classifier=None):
    """What a class-conditional generator drew, against what it was asked for.

    ``images`` in [-1, 1] were generated for the class ids ``requested``; the real
    ``reference_images`` with their ``reference_labels`` give each class's FID. Returns
    sample_quality's figures for all the images, the overall class accuracy, the worst
    class, and per class its accuracy and FID.
    """
    classifier = classifier or load_classifier()
    requested, reference_labels = np.asarray(requested), np.asarray(reference_labels)
    features, classes = features_and_classes(classifier, images)
    reference_features, _ = features_and_classes(classifier, reference_images)
    per_class = {}
    for class_id, name in enumerate(CLASS_NAMES):
        mine, theirs = requested == class_id, reference_labels == class_id
        if mine.sum() > 1 and theirs.sum() > 1:
            per_class[name] = {"accuracy": round(float(np.mean(classes[mine] == class_id)), 4),
                               "fid": round(frechet_distance(features[mine], reference_features[theirs]), 3)}
    worst = min(per_class, key=lambda name: per_class[name]["accuracy"])
    return {"fid": round(frechet_distance(features, reference_features), 3), **class_coverage(classes),
            "class_accuracy": round(float(np.mean(classes == requested)), 4),
            "worst_class": worst, "worst_accuracy": per_class[worst]["accuracy"], "per_class": per_class}
