"""SHACL validation compiled to SPARQL and run set-at-a-time on Oxigraph.

pyshacl checks one focus node at a time and parses each SPARQL constraint again for every focus
node (pySHACL#237): minutes at 10^5 triples, hours at 10^6. Here each constraint of each shape
becomes one SPARQL query over all its focus nodes at once that returns only the violations, and
Oxigraph runs it in Rust.

The compiler knows the SHACL Core components the drugfacts shapes use (targets; min/max count,
datatype, class, node kind, in, pattern, min/max length, min/max inclusive and exclusive, less
than (or equals), or) and SPARQL-based constraints. Shapes using anything else raise
`Unsupported`, and validation falls back to pyshacl, which stays the reference:
tests/test_validate_fast.py keeps the two reports equal.

Oxigraph stores xsd:integer and every type derived from it (xsd:nonNegativeInteger, xsd:int, ...)
as xsd:integer (oxigraph#526). `as_written` says, for each predicate, which of those datatypes
its literals had in the files; where the store cannot tell them apart, validation falls back too.
"""

from __future__ import annotations

import itertools
import os
import re
from collections.abc import Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, XSD
from rdflib.term import Node

from .vocab import SH

XSD_NS = str(XSD)
# xsd:integer and its derived types, with their value ranges; Oxigraph keeps all as xsd:integer.
INTEGER_TYPES: dict[str, tuple[int | None, int | None]] = {
    XSD_NS + name: bounds for name, bounds in {
        "integer": (None, None), "nonNegativeInteger": (0, None), "positiveInteger": (1, None),
        "nonPositiveInteger": (None, 0), "negativeInteger": (None, -1),
        "long": (-2**63, 2**63 - 1), "int": (-2**31, 2**31 - 1), "short": (-2**15, 2**15 - 1),
        "byte": (-128, 127), "unsignedLong": (0, 2**64 - 1), "unsignedInt": (0, 2**32 - 1),
        "unsignedShort": (0, 2**16 - 1), "unsignedByte": (0, 255)}.items()}
# Datatypes whose ill-typed literals (\"abc\"^^xsd:decimal) a cast to the same type finds.
_CASTABLE = {XSD_NS + t for t in ("decimal", "float", "double", "boolean", "dateTime", "date",
                                   "time", "duration", "string")}
_NODE_KINDS = {
    SH.IRI: "isIRI({v})", SH.BlankNode: "isBlank({v})", SH.Literal: "isLiteral({v})",
    SH.BlankNodeOrIRI: "!isLiteral({v})", SH.BlankNodeOrLiteral: "!isIRI({v})",
    SH.IRIOrLiteral: "!isBlank({v})",
}
_INTEGER_LITERAL = re.compile(
    rb'^\S+ <([^>]*)> "(?:[^"\\\n]|\\.)*"\^\^<(' + re.escape(XSD_NS.encode()) + rb"(?:"
    + b"|".join(t.removeprefix(XSD_NS).encode() for t in INTEGER_TYPES) + rb"))> \.$", re.MULTILINE)
_COMPARISONS = {SH.minInclusive: ">=", SH.maxInclusive: "<=", SH.minExclusive: ">", SH.maxExclusive: "<"}
_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
# What a shape may say besides its constraints.
_DESCRIPTIVE = {RDF.type, SH.path, SH.message, SH.severity, SH.name, SH.description, SH.order,
                SH.group, SH.flags, SH.deactivated, RDFS.label, RDFS.comment, *_TARGETS}


class Unsupported(Exception):
    """The shapes use a part of SHACL this compiler does not translate."""


@dataclass(frozen=True)
class Result:
    """One violation: the focus node, the path and value where there are, which shape and
    component fired, the message and the severity."""

    focus: ox.NamedNode | ox.BlankNode | ox.Literal
    path: URIRef | None
    value: ox.NamedNode | ox.BlankNode | ox.Literal | None
    shape: Node
    component: URIRef
    message: str | None
    severity: URIRef


@dataclass(frozen=True)
class Query:
    """A compiled check: the SPARQL, and how to read each row it returns."""

    sparql: str
    shape: Node
    component: URIRef
    path: URIRef | None
    message: str | None
    severity: URIRef
    sparql_based: bool = False


def integer_datatypes(ntriples: bytes) -> dict[str, frozenset[str]]:
    """For each predicate, the integer datatypes (xsd:integer and those derived from it) that
    its literals are written with in the N-Triples."""
    found: dict[str, set[str]] = {}
    for predicate, datatype in set(_INTEGER_LITERAL.findall(ntriples)):
        found.setdefault(predicate.decode(), set()).add(datatype.decode())
    return {p: frozenset(d) for p, d in found.items()}


