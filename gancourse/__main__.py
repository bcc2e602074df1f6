"""python -m gancourse: check that Fashion-MNIST is there, and say where it comes from."""

import sys

from gancourse.data import FashionMNISTNotFound, prepare_fashion_mnist

try:
    prepare_fashion_mnist()
except FashionMNISTNotFound as error:
    sys.exit(str(error))
