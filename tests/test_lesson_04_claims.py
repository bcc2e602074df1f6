"""Lesson 04's prose is tested like code: each number it states is read from its markdown and
compared with what the lesson's own code computes, so that the two cannot drift apart.

One kernel runs the instructor solution at full length (no quick mode: 10,000 images a row,
as the lesson's instructor run), in a copy of the lesson's folder with no trained lessons next
to it (so the results table has only the rows the lesson computes itself), then one more cell
that measures what the prose claims and prints it as JSON. About 2 minutes on 2 cores.
"""

import json
import re
import shutil

import nbformat
import pytest

from autograder.course import COURSE, SOLUTIONS

LESSON = "04_evaluating_gans"

# Run in the lesson's namespace after its last cell: every value the prose states.
MEASURE = r'''
import json as _json
import warnings as _warnings
import scipy as _scipy

(_, _), (_x_test, _y_test) = gancourse.load_fashion_mnist()
_test = scale(_x_test)
_logits = classifier.predict(_test, batch_size=500, verbose=0)
_features = feature_extractor.predict(_test, batch_size=500, verbose=0)
_mu, _sigma = feature_statistics(_test)
with _warnings.catch_warnings(record=True) as _caught:
    _warnings.simplefilter("always")
    linalg.sqrtm(_sigma @ _sigma)
_singular = [f"{w.category.__name__}: {w.message}" for w in _caught]
with _warnings.catch_warnings(record=True) as _caught:
    _warnings.simplefilter("always")
    _with_disp = linalg.sqrtm(_sigma + np.eye(64), disp=False)
_disp = [f"{w.category.__name__}: {w.message}" for w in _caught]
_rng = np.random.default_rng(1)  # the visible test of exercise 1: the plain formula, unclipped
_points = _rng.normal(size=(100, 64))
_m, _s = _points.mean(axis=0), np.cov(_points, rowvar=False)
with _warnings.catch_warnings():
    _warnings.simplefilter("ignore")
    _plain = float(np.trace(_s) * 2 - 2 * np.trace(np.real(linalg.sqrtm(_s @ _s))))
_halves = {}
for _count in (256, 10_000):
    _half = _count // 2
    _halves[_count] = frechet_distance(*feature_statistics(_test[:_half]), *feature_statistics(_test[_half:_count]))
_noise = np.random.default_rng(0).normal(size=(100_000, NOISE_DIM))
_norms = np.linalg.norm(_noise, axis=1)
_middles = np.linalg.norm((_noise[::2] + _noise[1::2]) / 2, axis=1)
_cosines, _sines = [], []
for _seed in range(200):  # z and 2.5 z point the same way: what round-off makes of cos and sin
    _z = np.random.default_rng(_seed).normal(size=NOISE_DIM)
    _cos = _z @ (2.5 * _z) / (np.linalg.norm(_z) * np.linalg.norm(2.5 * _z))
    _cosines.append(float(_cos))
    _sines.append(float(np.sin(np.arccos(np.clip(_cos, -1, 1)))))
_weights = sum(int(np.prod(w.shape)) for w in healthy.weights)
_metrics = {}
for _name in ("real training images", "uniform noise", "healthy"):
    _metrics[_name] = gancourse.metrics.sample_quality(rows[_name], scale(x_test_raw[:SAMPLES]), classifier)
print("CLAIMS" + _json.dumps({
    "accuracy": float((_logits.argmax(axis=1) == _y_test).mean()), "features": int(_features.shape[1]),
    "dead_features": int((_features == 0).all(axis=0).sum()), "test_images": len(_test),
    "sqrtm_singular": _singular, "sqrtm_disp": _disp, "disp_returns_pair": isinstance(_with_disp, tuple),
    "scipy": _scipy.__version__, "plain_same": _plain, "halves": _halves,
    "norm_mean": float(_norms.mean()), "norm_std": float(_norms.std()), "middle_mean": float(_middles.mean()),
    "cosines": sorted(set(_cosines)), "sines": sorted(set(_sines)),
    "npz_bytes": (SHIPPED / "dense_gan.npz").stat().st_size, "float32_bytes": 4 * _weights,
    "modes": int(MODES.shape[0]), "pixel_noise": float(noisy.layers[-1].stddev), "diagnose_samples": DIAGNOSE_SAMPLES,
    "samples": SAMPLES, "results": results,
    "metrics": {name: {"fid": float(value["fid"]), "entropy": float(value["normalised_entropy"])}
                for name, value in _metrics.items()},
}))
'''


