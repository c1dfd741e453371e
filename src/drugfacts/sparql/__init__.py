"""SPARQL the build itself runs (materialisation, summary counts), kept as .rq files."""

from __future__ import annotations

from functools import cache
from importlib.resources import files


@cache
def internal_query(name: str) -> str:
    """The text of src/drugfacts/sparql/<name>.rq."""
    return (files(__package__) / f"{name}.rq").read_text(encoding="utf-8")
