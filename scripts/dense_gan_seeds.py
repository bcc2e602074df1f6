"""Train lesson 01's dense GAN at full length with other seeds, and score each run.

    python scripts/dense_gan_seeds.py 1 2 3     # about 5 CPU minutes a seed

``make train`` runs the lesson with its own seed, 22. This runs the same cells of
solutions/01_dense_gan (the models, train_step and the training cell) with each seed given,
then scores 10,000 samples as ``make train`` does: is a class's share the recipe's or the
seed's? Each run goes to build/seeds/<seed>/ (grids, generator, metrics.json).
"""

import json
import os
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from autograder.notebook_code import lesson_namespace  # noqa: E402
from autograder.training import SAMPLES, generate  # noqa: E402

LESSON = "01_dense_gan"
MODEL_CELLS = ["setup", "load_data", "preprocess_images", "apply_preprocess", "build_generator",
               "build_discriminator", "build_gan", "train_step"]
OUT = REPO / "build" / "seeds"


def train_with_seed(seed, test_images, classifier):
    import tensorflow as tf

    from gancourse.metrics import sample_quality

    out_dir = OUT / str(seed)
    out_dir.mkdir(parents=True, exist_ok=True)
    namespace = lesson_namespace(LESSON, MODEL_CELLS)
    namespace["OUTPUT_DIR"] = out_dir
    tf.keras.utils.set_random_seed(seed)  # after setup's own seed: the training cell builds fresh models
    start = time.perf_counter()
    lesson_namespace(LESSON, ["train"], namespace=namespace)  # it saves out_dir/generator.keras
    seconds = time.perf_counter() - start
    row = sample_quality(generate(out_dir / "generator.keras", "normal"), test_images, classifier)
    row.update(seed=seed, train_seconds=round(seconds))
    (out_dir / "metrics.json").write_text(json.dumps(row, indent=2))
    return row


def main(seeds):
    os.environ.pop("NBGRADER_EXECUTION", None)
    os.environ["GANCOURSE_QUICK"] = "0"
    import gancourse
    from gancourse.metrics import load_classifier

    (_, _), (x_test, _) = gancourse.load_fashion_mnist()
    test_images = ((x_test[:SAMPLES].astype("float32") - 127.5) / 127.5)[..., np.newaxis]
    classifier = load_classifier()
    rows = [train_with_seed(seed, test_images, classifier) for seed in seeds]
    print(f"\n{'seed':>5}{'FID':>8}{'entropy':>9}  rarest class      most frequent class")
    for row in rows:
        top = max(row["shares"], key=row["shares"].get)
        print(f"{row['seed']:>5}{row['fid']:>8.1f}{row['normalised_entropy']:>9.3f}  "
              f"{row['rarest_class']} {row['rarest_share']:<8.1%} {top} {row['shares'][top]:.1%}")
    print(f"each run is in {OUT}/<seed>/")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main([int(seed) for seed in sys.argv[1:]])
