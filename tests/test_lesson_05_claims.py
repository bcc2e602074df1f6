"""Lesson 05's prose is tested like code: every number it states about a model (parameter counts,
the layer tables' output shapes), every claim it makes about Keras (label shapes, the metrics'
reset), and its timings' arithmetic are read from the solution's markdown and checked against the
solution's own code, run here with `lesson_namespace`, on the pinned Keras and TensorFlow."""

import re
import warnings
from pathlib import Path

import nbformat
import numpy as np
import pytest

from autograder.course import REPO, SOLUTIONS
from autograder.notebook_code import lesson_namespace
from autograder.submissions import Variant

LESSON = "05_conditional_gan"
NOTEBOOK = nbformat.read(SOLUTIONS / LESSON / f"{LESSON}.ipynb", as_version=4)
CELLS = {cell.id: cell.source for cell in NOTEBOOK.cells}
EMBEDDINGS = REPO / "tests" / "variants" / LESSON / "correct_label_embeddings.py"  # the embedding recipe, as the prose gives it


def number(text):
    return int(text.replace(",", ""))


def stated(cell_id, pattern):
    """The groups of PATTERN in the markdown cell CELL_ID; fails if the prose no longer says it."""
    match = re.search(pattern, CELLS[cell_id])
    assert match, f"the {cell_id} cell no longer states {pattern!r}: update this test with the prose"
    return match.groups()


@pytest.fixture(scope="module")
def lesson():
    return lesson_namespace(LESSON, ["setup", "make_conditional_generator", "make_conditional_discriminator",
                                     "ConditionalGAN", "stand_in_models"])


@pytest.fixture(scope="module")
def embedded():
    cells = Variant.from_file(EMBEDDINGS).cells
    return lesson_namespace(LESSON, ["setup"], overrides=cells)


# --- parameter counts and the layer tables ----------------------------------------------------

def test_generator_parameter_counts_are_the_prose_s(lesson, embedded):
    one_hot, embedding = stated("md-04", r"With a one-hot label it has ([\d,]+) parameters, with a 50-number embedding ([\d,]+)")
    got = lesson["make_conditional_generator"](lesson["NOISE_DIM"], lesson["NUM_CLASSES"]).count_params()
    assert got == number(one_hot), f"the solution's one-hot generator has {got:,} parameters, the prose says {one_hot}: fix the prose of exercise 1"
    got = embedded["make_conditional_generator"](lesson["NOISE_DIM"], lesson["NUM_CLASSES"]).count_params()
    assert got == number(embedding), f"the embedding recipe ({EMBEDDINGS.name}) has {got:,} parameters, the prose says {embedding}: fix the prose or the recipe"


def test_discriminator_parameter_counts_are_the_prose_s(lesson, embedded):
    total, first, second, head, embedding = stated(
        "md-05", r"With one-hot channels it has ([\d,]+) parameters \(([\d,]+) \+ ([\d,]+) \+ ([\d,]+) in its two `Conv2D` and its `Dense`\), with an embedded channel ([\d,]+)")
    discriminator = lesson["make_conditional_discriminator"](lesson["NUM_CLASSES"])
    assert discriminator.count_params() == number(total), f"the solution's discriminator has {discriminator.count_params():,} parameters, the prose says {total}: fix exercise 2's prose"
    per_layer = [layer.count_params() for layer in discriminator.layers if layer.count_params()]
    assert per_layer == [number(first), number(second), number(head)], f"the discriminator's layers with weights have {per_layer} parameters, the prose says {first} + {second} + {head}: fix exercise 2's prose"
    got = embedded["make_conditional_discriminator"](lesson["NUM_CLASSES"]).count_params()
    assert got == number(embedding), f"the embedded-channel discriminator ({EMBEDDINGS.name}) has {got:,} parameters, the prose says {embedding}: fix exercise 2's prose"


