"""How fast does one GAN training step run on this machine?

    python benchmarks/speed.py [--repeats 7] [--steps 20]

For each lesson's models and batch, three ways to run one step, measured in one run,
interleaved, after warm-up, as the median over repeats:

- seed loop:   the seed's loop as published: ``generator.predict``, then three
               ``train_on_batch`` calls (Day 22) or two on the concatenated batch (Activity
               7.01), D frozen before its first call (so, on Keras 3, D never trains and
               its gradients are never computed);
- lesson loop: the lesson's own Keras-3-correct ``train_step``;
- tf.function: the same iteration as one compiled GradientTape step, with XLA
               (``jit_compile=True``, lesson 01's ``make_fast_train_step``);
- tf.function, no XLA: the same step compiled by TensorFlow's own graph runtime, whose CPU
               convolutions (oneDNN) can beat XLA's;
- bfloat16:    that step with the models built under Keras's ``mixed_bfloat16`` policy
               (bfloat16 maths, float32 weights), for CPUs with bfloat16 instructions
               (AVX512_BF16, AMX). The lessons train in float32; this row shows the lever.

Lesson 05's conditional DCGAN, the three ways the course trains a GAN, on the same models:

- train_on_batch loop: the book's way, Keras-3-correct (D's ``trainable`` toggled before
               each call, as lesson 01's loop does), labels fed to both models;
- tf.function loop: lesson 03's way, one compiled step (no XLA), doing exactly what the
               lesson's train_step does: D's update, then G's on fresh noise;
- train_step + fit(): the lesson's own ``ConditionalGAN``, ``fit()`` over a dataset of
               that batch, one ``fit()`` call for all the steps of a repeat.

The speedup column is over each group's first row: the seed's loop, or lesson 05's
train_on_batch loop.

FLOPs per step are counted from the layers: a Dense layer costs 2·in·out per sample, a
Conv2D 2·H_out·W_out·k²·C_in·C_out and a Conv2DTranspose 2·H_in·W_in·k²·C_in·C_out. A
forward and backward pass costs 3x the forward pass. One step of batch B is
B·(F_G + 3·2·F_D + 3·(F_G + F_D)) = B·(4·F_G + 9·F_D): G makes the fakes, D learns on real
and fake, then G learns through D. The machine's matmul rate in the step's precision,
measured in the same run, is the yardstick for the achieved GFLOP/s. Writes
build/benchmarks/speed.json.
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from autograder.notebook_code import lesson_namespace  # noqa: E402
from gancourse import load_fashion_mnist  # noqa: E402

OUT = REPO / "build" / "benchmarks" / "speed.json"


def forward_flops(model):
    """FLOPs of one sample's forward pass through the Dense and convolution layers."""
    total = 0
    for layer in _flat_layers(model):
        if isinstance(layer, tf.keras.layers.Dense):
            total += 2 * layer.kernel.shape[0] * layer.kernel.shape[1]
        elif isinstance(layer, tf.keras.layers.Conv2DTranspose):
            _, height, width, channels_in = layer.input.shape
            kh, kw, channels_out, _ = layer.kernel.shape
            total += 2 * height * width * kh * kw * channels_in * channels_out
        elif isinstance(layer, tf.keras.layers.Conv2D):
            _, height, width, channels_out = layer.output.shape
            kh, kw, channels_in, _ = layer.kernel.shape
            total += 2 * height * width * kh * kw * channels_in * channels_out
    return total


def _flat_layers(model):
    for layer in model.layers:
        yield from _flat_layers(layer) if hasattr(layer, "layers") else [layer]


def matmul_gflops(n=2048, repeats=10, dtype="float32"):
    a = tf.cast(tf.random.normal((n, n)), dtype)
    b = tf.cast(tf.random.normal((n, n)), dtype)
    matmul = tf.function(lambda x, y: tf.matmul(x, y))
    matmul(a, b).numpy()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        matmul(a, b).numpy()
        times.append(time.perf_counter() - start)
    return 2 * n**3 / statistics.median(times) / 1e9


def dense_gan_steps(batch):
    """Lesson 01: the three ways to run one step, each on its own fresh models."""
    ns = lesson_namespace("01_dense_gan", ["setup", "build_generator", "build_discriminator",
                                           "build_gan", "train_step", "fast_train_step"])
    noise_dim, size = ns["NOISE_DIM"], len(batch)

    generator, discriminator = ns["build_generator"](noise_dim), ns["build_discriminator"]()
    discriminator.trainable = False  # the seed freezes D before building the GAN ...
    seed_gan = tf.keras.Sequential([generator, discriminator])
    seed_gan.compile(optimizer="adam", loss="binary_crossentropy")
    real, fake = np.ones((size, 1)), np.zeros((size, 1))

    def seed_step(images):  # ... and never unfreezes it
        noise = np.random.normal(0, 1, (size, noise_dim))
        generated = generator.predict(noise, verbose=0)
        discriminator.train_on_batch(images, real)
        discriminator.train_on_batch(generated, fake)
        seed_gan.train_on_batch(np.random.normal(0, 1, (size, noise_dim)), real)

    lesson_models = ns["build_generator"](noise_dim), ns["build_discriminator"]()
    lesson_gan = ns["build_gan"](*lesson_models)

    def lesson_step(images):
        ns["train_step"](*lesson_models, lesson_gan, images)

    flops = len(batch) * (4 * forward_flops(lesson_models[0]) + 9 * forward_flops(lesson_models[1]))
    compiled = compiled_steps(ns["make_fast_train_step"], lambda: (ns["build_generator"](noise_dim),
                                                                   ns["build_discriminator"]()))
    return {"seed loop": seed_step, "lesson loop": lesson_step, **compiled}, flops


