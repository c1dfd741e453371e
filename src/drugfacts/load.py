"""Reading Turtle files into graphs, with errors that name the file and the line."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph
from rdflib.plugins.parsers.notation3 import BadSyntax

from .errors import DataError, Problem
from .vocab import PREFIXES


def new_graph() -> Graph:
    """An empty graph with the project's prefixes bound, so output uses them."""
    graph = Graph(bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


def parse_turtle(path: Path, shown_as: Path | None = None) -> Graph:
    """Parse one Turtle file; a syntax error becomes a DataError naming the file and line."""
    shown = shown_as or path
    if not path.is_file():
        raise DataError(Problem("file not found", file=shown))
    graph = new_graph()
    try:
        graph.parse(path, format="turtle")
    except BadSyntax as error:
        # BadSyntax counts lines from zero; editors count from one.
        raise DataError(Problem(error._why, file=shown, line=error.lines + 1)) from None
    except (ValueError, UnicodeDecodeError) as error:
        raise DataError(Problem(f"cannot read as Turtle: {error}", file=shown)) from None
    return graph