def validate(store: ox.Store, shapes: Graph, *, default_graph: list | None = None,
             as_written: Mapping[str, frozenset[str]] | None = None) -> list[Result]:
    """Every violation of the shapes in the store's data (its default graph, or the union of
    `default_graph`). Raises Unsupported before running anything the compiler cannot translate."""
    as_written = as_written or {}

    def run(query: Query) -> list[Result]:
        solutions = store.query(query.sparql, default_graph=default_graph)
        return [replace(r, value=_written_value(r, as_written)) for r in _read(query, solutions)]

    # Oxigraph evaluates without holding the GIL, so the checks run on every core at once;
    # map keeps the results in the order of the checks.
    with ThreadPoolExecutor(max_workers=os.cpu_count()) as pool:
        return [r for found in pool.map(run, compile_shapes(shapes, as_written)) for r in found]


def _written_value(result: Result, as_written: Mapping[str, frozenset[str]]
                   ) -> ox.NamedNode | ox.BlankNode | ox.Literal | None:
    """The value as the data wrote it, where the store changed it: an xsd:integer back to the
    one integer type its predicate is written with ("9"^^xsd:nonNegativeInteger), as pyshacl
    reports it."""
    value = result.value
    if (isinstance(value, ox.Literal) and value.datatype.value == str(XSD.integer)
            and result.path is not None and len(as_written.get(str(result.path), ())) == 1):
        written, = as_written[str(result.path)]
        return ox.Literal(value.value, datatype=ox.NamedNode(written))
    return value


def compile_shapes(shapes: Graph, as_written: Mapping[str, frozenset[str]]) -> list[Query]:
    """All the checks of a shapes graph, each shape checked once over the union of the focus
    nodes of every shape that refers to it."""
    compiler = _Compiler(shapes, as_written)
    focus: dict[Node, list[str]] = {}

    def visit(shape: Node, patterns: list[str]) -> None:
        focus.setdefault(shape, []).extend(patterns)
        for child in shapes.objects(shape, SH.property):
            visit(child, patterns)
        if (shape, SH.node, None) in shapes:
            raise Unsupported("sh:node")

    for shape in sorted({s for t in _TARGETS for s in shapes.subjects(t, None)}, key=str):
        visit(shape, [compiler.target(shape)])
    for shape in shapes.subjects(RDF.type, SH.NodeShape):
        if (shape, RDF.type, RDFS.Class) in shapes:
            raise Unsupported("implicit class targets")
    return [q for shape, patterns in sorted(focus.items(), key=lambda i: str(i[0]))
            for q in compiler.shape(shape, patterns)]