def table_rows(cell_id):
    """[(the name of the row's last layer, its stated output shape)] of the layer table in CELL_ID."""
    rows = []
    for line in CELLS[cell_id].splitlines():
        match = re.match(r"\| (.*`.*) \| (\(None(?:, \d+)+\)) \|$", line)
        if match:
            last_layer = re.findall(r"`(\w+)", match.group(1))[-1]
            rows.append((last_layer, tuple(None if size == "None" else int(size) for size in match.group(2)[1:-1].split(", "))))
    return rows


def assert_table_matches(model, rows, after, cell_id):
    layers = model.layers
    start = next(index for index, layer in enumerate(layers) if type(layer).__name__ == after) + 1
    assert rows, f"found no layer table in the {cell_id} cell: update this test with the prose"
    for name, shape in rows:
        index = next((index for index in range(start, len(layers)) if type(layers[index]).__name__ == name), None)
        assert index is not None, f"the {cell_id} table lists a {name} the solution's {model.name} does not have after position {start}: fix the table"
        got = tuple(layers[index].output.shape)
        assert got == shape, f"the {cell_id} table says {name} gives {shape}, the solution's {model.name} gives {got}: fix the table"
        start = index + 1
    assert start == len(layers), f"the solution's {model.name} has layers after the {cell_id} table's last row ({[layer.name for layer in layers[start:]]}): fix the table"


def test_layer_tables_give_the_solution_s_output_shapes(lesson):
    generator = lesson["make_conditional_generator"](lesson["NOISE_DIM"], lesson["NUM_CLASSES"])
    assert_table_matches(generator, table_rows("md-04"), after="Concatenate", cell_id="md-04")
    discriminator = lesson["make_conditional_discriminator"](lesson["NUM_CLASSES"])
    assert_table_matches(discriminator, table_rows("md-05"), after="Concatenate", cell_id="md-05")


def test_the_label_channels_are_as_many_as_the_prose_says(lesson, embedded):
    one_hot, embedding = stated("md-05", r"`Concatenate\(\)` with the image: (\d+) channels;[\s\S]*`Concatenate\(\)` with the image: (\d+) channels")
    for name, namespace, channels in (("one-hot", lesson, one_hot), ("embedded", embedded, embedding)):
        model = namespace["make_conditional_discriminator"](lesson["NUM_CLASSES"])
        joined = next(layer for layer in model.layers if type(layer).__name__ == "Concatenate")
        assert joined.output.shape[-1] == int(channels), f"the {name} discriminator's Concatenate gives {joined.output.shape[-1]} channels, the prose says {channels}: fix exercise 2's prose"


# --- label shapes and dtypes ------------------------------------------------------------------

def inputs(lesson, model, shape, dtype, n=5):
    import tensorflow as tf
    labels = (np.arange(n) % lesson["NUM_CLASSES"]).astype(dtype).reshape(shape)
    first = np.zeros((n, lesson["NOISE_DIM"]) if len(model.inputs[0].shape) == 2 else (n, 28, 28, 1), "float32")
    return [first, labels], [tf.constant(first), tf.constant(labels)]


def test_the_versions_the_prose_names_are_installed():
    import keras
    import tensorflow as tf
    keras_version, tf_version = stated("md-04", r"\(Keras ([\d.]+), TensorFlow ([\d.]+)\)")
    assert keras.__version__ == keras_version and tf.__version__.startswith(tf_version), f"the label-shape paragraph was measured on Keras {keras_version}, TensorFlow {tf_version}, installed are {keras.__version__}, {tf.__version__}: measure again and update it"