@pytest.fixture(scope="module")
def lesson(tmp_path_factory):
    """``(markdown of the solution, {cell id: source}, claims measured by the lesson's code)``."""
    from nbclient import NotebookClient

    notebook = nbformat.read(SOLUTIONS / LESSON / f"{LESSON}.ipynb", as_version=4)
    markdown = "\n\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")
    sources = {cell.get("id"): cell.source for cell in notebook.cells}
    folder = tmp_path_factory.mktemp("claims") / LESSON
    shutil.copytree(COURSE / LESSON, folder, ignore=shutil.ignore_patterns("output"))
    notebook.cells.append(nbformat.v4.new_code_cell(MEASURE))
    with pytest.MonkeyPatch.context() as env:
        for name in ("GANCOURSE_QUICK", "NBGRADER_EXECUTION", "NBGRADER_VALIDATING"):
            env.delenv(name, raising=False)  # full length: the instructor run's sample sizes
        NotebookClient(notebook, timeout=900, kernel_name="python3",
                       resources={"metadata": {"path": str(folder)}}).execute()
    text = "".join(output.get("text", "") for output in notebook.cells[-1].outputs)
    claims = json.loads(text[text.index("CLAIMS") + len("CLAIMS"):])
    return markdown, sources, claims


def stated(markdown, pattern):
    """The groups of PATTERN's one match in the lesson's markdown; fails when it states no such thing."""
    found = re.findall(pattern, markdown)
    assert len(found) == 1, f"the lesson should state /{pattern}/ once, found {found}: update this test with the prose"
    return found[0]


def number(text):
    return float(text.replace(",", ""))


def test_setup_numbers(lesson):
    markdown, sources, claims = lesson
    accuracy = stated(markdown, r"\(([\d.]+)% test accuracy\)")
    assert f"{100 * claims['accuracy']:.1f}" == accuracy, \
        f"the prose says the classifier has {accuracy}% test accuracy, it has {100 * claims['accuracy']:.2f}% on the 10,000 test images"
    features = stated(markdown, r"gives (\d+) numbers per image")
    assert int(features) == claims["features"], f"the prose says {features} features, the extractor gives {claims['features']}"
    shipped, float32 = stated(markdown, r"\(([\d.]+) MB instead of ([\d.]+) MB in float32\)")
    assert f"{claims['npz_bytes'] / 1e6:.1f}" == shipped, f"dense_gan.npz is {claims['npz_bytes'] / 1e6:.2f} MB, the prose says {shipped}"
    assert f"{claims['float32_bytes'] / 1e6:.0f}" == float32, \
        f"the generator's weights in float32 are {claims['float32_bytes'] / 1e6:.2f} MB, the prose says {float32}"
    quick = stated(markdown, r"every sample is cut to (\d+) images")
    assert f"SAMPLES = {quick} if QUICK" in sources["setup"], f"the prose says grading cuts samples to {quick}: the setup cell's SAMPLES"
    assert claims["samples"] == 10_000 == claims["test_images"], "the instructor run's rows are 10,000 images, the test set's size"


