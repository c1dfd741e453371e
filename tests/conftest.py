"""Shared fixtures: the repository, small fixture projects, and running the CLI."""

from __future__ import annotations

import importlib.util
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType

import pytest
from click.testing import CliRunner, Result
from rdflib import Literal
from rdflib.term import Node

from drugfacts.build import BuildResult, build_graph
from drugfacts.cli import main
from drugfacts.project import Project

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


@pytest.fixture(scope="session")
def seed_build() -> BuildResult:
    """The repository's own data, built in memory once for the whole session (it takes seconds)."""
    return build_graph(Project(REPO))


@pytest.fixture(scope="session")
def built_seed(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """A copy of the repository's project (data, ontology, queries), built into its dist/, for
    the tests that serve or publish it; they must not change it."""
    root = tmp_path_factory.mktemp("seed") / "project"
    for folder in ("ontology", "data", "queries"):
        shutil.copytree(REPO / folder, root / folder)
    result = run(root, "build")
    assert result.exit_code == 0, result.stderr
    return Project(root)


def run(root: Path, *args: str, input: str | None = None) -> Result:
    """Run `drugfacts --root ROOT ARGS` in-process, keeping stdout and stderr apart; `input` is
    what the user types."""
    return CliRunner().invoke(main, ["--root", str(root), *args], input=input,
                              catch_exceptions=False)


def free_port() -> int:
    """A TCP port of 127.0.0.1 that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def oxigraph_command() -> str:
    """The `oxigraph` command of the test extra, beside this Python first."""
    command = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    assert command, "the oxigraph server is missing: pip install -e '.[test]'"
    return command


@contextmanager
def oxigraph_server(*args: str, location: Path) -> Iterator[str]:
    """`oxigraph ARGS --location LOCATION` (the server of the test extra) listening on a free
    port of 127.0.0.1; its base URL. Stopped on leaving."""
    port = free_port()
    server = subprocess.Popen([oxigraph_command(), *args, "--location", str(location), "--bind", f"127.0.0.1:{port}"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert server.poll() is None, server.stderr.read().decode()
                assert time.monotonic() < deadline, "oxigraph did not start within 20 s"
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=10)
        server.stderr.close()


def load_script(name: str) -> ModuleType:
    """A module of scripts/ (generate, bench), which is not a package."""
    spec = importlib.util.spec_from_file_location(name, REPO / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


def comparable(term: Node | None) -> object:
    """A term as two engines' answers are compared: a typed literal by its value, because
    Oxigraph keeps numbers in their canonical form (oxigraph#526: "400.0"^^xsd:decimal comes
    back as "400"); anything else as itself."""
    if isinstance(term, Literal) and term.datatype is not None:
        return str(term.datatype), term.toPython()
    return term
