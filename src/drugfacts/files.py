"""Writing files so that a reader never sees half of one and a failed write leaves the old one.

A file is written beside its target and moved into place with os.replace; a folder is written
whole beside its target and renamed into place. Both get the permissions that a plain write would
give them (the umask's), not the owner-only ones of tempfile's staging files, so that a web
server or another user can read what was exported.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path


def write_file(path: Path, data: bytes) -> None:
    """Write `data` to `path` atomically: a temporary file in the same folder, then os.replace."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            os.fchmod(stream.fileno(), 0o666 & ~_umask())
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_folder(path: Path, files: Mapping[str, bytes | Path]) -> None:
    """Make `path` a folder holding exactly `files` (relative name → bytes, or a file to move
    there: one too large to hold in memory), replacing what was there as a whole."""
    path.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{path.name}-", dir=path.parent))
    try:
        staging.chmod(0o777 & ~_umask())
        for name, data in files.items():
            (staging / name).parent.mkdir(parents=True, exist_ok=True)
            if isinstance(data, Path):
                shutil.move(data, staging / name)
                (staging / name).chmod(0o666 & ~_umask())
            else:
                (staging / name).write_bytes(data)
        _swap_into_place(staging, path)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _umask() -> int:
    """The process's umask. It can only be read by setting it, so it is set back at once."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _swap_into_place(staging: Path, target: Path) -> None:
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}-old-{os.getpid()}")
        target.rename(old)
    staging.rename(target)
    if old is not None and old.is_dir():
        shutil.rmtree(old, ignore_errors=True)
    elif old is not None:
        old.unlink()
