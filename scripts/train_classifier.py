"""Train the classifier behind the course's sample-quality metric (gancourse.metrics).

    python scripts/train_classifier.py        # a few CPU minutes; writes the weights file

It trains on the 60,000 training images scaled to [-1, 1], like the GANs see them, and
reports its accuracy on the 10,000 test images, which it never trains on.
"""

import time

import numpy as np
import tensorflow as tf

from gancourse import load_fashion_mnist
from gancourse.metrics import CLASSIFIER_WEIGHTS, build_classifier

EPOCHS = 10
BATCH_SIZE = 128
SEED = 7


def main():
    tf.keras.utils.set_random_seed(SEED)
    (x_train, y_train), (x_test, y_test) = load_fashion_mnist()
    scale = lambda images: (images.astype("float32")[..., np.newaxis] - 127.5) / 127.5  # noqa: E731
    model = build_classifier()
    model.compile(optimizer="adam", metrics=["accuracy"],
                  loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    start = time.perf_counter()
    model.fit(scale(x_train), y_train, epochs=EPOCHS, batch_size=BATCH_SIZE, verbose=2)
    _, accuracy = model.evaluate(scale(x_test), y_test, verbose=0)
    weights_only = build_classifier()  # without the optimizer's state: a third of the size
    weights_only.set_weights(model.get_weights())
    weights_only.save_weights(CLASSIFIER_WEIGHTS)
    print(f"test accuracy {accuracy:.4f} after {time.perf_counter() - start:.0f} s; "
          f"{model.count_params():,} parameters saved to {CLASSIFIER_WEIGHTS}")


if __name__ == "__main__":
    main()