def dcgan_steps(batch):
    """Lesson 02: the same three ways, with the activity's models and its uniform noise."""
    ns = lesson_namespace("02_dcgan", ["setup", "realData", "fakeInputs", "genModel", "fakedataGenerator",
                                       "discModel", "ganModel", "trainStep"])
    ns["realData"] = lambda size: batch  # every loop trains on the same real batch
    infeats, size = ns["infeats"], len(batch)

    generator, discriminator = ns["genModel"](infeats), ns["discModel"]()
    discriminator.trainable = False  # the activity's ganModel freezes D; its loop never unfreezes it
    seed_gan = tf.keras.Sequential([generator, discriminator])
    seed_gan.compile(loss="binary_crossentropy", optimizer="adam")
    labels = np.concatenate([np.ones(size), np.zeros(size)])

    def seed_step(images):
        generated = generator.predict(np.random.uniform(-1, 1, (size, infeats)), verbose=0)
        discriminator.train_on_batch(np.concatenate([images, generated]), labels)
        seed_gan.train_on_batch(np.random.uniform(-1, 1, (size, infeats)), np.ones(size))

    lesson_generator, lesson_discriminator = ns["genModel"](infeats), ns["discModel"]()
    lesson_gan = ns["ganModel"](lesson_generator, lesson_discriminator)

    def lesson_step(images):
        ns["trainStep"](lesson_generator, lesson_discriminator, lesson_gan, size, infeats)

    dense = lesson_namespace("01_dense_gan", ["setup", "fast_train_step"])
    flops = size * (4 * forward_flops(lesson_generator) + 9 * forward_flops(lesson_discriminator))
    compiled = compiled_steps(
        lambda *models: dense["make_fast_train_step"](*models, noise=lambda shape: tf.random.uniform(shape, -1, 1)),
        lambda: (ns["genModel"](infeats), ns["discModel"]()))
    return {"seed loop": seed_step, "lesson loop": lesson_step, **compiled}, flops


def conditional_steps(batch):
    """Lesson 05: its models trained the course's three ways, each on fresh models."""
    ns = lesson_namespace("05_conditional_gan", ["setup", "make_conditional_generator",
                                                 "make_conditional_discriminator", "ConditionalGAN"])
    noise_dim, classes, size = ns["NOISE_DIM"], ns["NUM_CLASSES"], len(batch)
    labels = (np.arange(size) % classes).astype("int32")
    adam = lambda: keras.optimizers.Adam(ns["LEARNING_RATE"], beta_1=ns["BETA_1"])  # noqa: E731
    bce = keras.losses.BinaryCrossentropy(from_logits=True)

    def build():
        return ns["make_conditional_generator"](noise_dim, classes), ns["make_conditional_discriminator"](classes)

    def noise():
        return np.random.normal(0, 1, (size, noise_dim)).astype("float32")

    generator, discriminator = build()
    discriminator.compile(optimizer=adam(), loss=bce)
    noise_in, label_in = keras.Input((noise_dim,)), keras.Input((1,), dtype="int32")
    combined = keras.Model([noise_in, label_in], discriminator([generator([noise_in, label_in]), label_in]))
    combined.compile(optimizer=adam(), loss=bce)
    real, fake = np.ones((size, 1), "float32"), np.zeros((size, 1), "float32")

    def batch_step(images):
        generated = generator.predict([noise(), labels], verbose=0)
        discriminator.trainable = True
        discriminator.train_on_batch([images, labels], real)
        discriminator.train_on_batch([generated, labels], fake)
        discriminator.trainable = False
        combined.train_on_batch([noise(), labels], real)

    (tape_generator, tape_discriminator), optimizers = build(), (adam(), adam())
    label_tensor = tf.constant(labels)  # Keras 3 refuses a model input list mixing tensors and arrays

    @tf.function
    def tape_step(images):  # the same two updates as ConditionalGAN.train_step: D's, then G's on fresh noise
        fakes = tape_generator([tf.random.normal((size, noise_dim)), label_tensor], training=True)
        with tf.GradientTape() as tape:
            real_logits = tape_discriminator([images, label_tensor], training=True)
            fake_logits = tape_discriminator([fakes, label_tensor], training=True)
            d_loss = bce(tf.ones_like(real_logits), real_logits) + bce(tf.zeros_like(fake_logits), fake_logits)
        variables = tape_discriminator.trainable_variables
        optimizers[1].apply_gradients(zip(tape.gradient(d_loss, variables), variables))
        with tf.GradientTape() as tape:
            fakes = tape_generator([tf.random.normal((size, noise_dim)), label_tensor], training=True)
            fake_logits = tape_discriminator([fakes, label_tensor], training=True)
            g_loss = bce(tf.ones_like(fake_logits), fake_logits)
        variables = tape_generator.trainable_variables
        optimizers[0].apply_gradients(zip(tape.gradient(g_loss, variables), variables))

    gan = ns["ConditionalGAN"](*build())
    gan.compile(d_optimizer=adam(), g_optimizer=adam(), loss_fn=bce)
    dataset = tf.data.Dataset.from_tensors((batch, labels)).repeat()

    def fit_steps(images, count):
        gan.fit(dataset, steps_per_epoch=count, epochs=1, verbose=0)

    fit_steps.steps_per_call = True  # measure() hands it the repeat's step count
    flops = size * (4 * forward_flops(generator) + 9 * forward_flops(discriminator))
    return {"train_on_batch loop": batch_step, "tf.function loop": tape_step, "train_step + fit()": fit_steps}, flops


