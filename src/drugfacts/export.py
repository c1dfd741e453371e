"""Writing a graph to files. One registry of formats, used by the code and by the CLI."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph


@dataclass(frozen=True)
class Format:
    name: str
    extension: str
    rdflib_format: str
    media_type: str


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("turtle", "ttl", "turtle", "text/turtle"),
    )
}


def serialize(graph: Graph, format_name: str) -> bytes:
    """The graph in the named format. rdflib's Turtle writer sorts subjects and predicates, and
    the graph has no blank nodes, so the same graph gives the same bytes."""
    fmt = FORMATS[format_name]
    return graph.serialize(format=fmt.rdflib_format, encoding="utf-8")


def write_graph(graph: Graph, path: Path, format_name: str) -> None:
    path.write_bytes(serialize(graph, format_name))
