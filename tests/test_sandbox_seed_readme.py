"""The README's example of seeding your own records passes in another project's tests."""

from __future__ import annotations

from pathlib import Path

from tests.another_project import run_their_tests

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _seeding_example() -> str:
    section = README.split("### Your integration's own calls, with state", 1)[1]
    return section.split("```python\n", 1)[1].split("```", 1)[0]


def test_the_seeding_example_uses_the_installed_name_and_both_ways_to_seed():
    example = _seeding_example()
    assert "from keap_api_tutorial.sandbox import" in example and "helpers" not in example
    assert "@pytest.mark.keap_sandbox(" in example and "keap_sandbox.seed(" in example


def test_the_seeding_example_passes_in_another_project(tmp_path):
    """Another project's tests, with no conftest: the fixture comes from the entry point."""
    run = run_their_tests(tmp_path, _seeding_example(), timeout=180)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "2 passed" in run.stdout
