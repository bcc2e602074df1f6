"""Prose is tested like code: lessons 01 to 03 state numbers about their models, and behaviours of
Keras; this file keeps each of them true.

Every number the markdown of ``solutions/<lesson>/<lesson>.ipynb`` states about the code (a
parameter count, a layer's output shape, a reference value of a loss, a step or image count, and
the arithmetic between the measured times it quotes) is listed in CLAIMS below: a regular
expression around its sentence reads the number from the markdown, and the value it must equal is
computed from the solution's own code (the setup cell and the answer cells, executed here; the
models built once per module). Change the code or the sentence and the test goes red, naming both.
``test_every_grouped_number_is_listed`` makes sure a new count in the prose (any number written
with a thousands separator) is either checked here or listed as coming from a training run.

The Keras behaviours the lessons describe (the trainable-toggling pitfall and its warning, an
optimizer refusing another model's variables, what ``train_on_batch`` returns and when it resets
its metrics, the label shapes, the deprecation warnings of the book's spellings, Adam's defaults)
are exercised below on the pinned versions, on the solutions' own models where they concern them.
Nothing trains more than a few steps.
"""

import ast
import math
import os
import re
import warnings
from types import SimpleNamespace

import nbformat
import numpy as np
import pytest

from autograder.course import SOLUTIONS

pytestmark = pytest.mark.quick  # make test-quick runs it

LESSONS = ("01_dense_gan", "02_dcgan", "03_custom_loop")
WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5}
NUMBER = r"(\d[\d,]*(?:\.\d+)?|one|two|three|four|five)"  # 1,493,520 or 0.254 or two


def read_notebook(lesson):
    return nbformat.read(SOLUTIONS / lesson / f"{lesson}.ipynb", as_version=4)


def grade_id(cell):
    return cell.metadata.get("nbgrader", {}).get("grade_id", "")


def prose(lesson, containing=""):
    """The lesson's markdown cells joined (only those that contain CONTAINING, if given)."""
    cells = [cell.source for cell in read_notebook(lesson).cells if cell.cell_type == "markdown"]
    return "\n\n".join(source for source in cells if containing in source)


def value_of(text):
    return WORDS[text] if text in WORDS else float(text.replace(",", "")) if "." in text else int(text.replace(",", ""))


def same(stated, computed):
    """Whether the number STATED in the prose (a string) says COMPUTED, to the digits it gives."""
    if stated in WORDS or "." not in stated:
        return value_of(stated) == round(computed)
    decimals = len(stated.split(".")[1])
    return math.isclose(value_of(stated), round(computed, decimals), abs_tol=10 ** -(decimals + 3))


@pytest.fixture(scope="module")
def solved(tmp_path_factory):
    """lesson -> the namespace of its setup cell and answer cells, run as a full (not quick) run;
    built on first use, once per module."""
    namespaces = {}

    def get(lesson):
        if lesson not in namespaces:
            namespace = {}
            folder = tmp_path_factory.mktemp(lesson)  # the setup cells make output/ where they run
            with pytest.MonkeyPatch.context() as patch:
                patch.delenv("GANCOURSE_QUICK", raising=False)
                patch.delenv("NBGRADER_EXECUTION", raising=False)
                patch.chdir(folder)
                for cell in read_notebook(lesson).cells:
                    wanted = grade_id(cell) in ("setup", "cross_entropy", "optimizers") or (
                        cell.metadata.get("nbgrader", {}).get("solution") and cell.cell_type == "code")
                    if wanted:
                        exec(compile(cell.source, f"{lesson}:{grade_id(cell)}", "exec"), namespace)
            namespaces[lesson] = namespace
        return namespaces[lesson]

    return get


def definitions(lesson, cell_id, names, namespace):
    """Run only the definitions NAMES of the cell CELL_ID (its other statements need a trained run)."""
    [cell] = [cell for cell in read_notebook(lesson).cells if grade_id(cell) == cell_id]
    tree = ast.parse(cell.source)
    tree.body = [node for node in tree.body if isinstance(node, ast.FunctionDef) and node.name in names]
    exec(compile(tree, f"{lesson}:{cell_id}", "exec"), namespace)


def counts(model):
    trainable = sum(int(np.prod(weight.shape)) for weight in model.trainable_weights)
    return SimpleNamespace(total=model.count_params(), trainable=trainable,
                           frozen=model.count_params() - trainable)


def layers_of(model, *types):
    import tensorflow as tf

    kinds = tuple(getattr(tf.keras.layers, name) for name in types)
    return [layer for layer in model.layers if isinstance(layer, kinds)]


def shape(layer):
    return tuple(layer.output.shape)


def fashion_mnist_train():
    """The training images, as the lessons' load_data() returns them (read by gancourse, not
    through Keras, whose cache folder another test may have moved for the process)."""
    from gancourse.data import load_fashion_mnist

    return load_fashion_mnist()[0][0]


@pytest.fixture(scope="module")
def facts(solved):
    """lesson -> the numbers its prose talks about, computed from the solution's code."""
    cache = {}

    def get(lesson):
        if lesson not in cache:
            cache[lesson] = FACTS[lesson](solved(lesson))
        return cache[lesson]

    return get