class _Compiler:
    def __init__(self, shapes: Graph, as_written: Mapping[str, frozenset[str]]):
        self.shapes = shapes
        self.as_written = as_written
        self.names = itertools.count()

    def fresh(self) -> str:
        return f"?_v{next(self.names)}"

    # ------------------------------------------------------------------ focus nodes

    def target(self, shape: Node) -> str:
        """A group pattern binding ?this to each target of the shape."""
        parts = []
        for cls in self.shapes.objects(shape, SH.targetClass):
            parts.append(f"?this <{RDF.type}>/<{RDFS.subClassOf}>* {_term(cls)} .")
        for node in self.shapes.objects(shape, SH.targetNode):
            parts.append(f"VALUES ?this {{ {_term(node)} }}")
        for p in self.shapes.objects(shape, SH.targetSubjectsOf):
            parts.append(f"?this {_term(p)} [] .")
        for p in self.shapes.objects(shape, SH.targetObjectsOf):
            parts.append(f"[] {_term(p)} ?this .")
        return " UNION ".join(f"{{ {p} }}" for p in parts)

    # ------------------------------------------------------------------ one shape

    def shape(self, shape: Node, patterns: list[str]) -> Iterator[Query]:
        s = self.shapes
        if s.value(shape, SH.deactivated) == Literal(True):
            return
        path = s.value(shape, SH.path)
        if path is not None and not isinstance(path, URIRef):
            raise Unsupported("paths other than a single predicate")
        members = " UNION ".join(f"{{ {p} }}" for p in patterns)
        focus = f"{{ SELECT DISTINCT ?this WHERE {{ {members} }} }}"
        values = f"?this {_term(path)} ?value ." if path is not None else "BIND (?this AS ?value)"
        message = _message(s, shape)
        severity = s.value(shape, SH.severity) or SH.Violation

        def query(sparql: str, component: str, *, sparql_based: bool = False, text: str | None = None) -> Query:
            return Query(sparql, shape, SH[component + "ConstraintComponent"], path,
                         text if sparql_based else message, severity, sparql_based)

        for predicate, obj in sorted(s.predicate_objects(shape), key=lambda po: (str(po[0]), str(po[1]))):
            if predicate in _DESCRIPTIVE or predicate == SH.property:
                continue
            if predicate == SH.sparql:
                yield query(self.sparql(obj, focus), "SPARQL", sparql_based=True, text=_message(s, obj) or message)
                continue
            if predicate in (SH.minCount, SH.maxCount, SH.lessThan, SH.lessThanOrEquals) and path is None:
                raise Unsupported(f"{predicate} on a node shape")
            if predicate in (SH.minCount, SH.maxCount):
                yield query(self.count(focus, members, path, predicate, int(obj)), _component(predicate))
            elif predicate in (SH.lessThan, SH.lessThanOrEquals):
                operator = "<" if predicate == SH.lessThan else "<="
                yield query(
                    f"SELECT DISTINCT ?this ?value WHERE {{ {focus} {values} ?this {_term(obj)} ?_other . "
                    f"FILTER (!COALESCE(?value {operator} ?_other, false)) }}", _component(predicate))
            else:
                component, violated = self.value_check(predicate, obj, "?value", path)
                yield query(f"SELECT DISTINCT ?this ?value WHERE {{ {focus} {values} FILTER ({violated}) }}",
                            component)

    def count(self, focus: str, members: str, path: URIRef, predicate: URIRef, limit: int) -> str:
        """A count check. sh:maxCount counts first and asks only of the few nodes over the
        limit whether they are focus nodes: twice as fast as counting for every focus node."""
        if predicate == SH.minCount and limit == 1:
            return f"SELECT ?this WHERE {{ {focus} FILTER NOT EXISTS {{ ?this {_term(path)} [] }} }}"
        if predicate == SH.maxCount:
            return (f"SELECT ?this WHERE {{ {{ SELECT ?this WHERE {{ ?this {_term(path)} ?_x }} GROUP BY ?this "
                    f"HAVING (COUNT(DISTINCT ?_x) > {limit}) }} FILTER EXISTS {{ {members} }} }}")
        return (f"SELECT ?this WHERE {{ {focus} OPTIONAL {{ ?this {_term(path)} ?_x }} }} "
                f"GROUP BY ?this HAVING (COUNT(DISTINCT ?_x) < {limit})")

    def value_check(self, predicate: URIRef, obj: Node, v: str, path: URIRef | None) -> tuple[str, str]:
        """(component name, a SPARQL expression true when the value node `v` violates it)."""
        if predicate == SH.datatype:
            return _component(predicate), self.datatype(obj, v, path)
        if predicate == SH["class"]:
            return _component(predicate), f"(isLiteral({v}) || NOT EXISTS {{ {v} <{RDF.type}>/<{RDFS.subClassOf}>* {_term(obj)} }})"
        if predicate == SH.nodeKind:
            return "NodeKind", "!" + _NODE_KINDS[obj].format(v=v)
        if predicate == SH["in"]:
            members = Collection(self.shapes, obj)
            return "In", "!(" + (" || ".join(f"sameTerm({v}, {_term(m)})" for m in members) or "false") + ")"
        if predicate == SH.pattern:
            flags = self.shapes.value(obj, SH.flags)
            flag_arg = f", {_term(Literal(str(flags)))}" if flags else ""
            return "Pattern", f"(isBlank({v}) || !REGEX(STR({v}), {_term(Literal(str(obj)))}{flag_arg}))"
        if predicate in (SH.minLength, SH.maxLength):
            operator = "<" if predicate == SH.minLength else ">"
            return _component(predicate), f"(isBlank({v}) || STRLEN(STR({v})) {operator} {int(obj)})"
        if predicate in _COMPARISONS:
            return _component(predicate), f"!COALESCE({v} {_COMPARISONS[predicate]} {_term(obj)}, false)"
        if predicate == SH["or"]:
            members = list(Collection(self.shapes, obj))
            return "Or", "(" + " && ".join(f"!{self.conforms(m, v)}" for m in members) + ")"
        raise Unsupported(str(predicate))

    def datatype(self, datatype: Node, v: str, path: URIRef | None) -> str:
        """The value is not a well-formed literal of the datatype. For the integer types, what
        the store cannot tell apart must have been written one way only (see `as_written`)."""
        dt = str(datatype)
        if datatype == RDF.langString:
            return f"!(isLiteral({v}) && LANG({v}) != \"\")"
        written = self.as_written.get(str(path), frozenset()) if path is not None else frozenset()
        if dt in INTEGER_TYPES:
            if written - {dt}:
                raise Unsupported(f"{dt} beside other integer types on {path}")
            low, high = INTEGER_TYPES[dt]
            bounds = "".join(f" && {v} {op} {n}" for op, n in ((">=", low), ("<=", high)) if n is not None)
            return f"!(isLiteral({v}) && DATATYPE({v}) = <{XSD.integer}> && isNumeric({v}){bounds})"
        well_formed = f" && COALESCE(DATATYPE(<{dt}>(STR({v}))) = <{dt}>, false)" if dt in _CASTABLE else ""
        return f"!(isLiteral({v}) && DATATYPE({v}) = <{dt}>{well_formed})"

    def conforms(self, shape: Node, v: str) -> str:
        """A SPARQL expression true when the node `v` conforms to the (member) shape."""
        path = self.shapes.value(shape, SH.path)
        if path is not None and not isinstance(path, URIRef):
            raise Unsupported("paths other than a single predicate")
        checks = []
        for predicate, obj in self.shapes.predicate_objects(shape):
            if predicate in _DESCRIPTIVE:
                continue
            if path is not None and predicate == SH.minCount and int(obj) == 1:
                checks.append(f"EXISTS {{ {v} {_term(path)} [] }}")
            elif predicate in (SH.minCount, SH.maxCount, SH.lessThan, SH.lessThanOrEquals, SH.sparql,
                               SH.property):
                raise Unsupported(f"{predicate} inside sh:or")
            elif path is None:
                checks.append("!" + self.value_check(predicate, obj, v, None)[1])
            else:
                x = self.fresh()
                violated = self.value_check(predicate, obj, x, path)[1]
                checks.append(f"NOT EXISTS {{ {v} {_term(path)} {x} FILTER ({violated}) }}")
        return "(" + (" && ".join(checks) or "true") + ")"

    def sparql(self, constraint: Node, focus: str) -> str:
        """A SPARQL-based constraint run over all focus nodes: its SELECT as a subquery joined
        with them. Its $this is projected, so the join gives each focus node its own rows."""
        s = self.shapes
        if s.value(constraint, SH.deactivated) == Literal(True):
            raise Unsupported("deactivated SPARQL constraints")
        select = s.value(constraint, SH.select)
        if select is None:
            raise Unsupported("SPARQL constraints other than sh:select")
        text = str(select)
        if not re.search(r"SELECT\s+(DISTINCT\s+)?[^{]*[?$]this\b", text, re.IGNORECASE) or \
                re.search(r"[?$](shapesGraph|currentShape)\b", text):
            raise Unsupported("SPARQL constraints that do not project $this")
        prefixes = "".join(
            f"PREFIX {s.value(d, SH.prefix)}: <{s.value(d, SH.namespace)}>\n"
            for source in s.objects(constraint, SH.prefixes) for d in s.objects(source, SH.declare))
        return f"{prefixes}SELECT DISTINCT * WHERE {{ {focus} {{ {text} }} }}"


