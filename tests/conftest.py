"""Shared fixtures: the repository, small fixture projects, and running the CLI."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from drugfacts.cli import main

REPO = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"


def make_project(target: Path, *overlays: Path) -> Path:
    """A project folder: the repository's ontology with the mini fixture's data, then each
    overlay's files copied over it (added or replaced)."""
    shutil.copytree(REPO / "ontology", target / "ontology")
    shutil.copytree(DATA / "mini" / "data", target / "data")
    for overlay in overlays:
        shutil.copytree(overlay, target, dirs_exist_ok=True)
    return target


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    return make_project(tmp_path / "mini")


def run(root: Path, *args: str) -> Result:
    """Run `drugfacts --root ROOT ARGS` in-process, keeping stdout and stderr apart."""
    return CliRunner().invoke(main, ["--root", str(root), *args], catch_exceptions=False)