def facts_01(ns):
    import gancourse

    generator, discriminator = ns["build_generator"](ns["NOISE_DIM"]), ns["build_discriminator"]()
    gan = ns["build_gan"](ns["build_generator"](ns["NOISE_DIM"]), ns["build_discriminator"]())
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GANCOURSE_QUICK", "1")
        quick_steps, quick_images = gancourse.steps(10_000), len(gancourse.quick_subset(np.zeros(60_000)))
    return SimpleNamespace(
        G=counts(generator), D=counts(discriminator), gan=counts(gan),
        bn_widths=[layer.input.shape[-1] for layer in layers_of(generator, "BatchNormalization")],
        steps=ns["TRAIN_STEPS"], batch=ns["BATCH_SIZE"], quick_steps=quick_steps, quick_images=quick_images)


def facts_02(ns):
    import gancourse

    generator, discriminator = ns["genModel"](ns["infeats"]), ns["discModel"]()
    gan = ns["ganModel"](ns["genModel"](ns["infeats"]), ns["discModel"]())
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GANCOURSE_QUICK", "1")
        quick_steps = gancourse.steps(5_000)
    return SimpleNamespace(
        G=counts(generator), D=counts(discriminator), gan=counts(gan), generator=generator, discriminator=discriminator,
        steps=ns["nEpochs"], batch=ns["batch"], noise=ns["infeats"], quick_steps=quick_steps,
        images=len(fashion_mnist_train()))


def facts_03(ns):
    import gancourse
    import tensorflow as tf

    definitions("03_custom_loop", "diagnostics", {"image_stats"}, ns)
    generator, discriminator = ns["make_generator_model"](), ns["make_discriminator_model"]()
    images = fashion_mnist_train()
    real = (images[:256, :, :, None].astype("float32") - 127.5) / 127.5   # the diagnostics cell's train_images[:256]
    background, roughness = ns["image_stats"](real)
    # the losses at the first step: fresh models, as the training step calls them
    batch = (images[1000:1000 + ns["BATCH_SIZE"], :, :, None].astype("float32") - 127.5) / 127.5
    fakes = generator(tf.random.stateless_normal([ns["BATCH_SIZE"], ns["NOISE_DIM"]], seed=[0, 3]), training=True)
    real_logits, fake_logits = discriminator(batch, training=True), discriminator(fakes, training=True)
    d_loss, g_loss = ns["discriminator_loss"], ns["generator_loss"]
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GANCOURSE_QUICK", "1")
        quick_steps, quick_images = gancourse.steps(3_000), len(gancourse.quick_subset(images))
    full = lambda value: tf.fill([8, 1], float(value))
    return SimpleNamespace(
        G=counts(generator), D=counts(discriminator), generator=generator, discriminator=discriminator,
        steps=ns["TRAIN_STEPS"], batch=ns["BATCH_SIZE"], buffer=ns["BUFFER_SIZE"], images=len(images),
        quick_steps=quick_steps, quick_images=quick_images,
        real_background=background, real_roughness=roughness,
        first_g_loss=float(g_loss(fake_logits)), first_d_loss=float(d_loss(real_logits, fake_logits)),
        d_unsure=float(d_loss(full(0), full(0))), d_right=float(d_loss(full(2), full(-2))),
        d_swapped=float(d_loss(full(-2), full(2))), d_term_right=float(ns["cross_entropy"](tf.ones([8, 1]), full(2))),
        g_unsure=float(g_loss(full(0))), g_leaning=float(g_loss(full(2))),
        g_against_zeros=float(ns["cross_entropy"](tf.zeros([8, 1]), full(2))))


FACTS = {"01_dense_gan": facts_01, "02_dcgan": facts_02, "03_custom_loop": facts_03}