def test_frechet_distance_numbers_and_sqrtm_warnings(lesson):
    markdown, sources, claims = lesson
    dead, of = stated(markdown, r"(\d+) of the (\d+) features are 0 on every test image")
    assert (int(dead), int(of)) == (claims["dead_features"], claims["features"]), \
        f"the prose says {dead} of {of} features are 0 on every test image, measured: {claims['dead_features']} of {claims['features']}"
    warning = stated(markdown, r"warns `(LinAlgWarning: Matrix is singular[^`]*)`")
    assert claims["sqrtm_singular"] == [warning], \
        f"sqrtm on the test images' covariance warned {claims['sqrtm_singular']}, the prose quotes {warning!r}"
    eps = stated(markdown, r"`eps = ([\d.e-]+)`")
    assert f"{eps} * np.eye" in sources["frechet_distance"], f"the solution's ridge should be the prose's eps = {eps}"
    deprecated, removed, installed = stated(markdown, r"deprecated `disp` in ([\d.]+) and removes it in ([\d.]+) "
                                                      r"\(this course's environment has SciPy ([\d.]+)")
    assert claims["scipy"] == installed, f"the prose says SciPy {installed}, the environment has {claims['scipy']}"
    assert len(claims["sqrtm_disp"]) == 1 and claims["sqrtm_disp"][0].startswith("DeprecationWarning") and \
        removed in claims["sqrtm_disp"][0], f"sqrtm(disp=False) should warn that disp goes in {removed}: {claims['sqrtm_disp']}"
    assert claims["disp_returns_pair"], "the prose says sqrtm(..., disp=False) returns a pair (the root, an error estimate)"
    import scipy.linalg

    assert f"deprecated:: {deprecated}" in scipy.linalg.sqrtm.__doc__, f"SciPy's docs should date disp's deprecation to {deprecated}"
    assert "prints as `-0.0`" in markdown
    assert claims["plain_same"] < 0 and f"{claims['plain_same']:.1f}" == "-0.0", \
        f"the plain formula on identical Gaussians (exercise 1's visible test) gave {claims['plain_same']}: the prose's -0.0 needs an example"


def test_two_halves_of_the_test_set(lesson):
    markdown, _, claims = lesson
    small, small_count, large, large_count = stated(
        markdown, r"([\d.]+) for two halves of ([\d,]+) test images, ([\d.]+) for two halves of ([\d,]+)\.")
    for value, count in ((small, small_count), (large, large_count)):
        measured = claims["halves"][str(int(number(count)))]
        assert f"{measured:.1f}" == value, f"the FID between two halves of {count} test images is {measured:.3f}, the prose says {value}"


def test_diagnosis_and_latent_space_numbers(lesson):
    markdown, sources, claims = lesson
    modes = stated(markdown, r"one of \*\*(\w+)\*\* fixed points")
    assert {"two": 2}[modes] == claims["modes"], f"the collapsed generator has {claims['modes']} points, the prose says {modes}"
    stddev = stated(markdown, r"Gaussian noise \(standard deviation ([\d.]+)\)")
    assert float(stddev) == claims["pixel_noise"], f"PixelNoise's stddev is {claims['pixel_noise']}, the prose says {stddev}"
    diagnose_samples = stated(markdown, r"`DIAGNOSE_SAMPLES` images with `sample\(generator, DIAGNOSE_SAMPLES\)` \((\d+),")
    assert int(diagnose_samples) == claims["diagnose_samples"]
    radius, root = stated(markdown, r"radius \$\\sqrt\{(\d+)\} = (\d+)\$")
    norm, spread = stated(markdown, r"the norm of a sample is (\d+) give or take (\d+\.\d+)")
    assert int(radius) == 100 and f"{claims['norm_mean']:.0f}" == root == norm and f"{claims['norm_std']:.1f}" == spread, \
        f"norms of 100-dimensional normal noise: mean {claims['norm_mean']:.3f}, spread {claims['norm_std']:.3f}; the prose says {norm} give or take {spread}"
    middle = stated(markdown, r"about \$10/\\sqrt\{2\} \\approx ([\d.]+)\$ for two random points")
    assert f"{10 / 2 ** 0.5:.1f}" == middle and abs(claims["middle_mean"] - float(middle)) < 0.1, \
        f"the middle of two samples has norm {claims['middle_mean']:.3f} (10 / sqrt(2) = {10 / 2 ** 0.5:.3f}), the prose says about {middle}"
    cosine = stated(markdown, r"\\cos \\Omega\$ of ([\d.]+) \(clip")
    assert float(cosine) > 1 and float(cosine) in claims["cosines"], \
        f"z against 2.5 z gave cos {claims['cosines']!r}, the prose says round-off can give {cosine}"
    tiny = stated(markdown, r"\\sin \\Omega\$ around ([\de-]+)\.")
    nonzero = [sine for sine in claims["sines"] if sine > 0]
    assert nonzero and all(float(tiny) / 10 < sine < float(tiny) * 10 for sine in nonzero), \
        f"round-off's sin(omega) for vectors pointing the same way: {nonzero}, the prose says around {tiny}"
    tolerance = stated(markdown, r"Treat \$\\sin \\Omega < 10\^\{(-\d+)\}\$ as 0")
    assert f"np.sin(omega) >= 1e{tolerance}" in sources["interpolate"], "the solution's slerp should use the prose's tolerance"