@pytest.mark.parametrize("which", ["generator", "discriminator"])
def test_direct_calls_take_both_label_shapes_and_int_dtypes_and_no_mix(lesson, which):
    model = (lesson["make_conditional_generator"](lesson["NOISE_DIM"], lesson["NUM_CLASSES"]) if which == "generator"
             else lesson["make_conditional_discriminator"](lesson["NUM_CLASSES"]))
    for shape in ((5,), (5, 1), (5,)):  # in any order of calls
        for dtype in ("int32", "int64"):
            arrays, tensors = inputs(lesson, model, shape, dtype)
            for given in (arrays, tensors):
                out = np.asarray(model(given, training=False))
                assert out.shape[0] == 5, f"a direct call of the {which} with {dtype} labels of shape {shape} gave {out.shape}: the prose says direct calls take both shapes"
    with pytest.raises(ValueError, match="cannot mix tensors and non-tensors"):
        model([tensors[0], arrays[1]], training=False)


@pytest.mark.parametrize("which", ["generator", "discriminator"])
def test_predict_takes_either_label_shape_but_not_both_on_one_model(lesson, which):
    make = ((lambda: lesson["make_conditional_generator"](lesson["NOISE_DIM"], lesson["NUM_CLASSES"])) if which == "generator"
            else (lambda: lesson["make_conditional_discriminator"](lesson["NUM_CLASSES"])))
    for first, second in (((5,), (5, 1)), ((5, 1), (5,))):
        for dtype in ("int32", "int64"):
            model = make()
            out = model.predict(inputs(lesson, model, first, dtype)[0], verbose=0)
            assert out.shape[0] == 5, f"{which}.predict with {dtype} labels of shape {first} on a fresh model gave {out.shape}: the prose says predict takes either shape"
            with pytest.raises(ValueError, match=re.escape("as_list() is not defined on an unknown TensorShape")):
                model.predict(inputs(lesson, model, second, dtype)[0], verbose=0)


def compiled_gan(lesson, generator=None, discriminator=None, cls=None):
    import keras
    models = (generator, discriminator) if generator else lesson["stand_in_models"]()
    gan = (cls or lesson["ConditionalGAN"])(*models)
    gan.compile(d_optimizer=keras.optimizers.Adam(1e-3), g_optimizer=keras.optimizers.Adam(1e-3),
                loss_fn=keras.losses.BinaryCrossentropy(from_logits=True))
    return gan


def test_fit_takes_either_label_shape_but_not_both_on_one_model(lesson):
    import tensorflow as tf
    images = np.zeros((16, 28, 28, 1), "float32")
    dataset = lambda shape: tf.data.Dataset.from_tensor_slices((images, (np.arange(16) % 10).astype("int32").reshape(shape))).batch(8)
    for first, second in (((16,), (16, 1)), ((16, 1), (16,))):
        gan = compiled_gan(lesson, lesson["make_conditional_generator"](lesson["NOISE_DIM"], lesson["NUM_CLASSES"]),
                           lesson["make_conditional_discriminator"](lesson["NUM_CLASSES"]))
        history = gan.fit(dataset(first), epochs=1, verbose=0)
        assert len(history.history["d_loss"]) == 1, f"fit with labels of shape (batch,{' 1' if len(first) == 2 else ''}) did not train: the prose says fit takes either shape"
        with pytest.raises(ValueError, match=re.escape("as_list() is not defined on an unknown TensorShape")):
            gan.fit(dataset(second), epochs=1, verbose=0)


# --- the metrics property ---------------------------------------------------------------------

