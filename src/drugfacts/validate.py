"""SHACL validation of a drugfacts graph against ontology/shapes.ttl, with pyshacl."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyshacl
from rdflib import Graph, Node, URIRef
from rdflib.namespace import RDF

from .load import new_graph, parse_turtle
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


def validate_graph(data: Graph, shapes: Graph, ontology: Graph) -> ValidationReport:
    """Validate the data together with the ontology: the shapes read the fact predicates and
    their domains and ranges from it. (pyshacl's own ont_graph mixing copies only some axioms.)"""
    combined = Graph()
    combined += data
    combined += ontology
    conforms, report, _ = pyshacl.validate(
        combined,
        shacl_graph=shapes,
        inference="none",
        advanced=True,
        allow_warnings=False,
        inplace=True,
    )
    return ValidationReport(bool(conforms), read_violations(report), report)


def validate_files(files: list[Path], shapes_file: Path, ontology_file: Path) -> ValidationReport:
    """Validate the union of graph files, e.g. a build or a graph from another tool."""
    data = new_graph()
    for path in files:
        data += parse_turtle(path)
    return validate_graph(data, parse_turtle(shapes_file), parse_turtle(ontology_file))


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