def _read(query: Query, solutions: ox.QuerySolutions) -> Iterator[Result]:
    names = [v.value for v in solutions.variables]
    for row in solutions:
        bound = {name: row[i] for i, name in enumerate(names) if row[i] is not None}
        focus = bound["this"]
        path = query.path
        if query.sparql_based and "path" in bound:
            path = URIRef(bound["path"].value)
        value = bound.get("value")
        if value is None and query.sparql_based and query.path is None:
            value = focus  # the value node of a node shape is its focus node
        message = query.message
        if query.sparql_based and message:
            for name, term in bound.items():
                message = re.sub(r"\{[?$]" + re.escape(name) + r"\}", lambda _: term.value, message)
        yield Result(focus, path, value, query.shape, query.component, message, query.severity)


def _component(parameter: URIRef) -> str:
    """sh:minCount → MinCount, the start of sh:MinCountConstraintComponent."""
    name = parameter.removeprefix(str(SH))
    return name[0].upper() + name[1:]


def _message(shapes: Graph, node: Node) -> str | None:
    message = shapes.value(node, SH.message)
    return None if message is None else str(message)


def _term(node: Node) -> str:
    """An rdflib term in SPARQL syntax."""
    if isinstance(node, URIRef):
        return f"<{node}>"
    if isinstance(node, Literal):
        if node.language:
            return str(ox.Literal(str(node), language=node.language))
        return str(ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype or XSD.string))))
    if isinstance(node, BNode):
        raise Unsupported("blank nodes as constraint parameters")
    raise Unsupported(repr(node))