# lesson -> [(a regular expression around the sentence, whose groups are the numbers it states;
#             the values they must be, from the facts F of the code and the stated numbers S)]
CLAIMS = {
    "01_dense_gan": [
        (r"generator has \*\*([\d,]+) parameters\*\*: ([\d,]+) trainable, and ([\d,]+) non-trainable",
         lambda f, s: (f.G.total, f.G.trainable, f.G.frozen)),
        (r"per unit \(2 × \((\d+) \+ (\d+) \+ (\d+)\)\)", lambda f, s: tuple(f.bn_widths)),
        (r"([\d,]+) non-trainable, the moving mean and variance that each `BatchNormalization` keeps per unit",
         lambda f, s: (2 * sum(f.bn_widths),)),
        (r"It has \*\*([\d,]+) parameters\*\*, all trainable", lambda f, s: (f.D.total,)),
        (r"`gan.summary\(\)` shows ([\d,]+) parameters, of which ([\d,]+) are trainable: G's trainable weights "
         r"alone, since D's ([\d,]+) are frozen \(and G's ([\d,]+) moving statistics never train\)",
         lambda f, s: (f.gan.total, f.gan.trainable, f.D.total, f.G.frozen)),
        (r"returns the full count for a real run and " + NUMBER + r" steps when nbgrader runs",
         lambda f, s: (f.quick_steps,)),
        (r"keeps the first ([\d,]+) images, enough for " + NUMBER + r" steps",
         lambda f, s: (f.quick_images, f.quick_steps)),
        (r"A real run of ([\d,]+) steps took", lambda f, s: (f.steps,)),
        (r"Validate stops it after " + NUMBER + r" steps", lambda f, s: (f.quick_steps,)),
        (r"at full length \(([\d,]+) steps at batch (\d+)\)", lambda f, s: (f.steps, f.batch)),
        (r"ran for the same ([\d,]+) steps", lambda f, s: (f.steps,)),
        (r"\(left, step ([\d,]+)\)", lambda f, s: (f.steps,)),
        (r"!\[samples after ([\d,]+) steps\]\(instructor_run.png\) !\[the book's recipe after ([\d,]+) steps\]",
         lambda f, s: (f.steps, f.steps)),
        (r"the ([\d,]+) training steps (\d+) s \((\d+) ms a step\)",
         lambda f, s: (f.steps, s[1], 1000 * s[1] / f.steps)),
        (r"A real run of [\d,]+ steps took (\d+) s in the instructor run.*took (\d+) ms a step, " + NUMBER +
         r" times as long: about (\d+) minutes for the run",
         lambda f, s: (s[0], s[1], s[1] / (1000 * s[0] / f.steps), f.steps * s[1] / 1000 / 60)),
    ],
    "02_dcgan": [
        (r"gives the full ([\d,]+) steps for a real run and (\d+) when", lambda f, s: (f.steps, f.quick_steps)),
        (r"re-decodes all ([\d,]+) images", lambda f, s: (f.images,)),
        (r"generator should have \*\*([\d,]+) parameters\*\*", lambda f, s: (f.G.total,)),
        (r"the (\d+) noise values become ([\d,]+), then ([\d,]+) reshaped into (\d+)x(\d+)x(\d+) feature maps, "
         r"(\d+)x(\d+)x(\d+) and finally one (\d+)x(\d+) image",
         lambda f, s: (f.noise, *[shape(layer)[-1] for layer in layers_of(f.generator, "Dense")],
                       *shape(layers_of(f.generator, "Reshape")[0])[1:],
                       *shape(layers_of(f.generator, "Conv2DTranspose")[0])[1:],
                       *shape(layers_of(f.generator, "Conv2DTranspose")[1])[1:3])),
        (r"discriminator should have \*\*([\d,]+) parameters\*\*", lambda f, s: (f.D.total,)),
        (r"backwards: (\d+)x(\d+)x(\d+) to (\d+)x(\d+)x(\d+) to (\d+)x(\d+)x(\d+), then " + NUMBER + " number",
         lambda f, s: (*f.discriminator.input_shape[1:], *shape(layers_of(f.discriminator, "Conv2D")[0])[1:],
                       *shape(layers_of(f.discriminator, "Conv2D")[1])[1:], f.discriminator.output_shape[-1])),
        (r"D \(([\d,]+) parameters\) and G \(([\d,]+)\)", lambda f, s: (f.D.total, f.G.total)),
        (r"combined model has ([\d,]+) parameters \(G's and D's\), of which ([\d,]+) are trainable",
         lambda f, s: (f.gan.total, f.gan.trainable)),
        (r"Its ([\d,]+) non-trainable parameters are D's ([\d,]+), .* plus the ([\d,]+) running statistics",
         lambda f, s: (f.gan.frozen, f.D.total, f.G.frozen)),
        (r"at full length \(([\d,]+) steps at batch (\d+)", lambda f, s: (f.steps, f.batch)),
        (r"ran for the same ([\d,]+) steps", lambda f, s: (f.steps,)),
        (r"about (\d+) ms \((\d+(?:\.\d+)?) ms in the `make benchmark` table of benchmarks/README.md", lambda f, s: (s[1], s[1])),
        (r"(\d+(?:\.\d+)?) ms in the `make benchmark` table.*so the ([\d,]+) steps take about (\d+) minutes",
         lambda f, s: (s[0], f.steps, f.steps * s[0] / 1000 / 60)),
        (r"took (\d+) ms a step, about (\d+) minutes for the run", lambda f, s: (s[0], f.steps * s[0] / 1000 / 60)),
        (r"\(left, step ([\d,]+)\)", lambda f, s: (f.steps,)),
        (r"!\[samples after ([\d,]+) steps\]\(instructor_run.png\) !\[the book's recipe after ([\d,]+) steps\]",
         lambda f, s: (f.steps, f.steps)),
        (r"The loop runs the activity's ([\d,]+) steps \((\d+) when you press Validate", lambda f, s: (f.steps, f.quick_steps)),
        (r"better than lesson 01's dense GAN in half its steps \(twice the batch", None),
    ],
    "03_custom_loop": [
        (r"trains for `TRAIN_STEPS` batches of (\d+) images: ([\d,]+) steps, about (\d+(?:\.\d+)?) passes over the data, "
         r"at roughly (\d+(?:\.\d+)?) s a step on a 2-core CPU without a GPU \((\d+) minutes",
         lambda f, s: (f.batch, f.steps, f.steps * f.batch / f.images, s[3], f.steps * s[3] / 60)),
        (r"took (\d+(?:\.\d+)?) s a step: the run would take about " + NUMBER + " hours",
         lambda f, s: (s[0], f.steps * s[0] / 3600)),
        (r"cuts every count to (\d+)", lambda f, s: (f.quick_steps,)),
        (r"shuffles the ([\d,]+) images", lambda f, s: (f.buffer,)),
        (r"keeps the first ([\d,]+) images, enough for " + NUMBER + r" steps",
         lambda f, s: (f.quick_images, f.quick_steps)),
        (r"Your model should have \*\*([\d,]+) parameters\*\*. Compare", lambda f, s: (f.G.total,)),
        (r"reports ([\d,]+) of them as trainable", lambda f, s: (f.G.trainable,)),
        (r"Your model should have \*\*([\d,]+) parameters\*\* \(`make_discriminator", lambda f, s: (f.D.total,)),
        (r"each term is ln 2, so the loss is 2 ln 2 ≈ (\d+(?:\.\d+)?)", lambda f, s: (f.d_unsure,)),
        (r"each term is ln\(1 \+ e\^-2\) ≈ (\d+(?:\.\d+)?) and the loss (\d+(?:\.\d+)?); with the labels swapped it would be (\d+(?:\.\d+)?)",
         lambda f, s: (f.d_term_right, f.d_right, f.d_swapped)),
        (r"With zero logits it is ln 2 ≈ (\d+(?:\.\d+)?); with logits \+2 \(D leaning towards \"real\"\) it is "
         r"ln\(1 \+ e\^-2\) ≈ (\d+(?:\.\d+)?), where the fakes against zeros would give (\d+(?:\.\d+)?)",
         lambda f, s: (f.g_unsure, f.g_leaning, f.g_against_zeros)),
        (r"G's loss starts near ln 2 ≈ (\d+(?:\.\d+)?) and D's near 2 ln 2 ≈ (\d+(?:\.\d+)?)",
         lambda f, s: (math.log(2), 2 * math.log(2))),
        (r"with the budget set above \(([\d,]+) steps at batch (\d+), about (\d+(?:\.\d+)?) passes",
         lambda f, s: (f.steps, f.batch, f.steps * f.batch / f.images)),
        (r"the training cell took ([\d,]+) s, (\d+) ms a step; the machine's load was not recorded\), with three other runs of this notebook on the "
         r"same budget of ([\d,]+) images", lambda f, s: (s[0], 1000 * s[0] / f.steps, f.steps * f.batch)),
        (r"([\d,]+) steps at the tutorial's batch of (\d+)", lambda f, s: (f.steps * f.batch / s[1], s[1])),
        (r"against (\d+)% and (\d+(?:\.\d+)?) in real images", lambda f, s: (100 * f.real_background, f.real_roughness)),
        (r"costs about (\d+(?:\.\d+)?) times as much: (\d+) ms for (\d+) images in this run, against (\d+(?:\.\d+)?) ms",
         lambda f, s: (s[1] / s[3], s[1], f.batch, s[3])),
        (r"At this run's (\d+) ms per (\d+) images, the tutorial's (\d+) epochs \((\d+) million images\) would take "
         r"about (two) hours", lambda f, s: (s[0], f.batch, s[2], s[2] * f.images / 1e6,
                                              s[2] * f.images / s[1] * s[0] / 1000 / 3600)),
        (r"the seed's sixteen samples after ([\d,]+) steps", lambda f, s: (f.steps,)),
        (r"Dense\(7 \* 7 \* 256, use_bias=False\)` \| \(None, ([\d,]+)\)", lambda f, s: (f.generator.layers[0].units,)),
    ],
}

