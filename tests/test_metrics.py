"""The course's sample-quality metric: its classifier, FID and class coverage."""

import numpy as np
import pytest

from gancourse import load_fashion_mnist
from gancourse.metrics import class_coverage, features_and_classes, frechet_distance, load_classifier, sample_quality

pytestmark = pytest.mark.quick  # make test-quick runs it


@pytest.fixture(scope="module")
def test_set():
    _, (x_test, y_test) = load_fashion_mnist()
    return ((x_test.astype("float32") - 127.5) / 127.5)[..., np.newaxis], y_test


def test_committed_classifier_reaches_90_percent_on_the_test_set(test_set):
    images, labels = test_set
    _, classes = features_and_classes(load_classifier(), images)
    accuracy = (classes == labels).mean()
    assert accuracy >= 0.90, f"the metric's classifier reaches {accuracy:.2%} on the 10,000 test images"


def test_frechet_distance_is_zero_for_the_same_features_and_grows_with_a_shift():
    features = np.random.default_rng(0).normal(size=(5000, 8))
    assert abs(frechet_distance(features, features)) < 1e-6
    shifted = frechet_distance(features, features + 2.0)  # mean moves by 2 in each of 8 axes
    assert shifted == pytest.approx(8 * 2.0**2, rel=1e-6)
    scaled = frechet_distance(features, 3.0 * features)  # covariance I -> 9 I: trace term 8 * (3 - 1)^2
    assert scaled == pytest.approx(8 * (3.0 - 1.0) ** 2, rel=0.05)


def test_class_coverage_shows_mode_collapse():
    even = class_coverage(np.repeat(np.arange(10), 100))
    assert even["normalised_entropy"] == pytest.approx(1.0) and even["rarest_share"] == pytest.approx(0.1)
    collapsed = class_coverage(np.full(1000, 3))
    assert collapsed["normalised_entropy"] == 0.0 and collapsed["rarest_share"] == 0.0
    assert collapsed["shares"]["Dress"] == 1.0


def test_real_images_score_far_better_than_noise(test_set):
    images, _ = test_set
    classifier = load_classifier()
    real = sample_quality(images[:1000], images[1000:3000], classifier)
    noise = sample_quality(np.random.default_rng(0).uniform(-1, 1, (1000, 28, 28, 1)).astype("float32"),
                           images[1000:3000], classifier)
    assert real["fid"] < noise["fid"] / 20
    assert real["normalised_entropy"] > 0.95 and real["rarest_share"] > 0.05
