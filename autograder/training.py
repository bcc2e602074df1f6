"""``make train``: the instructor notebooks at full length, and what their models learned.

For each lesson it executes solutions/<lesson>/<lesson>.ipynb in build/train/<lesson>/
(the notebook saves its image grids, curves and generator there), then scores 10,000
samples of the trained generator with gancourse.metrics against the 10,000 test images.
Reference rows, measured in the same run:

- ``real train images``: 10,000 training images, the floor a perfect generator reaches;
- ``uniform noise``: noise images, the ceiling;
- ``seed recipe``: the seed's own code exactly as published (its models, compile,
  ``trainable = False`` and untoggled ``train_on_batch``) trained by the lesson's own loop
  for the same steps: the anchor the lesson must beat.

Lesson 05's generator draws the class it is asked for: its row is scored on count / 10 samples
of each class, with the share the classifier puts in the class asked for (class accuracy, and
the worst class's).

Lesson 04 trains nothing: it measures, with the student's functions, the generators lessons
01-03 saved in build/train/<lesson>/output/ (its notebook runs in build/train/04_evaluating_gans/,
next to them), so ``make train`` runs it last. Its table is printed after gancourse.metrics' one.
"""

import contextlib
import json
import os
import time
from pathlib import Path

import numpy as np
import nbformat

from autograder.course import REPO, SOLUTIONS
from autograder.notebook_code import lesson_namespace
from autograder.submissions import Variant

TRAIN_DIR = REPO / "build" / "train"
SAMPLES = 10_000
# The noise each lesson feeds its generator, and the seed's code as published, as
# variant files (the lesson's exercises rewritten the book's way).
LESSONS = {
    "01_dense_gan": {
        "noise": "normal",
        "seed_recipe": ["correct_book_exact.py", "wrong_train_step_book_untoggled.py"],
        "seed_cells": ["setup", "load_data", "apply_preprocess", "train"],
    },
    "02_dcgan": {
        "noise": "uniform",
        "seed_recipe": ["correct_book_exact.py", "wrong_trainStep_book_untoggled.py"],
        # the book's realData re-reads the dataset on every call: same images, minutes
        # slower; the lesson's loads them once
        "seed_keeps": ["realData"],
        "seed_cells": ["setup", "load_data", "train"],
    },
    # the TensorFlow tutorial's recipe is the lesson itself: no separate seed row
    "03_custom_loop": {"noise": "normal"},
    # measures the generators the lessons before it saved next to it (../<lesson>/output/), and
    # its own healthy one (lesson 01's, shipped in float16), with the student's functions
    # (output/results.json); the row here scores that generator with gancourse.metrics
    "04_evaluating_gans": {"noise": "normal", "measures": True},
    # a class-conditional generator: asked for an equal share of each class, and scored also on
    # whether the classifier sees the class asked for (gancourse.metrics.conditional_quality)
    "05_conditional_gan": {"noise": "normal", "conditional": True},
}


def run_notebook(lesson, out_dir):
    """Execute the instructor notebook cell by cell in OUT_DIR, saving ipynb and HTML."""
    from nbclient import NotebookClient
    from nbconvert import HTMLExporter

    notebook = nbformat.read(SOLUTIONS / lesson / f"{lesson}.ipynb", as_version=4)
    client = NotebookClient(notebook, timeout=None, resources={"metadata": {"path": str(out_dir)}})
    code_cells = [index for index, cell in enumerate(notebook.cells) if cell.cell_type == "code"]
    with client.setup_kernel():
        for number, index in enumerate(code_cells, 1):
            cell = notebook.cells[index]
            start = time.perf_counter()
            print(f"{lesson} [{number}/{len(code_cells)}] {cell.id} ...", end=" ", flush=True)
            client.execute_cell(cell, index)
            print(f"{time.perf_counter() - start:.0f} s", flush=True)
    nbformat.write(notebook, out_dir / f"{lesson}.ipynb")
    html, _ = HTMLExporter().from_notebook_node(notebook)
    (out_dir / f"{lesson}.html").write_text(html)


def run_seed_recipe(lesson, out_dir):
    """Train the seed's published code with the lesson's own training cell."""
    settings = LESSONS[lesson]
    variants_dir = REPO / "tests" / "variants" / lesson
    overrides = {}
    for name in settings["seed_recipe"]:
        overrides.update(Variant.from_file(variants_dir / name).cells)
    kept = settings.get("seed_keeps", [])
    for cell_id in kept:
        overrides.pop(cell_id, None)
    *setup_cells, train_cell = settings["seed_cells"]
    setup_cells += kept  # the lesson's own version of a kept cell runs in its place
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    print(f"{lesson}: training the seed's recipe (its output goes to {out_dir}/log.txt)")
    with open(out_dir / "log.txt", "w") as log, contextlib.redirect_stdout(log), contextlib.redirect_stderr(log):
        namespace = lesson_namespace(lesson, setup_cells, overrides=overrides)
        namespace["OUTPUT_DIR"] = out_dir
        lesson_namespace(lesson, [train_cell], namespace=namespace)