# Numbers with a thousands separator in the prose that are not about the code: they come from
# training runs (the instructor runs, the article's advice) or from the metric's data. Checked
# elsewhere or not at all; listed so that a new count in the prose must be placed on one side.
NOT_FROM_THE_CODE = {
    "01_dense_gan": {"10,000 samples", "10,000 test images", "Day 22"},
    "02_dcgan": {"10,000 samples", "10,000 test images", "10,000 steps", "Activity 7.01"},
    "03_custom_loop": {"10,000 samples", "10,000 test images", "10,000 steps", "500 or 1,000 steps",
                       "around steps 500 and 1,000", "5,000 steps"},
}


def claim_params():
    for lesson in LESSONS:
        for index, (pattern, _) in enumerate(CLAIMS[lesson]):
            words = re.sub(r"\\.|[()\[\]*+?^$|]|\[\\d.*?\]", "", pattern).split()
            yield pytest.param(lesson, index, id=f"{lesson}-{index:02d}-{'_'.join(words[:5])}")


@pytest.mark.parametrize("lesson,index", list(claim_params()))
def test_the_prose_states_what_the_code_does(lesson, index, facts):
    pattern, expected = CLAIMS[lesson][index]
    text = prose(lesson)
    found = re.search(pattern, text, flags=re.S)
    assert found, (f"{lesson}: the sentence /{pattern}/ is no longer in the markdown: if the prose changed, "
                   "update its claim in tests/test_lesson_claims.py (and keep what it states true)")
    if expected is None:  # a sentence with no number of its own to check, kept in view
        return
    stated = found.groups()
    computed = expected(facts(lesson), tuple(value_of(number) for number in stated))
    wrong = [f"{number} (the code gives {value:,.6g})" for number, value in zip(stated, computed)
             if not same(number, value)]
    assert not wrong, (f"{lesson}: the markdown says \"{found.group(0)[:160]}\", but " + "; ".join(wrong) +
                       ": fix the prose or the solution, whichever is wrong, and release the lesson")


def test_every_grouped_number_is_listed():
    """A number written with a thousands separator (a count) is read by a claim or listed as not
    coming from the code, so that a new count cannot slip into the prose unchecked."""
    unlisted = []
    for lesson in LESSONS:
        text = prose(lesson)
        covered = []
        for pattern, _ in CLAIMS[lesson]:
            covered += [found.span() for found in re.finditer(pattern, text, flags=re.S)]
        covered += [found.span() for phrase in NOT_FROM_THE_CODE[lesson] for found in re.finditer(re.escape(phrase), text)]
        for number in re.finditer(r"\d{1,3}(?:,\d{3})+", text):
            in_table = text[text.rfind("\n", 0, number.start()) + 1:].startswith("|")
            if not in_table and not any(start <= number.start() < end for start, end in covered):
                unlisted.append(f"{lesson}: {text[max(0, number.start() - 40):number.end() + 20]!r}")
    assert not unlisted, ("numbers in the prose that no claim of tests/test_lesson_claims.py reads: add a claim "
                          "(or list them in NOT_FROM_THE_CODE if they come from a training run):\n" + "\n".join(unlisted))



