"""SHACL validation of a drugfacts graph against ontology/shapes.ttl.

Two engines, one registry (`ENGINES`, whose keys are the CLI's `--engine` choices):

- `fast` (the default): the shapes compiled to SPARQL and run set-at-a-time on Oxigraph
  (shacl_sparql.py), seconds at 10^6 triples. Shapes it cannot translate fall back to pyshacl.
- `pyshacl`: the reference implementation the field uses, one focus node at a time; minutes at
  10^5 triples. tests/test_validate_fast.py checks that both give the same report.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pyshacl
from rdflib import BNode, Graph, Literal, Node, URIRef
from rdflib.namespace import RDF

from . import shacl_sparql
from .errors import UsageError
from .load import new_graph, parse_turtle
from .store import ONTOLOGY_GRAPH, StoredGraph, ntriples, parse_file, stored, to_rdflib_term
from .vocab import SH


@dataclass(frozen=True, order=True)
class Violation:
    """One result of the SHACL report: which node, which path and value, which shape and
    constraint fired, and the shape's message."""

    focus: str
    path: str
    value: str
    message: str
    shape: str
    component: str
    severity: str


@dataclass
class ValidationReport:
    conforms: bool
    violations: list[Violation]
    graph: Graph
    engine: str = "pyshacl"


Data = Graph | StoredGraph
Engine = Callable[[Data, Graph, Graph], ValidationReport]
DEFAULT_ENGINE = "fast"


def validate_graph(data: Data, shapes: Graph, ontology: Graph, engine: str = DEFAULT_ENGINE) -> ValidationReport:
    """Validate the data together with the ontology: the shapes read the fact predicates and
    their domains and ranges from it. `data` is an rdflib graph, or a graph in a store beside
    the ontology, as the build makes it."""
    if engine not in ENGINES:
        raise UsageError(f"unknown validation engine {engine!r}: one of {', '.join(ENGINES)}")
    return ENGINES[engine](data, shapes, ontology)


def _with_pyshacl(data: Data, shapes: Graph, ontology: Graph) -> ValidationReport:
    """pyshacl, on a copy of data and ontology (pyshacl's own ont_graph mixing copies only
    some axioms)."""
    combined = Graph()
    combined += data if isinstance(data, Graph) else data.rdflib()
    combined += ontology
    conforms, report, _ = pyshacl.validate(
        combined,
        shacl_graph=shapes,
        inference="none",
        advanced=True,
        allow_warnings=False,
        inplace=True,
    )
    return ValidationReport(bool(conforms), read_violations(report), report, "pyshacl")


def _with_sparql(data: Data, shapes: Graph, ontology: Graph) -> ValidationReport:
    """The shapes as SPARQL on Oxigraph; pyshacl where the shapes need what it cannot do."""
    if isinstance(data, Graph):
        data = stored(data.serialize(format="nt", encoding="utf-8"),
                      ontology.serialize(format="nt", encoding="utf-8"))
    try:
        results = shacl_sparql.validate(data.store, shapes, default_graph=[ox.DefaultGraph(), ONTOLOGY_GRAPH],
                                        as_written=data.as_written)
    except shacl_sparql.Unsupported as why:
        warnings.warn(f"the fast validator cannot translate {why}: validating with pyshacl", stacklevel=3)
        return _with_pyshacl(data, shapes, ontology)
    report = report_graph(results, shapes)
    return ValidationReport(not results, read_violations(report), report, "fast")


ENGINES: Mapping[str, Engine] = {"fast": _with_sparql, "pyshacl": _with_pyshacl}


def report_graph(results: list[shacl_sparql.Result], shapes: Graph) -> Graph:
    """A SHACL validation report of the results, as pyshacl writes one: an anonymous source
    shape comes with its sh:path, so that a reader can name it."""
    report = Graph(bind_namespaces="none")
    report.bind("sh", SH)
    root = BNode()
    report.add((root, RDF.type, SH.ValidationReport))
    report.add((root, SH.conforms, Literal(not results)))
    for r in results:
        node = BNode()
        report.add((root, SH.result, node))
        report.add((node, RDF.type, SH.ValidationResult))
        report.add((node, SH.focusNode, to_rdflib_term(r.focus)))
        report.add((node, SH.sourceShape, r.shape))
        report.add((node, SH.sourceConstraintComponent, r.component))
        report.add((node, SH.resultSeverity, r.severity))
        if r.path is not None:
            report.add((node, SH.resultPath, r.path))
        if r.value is not None:
            report.add((node, SH.value, to_rdflib_term(r.value)))
        if r.message is not None:
            report.add((node, SH.resultMessage, Literal(r.message)))
        if isinstance(r.shape, BNode):
            report += shapes.triples((r.shape, SH.path, None))
    return report


def validate_files(files: list[Path], shapes_file: Path, ontology_file: Path,
                   engine: str = DEFAULT_ENGINE) -> ValidationReport:
    """Validate the union of graph files, e.g. a build or a graph from another tool."""
    shapes, ontology = parse_turtle(shapes_file), parse_turtle(ontology_file)
    if engine == "pyshacl":
        data = new_graph()
        for path in files:
            data += parse_turtle(path)
        return validate_graph(data, shapes, ontology, engine)
    written = b"".join(ntriples(parse_file(path)) for path in files)
    return validate_graph(stored(written, ntriples(parse_file(ontology_file))), shapes, ontology, engine)


def read_violations(report: Graph) -> list[Violation]:
    """The results of a SHACL report graph, sorted so reports compare and print stably."""
    def text(result: Node, prop: URIRef) -> str:
        value = report.value(result, prop)
        return "" if value is None else str(value)

    violations = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        shape = report.value(result, SH.sourceShape)
        violations.append(Violation(
            focus=text(result, SH.focusNode),
            path=text(result, SH.resultPath),
            value=text(result, SH.value),
            message=text(result, SH.resultMessage),
            shape=str(shape) if isinstance(shape, URIRef) else _named_parent_shape(report, shape),
            component=text(result, SH.sourceConstraintComponent),
            severity=text(result, SH.resultSeverity),
        ))
    return sorted(violations)


def _named_parent_shape(report: Graph, shape: Node | None) -> str:
    """Anonymous property shapes are reported by their blank node; name them by the path."""
    if shape is None:
        return ""
    path = report.value(shape, SH.path)
    return f"[sh:path {path}]" if path is not None else "[anonymous shape]"
