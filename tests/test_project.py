"""The project's own promises: one package list, one test command, clean notebooks."""

import re
import tomllib

import nbformat
import pytest

from autograder.course import COURSE, LESSONS, REPO

pytestmark = pytest.mark.quick  # make test-quick runs it


def requirement_names(requirements):
    return {re.split(r"[<>=!~ \[]", requirement.strip(), maxsplit=1)[0].lower() for requirement in requirements}


def test_environment_yml_names_the_same_packages_as_pyproject():
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    pip_names = set(project["dependencies"]) | set(project["optional-dependencies"]["test"])
    lines = (REPO / "environment.yml").read_text().splitlines()
    start = lines.index("  - pip:")
    conda_pip = [line.strip()[2:] for line in lines[start + 1:] if line.startswith("      - ")]
    assert "-e ." in conda_pip, "environment.yml should install the course package itself"
    conda_pip.remove("-e .")
    assert sorted(conda_pip) == sorted(pip_names), "environment.yml's pip section and pyproject.toml disagree"
    assert requirement_names(conda_pip) == requirement_names(pip_names)


def test_ci_runs_the_test_command_readme_gives():
    readme = (REPO / "README.md").read_text()
    ci = (REPO / ".ci" / "run").read_text().strip().splitlines()
    assert "make test" in readme and ci[-1] == "make test"
    installs = [line for line in ci if any(word in line for word in ("apt-get", "apt ", "pip ", "npm "))]
    assert not installs, f".ci/run should install nothing a user would not (make test brings what it needs): {installs}"


@pytest.mark.parametrize("folder", ["solutions", "course"])
@pytest.mark.parametrize("lesson", LESSONS)
def test_committed_notebooks_have_no_outputs_and_stable_ids(folder, lesson):
    path = REPO / folder / lesson / f"{lesson}.ipynb"
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    ids = [cell.id for cell in notebook.cells]
    assert len(set(ids)) == len(ids), f"{path}: duplicate cell ids"
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert not cell.outputs and cell.execution_count is None, f"{path}: cell {cell.id} has outputs"
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        assert grade_id is None or grade_id == cell.id, f"{path}: cell id {cell.id} != grade_id {grade_id}"


@pytest.mark.parametrize("lesson", LESSONS)
def test_release_keeps_no_solution(lesson):
    text = (COURSE / lesson / f"{lesson}.ipynb").read_text()
    for marker in ("BEGIN SOLUTION", "BEGIN HIDDEN TESTS"):
        assert marker not in text, f"course/{lesson} leaks {marker}"


def test_readme_states_the_cell_timeout_of_the_grading_config():
    from autograder.grading_config import CELL_TIMEOUT

    readme = (REPO / "README.md").read_text()
    assert f"cell timeout ({CELL_TIMEOUT} s)" in readme, \
        f"README's 'Checking your work' should state the cell timeout, {CELL_TIMEOUT} s (autograder/grading_config.py)"