TABLE_ROW = re.compile(r"^\| `(?P<layer>\w+)\(?[^`]*`? \| \((?P<shape>[^)]*)\) \| (?P<params>[\d,]+) \|$", re.M)
UNCOUNTED = ("LeakyReLU", "Reshape", "Dropout")  # no parameters: the tables leave them out


@pytest.mark.parametrize("lesson,exercise,model", [
    pytest.param("03_custom_loop", "Exercise 1: `make_generator_model()`", "generator", id="03-generator"),
    pytest.param("03_custom_loop", "Exercise 2: `make_discriminator_model()`", "discriminator", id="03-discriminator"),
])
def test_layer_tables_match_the_models_layer_by_layer(lesson, exercise, model, facts):
    """Each row of the table (layer, output shape, parameters) is the model's layer, in order;
    the total row is count_params(); the layers left out have no parameters, as the prose says."""
    built = getattr(facts(lesson), model)
    text = prose(lesson, containing=exercise)
    rows = [(row["layer"], f"({row['shape']})", value_of(row["params"])) for row in TABLE_ROW.finditer(text)]
    actual = [(type(layer).__name__, str(shape(layer)), layer.count_params())
              for layer in built.layers if type(layer).__name__ not in UNCOUNTED]
    assert rows == actual, (f"{lesson}: the table of {exercise} (layer, output shape, parameters) should be, "
                            f"row by row, {actual}; the markdown has {rows}: regenerate it from summary()")
    [total] = re.findall(r"^\| total \| \| ([\d,]+) \|$", text, flags=re.M)
    assert value_of(total) == built.count_params(), f"{lesson}: the table's total {total} is not count_params() {built.count_params():,}"
    uncounted = {type(layer).__name__: layer.count_params() for layer in built.layers if type(layer).__name__ in UNCOUNTED}
    assert not any(uncounted.values()), f"{lesson}: the layers the table leaves out have parameters: {uncounted}"


@pytest.mark.parametrize("lesson,model,layer_index,sentence", [
    pytest.param("02_dcgan", "generator", 1, "Most of the parameters sit in the second `Dense` layer", id="02-G-second-Dense"),
    pytest.param("02_dcgan", "discriminator", 0, "here too the first `Dense` layer holds most of the parameters", id="02-D-first-Dense"),
])
def test_where_most_parameters_sit(lesson, model, layer_index, sentence, facts):
    assert sentence in prose(lesson), f"{lesson}: the sentence {sentence!r} is gone: update this test"
    built = getattr(facts(lesson), model)
    dense = layers_of(built, "Dense")[layer_index]
    assert dense.count_params() > built.count_params() / 2, (
        f"{lesson}: {sentence!r}, but that layer holds {dense.count_params():,} of {built.count_params():,}")


def test_each_batch_normalisation_keeps_four_numbers_per_channel_two_of_them_trained(facts):
    """Lesson 03: 'Each batch normalisation has four per channel, of which two (its scale and
    offset) are trained and two (its running mean and variance) are not'."""
    sentence = "Each batch normalisation has four per channel, of which two (its scale and offset) are trained"
    assert sentence in prose("03_custom_loop"), "lesson 03's sentence on batch normalisation changed: update this test"
    for layer in layers_of(facts("03_custom_loop").generator, "BatchNormalization"):
        channels = layer.input.shape[-1]
        trained = sum(int(np.prod(weight.shape)) for weight in layer.trainable_weights)
        assert (layer.count_params(), trained) == (4 * channels, 2 * channels), (
            f"{layer.name}: {layer.count_params()} parameters, {trained} trained, for {channels} channels")


def test_the_instructor_runs_quoted_in_other_lessons_are_the_same():
    """Lessons 02 and 03 quote lesson 01's (and 03 lesson 02's) instructor-run row: the same numbers."""
    def row(lesson, label):
        text = prose(lesson)
        found = re.search(r"^\| " + label + r"[^|]* \| (\d+(?:\.\d+)?) \| (\d+(?:\.\d+)?) \|([^|]*)\|$", text, flags=re.M)
        assert found, f"{lesson}: no table row starting {label!r}"
        return tuple(group.strip() for group in found.groups())

    dense, dcgan = row("01_dense_gan", "this notebook's GAN"), row("02_dcgan", "this notebook's DCGAN")
    for lesson in ("02_dcgan", "03_custom_loop"):
        assert row(lesson, "lesson 01's dense GAN") == dense, f"{lesson} quotes lesson 01's run differently from lesson 01"
    assert row("03_custom_loop", "lesson 02's DCGAN") == dcgan, "lesson 03 quotes lesson 02's run differently from lesson 02"
    for lesson in LESSONS:
        for label in ("real training images", "uniform noise"):
            assert row(lesson, label) == row("01_dense_gan", label), f"{lesson}'s row {label!r} differs from lesson 01's"


def test_the_quoted_benchmark_is_the_benchmarks_table():
    """Lessons 02 and 03 quote 118.6 ms, the DCGAN's train_step in benchmarks/README.md."""
    from autograder.course import REPO

    table = (REPO / "benchmarks" / "README.md").read_text()
    [dcgan_ms] = re.findall(r"^\| the lesson's `train_step` \| [\d.]+ \| [\d.]+ \| \d+% \| (\d+(?:\.\d+)?) \|", table, flags=re.M)
    for lesson in ("02_dcgan", "03_custom_loop"):
        quoted = re.findall(r"(\d+(?:\.\d+)?) ms (?:in the `make benchmark` table|for lesson 02's `train_step`)", prose(lesson))
        assert quoted and set(quoted) == {dcgan_ms}, (
            f"{lesson} quotes {quoted} ms for the DCGAN step; benchmarks/README.md's table says {dcgan_ms}")


