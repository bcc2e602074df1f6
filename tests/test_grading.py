"""Prove the autograder through real `nbgrader autograde`, lesson by lesson.

For each lesson: the instructor solution keeps full marks, the untouched release scores 0,
each ``wrong_*``/``tampered_*`` variant loses points on exactly the test cells it names,
and each ``correct_*`` variant keeps full marks. The variants live in tests/variants/.

`make test-quick` (the marker ``quick``) keeps, of the variants, one ``wrong_*`` variant for each
test cell: the first by name that loses points on a test cell no variant kept before it does.
"""

import pytest

from autograder.course import COURSE, LESSONS
from autograder.submissions import load_variants
from tests.conftest import VARIANTS


def one_wrong_variant_per_test(lesson):
    """The names of the ``wrong_*`` variants of LESSON that make test-quick grades."""
    kept, covered = [], set()
    for variant in sorted(load_variants(VARIANTS / lesson), key=lambda variant: variant.name):
        if variant.name.startswith("wrong_") and variant.loses - covered:
            kept.append(variant.name)
            covered |= variant.loses
    return kept


QUICK = {lesson: one_wrong_variant_per_test(lesson) for lesson in LESSONS}
CASES = [pytest.param(lesson, path.stem, id=f"{lesson}:{path.stem}",
                      marks=[pytest.mark.quick] if path.stem in QUICK[lesson] else [])
         for lesson in LESSONS for path in sorted((VARIANTS / lesson).glob("*.py"))]


@pytest.mark.quick
@pytest.mark.parametrize("lesson", LESSONS)
def test_solution_scores_full_marks(graded, lesson):
    result = graded(lesson)
    got, out_of = result.total("solution")
    assert got == out_of, f"The instructor solution scored {got}/{out_of}; it lost points on {sorted(result.lost('solution'))}"
    print(f"{lesson}: {len(result.scores)} submissions, graded with the other lessons' in {result.seconds:.0f} s")


@pytest.mark.quick
@pytest.mark.parametrize("lesson", LESSONS)
def test_blank_release_scores_zero(graded, lesson):
    got, out_of = graded(lesson).total("blank_release")
    assert out_of > 0 and got == 0, f"The untouched release scored {got}/{out_of}, not 0"


def release_files(folder):
    """``{relative path: bytes}`` of a lesson's release, without images a run left in output/."""
    return {path.relative_to(folder): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file() and "output" not in path.parts}


@pytest.mark.quick
@pytest.mark.parametrize("lesson", LESSONS)
def test_committed_release_is_what_nbgrader_generates(graded, lesson):
    generated = graded(lesson).release.parent
    committed = COURSE / lesson
    ours, nbgraders = release_files(committed), release_files(generated)
    stale = sorted(str(name) for name in ours.keys() | nbgraders.keys() if ours.get(name) != nbgraders.get(name))
    assert not stale, f"course/{lesson} is stale ({', '.join(stale)}): run `make release` and commit course/"


@pytest.mark.parametrize("lesson, name", CASES)
def test_variant_loses_exactly_the_named_tests(graded, lesson, name):
    result = graded(lesson)
    variant = result.variants[name]
    lost = result.lost(name)
    assert lost == set(variant.loses), (
        f"{name} ({variant.description}) lost points on {sorted(lost)}, expected exactly {sorted(variant.loses)}")


@pytest.mark.quick
@pytest.mark.parametrize("lesson", LESSONS)
def test_each_lesson_has_enough_variants(lesson):
    names = [case.values[1] for case in CASES if case.values[0] == lesson]
    wrong = [name for name in names if name.startswith("wrong_")]
    correct = [name for name in names if name.startswith("correct_")]
    assert len(wrong) >= 10 and len(correct) >= 3, f"{lesson}: {len(wrong)} wrong and {len(correct)} correct variants"