def generate(generator_path, noise, count=SAMPLES, seed=0, conditional=False):
    """COUNT samples of the saved generator; with CONDITIONAL, (samples, the class ids asked for), count / 10 each."""
    import tensorflow as tf

    generator = tf.keras.models.load_model(generator_path)
    rng = np.random.default_rng(seed)
    noise_shape = generator.input_shape[0] if conditional else generator.input_shape
    shape = (count, noise_shape[-1])
    z = (rng.normal(0, 1, shape) if noise == "normal" else rng.uniform(-1, 1, shape)).astype("float32")
    if not conditional:
        return np.asarray(generator.predict(z, batch_size=500, verbose=0))
    labels = (np.arange(count) * 10 // count).astype("int32")
    return np.asarray(generator.predict([z, labels], batch_size=500, verbose=0)), labels


def score(lesson, generator_path, count, test_images, test_labels, classifier):
    """gancourse.metrics' figures for the generator LESSON saved at GENERATOR_PATH."""
    from gancourse.metrics import conditional_quality, sample_quality

    settings = LESSONS[lesson]
    if settings.get("conditional"):
        images, asked = generate(generator_path, settings["noise"], count, conditional=True)
        return conditional_quality(images, asked, test_images, test_labels, classifier)
    return sample_quality(generate(generator_path, settings["noise"], count), test_images, classifier)


def train(lessons, quick=False, train_dir=TRAIN_DIR, seed_recipe=True):
    import gancourse
    from gancourse.metrics import conditional_quality, load_classifier, sample_quality

    os.environ.pop("NBGRADER_EXECUTION", None)
    os.environ["GANCOURSE_QUICK"] = "1" if quick else "0"
    os.environ[gancourse.quick.CONSOLE_PROGRESS_ENV] = "1"  # kernels inherit it: their bars show here
    count = 1_000 if quick else SAMPLES
    (x_train, y_train), (x_test, y_test) = gancourse.load_fashion_mnist()
    scale = lambda images: ((images.astype("float32") - 127.5) / 127.5)[..., np.newaxis]  # noqa: E731
    test_images, test_labels = scale(x_test[:count]), y_test[:count]
    classifier = load_classifier()
    rng = np.random.default_rng(0)
    chosen = rng.choice(len(x_train), count, replace=False)
    references = {
        "real train images": sample_quality(scale(x_train[chosen]), test_images, classifier),
        "uniform noise": sample_quality(rng.uniform(-1, 1, (count, 28, 28, 1)).astype("float32"),
                                        test_images, classifier),
    }
    for lesson in lessons:
        out_dir = Path(train_dir) / lesson
        out_dir.mkdir(parents=True, exist_ok=True)
        start = time.perf_counter()
        run_notebook(lesson, out_dir)
        lesson_seconds = time.perf_counter() - start
        rows = {lesson: score(lesson, out_dir / "output" / "generator.keras", count, test_images, test_labels,
                              classifier)}
        seconds = {"notebook": round(lesson_seconds)}
        if seed_recipe and "seed_recipe" in LESSONS[lesson]:
            seed_dir = Path(train_dir) / f"{lesson}_seed_recipe"
            start = time.perf_counter()
            run_seed_recipe(lesson, seed_dir)
            seconds["seed recipe"] = round(time.perf_counter() - start)
            rows["seed recipe"] = sample_quality(generate(seed_dir / "generator.keras", LESSONS[lesson]["noise"], count),
                                                 test_images, classifier)
        rows.update(references)
        if LESSONS[lesson].get("conditional"):  # the real images, with their labels as the classes asked for
            rows["real train images"] = conditional_quality(scale(x_train[chosen]), y_train[chosen], test_images,
                                                            test_labels, classifier)
        report = {"lesson": lesson, "quick": quick, "samples": count, "seconds": seconds, "metrics": rows}
        (out_dir / "metrics.json").write_text(json.dumps(report, indent=2))
        print_table(lesson, rows)
        measured = out_dir / "output" / "results.json"
        if LESSONS[lesson].get("measures") and measured.is_file():
            notebook_rows = json.loads(measured.read_text())["rows"]
            report["notebook"] = notebook_rows
            (out_dir / "metrics.json").write_text(json.dumps(report, indent=2))
            print_table(f"{lesson}'s own functions", notebook_rows)
        timings = ", ".join(f"{name} {value} s" for name, value in seconds.items())
        print(f"{lesson}: {timings}; everything is in {out_dir}/ (metrics.json, {lesson}.html, output/)")


def print_table(lesson, rows):
    print(f"\n{lesson}: sample quality ({len(rows)} rows; FID lower is better)")
    conditional = any("class_accuracy" in row for row in rows.values())
    print(f"{'':<20}{'FID':>9}{'entropy':>9}{'rarest class':>26}" + (f"{'class accuracy':>16}{'worst class':>24}"
                                                                     if conditional else ""))
    for name, row in rows.items():
        rarest = f"{row['rarest_class']} {row['rarest_share']:.1%}"
        worst = f"{row.get('worst_class')} {row.get('worst_accuracy', 0):.1%}"
        accuracy = f"{row['class_accuracy']:>16.1%}{worst:>24}" if "class_accuracy" in row else ""
        print(f"{name:<20}{row['fid']:>9.2f}{row['normalised_entropy']:>9.3f}{rarest:>26}{accuracy}")