# ---- Keras's behaviour, as the lessons describe it, on the pinned versions ----

def says(lesson, sentence):
    assert sentence in " ".join(prose(lesson).split()), (
        f"{lesson}: the sentence {sentence!r} is no longer in the markdown: update its test in tests/test_lesson_claims.py")


def test_the_books_recipe_never_trains_the_frozen_discriminator_and_keras_warns(solved):
    """Lesson 01, Step 5 (and the README): freeze D, build the GAN, then train D without
    unfreezing it: Keras warns 'The model does not have any trainable weights' and D never learns.
    Unfrozen before its first train_on_batch, D learns, and the GAN's step leaves it alone."""
    import tensorflow as tf

    says("01_dense_gan", 'Keras warns "The model does not have any trainable weights" and D never learns')
    ns = solved("01_dense_gan")
    rng = np.random.default_rng(0)
    real, noise = rng.uniform(-1, 1, (16, 28, 28, 1)).astype("float32"), rng.normal(0, 1, (16, 100)).astype("float32")
    generator, discriminator = ns["build_generator"](), ns["build_discriminator"]()
    gan = ns["build_gan"](generator, discriminator)
    before = [weight.copy() for weight in discriminator.get_weights()]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        discriminator.train_on_batch(real, np.ones((16, 1)))
    assert any("does not have any trainable weights" in str(w.message) for w in caught), (
        f"Keras no longer warns about the frozen D; it said {[str(w.message) for w in caught]}: update lesson 01, Step 5")
    assert all(np.array_equal(a, b) for a, b in zip(before, discriminator.get_weights())), \
        "the book's frozen D learned on this Keras: lesson 01's pitfall no longer holds"

    generator, discriminator = ns["build_generator"](), ns["build_discriminator"]()
    gan = ns["build_gan"](generator, discriminator)
    discriminator.trainable = True
    before = [weight.copy() for weight in discriminator.get_weights()]
    discriminator.train_on_batch(real, np.ones((16, 1)))
    assert any(not np.array_equal(a, b) for a, b in zip(before, discriminator.get_weights())), \
        "D unfrozen before its first train_on_batch did not learn: lesson 01's fix no longer holds"
    discriminator.trainable = False
    before = [weight.copy() for weight in discriminator.get_weights()]
    gan.train_on_batch(noise, np.ones((16, 1)))
    assert all(np.array_equal(a, b) for a, b in zip(before, discriminator.get_weights())), \
        "the GAN's step changed D although D was frozen before it: lesson 01's fix no longer holds"
    assert tf.keras.__version__.startswith("3."), tf.keras.__version__


@pytest.mark.filterwarnings("ignore:__array__ implementation:DeprecationWarning")  # Keras formatting the variable in its message
@pytest.mark.parametrize("lesson", ["01_dense_gan", "03_custom_loop"])
def test_an_optimizer_refuses_the_variables_of_another_model(lesson):
    """Lessons 01 (Exercise 4) and 03 (The optimizers): a Keras 3 optimizer is built for the
    variables of its first update and raises 'Unknown variable ... originally built with' for others."""
    import tensorflow as tf

    says(lesson, "This optimizer can only be called for the variables it was originally built with")
    first, second = tf.keras.layers.Dense(2), tf.keras.layers.Dense(2)
    first.build((None, 3)), second.build((None, 3))
    optimizer = tf.keras.optimizers.Adam()
    optimizer.apply_gradients([(tf.ones_like(v), v) for v in first.trainable_variables])
    with pytest.raises(ValueError, match="(?s)Unknown variable.*originally built with"):
        optimizer.apply_gradients([(tf.ones_like(v), v) for v in second.trainable_variables])


def test_one_optimizer_for_both_players_counts_two_steps_per_training_step():
    """Lesson 03: iterations counts updates, so one optimizer built for both players would count
    two per training step."""
    import tensorflow as tf

    says("03_custom_loop", "one optimizer built for both players would count two steps per training step")
    first, second = tf.keras.layers.Dense(2), tf.keras.layers.Dense(2)
    first.build((None, 3)), second.build((None, 3))
    optimizer = tf.keras.optimizers.Adam()
    optimizer.build(first.trainable_variables + second.trainable_variables)
    for layer in (first, second):  # one training step: G's update, then D's
        optimizer.apply_gradients([(tf.ones_like(v), v) for v in layer.trainable_variables])
    assert int(optimizer.iterations) == 2, f"one training step counted {int(optimizer.iterations)} steps, not 2"