def tracker_counts_per_epoch(lesson, cls):
    import keras
    import tensorflow as tf

    counts = []

    class Counts(keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            counts.append((int(self.model.d_loss_tracker.count), int(self.model.g_loss_tracker.count)))

    gan = compiled_gan(lesson, cls=cls)
    dataset = tf.data.Dataset.from_tensor_slices((np.zeros((16, 28, 28, 1), "float32"), np.arange(16, dtype="int32") % 10)).batch(8)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        history = gan.fit(dataset, epochs=2, verbose=0, callbacks=[Counts()])
    return gan, counts, history.history


def test_fit_resets_the_trackers_each_epoch_with_or_without_the_metrics_property(lesson):
    import keras
    stated("md-06", r"Keras 3 finds a tracker assigned in `__init__` and resets it even without this property")

    class WithoutProperty(lesson["ConditionalGAN"]):
        metrics = keras.Model.metrics  # keras.Model's own property, as if ConditionalGAN did not override it

    for cls in (lesson["ConditionalGAN"], WithoutProperty):
        _, counts, _ = tracker_counts_per_epoch(lesson, cls)
        assert counts == [(2, 2), (2, 2)], f"{cls.__name__}: after each of 2 epochs of 2 batches the trackers counted {counts}, not 2 each: the prose says fit() resets them every epoch, with or without the metrics property"


def test_without_the_metrics_property_a_loss_stuck_at_zero_joins_the_logs(lesson):
    import keras
    stated("md-06", r"without it, that list also holds the `loss` tracker that `super\(\).compile\(\)` makes and nothing updates, so the dict `train_step` returns, the progress bar and `history` get a `loss` stuck at 0")

    class WithoutProperty(lesson["ConditionalGAN"]):
        metrics = keras.Model.metrics

    gan, _, history = tracker_counts_per_epoch(lesson, WithoutProperty)
    assert [metric.name for metric in gan.metrics] == ["loss", "d_loss", "g_loss"], f"without the property, gan.metrics is {[metric.name for metric in gan.metrics]}: the prose says it also holds Keras's own 'loss'"
    assert history.get("loss") == [0.0, 0.0], f"without the property, history['loss'] is {history.get('loss')}, not 0 each epoch: fix exercise 3's prose"
    gan, _, history = tracker_counts_per_epoch(lesson, lesson["ConditionalGAN"])
    assert [metric.name for metric in gan.metrics] == ["d_loss", "g_loss"] and set(history) == {"d_loss", "g_loss"}, f"with the property, gan.metrics is {[metric.name for metric in gan.metrics]} and history has {sorted(history)}: expected only d_loss and g_loss"


# --- what the generator's test accepts as "ends with tanh" -------------------------------------

@pytest.fixture(scope="module")
def ends_with_tanh(lesson):
    source = CELLS["test_make_conditional_generator"]
    definition = source[:source.index("test_generator = ")]
    assert "def ends_with_tanh" in definition, "the generator's test no longer defines ends_with_tanh first: update this test"
    namespace = dict(lesson)
    exec(definition, namespace)
    return namespace["ends_with_tanh"]


@pytest.mark.parametrize("ending, ends_in_tanh", [
    ("Conv2DTranspose tanh", True), ("Activation tanh", True), ("Lambda tanh", True), ("keras.ops.tanh", True),
    ("Sequential trunk ending in tanh", True), ("Conv2DTranspose sigmoid", False), ("Conv2DTranspose", False), ("ReLU", False)])
def test_the_generator_test_recognises_each_ending_the_prose_names(lesson, ends_with_tanh, ending, ends_in_tanh):
    import keras
    import tensorflow as tf
    from keras import layers
    stated("md-04", r"that G \*\*ends with tanh\*\* \(the activation of its last layer; or, when its last step is an `Activation` layer, a `Lambda` or `keras.ops.tanh`, that the output is tanh of that step's input\)")
    noise, label = keras.Input(shape=(8,)), keras.Input(shape=(1,), dtype="int32")
    x = layers.Reshape((14, 14, 4))(layers.Dense(14 * 14 * 4)(layers.Concatenate()([noise, layers.Flatten()(layers.Embedding(10, 4)(label))])))
    convolution = lambda activation=None: layers.Conv2DTranspose(1, 4, strides=2, padding="same", activation=activation)(x)  # noqa: E731
    image = {"Conv2DTranspose tanh": lambda: convolution("tanh"),
             "Activation tanh": lambda: layers.Activation("tanh")(convolution()),
             "Lambda tanh": lambda: layers.Lambda(keras.ops.tanh)(convolution()),
             "keras.ops.tanh": lambda: keras.ops.tanh(convolution()),
             "Sequential trunk ending in tanh": lambda: keras.Sequential([layers.Conv2DTranspose(1, 4, strides=2, padding="same", activation="tanh")])(x),
             "Conv2DTranspose sigmoid": lambda: convolution("sigmoid"),
             "Conv2DTranspose": lambda: convolution(),
             "ReLU": lambda: layers.ReLU()(convolution())}[ending]()
    verdict, found = ends_with_tanh(keras.Model([noise, label], image), [tf.random.normal([4, 8]), tf.range(4)])
    assert bool(verdict) == ends_in_tanh, f"ends_with_tanh judged a generator ending in {ending} {verdict} ({found}), expected {ends_in_tanh}: fix the check in the generator's test"


# --- timings: the prose's figures are benchmarks/README.md's, and their arithmetic holds ----------

def test_the_full_run_s_time_is_the_benchmark_s_with_its_machine(lesson):
    text = CELLS["md-instructor-run"]
    epochs, steps = stated("md-instructor-run", r"(\d+) epochs \(([\d,]+) steps of 128\)")
    assert "gancourse.steps(15)" in CELLS["setup"] and int(epochs) == 15, f"the instructor run states {epochs} epochs, the setup cell trains gancourse.steps(15): make them agree"
    assert number(steps) == int(epochs) * (60_000 // 128), f"{epochs} epochs of 60,000 images in batches of 128 are {int(epochs) * 468:,} steps, the prose says {steps}: fix the prose"
    quiet, quiet_minutes = stated("md-instructor-run", r"quiet, a step costs ([\d.]+) s \(`make benchmark`\), (\d+) minutes")
    run, run_seconds = stated("md-instructor-run", r"took ([\d.]+) s a step \(([\d,]+) s\)")
    busy, busy_minutes = stated("md-instructor-run", r"load average 6 to 11 on its 2 cores, `uptime`\) a step took ([\d.]+) s, (\d+) minutes")
    for rate, minutes in ((quiet, quiet_minutes), (busy, busy_minutes)):
        # the rate is rounded to 0.01 s, which moves 7,020 steps by up to 0.6 minutes
        assert abs(number(steps) * float(rate) / 60 - int(minutes)) <= 1, f"{steps} steps at {rate} s a step are {number(steps) * float(rate) / 60:.0f} minutes, the prose says {minutes}: fix the prose"
    assert abs(number(run_seconds) / number(steps) - float(run)) < 0.005, f"{run_seconds} s for {steps} steps is {number(run_seconds) / number(steps):.3f} s a step, the prose says {run}: fix the prose"
    benchmarks = (REPO / "benchmarks" / "README.md").read_text()
    section = benchmarks[benchmarks.index("### Lesson 05's full run"):]
    for rate, minutes in ((quiet, quiet_minutes), (run, None), (busy, busy_minutes)):
        row = re.search(rf"^\|[^|]*\| {re.escape(rate)} \| (\d+) min \|$", section, re.MULTILINE)
        assert row, f"benchmarks/README.md's lesson-05 table has no row of {rate} s a step, which the lesson states: measure it and write it there, or fix the lesson"
        assert minutes is None or row.group(1) == minutes, f"benchmarks/README.md says {row.group(1)} min at {rate} s a step, the lesson {minutes}: make them agree"
    assert "load average 6.1 before, 11.1 after" in section and "nproc" in section, "benchmarks/README.md's lesson-05 timings no longer say the machine and its load: the lesson's figure needs them"
    assert "benchmarks/README.md" in text, "the instructor run's timings no longer point to benchmarks/README.md"
    per_pass, = stated("md-02", r"468 steps a pass: about (\d+) minutes a pass on a quiet 2-core CPU, up to 4 times longer on a busy one")
    assert round(468 * float(quiet) / 60) == int(per_pass) and float(busy) / float(quiet) <= 4, f"468 steps at {quiet} s are {468 * float(quiet) / 60:.1f} minutes and the busy figure is {float(busy) / float(quiet):.1f} times the quiet one: fix the setup's prose"
