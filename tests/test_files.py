"""Atomic writes (files.py): what a reader sees, and what a failed write leaves."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from drugfacts.files import write_file, write_folder


@pytest.fixture
def umask_022() -> Iterator[None]:
    """The umask most systems run with, whatever this process was started with."""
    before = os.umask(0o022)
    yield
    os.umask(before)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_written_file_has_the_mode_a_plain_write_gives(tmp_path: Path, umask_022: None) -> None:
    # tempfile stages owner-only (0600): an export a web server cannot read.
    write_file(tmp_path / "graph.nt", b"data")
    assert mode(tmp_path / "graph.nt") == 0o644


def test_written_folder_has_the_modes_a_plain_write_gives(tmp_path: Path, umask_022: None) -> None:
    write_folder(tmp_path / "kgx", {"nodes.tsv": b"id", "sub/edges.tsv": b"subject"})
    assert (mode(tmp_path / "kgx"), mode(tmp_path / "kgx" / "sub")) == (0o755, 0o755)
    assert mode(tmp_path / "kgx" / "nodes.tsv") == 0o644


def test_a_failed_file_write_leaves_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "graph.nt"
    write_file(target, b"old")
    with pytest.raises(TypeError):
        write_file(target, None)  # type: ignore[arg-type]
    assert [p.name for p in tmp_path.iterdir()] == ["graph.nt"]
    assert target.read_bytes() == b"old"


def test_a_failed_folder_write_leaves_the_old_folder(tmp_path: Path) -> None:
    folder = tmp_path / "drugs"
    write_folder(folder, {"old.md": b"old"})
    with pytest.raises(TypeError):
        write_folder(folder, {"new.md": b"new", "broken.md": None})  # type: ignore[dict-item]
    assert [p.name for p in tmp_path.iterdir()] == ["drugs"]
    assert [p.name for p in folder.iterdir()] == ["old.md"]