PRECISION = {"tf.function, bfloat16": "bfloat16"}  # the others: float32


def compiled_steps(make_step, build_models):
    """Lesson 01's compiled step on fresh models: with XLA, without, and without in bfloat16."""
    steps = {"tf.function": make_step(*build_models())}
    steps["tf.function, no XLA"] = tf.function(make_step(*build_models()).python_function)
    keras.mixed_precision.set_global_policy("mixed_bfloat16")
    try:
        steps["tf.function, bfloat16"] = tf.function(make_step(*build_models()).python_function)
    finally:
        keras.mixed_precision.set_global_policy("float32")
    return steps


BENCHMARKS = {"dense GAN (lesson 01)": (dense_gan_steps, 64), "DCGAN (lesson 02)": (dcgan_steps, 128),
              "conditional (lesson 05)": (conditional_steps, 128)}


def measure(steps, batch, repeats, steps_per_repeat):
    def run(step, count):
        if getattr(step, "steps_per_call", False):  # fit(): one call runs COUNT steps
            step(batch, count)
        else:
            for _ in range(count):
                step(batch)

    for step in steps.values():  # warm-up: tracing, first allocations
        run(step, 3)
    times = {name: [] for name in steps}
    for _ in range(repeats):  # interleaved, so that a busy moment hits all alike
        for name, step in steps.items():
            start = time.perf_counter()
            run(step, steps_per_repeat)
            times[name].append((time.perf_counter() - start) / steps_per_repeat)
    return {name: 1000 * statistics.median(values) for name, values in times.items()}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--steps", type=int, default=20, help="steps timed per repeat")
    parser.add_argument("--json", type=Path, default=OUT, help=f"where to write the results ({OUT.relative_to(REPO)})")
    args = parser.parse_args(argv)

    tf.keras.utils.set_random_seed(0)
    (x_train, _), _ = load_fashion_mnist()
    matmul = {dtype: matmul_gflops(dtype=dtype) for dtype in ("float32", "bfloat16")}
    results = {"machine": {"cpu_cores": os.cpu_count(), "matmul_gflops": round(matmul["float32"], 1),
                           "bfloat16_matmul_gflops": round(matmul["bfloat16"], 1), "tensorflow": tf.__version__},
               "settings": {**vars(args), "json": str(args.json)}, "benchmarks": {}}
    rows = []
    for title, (make_steps, batch_size) in BENCHMARKS.items():
        batch = ((x_train[:batch_size].astype("float32") - 127.5) / 127.5)[..., np.newaxis]
        steps, flops = make_steps(batch)
        ms = measure(steps, batch, args.repeats, args.steps)
        entry = {"batch": batch_size, "flops_per_step": flops, "steps": {}}
        baseline = next(iter(ms.values()))  # the group's first row
        for name, value in ms.items():
            gflops = flops / (value / 1000) / 1e9
            precision = PRECISION.get(name, "float32")
            entry["steps"][name] = {"ms_per_step": round(value, 2),
                                    "speedup_over_first_row": round(baseline / value, 2),
                                    "gflops": round(gflops, 2), "precision": precision,
                                    "fraction_of_matmul": round(gflops / matmul[precision], 3)}
            rows.append((title, name, value, baseline / value, flops / 1e6, gflops,
                         gflops / matmul[precision]))
        results["benchmarks"][title] = entry

    print("matmul (2048x2048) on this machine: " + ", ".join(f"{dtype} {rate:.1f} GFLOP/s" for dtype, rate in matmul.items())
          + f", {os.cpu_count()} cores\n")
    print(f"{'models':<24}{'step':<24}{'ms/step':>9}{'speedup':>9}{'MFLOP/step':>12}{'GFLOP/s':>9}"
          f"{'of matmul':>11} (in the step's precision)")
    for title, name, value, speedup, mflops, gflops, fraction in rows:
        print(f"{title:<24}{name:<24}{value:>9.1f}{speedup:>8.1f}x{mflops:>12.1f}{gflops:>9.2f}{fraction:>10.1%}")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2))
    print(f"\nwrote {args.json}")


if __name__ == "__main__":
    main()
