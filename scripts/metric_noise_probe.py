"""How the course's sample-quality metric reads real images made noisy or blurred.

    python scripts/metric_noise_probe.py [GENERATOR.keras ...]    # about a minute

The GANs' samples are speckled or blurred versions of clothes. This scores 10,000 real
training images, as they are and with each distortion, exactly as ``make train`` scores a
generator (gancourse.metrics, against the 10,000 test images), and prints which classes
the classifier then sees, with the images' roughness (the mean jump between neighbouring
pixels, lesson 03's diagnostic). Generators given (``make train`` saves them in
build/train/<lesson>/output/) are scored beside them, fed N(0, 1) noise as lessons 01 and 03
feed theirs (not lesson 02's, which takes uniform noise). It shows what part of a coverage
figure the samples' noise explains, without changing the metric.
"""

import sys
from pathlib import Path

import numpy as np

from gancourse import load_fashion_mnist
from gancourse.metrics import (CLASS_NAMES, class_coverage, features_and_classes, frechet_distance,
                              load_classifier)

SAMPLES = 10_000
PIXEL_NOISE = (0.1, 0.2, 0.3)  # standard deviations, on the [-1, 1] pixel scale


def blurred(images, sigma=1.0):
    from scipy.ndimage import gaussian_filter

    return gaussian_filter(images, sigma=(0, sigma, sigma, 0))


def roughness(images):
    images = np.asarray(images)[..., 0]
    return (np.mean(np.abs(np.diff(images, axis=1))) + np.mean(np.abs(np.diff(images, axis=2)))) / 2


def main(generator_paths):
    (x_train, y_train), (x_test, _) = load_fashion_mnist()
    scale = lambda images: ((images.astype("float32") - 127.5) / 127.5)[..., np.newaxis]  # noqa: E731
    rng = np.random.default_rng(0)
    chosen = rng.choice(len(x_train), SAMPLES, replace=False)
    real, labels = scale(x_train[chosen]), y_train[chosen]
    test_images = scale(x_test[:SAMPLES])
    classifier = load_classifier()
    distorted = {"real training images": real}
    for sigma in PIXEL_NOISE:
        noisy = real + rng.normal(0, sigma, real.shape).astype("float32")
        distorted[f"+ pixel noise, sd {sigma}"] = np.clip(noisy, -1, 1)
    distorted["+ Gaussian blur, sd 1 pixel"] = blurred(real)
    generated = {}
    if generator_paths:
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
        from autograder.training import generate

        generated = {path: generate(path, "normal", SAMPLES) for path in generator_paths}

    pullover, shirt = CLASS_NAMES.index("Pullover"), CLASS_NAMES.index("Shirt")
    test_features, _ = features_and_classes(classifier, test_images)
    print(f"{'images':<30}{'roughness':>10}{'FID':>7}{'entropy':>9}  {'rarest class':<20}"
          f"{'Shirt':>7}{'Pullover':>10}  real pullovers called Shirt")
    for name, images in {**distorted, **generated}.items():
        # what gancourse.metrics.sample_quality computes, with the classes kept for the last column
        features, classes = features_and_classes(classifier, images)
        coverage = class_coverage(classes)
        rarest = f"{coverage['rarest_class']} {coverage['rarest_share']:.1%}"
        called_shirt = f"{np.mean(classes[labels == pullover] == shirt):.0%}" if name in distorted else ""
        print(f"{name:<30}{roughness(images):>10.3f}{frechet_distance(features, test_features):>7.1f}"
              f"{coverage['normalised_entropy']:>9.3f}  {rarest:<20}{coverage['shares']['Shirt']:>7.1%}"
              f"{coverage['shares']['Pullover']:>10.1%}  {called_shirt}")


if __name__ == "__main__":
    main(sys.argv[1:])
