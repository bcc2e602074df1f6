"""How long does a step of lessons 01 to 03 take here, as each lesson's training loop calls it?

    python benchmarks/lesson_steps.py [--steps 30]

Runs each solution's setup and answer cells (a full run, not quick mode), builds fresh models,
and times STEPS steps after two warm-up steps: lesson 01's ``train_step`` on a random batch of
64, lesson 02's ``trainStep`` with batch 128, lesson 03's ``make_train_step`` step on the next
batch of 128 of its ``tf.data`` pipeline. Also times one ``fashion_mnist.load_data()``, what the
book's ``realData`` costs every step (lesson 02). Prints one JSON line per figure, with the load
average (``/proc/loadavg``) before and after: a figure without its load says little on a shared
machine (benchmarks/README.md, "Training times in lessons 01 to 03").
"""

import argparse
import json
import os
import tempfile
import time
from pathlib import Path

import nbformat
import numpy as np

SOLUTIONS = Path(__file__).resolve().parent.parent / "solutions"
CELLS = ("setup", "load_data", "apply_preprocess", "cross_entropy", "optimizers")


def solved(lesson):
    """The namespace of LESSON's setup, data and answer cells."""
    namespace = {}
    for cell in nbformat.read(SOLUTIONS / lesson / f"{lesson}.ipynb", as_version=4).cells:
        grading = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "code" and (grading.get("grade_id") in CELLS or grading.get("solution")):
            exec(cell.source, namespace)
    return namespace


def load():
    return Path("/proc/loadavg").read_text().split()[:3] if Path("/proc/loadavg").exists() else None


def timed(name, step, steps):
    step(), step()  # warm-up: tracing and first allocations
    before, start = load(), time.perf_counter()
    for _ in range(steps):
        step()
    ms = 1000 * (time.perf_counter() - start) / steps
    print(json.dumps({"step": name, "ms": round(ms, 1), "steps": steps, "load_before": before, "load_after": load()}),
          flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=30)
    steps = parser.parse_args().steps
    os.environ.pop("GANCOURSE_QUICK", None)
    os.chdir(tempfile.mkdtemp(prefix="lesson_steps_"))  # the setup cells make output/ where they run

    ns = solved("01_dense_gan")
    generator, discriminator = ns["build_generator"](ns["NOISE_DIM"]), ns["build_discriminator"]()
    gan, images = ns["build_gan"](generator, discriminator), ns["X_train"]
    timed("01 train_step, batch 64",
          lambda: ns["train_step"](generator, discriminator, gan, images[np.random.randint(0, len(images), 64)]), steps)

    ns = solved("02_dcgan")
    generator, discriminator = ns["genModel"](ns["infeats"]), ns["discModel"]()
    gan = ns["ganModel"](generator, discriminator)
    timed("02 trainStep, batch 128", lambda: ns["trainStep"](generator, discriminator, gan, ns["batch"], ns["infeats"]), steps)
    start = time.perf_counter()
    ns["fashion_mnist"].load_data()
    print(json.dumps({"step": "02 fashion_mnist.load_data(), the book's realData", "s": round(time.perf_counter() - start, 2),
                      "load": load()}), flush=True)

    ns = solved("03_custom_loop")
    generator, discriminator = ns["make_generator_model"](), ns["make_discriminator_model"]()
    step = ns["make_train_step"](generator, discriminator, ns["generator_optimizer"], ns["discriminator_optimizer"])
    batches = iter(ns["train_dataset"].repeat())
    timed("03 train_step (tf.function), batch 128", lambda: step(next(batches)), steps)


if __name__ == "__main__":
    main()