def test_a_tf_function_creates_variables_on_its_first_call_only_so_each_pair_gets_its_own_step(solved):
    """Lesson 03, Exercise 5: a tf.function may create variables (the optimizers' running averages)
    only on its first call; make_train_step makes a step per pair of models, so two pairs train."""
    import tensorflow as tf

    says("03_custom_loop", "it may create variables (the optimizers' running averages) only on its first call, "
                           "so each pair of models gets its own step")

    @tf.function(autograph=False)
    def shared_step(optimizer, variable):
        optimizer.apply_gradients([(tf.ones_like(variable), variable)])

    shared_step(tf.keras.optimizers.Adam(), tf.Variable([1.0]))   # its first call: Adam creates its slots
    with pytest.raises(ValueError, match="only supports singleton tf.Variables created on the first call"):
        shared_step(tf.keras.optimizers.Adam(), tf.Variable([1.0]))
    ns = solved("03_custom_loop")
    images = np.zeros((4, 28, 28, 1), "float32")
    for _ in range(2):  # two pairs of stand-in models, each with its own optimizers and its own step
        generator = tf.keras.Sequential([tf.keras.Input((ns["NOISE_DIM"],)), tf.keras.layers.Dense(28 * 28),
                                         tf.keras.layers.Reshape((28, 28, 1))])
        discriminator = tf.keras.Sequential([tf.keras.Input((28, 28, 1)), tf.keras.layers.Flatten(),
                                             tf.keras.layers.Dense(1)])
        step = ns["make_train_step"](generator, discriminator, tf.keras.optimizers.Adam(), tf.keras.optimizers.Adam())
        losses = [float(loss) for loss in step(images)]   # (gen_loss, disc_loss)
        assert all(np.isfinite(losses)), f"a fresh pair's own step gave {losses}: each pair should train with its own step"


@pytest.mark.parametrize("lesson,model,metric", [
    pytest.param("01_dense_gan", "build_discriminator", True, id="01-D-with-accuracy"),
    pytest.param("01_dense_gan", "gan", False, id="01-gan-without-metric"),
    pytest.param("02_dcgan", "discModel", False, id="02-D-without-metric"),
])
def test_what_train_on_batch_returns_with_and_without_metrics(lesson, model, metric, solved):
    """Lessons 01 and 02: with a metric, train_on_batch, test_on_batch and evaluate return
    [loss, accuracy]; without one, a single float. The accuracy is the one batch's, computed
    before that call's update: Keras 3 resets the metrics at the start of every call."""
    if lesson == "01_dense_gan":
        says(lesson, "With a metric, D's `train_on_batch`, `test_on_batch` and `evaluate` return a list, "
                     "`[loss, accuracy]`; a model compiled without one returns a single float, its loss")
        says(lesson, "Keras 3 resets a model's metrics at the start of every `train_on_batch` call, "
                     "and computes them before that call's update")
    else:
        says(lesson, "`train_on_batch` and `evaluate` return the loss alone, a float, for a model compiled without "
                     "metrics, and a list `[loss, accuracy]` with them (`train_on_batch` resets the metrics before each "
                     "call, so that accuracy is the one batch's)")
    ns = solved(lesson)
    rng = np.random.default_rng(1)
    if model == "gan":
        built = ns["build_gan"](ns["build_generator"](), ns["build_discriminator"]())
        x, y = rng.normal(0, 1, (32, 100)).astype("float32"), np.ones((32, 1))
    else:
        built = ns[model]()
        x, y = rng.uniform(-1, 1, (32, 28, 28, 1)).astype("float32"), rng.integers(0, 2, (32, 1)).astype("float32")
    for name, call in (("train_on_batch", built.train_on_batch), ("test_on_batch", built.test_on_batch),
                       ("evaluate", lambda x, y: built.evaluate(x, y, verbose=0))):
        result = call(x, y)
        if metric:
            assert isinstance(result, list) and len(result) == 2, f"{lesson} {model}.{name} returned {result!r}, not [loss, accuracy]"
        else:
            assert isinstance(result, float), f"{lesson} {model}.{name} returned {result!r}, not a float"
    if metric:
        for seed in (2, 3):  # two calls: each accuracy is its own batch's, before its update
            x = np.random.default_rng(seed).uniform(-1, 1, (32, 28, 28, 1)).astype("float32")
            before = (np.asarray(built.predict_on_batch(x)) > 0.5).astype("float32")
            _, accuracy = built.train_on_batch(x, y)
            assert math.isclose(accuracy, float(np.mean(before == y)), abs_tol=1e-6), (
                f"train_on_batch's accuracy {accuracy} is not the batch's accuracy before the update {np.mean(before == y)}")


def test_flat_and_column_labels_train_the_same_but_not_one_after_the_other(solved):
    """Lesson 01, Exercise 5: flat labels (batch,) train the same as (batch, 1); a model first
    trained on (64, 1) labels then given flat ones fails ('Cannot take the length of shape with
    unknown rank'). Lesson 02, Exercise 7: Y flat or a column, Keras accepts both."""
    says("01_dense_gan", "Flat labels `(batch,)` train the same")
    says("01_dense_gan", 'a model first trained on `(64, 1)` labels then given flat ones fails ("Cannot take the length '
                         'of shape with unknown rank")')
    says("02_dcgan", "`Y` may be flat, `np.zeros(2 * batch)` as in the book, or a column of shape `(2 * batch, 1)` "
                     "like D's output: Keras and the tests accept both")
    images = np.random.default_rng(4).uniform(-1, 1, (64, 28, 28, 1)).astype("float32")
    labels = np.random.default_rng(5).integers(0, 2, 64).astype("float32")
    for lesson, build in (("01_dense_gan", "build_discriminator"), ("02_dcgan", "discModel")):
        column, flat = solved(lesson)[build](), solved(lesson)[build]()
        flat.set_weights(column.get_weights())
        column_loss = np.ravel(column.train_on_batch(images, labels[:, None]))
        flat_loss = np.ravel(flat.train_on_batch(images, labels))
        assert np.allclose(column_loss, flat_loss, rtol=1e-5), f"{lesson}: flat labels gave {flat_loss}, a column {column_loss}"
        assert all(np.allclose(a, b, atol=1e-6) for a, b in zip(column.get_weights(), flat.get_weights())), \
            f"{lesson}: one step on flat labels and one on a column left different weights"
    with pytest.raises(Exception, match="Cannot take the length of shape with unknown rank"):
        column.train_on_batch(images, labels)


