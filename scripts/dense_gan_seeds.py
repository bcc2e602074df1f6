"""Train lesson 01's dense GAN at full length with other seeds, and score each run.

    python scripts/dense_gan_seeds.py 1 2 3                       # about 5 CPU minutes a seed
    python scripts/dense_gan_seeds.py --change smooth_labels 22 1
    python scripts/dense_gan_seeds.py --steps 20000 22            # twice the book's budget

``make train`` runs the lesson with its own seed, 22. This runs the same cells of
solutions/01_dense_gan (the models, train_step and the training cell) with each seed given,
then scores 10,000 samples as ``make train`` does: is a class's share the recipe's or the
seed's? ``--change`` first rewrites the lesson's cells as CHANGES describes, to
measure a change to the recipe before making it; ``--steps`` changes the budget. Each run
goes to build/seeds/<change>-<steps>-<seed>/ (grids, generator, metrics.json).
"""

import argparse
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
# name: rewrites of the lesson's cells, each (cell id, the lesson's text, what replaces it)
SMOOTH_LABELS = ("train_step", "discriminator.train_on_batch(real_images, real)",
                 "discriminator.train_on_batch(real_images, 0.9 * real)")  # one-sided label smoothing
CHANGES = {
    "lesson": [],
    "smooth_labels": [SMOOTH_LABELS],
    "smooth_labels_slow_g": [SMOOTH_LABELS,  # and G learns at half D's rate
                             ("build_gan", "Adam(LEARNING_RATE, beta_1=BETA_1)",
                              "Adam(LEARNING_RATE / 2, beta_1=BETA_1)")],
    "one_d_call": [("train_step",  # D trains once on the concatenated batch, as lesson 02's book does
                    "    d_loss_real, d_acc_real = discriminator.train_on_batch(real_images, real)\n"
                    "    d_loss_fake, d_acc_fake = discriminator.train_on_batch(fake_images, fake)\n",
                    "    d_loss_real, d_acc_real = discriminator.train_on_batch(\n"
                    "        np.concatenate([real_images, fake_images]), np.concatenate([real, fake]))\n"
                    "    d_loss_fake, d_acc_fake = d_loss_real, d_acc_real\n")],
    "dropout_in_d": [("build_discriminator", "        model.add(LeakyReLU(negative_slope=0.2))\n",
                      "        model.add(LeakyReLU(negative_slope=0.2))\n"
                      "        model.add(tf.keras.layers.Dropout(0.3))\n")],
    "fakes_in_training_mode": [("train_step", "generator.predict_on_batch(noise)",
                                "generator(noise, training=True)")],
}


def changed_cells(change):
    """The lesson's cells as CHANGES[change] rewrites them, as lesson_namespace overrides."""
    import nbformat

    notebook = nbformat.read(REPO / "solutions" / LESSON / f"{LESSON}.ipynb", as_version=4)
    sources = {cell.id: cell.source for cell in notebook.cells}
    overrides = {}
    for cell_id, old, new in CHANGES[change]:
        source = overrides.get(cell_id, sources[cell_id])
        if old not in source:
            raise SystemExit(f"--change {change}: the lesson's {cell_id} cell no longer contains {old!r}")
        overrides[cell_id] = source.replace(old, new)
    return overrides


def train_with_seed(seed, change, steps, test_images, classifier):
    import tensorflow as tf

    from gancourse.metrics import sample_quality

    out_dir = OUT / f"{change}-{steps}-{seed}"
    out_dir.mkdir(parents=True, exist_ok=True)
    namespace = lesson_namespace(LESSON, MODEL_CELLS, overrides=changed_cells(change))
    namespace["OUTPUT_DIR"] = out_dir
    namespace["TRAIN_STEPS"] = steps
    namespace["SAVE_INTERVAL"] = steps // 10
    tf.keras.utils.set_random_seed(seed)  # after setup's own seed: the training cell builds fresh models
    start = time.perf_counter()
    lesson_namespace(LESSON, ["train"], namespace=namespace)  # it saves out_dir/generator.keras
    seconds = time.perf_counter() - start
    row = sample_quality(generate(out_dir / "generator.keras", "normal"), test_images, classifier)
    row.update(change=change, steps=steps, seed=seed, train_seconds=round(seconds))
    (out_dir / "metrics.json").write_text(json.dumps(row, indent=2))
    return row


def main(seeds, change, steps):
    os.environ.pop("NBGRADER_EXECUTION", None)
    os.environ["GANCOURSE_QUICK"] = "0"
    import gancourse
    from gancourse.metrics import load_classifier

    (_, _), (x_test, _) = gancourse.load_fashion_mnist()
    test_images = ((x_test[:SAMPLES].astype("float32") - 127.5) / 127.5)[..., np.newaxis]
    classifier = load_classifier()
    rows = [train_with_seed(seed, change, steps, test_images, classifier) for seed in seeds]
    print(f"\n{change}, {steps:,} steps:")
    print(f"{'seed':>5}{'FID':>8}{'entropy':>9}  rarest class      most frequent class")
    for row in rows:
        top = max(row["shares"], key=row["shares"].get)
        print(f"{row['seed']:>5}{row['fid']:>8.1f}{row['normalised_entropy']:>9.3f}  "
              f"{row['rarest_class']} {row['rarest_share']:<8.1%} {top} {row['shares'][top]:.1%}")
    print(f"each run is in {OUT}/{change}-{steps}-<seed>/")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("seeds", type=int, nargs="+")
    parser.add_argument("--change", choices=CHANGES, default="lesson",
                        help="a change to the lesson's recipe (default: the lesson as it is)")
    parser.add_argument("--steps", type=int, default=10_000, help="training steps (default: the book's 10,000)")
    args = parser.parse_args()
    main(args.seeds, args.change, args.steps)