TABLE_ROWS = {"real training images (the floor)": "real training images", "uniform noise (the ceiling)": "uniform noise",
              "`healthy`: lesson 01 in float16": "healthy", "`collapsed`": "collapsed", "`noisy`": "noisy"}


def test_instructor_run_table(lesson):
    """The rows the lesson computes itself (the trained lessons' rows are a training run's, below)."""
    markdown, _, claims = lesson
    table = {cells[0]: cells[1:] for cells in (
        [cell.strip() for cell in line.strip().strip("|").split("|")]
        for line in markdown.splitlines() if line.startswith("| ") and "---" not in line)}
    for row, name in TABLE_ROWS.items():
        fid, metrics_fid, entropy, metrics_entropy, rarest, diversity = table[row]
        measured = claims["results"][name]
        got = {"FID": f"{measured['fid']:.2f}", "entropy": f"{measured['normalised_entropy']:.3f}",
               "rarest class": f"{measured['rarest_class']} {measured['rarest_share']:.1%}",
               "diversity": f"{measured['diversity']:.2f}"}
        assert got == {"FID": fid, "entropy": entropy, "rarest class": rarest, "diversity": diversity}, \
            f"row {row!r}: the lesson's code now gives {got}, the table says {fid}, {entropy}, {rarest}, {diversity}"
        if metrics_fid:
            theirs = claims["metrics"][name]
            assert (f"{theirs['fid']:.2f}", f"{theirs['entropy']:.3f}") == (metrics_fid, metrics_entropy), \
                f"row {row!r}: gancourse.metrics gives FID {theirs['fid']} and entropy {theirs['entropy']}, the table says {metrics_fid}, {metrics_entropy}"


def test_trained_rows_are_the_recorded_run():
    """The rows of lessons 01 to 03 are one training run's (not repeatable bit for bit, as the lesson
    says): they must be the run scripts/README.md records, to the decimal it gives."""
    from autograder.course import REPO

    notebook = nbformat.read(SOLUTIONS / LESSON / f"{LESSON}.ipynb", as_version=4)
    markdown = "\n\n".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")
    record = (REPO / "scripts" / "README.md").read_text()
    recorded = re.search(r"lesson 01 FID ([\d.]+), entropy ([\d.]+), (\S+ [\d.]+%).*?lesson 02 ([\d.]+), ([\d.]+), "
                         r"(\S+ [\d.]+%).*?lesson 03 ([\d.]+), ([\d.]+), (\S+ [\d.]+%)", record, re.DOTALL)
    assert recorded, "scripts/README.md should record the second run's FID, entropy and rarest class of lessons 01 to 03"
    for index, lesson_number in enumerate(("01", "02", "03")):
        row = re.search(rf"^\| lesson {lesson_number}, as trained \| ([\d.]+) \| [\d.]+ \| ([\d.]+) \| [\d.]+ \| (.+?) \|",
                        markdown, re.MULTILINE)
        fid, entropy, rarest = recorded.groups()[3 * index:3 * index + 3]
        assert row and f"{float(row[1]):.1f}" == fid and f"{float(row[2]):.2f}" == entropy and row[3] == rarest, \
            f"lesson {lesson_number}'s row {row and row.groups()} should be the run scripts/README.md records: {fid}, {entropy}, {rarest}"