def test_predict_predict_on_batch_and_a_call_give_the_same_images(solved):
    """Lesson 02, Exercise 4 (and lesson 01, Exercise 5): predict_on_batch returns a NumPy array,
    calling the model a TensorFlow tensor, and predict, predict_on_batch and the call with
    training=False give the same images."""
    import tensorflow as tf

    says("02_dcgan", "All three give the same images, with batch normalisation in inference mode")
    says("01_dense_gan", "`generator.predict_on_batch(noise)` is the quick way: it runs G's compiled forward pass "
                         "and returns a NumPy array")
    ns = solved("02_dcgan")
    generator = ns["genModel"](ns["infeats"])
    noise = ns["fakeInputs"](8, ns["infeats"])
    on_batch, called = generator.predict_on_batch(noise), generator(noise, training=False)
    assert isinstance(on_batch, np.ndarray) and tf.is_tensor(called), (
        f"predict_on_batch gave a {type(on_batch).__name__} (the lessons say a NumPy array), the call a {type(called).__name__}")
    predicted = generator.predict(noise, verbose=0)
    assert np.allclose(on_batch, predicted, atol=1e-5) and np.allclose(on_batch, np.asarray(called), atol=1e-5), \
        "predict, predict_on_batch and a call with training=False gave different images: lesson 02, Exercise 4 says they agree"


@pytest.mark.parametrize("lesson,spelling", [
    ("01_dense_gan", "input_dim="), ("01_dense_gan", "alpha="), ("01_dense_gan", "input_shape="),
    ("02_dcgan", "input_dim="), ("03_custom_loop", "input_shape="),
])
def test_the_books_older_spellings_still_work_and_warn(lesson, spelling):
    """The lessons say the book's Dense(input_dim=), Flatten(input_shape=) and LeakyReLU(alpha=)
    still work in Keras 3 but print deprecation warnings."""
    import tensorflow as tf
    from tensorflow.keras import layers

    assert f"`{spelling}" in prose(lesson), f"{lesson} no longer mentions `{spelling}`: update this test"
    make = {"input_dim=": lambda: [layers.Dense(4, input_dim=3)],
            "input_shape=": lambda: [layers.Flatten(input_shape=(3,))],
            "alpha=": lambda: [layers.Input((3,)), layers.LeakyReLU(alpha=0.2)]}[spelling]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model = tf.keras.Sequential(make())
    assert model(np.ones((2, 3), dtype="float32")).shape[0] == 2, f"a model built with `{spelling}` does not run"
    assert any(issubclass(w.category, UserWarning) and ("input_shape" in str(w.message) or "alpha" in str(w.message))
               for w in caught), f"`{spelling}` gave no deprecation warning on this Keras: {[str(w.message) for w in caught]}"


def test_adams_defaults_are_what_the_lessons_say():
    """Lessons 01 and 02: the book's optimizer="adam" is Adam's defaults, learning rate 0.001, beta_1 0.9."""
    import tensorflow as tf

    says("01_dense_gan", "The book passes `optimizer=\"adam\"`, Adam's defaults (learning rate 0.001, beta_1 0.9)")
    says("02_dcgan", "The book passes `optimizer=\"adam\"`: Adam's defaults, a learning rate of 0.001 and `beta_1=0.9`")
    says("03_custom_loop", "The tutorial gives both a learning rate of 1e-4 with Adam's default `beta_1` of 0.9")
    adam = tf.keras.optimizers.get("adam")
    assert np.isclose(float(adam.learning_rate), 0.001) and np.isclose(adam.beta_1, 0.9), (float(adam.learning_rate), adam.beta_1)


def test_log_of_sigmoid_loses_what_from_logits_keeps():
    """Lesson 03: log(sigmoid(x)) loses all precision once the sigmoid rounds to 0 or 1;
    the cross-entropy from logits does not."""
    import tensorflow as tf

    says("03_custom_loop", "log(sigmoid(x)) loses all precision once the sigmoid rounds to 0 or 1")
    logits = tf.constant([[-200.0], [40.0]])
    assert np.all(np.isinf(np.asarray(tf.math.log(tf.sigmoid(logits[:1]))))), "log(sigmoid(-200)) is finite in float32"
    assert np.all(np.isinf(np.asarray(tf.math.log(1 - tf.sigmoid(logits[1:]))))), "log(1 - sigmoid(40)) is finite in float32"
    from_logits = tf.keras.losses.BinaryCrossentropy(from_logits=True)
    assert math.isclose(float(from_logits(tf.ones([1, 1]), logits[:1])), 200.0, rel_tol=1e-4)
    assert math.isclose(float(from_logits(tf.zeros([1, 1]), logits[1:])), 40.0, rel_tol=1e-4)


def test_the_losses_start_near_ln_2(facts):
    """Lesson 03: with fresh models, G's loss starts near ln 2 and D's near 2 ln 2 (within 0.05)."""
    f = facts("03_custom_loop")
    assert abs(f.first_g_loss - math.log(2)) < 0.05 and abs(f.first_d_loss - 2 * math.log(2)) < 0.05, (
        f"fresh models give G's loss {f.first_g_loss:.3f} and D's {f.first_d_loss:.3f}, not near ln 2 and 2 ln 2")
