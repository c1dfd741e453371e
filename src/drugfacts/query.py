"""Saved questions: `queries/*.rq`, each with a header the code reads, answered over dist/.

A saved query is one SPARQL file whose leading comments are its header: title, question,
parameters with their kind and default, result columns (the syntax is HEADER_SYNTAX, which
queries/README.md repeats). Parameter values are resolved to RDF terms (an entity from its IRI,
CURIE, mapped external CURIE, slug, label or synonym) and bound as initial bindings (rdflib) or
as a VALUES block of terms that Oxigraph writes (`with_values`): never pasted into the query
text. Queries run over the built graph with the ontology beside it, so that they can read the
fact predicates and their labels. One function, `run_query`, calls the engine: an Oxigraph store
(what `drugfacts query` loads: milliseconds a question at 10^6 triples, where rdflib takes
seconds), an rdflib Graph, or a remote endpoint. Every query is first parsed by rdflib (once per
text), so its syntax errors and its refusals are the same on every engine.
"""

from __future__ import annotations

import csv
import difflib
import io
import json
import multiprocessing
import re
import shutil
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Protocol, runtime_checkable
from xml.etree import ElementTree

import pyoxigraph as ox
from pyparsing import ParseException
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.algebra import traverse
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.plugins.sparql.sparql import Query
from rdflib.term import Node
from rich.console import Console
from rich.table import Table
from rich.text import Text

from .build import build, require_fresh_build, stale_inputs
from .errors import DrugfactsError, Problem, RefusedError, TimeLimitError, UsageError
from .load import new_graph, parse_turtle
from .prefixes import converter
from .project import Project
from .sparql import internal_query
from .store import ONTOLOGY_GRAPH, from_rdflib, open_store, to_rdflib_term
from .vocab import DF, KINDS, PREFIXES, slugify

#: The classes an entity parameter of each kind may name. The kinds are the data prefixes of
#: vocab.KINDS, with `condition` widened to populations (contraindications name both), plus
#: `predicate` (a fact predicate such as df:treats) and `entity` (anything of those classes).
ENTITY_KINDS: dict[str, tuple[URIRef, ...]] = {
    **{prefix: (kind.cls,) for prefix, kind in KINDS.items() if kind.cls != DF.Claim},
    "condition": (DF.Condition, DF.Population),
    "predicate": (DF.FactPredicate,),
    "entity": tuple(kind.cls for kind in KINDS.values() if kind.cls != DF.Claim),
}
LITERAL = "literal"
PARAMETER_KINDS = (*ENTITY_KINDS, LITERAL)

HEADER_FIELDS = ("title", "question", "param", "result")
HEADER_SYNTAX = """\
The header is the comment block that starts on the first line of the file, one field a line,
ended by a line holding only `#` or by the first line that is not a comment:

    # title: Side effects of a drug
    # question: Which side effects do the sources claim for the drug, and how many sources
    #   back each?
    # param: drug (drug, optional) -- the drug; every drug when not given
    # result: drug, condition, label, sources, quotes

- `title:` and `question:` once each; `result:` once, the columns of a SELECT query in order
  (for CONSTRUCT and DESCRIBE queries, what the triples say).
- `param: NAME (KIND) -- DESCRIPTION` for each parameter, bound to the query variable `?NAME`.
  `(KIND)` alone makes it required; `(KIND, default: VALUE)` gives it a default; `(KIND, optional)`
  leaves `?NAME` unbound when it is not given, so that the query ranges over every value.
- A line starting with `#` and two or more spaces continues the field above it.
"""

_FIELD = re.compile(r"#\s?(?P<key>[a-z]+):\s*(?P<value>.*)")
_CONTINUATION = re.compile(r"#\s{2,}(?P<value>\S.*)")
_PARAM = re.compile(
    r"(?P<name>[A-Za-z_]\w*)\s*\(\s*(?P<kind>[a-z-]+)\s*"
    r"(?:,\s*(?:default:\s*(?P<default>[^)]*?)|(?P<optional>optional))\s*)?\)"
    r"\s*(?:--\s*(?P<description>.*))?")


@dataclass(frozen=True)
class Parameter:
    """One parameter of a saved query, bound to the query variable of the same name."""

    name: str
    kind: str
    default: str | None = None
    optional: bool = False
    description: str = ""

    @property
    def required(self) -> bool:
        return self.default is None and not self.optional

    def signature(self) -> str:
        """The parameter as the header writes it, for catalogues: `drug (drug, optional)`."""
        extra = f", default: {self.default}" if self.default is not None else (
            ", optional" if self.optional else "")
        return f"{self.name} ({self.kind}{extra})"


@dataclass(frozen=True)
class SavedQuery:
    """A query file and what its header says about it."""

    name: str
    path: Path
    text: str
    title: str = ""
    question: str = ""
    parameters: tuple[Parameter, ...] = ()
    result: str = ""

    @property
    def columns(self) -> tuple[str, ...]:
        """The result's columns, as a SELECT query's header names them."""
        return tuple(c.strip() for c in self.result.split(",") if c.strip())


def read_query(path: Path, shown: Path | None = None, *, saved: bool = True) -> SavedQuery:
    """Read a query file and parse its header. A saved query must have a title, a question and
    a result; a user's own file (`saved=False`) may have no header at all."""
    shown = shown or path
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(Problem(f"cannot read the query: {error}", file=shown)) from None
    fields = _header_fields(text, shown)
    if saved:
        missing = [key for key in ("title", "question", "result") if key not in fields]
        if missing:
            raise UsageError(Problem(f"the header has no {', '.join(missing)}: see "
                                     "queries/README.md", file=shown, line=1))
    for key in ("title", "question", "result"):
        if len(fields.get(key, [])) > 1:
            raise UsageError(Problem(f"the header has more than one {key}", file=shown,
                                     line=fields[key][1][0]))
    parameters = tuple(_parameter(value, shown, line) for line, value in fields.get("param", []))
    names = [p.name for p in parameters]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise UsageError(Problem(f"parameter {', '.join(twice)} is declared twice", file=shown))
    only = {key: values[0][1] for key, values in fields.items() if key != "param"}
    return SavedQuery(
        name=path.stem, path=shown, text=text, title=only.get("title", ""),
        question=only.get("question", ""), parameters=parameters, result=only.get("result", ""))


def _header_fields(text: str, shown: Path) -> dict[str, list[tuple[int, str]]]:
    """The header's fields: key → [(line number, value)], continuation lines joined on. A file
    whose first line is not a header field has no header: its comments are only comments."""
    fields: dict[str, list[tuple[int, str]]] = {}
    last: list[tuple[int, str]] | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.rstrip()
        found = _FIELD.fullmatch(line)
        if not line.startswith("#") or line == "#" or (
                number == 1 and not (found and found["key"] in HEADER_FIELDS)):
            break
        continued = _CONTINUATION.fullmatch(line)
        if continued and last:
            at, value = last[-1]
            last[-1] = (at, f"{value} {continued['value'].strip()}")
        elif found and found["key"] in HEADER_FIELDS:
            last = fields.setdefault(found["key"], [])
            last.append((number, found["value"].strip()))
        else:
            raise UsageError(Problem(
                f"not a header line: write {', '.join(f'# {k}: ...' for k in HEADER_FIELDS)}, "
                "continue a field with '#' and two spaces, or end the header with a line '#'",
                file=shown, line=number))
    return fields


def _parameter(value: str, shown: Path, line: int) -> Parameter:
    found = _PARAM.fullmatch(value)
    if not found:
        raise UsageError(Problem(
            f"cannot read the parameter {value!r}: write NAME (KIND), NAME (KIND, default: VALUE) "
            "or NAME (KIND, optional), then -- and what it is", file=shown, line=line))
    if found["kind"] not in PARAMETER_KINDS:
        raise UsageError(Problem(f"unknown parameter kind {found['kind']!r}; the kinds are "
                                 f"{', '.join(PARAMETER_KINDS)}", file=shown, line=line))
    return Parameter(found["name"], found["kind"], found["default"], bool(found["optional"]),
                     (found["description"] or "").strip())


# ---------------------------------------------------------------- the catalogue

def saved_queries(project: Project) -> dict[str, SavedQuery]:
    """Every saved query of the project, by name."""
    return {path.stem: read_query(path, project.relative(path))
            for path in sorted(project.queries_dir.glob("*.rq"))}


def select_query(project: Project, name: str | None, file: Path | None) -> SavedQuery:
    """The saved query NAME, or the user's own query file: exactly one of the two."""
    if (name is None) == (file is None):
        raise UsageError("name a saved query (drugfacts queries lists them) or give --file, "
                         "not both")
    if file is not None:
        return read_query(file, saved=False)
    name = name.removesuffix(".rq")
    path = project.queries_dir / f"{name}.rq"
    if not path.is_file():
        known = sorted(p.stem for p in project.queries_dir.glob("*.rq"))
        near = difflib.get_close_matches(name, known, n=3)
        hint = f"did you mean {' or '.join(near)}? " if near else ""
        folder = project.relative(project.queries_dir)
        raise UsageError(f"no saved query named {name!r} in {folder}/; {hint}the saved queries "
                         f"are: {', '.join(known) or 'none'}")
    return read_query(path, project.relative(path))


def catalogue_rows(queries: Iterable[SavedQuery]) -> list[tuple[str, str, str]]:
    """Name, title and parameters of each query, for `drugfacts queries`."""
    return [(q.name, q.title, ", ".join(p.signature() for p in q.parameters)) for q in queries]


def catalogue_markdown(queries: Iterable[SavedQuery]) -> str:
    """queries/README.md: the catalogue, generated from the headers so it cannot drift."""
    queries = list(queries)
    lines = [
        "# Saved questions",
        "",
        "<!-- Generated by `drugfacts queries --markdown > queries/README.md` from the headers of",
        "     the .rq files; edit those, not this file. A test checks that it is up to date. -->",
        "",
        "Each `.rq` file here is one question, named by its role. Answer one over the built graph",
        "(`dist/`, with the ontology beside it) with",
        "",
        "    drugfacts query NAME --param NAME=VALUE [--format F] [--timeout SECONDS] [--build]",
        "    drugfacts query --file my-question.rq       # any query of your own",
        "",
        "Formats:",
        "",
        *(f"- `{f.name}` ({f.media_type}), for "
          f"{'CONSTRUCT and DESCRIBE' if f.graph else 'SELECT and ASK'} queries"
          for f in RESULT_FORMATS.values()),
        "",
        "Exit codes: 0 with rows, 0 with an empty result (and a note on stderr), 1 invalid",
        "data (with `--build`), 2 usage error (an unknown query or parameter, a value that names",
        "nothing or several things, a syntax error, no build or a stale one), 3 stopped at",
        "`--timeout`.",
        "",
        "Queries count only accepted claims. A fact's *support* is the number of distinct",
        "sources with an accepted, affirmed claim of it. A query whose name ends in `-violation`",
        "checks the graph: it returns no rows on a valid graph.",
        "",
        "## The header",
        "",
        HEADER_SYNTAX.rstrip(),
        "",
        "## Parameter values",
        "",
        "An entity parameter takes an IRI (`https://w3id.org/drugfacts/drug/diazepam`), a CURIE",
        "of the project (`drug:diazepam`) or of a vocabulary the entity is mapped to",
        "(`CHEBI:49575`, through `skos:exactMatch` / `skos:closeMatch`), a slug (`diazepam`), a",
        "preferred label or a synonym (`Valium`), in any case. A value that names nothing, or more",
        "than one entity, is an error listing the nearest candidates. The kinds:",
        "",
        "| kind | names |",
        "|---|---|",
        *(f"| `{kind}` | {', '.join(compact_iri(c) for c in classes)} |"
          for kind, classes in ENTITY_KINDS.items()),
        f"| `{LITERAL}` | a plain string, bound as an `xsd:string` literal |",
        "",
        "## Catalogue",
        "",
        "| query | title | parameters |",
        "|---|---|---|",
        *(f"| [`{name}`](#{name}) | {title} | {params or '—'} |"
          for name, title, params in catalogue_rows(queries)),
    ]
    for query in queries:
        lines += ["", f"### {query.name}", "", f"**{query.title}.** {query.question}", ""]
        lines += [f"- parameter `{p.signature()}`: {p.description}" for p in query.parameters]
        lines += [f"- result: {query.result}"]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- parameters

def parse_assignments(assignments: Iterable[str]) -> dict[str, str]:
    """`--param NAME=VALUE` options as a dict; the value is everything after the first `=`."""
    given: dict[str, str] = {}
    for assignment in assignments:
        name, sep, value = assignment.partition("=")
        name = name.strip()
        if not sep or not name:
            raise UsageError(f"--param {assignment!r}: write NAME=VALUE")
        if name in given:
            raise UsageError(f"--param {name} is given twice")
        given[name] = value
    return given


def bind_parameters(graph: Local | RemoteGraph, query: SavedQuery,
                    given: Mapping[str, str]) -> dict[str, Node]:
    """The RDF term each parameter is bound to: given, else its default; optional ones unbound."""
    declared = {p.name: p for p in query.parameters}
    listed = ", ".join(p.signature() for p in query.parameters) or "none"
    unknown = sorted(set(given) - set(declared))
    if unknown:
        raise UsageError(f"{query.name} has no parameter {', '.join(unknown)}; "
                         f"its parameters: {listed}")
    missing = [p.name for p in query.parameters if p.required and p.name not in given]
    if missing:
        raise UsageError(f"{query.name} needs --param {'=... --param '.join(missing)}=...; "
                         f"its parameters: {listed}")
    bindings: dict[str, Node] = {}
    for parameter in query.parameters:
        value = given.get(parameter.name, parameter.default)
        if value is not None:
            bindings[parameter.name] = resolve(graph, value, parameter.kind, parameter.name)
    return bindings


@dataclass
class _Candidate:
    """An entity a parameter value may name, with everything it may be named by."""

    iri: URIRef
    label: str = ""
    synonyms: set[str] = field(default_factory=set)
    matches: set[str] = field(default_factory=set)

    def names(self) -> set[str]:
        return {self.label, *self.synonyms, _local_name(self.iri)} - {""}

    def shown(self, name: str = "") -> str:
        return f"{name or self.label or _local_name(self.iri)} ({compact_iri(self.iri)})"


def resolve(graph: Local | RemoteGraph, value: str, kind: str, name: str = "value") -> Node:
    """The term a parameter value names: a literal, or the one entity of the kind's classes
    whose IRI, CURIE, mapped external CURIE, slug, label or synonym it is (case-insensitive)."""
    if kind == LITERAL:
        return Literal(value)
    candidates = _candidates(graph, ENTITY_KINDS[kind])
    iri = _as_iri(value)
    found = [c for c in candidates if iri is not None and iri.casefold() in
             {str(c.iri).casefold(), *(m.casefold() for m in c.matches)}]
    key = slugify(value)
    found = found or [c for c in candidates if key and key in {slugify(n) for n in c.names()}]
    if len(found) == 1:
        return found[0].iri
    given = f"--param {name}={value!r}"
    if found:
        raise UsageError(f"{given} is ambiguous: it names {'; '.join(c.shown() for c in found)}. "
                         "Give a CURIE or an IRI.")
    mapped = f" (nothing is mapped to <{iri}>)" if iri is not None else ""
    raise UsageError(f"{given} names no {kind}{mapped}; {_nearest(value, candidates)}")


def _candidates(graph: Local | RemoteGraph, classes: tuple[URIRef, ...]) -> list[_Candidate]:
    found: dict[URIRef, _Candidate] = {}
    names = internal_query("entity-names")
    for cls in classes:
        for entity, label, synonym, match in run_query(graph, names, {"class": cls}).rows:
            candidate = found.setdefault(entity, _Candidate(entity))
            candidate.label = str(label) if label is not None else candidate.label
            candidate.synonyms |= {str(synonym)} if synonym is not None else set()
            candidate.matches |= {str(match)} if match is not None else set()
    return sorted(found.values(), key=lambda c: str(c.iri))


def _as_iri(value: str) -> str | None:
    """The IRI a value spells: <IRI>, http(s) IRI, project CURIE or a vocabulary's CURIE."""
    text = value.strip().removeprefix("<").removesuffix(">")
    if re.match(r"https?://", text):
        return text
    prefix, sep, local = text.partition(":")
    if not sep or not prefix or " " in text:
        return None
    if prefix.lower() in PREFIXES:
        return PREFIXES[prefix.lower()] + local
    return converter().expand(text)


def _nearest(value: str, candidates: list[_Candidate]) -> str:
    """The candidates whose names are closest to the value, to say what the user may have meant."""
    by_name = {n.casefold(): (n, c) for c in candidates for n in c.names()}
    close = difflib.get_close_matches(value.casefold(), by_name, n=10, cutoff=0.5)
    nearest: dict[URIRef, str] = {}
    for key in close:
        matched, candidate = by_name[key]
        nearest.setdefault(candidate.iri, candidate.shown(matched))
    if nearest:
        return f"the nearest: {'; '.join(list(nearest.values())[:5])}"
    if not candidates:
        return "the graph has none"
    more = " ..." if len(candidates) > 8 else ""
    return f"none is close; some there are: {'; '.join(c.shown() for c in candidates[:8])}{more}"


def _local_name(iri: str) -> str:
    return re.split(r"[/#]", iri.rstrip("/#"))[-1]


def compact_iri(iri: str) -> str:
    """The CURIE of an IRI: the project's where one of its prefixes fits, else the external
    vocabulary's as Bioregistry writes it (CHEBI:49575), else the IRI. Bioregistry's registry
    takes a second to load, so only an external IRI loads it."""
    fits = [(len(ns), prefix) for prefix, ns in PREFIXES.items() if iri.startswith(ns)]
    if not fits:
        return converter().compress(str(iri)) or str(iri)
    _, prefix = max(fits)
    return f"{prefix}:{iri[len(PREFIXES[prefix]):]}"


# ---------------------------------------------------------------- the graph and the engine

def load_graph(project: Project, build_first: bool = False) -> Graph:
    """The built graph with the ontology beside it, as an rdflib Graph. A missing or stale
    build is an error that says to build, unless `build_first` asks to build it here."""
    _require_build(project, build_first)
    graph = parse_turtle(project.graph_file, project.relative(project.graph_file))
    graph += parse_turtle(project.ontology_file, project.relative(project.ontology_file))
    return graph


def load_store(project: Project, build_first: bool = False) -> ox.Store:
    """The built graph in an in-memory Oxigraph store, the ontology in store.ONTOLOGY_GRAPH
    beside it (queries read the union): seconds at 10^6 triples, where load_graph takes a
    minute. The same errors as load_graph."""
    _require_build(project, build_first)
    store = open_store()
    store.bulk_load(path=project.graph_file, format=ox.RdfFormat.TURTLE)
    store.bulk_load(path=project.ontology_file, format=ox.RdfFormat.TURTLE, to_graph=ONTOLOGY_GRAPH)
    return store


def _require_build(project: Project, build_first: bool) -> None:
    if build_first and stale_inputs(project) != []:
        build(project)
    try:
        require_fresh_build(project)
    except UsageError as error:
        raise UsageError(f"{error}, or pass --build") from None


Local = Graph | ox.Store


@dataclass
class QueryResult:
    """What a query returned, free of the engine's own types so that it can cross a process
    boundary: rows for SELECT, a boolean for ASK, triples for CONSTRUCT and DESCRIBE."""

    form: str
    variables: tuple[str, ...] = ()
    rows: list[tuple[Node | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[tuple[Node, Node, Node]] = field(default_factory=list)

    @property
    def is_graph(self) -> bool:
        return self.form in GRAPH_FORMS

    @property
    def empty(self) -> bool:
        return self.boolean is None and not self.rows and not self.triples


GRAPH_FORMS = ("CONSTRUCT", "DESCRIBE")


def prepare(text: str, shown: Path | str = "the query") -> Query:
    """Parse a query, or say where its syntax is wrong. The project's prefixes are declared,
    so a query of one's own may use df:, drug:, ... without PREFIX lines."""
    return _prepared(text, Path(shown))


@lru_cache(maxsize=256)
def _prepared(text: str, shown: Path) -> Query:
    """rdflib takes longer to parse a query than Oxigraph to answer it: parse each text once."""
    try:
        prepared = prepareQuery(text, initNs=PREFIXES)
    except ParseException as error:
        raise UsageError(Problem(f"SPARQL syntax error at {error.line.strip()[:60]!r}: {error.msg}",
                                 file=shown, line=error.lineno, column=error.col)) from None
    except Exception as error:  # noqa: BLE001 - rdflib's error for an unknown prefix
        raise UsageError(Problem(f"SPARQL error: {error}", file=shown)) from None
    outside = _reaches_outside(prepared)
    if outside:
        raise RefusedError(Problem(f"{outside} would read from outside the built graph; queries "
                                   "run on the built graph only", file=shown))
    return prepared


def query_form(prepared: Query) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE."""
    return prepared.algebra.name.removesuffix("Query").upper()


def _reaches_outside(prepared: Query) -> str | None:
    """FROM and SERVICE make rdflib fetch other graphs over the network; no step may do that
    unless the user asked for it, and a saved query is not the user asking."""
    if prepared.algebra.get("datasetClause"):
        return "FROM"
    services: list[CompValue] = []
    traverse(prepared.algebra, visitPre=lambda node: services.append(node) if (
        isinstance(node, CompValue) and node.name == "ServiceGraphPattern") else None)
    return "SERVICE" if services else None


@runtime_checkable
class RemoteGraph(Protocol):
    """A graph that a SPARQL endpoint holds (remote.Endpoint): it is asked with the query's text."""

    def run_remote(self, text: str, bindings: Mapping[str, Node],
                   timeout: float | None = None) -> QueryResult: ...


def run_query(graph: Local | RemoteGraph, query: str | Query,
              bindings: Mapping[str, Node] | None = None,
              timeout: float | None = None) -> QueryResult:
    """Answer a query over the graph with the variables of `bindings` bound to RDF terms.

    The one place the engine is called. With a timeout the query runs in a forked child that is
    killed at the limit, because rdflib's evaluation cannot be interrupted. A remote graph gets
    the query's text and answers it at its endpoint."""
    if isinstance(graph, RemoteGraph):
        if not isinstance(query, str):
            raise TypeError("a remote graph is asked with the query's text")
        return graph.run_remote(query, bindings or {}, timeout)
    if isinstance(graph, ox.Store):
        if not isinstance(query, str):
            raise TypeError("a store is asked with the query's text")
        prepared: Query | str = query
        prepare(query)  # located syntax errors, FROM and SERVICE refused, as for rdflib
    else:
        prepared = prepare(query) if isinstance(query, str) else query
    if timeout is None:
        return _evaluate(graph, prepared, bindings or {})
    return _evaluate_in_child(graph, prepared, bindings or {}, timeout)


def _evaluate(graph: Local, prepared: Query | str, bindings: Mapping[str, Node]) -> QueryResult:
    if isinstance(graph, ox.Store):
        return _evaluate_in_store(graph, str(prepared), bindings)
    try:
        result = graph.query(prepared, initBindings=dict(bindings))
        if result.type == "ASK":
            return QueryResult("ASK", boolean=bool(result.askAnswer))
        if result.type in GRAPH_FORMS:
            return QueryResult(result.type, triples=list(result.graph or ()))
        return QueryResult("SELECT", tuple(str(v) for v in result.vars or ()),
                           [tuple(row) for row in result])
    except Exception as error:  # noqa: BLE001 - a user's query may trip any of rdflib's errors
        raise UsageError(f"the query failed while running: {error}") from None


def _evaluate_in_store(store: ox.Store, text: str, bindings: Mapping[str, Node]) -> QueryResult:
    """The query on Oxigraph over the union of the store's graphs (the data and the ontology),
    its answer in rdflib's terms, as _evaluate gives it."""
    try:
        result = store.query(with_values(text, bindings), prefixes=PREFIXES, use_default_graph_as_union=True)
        if isinstance(result, ox.QueryBoolean):
            return QueryResult("ASK", boolean=bool(result))
        if isinstance(result, ox.QueryTriples):
            return QueryResult(query_form(prepare(text)), triples=[
                (to_rdflib_term(t.subject), to_rdflib_term(t.predicate), to_rdflib_term(t.object))
                for t in result])
        width = len(result.variables)
        return QueryResult("SELECT", tuple(v.value for v in result.variables), [
            tuple(None if row[i] is None else to_rdflib_term(row[i]) for i in range(width))
            for row in result])
    except (OSError, SyntaxError, ValueError) as error:
        raise UsageError(f"the query failed while running: {error}") from None


# The parts of a query that say where its patterns start: comments, strings and IRIs (matched
# whole, so that their braces and words do not count), keywords, variables, parentheses, braces.
_TOKENS = re.compile(r"""#[^\n]*|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|<[^<>"{}|^`\\\s]*>"""
                     r"""|(?P<word>[A-Za-z]+)|(?P<var>[?$]\w+)|(?P<paren>[()])|(?P<brace>[{}])""")


def with_values(text: str, bindings: Mapping[str, Node]) -> str:
    """The query with its parameters bound by VALUES blocks of terms written by Oxigraph: at the
    start of every group graph pattern where the parameter is in scope (the query's pattern, its
    OPTIONAL, UNION, MINUS and EXISTS groups, and the patterns of the subqueries that project it).

    rdflib's initial bindings bind the whole pattern; one VALUES block at its start does too, but
    Oxigraph plans each group on its own, so an OPTIONAL or a fact pattern would be evaluated for
    every drug and joined afterwards. Binding each group that names the parameter changes no
    answer (the outer block already keeps only the given value) and lets the group start from it;
    a group that does not name it is left alone, so that Oxigraph can still evaluate it once per
    solution. A subquery that does not project a parameter has a variable of its own by that
    name, which stays unbound. Oxigraph's own substitutions take projected variables only."""
    if not bindings:
        return text

    def values(names: list[str]) -> str:
        return (f" VALUES ({' '.join('?' + n for n in names)}) "
                f"{{ ({' '.join(str(from_rdflib(bindings[n])) for n in names)}) }} ")

    tokens = list(_TOKENS.finditer(text))
    named = _variables_named_in_braces(tokens)
    inserts: list[tuple[int, str]] = []
    # Per open brace, the parameters bound inside it; None for a VALUES data block or a
    # CONSTRUCT template, which are no patterns.
    scopes: list[frozenset[str] | None] = []
    outer_open = query_form(prepare(text)) != "CONSTRUCT"
    projecting: list[str] | None = None  # a subquery's projected variables, until its pattern
    data_block, parens = False, 0
    for index, token in enumerate(tokens):
        word = (token["word"] or "").upper()
        if word == "WHERE" and not scopes:
            outer_open = True
        elif word == "VALUES":
            data_block = True
        elif word == "SELECT" and scopes:
            projecting = []
        elif token["var"] and projecting is not None and (parens == 0 or _after_as(text, token.start())):
            projecting.append(token["var"][1:])
        elif token["paren"]:
            parens += 1 if token["paren"] == "(" else -1
        elif token["brace"] == "{":
            if data_block or not (outer_open or scopes):
                scopes.append(None)
                data_block = False
                continue
            bound = scopes[-1] if scopes else frozenset(bindings)
            if projecting is not None:
                bound, projecting = bound & frozenset(projecting), None
            scopes.append(bound)
            opens_subquery = index + 1 < len(tokens) and (tokens[index + 1]["word"] or "").upper() == "SELECT"
            if bound & named[index] and not opens_subquery:
                inserts.append((token.end(), values(sorted(bound & named[index]))))
        elif token["brace"] == "}" and scopes:
            scopes.pop()
    if not inserts:
        raise UsageError("cannot find the query's pattern to bind its parameters in")
    for position, block in sorted(inserts, reverse=True):
        text = text[:position] + block + text[position:]
    return text


def _variables_named_in_braces(tokens: list[re.Match[str]]) -> dict[int, frozenset[str]]:
    """For each opening brace (by its index in `tokens`), the variables named before it closes."""
    named: dict[int, set[str]] = {}
    open_braces: list[int] = []
    for index, token in enumerate(tokens):
        if token["brace"] == "{":
            open_braces.append(index)
            named[index] = set()
        elif token["brace"] == "}" and open_braces:
            inner = named[open_braces.pop()]
            if open_braces:
                named[open_braces[-1]] |= inner
        elif token["var"] and open_braces:
            named[open_braces[-1]].add(token["var"][1:])
    return {index: frozenset(names) for index, names in named.items()}


def _after_as(text: str, position: int) -> bool:
    """Whether the variable at `position` is named by `AS` (projected from an expression)."""
    return re.search(r"\bAS\s*$", text[:position], re.IGNORECASE) is not None


def _evaluate_in_child(graph: Local, prepared: Query | str, bindings: Mapping[str, Node],
                       timeout: float) -> QueryResult:
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_answer_into, args=(sender, graph, prepared, bindings),
                            daemon=True)
    child.start()
    sender.close()
    try:
        if not receiver.poll(timeout):
            raise TimeLimitError(f"the query ran past the time limit of {timeout:g} s and was "
                                 "stopped; narrow it, or allow it more time with --timeout")
        outcome = receiver.recv()
    except EOFError:
        raise UsageError("the query stopped without an answer (out of memory?)") from None
    finally:
        child.kill()
        child.join()
        receiver.close()
    if isinstance(outcome, DrugfactsError):
        raise outcome
    return outcome


def _answer_into(sender: Connection, graph: Local, prepared: Query | str,
                 bindings: Mapping[str, Node]) -> None:
    try:
        outcome: QueryResult | DrugfactsError = _evaluate(graph, prepared, bindings)
    except DrugfactsError as error:
        outcome = error
    sender.send(outcome)


def ask(project: Project, query: SavedQuery, given: Mapping[str, str], *,
        result_format: str | None = None, timeout: float | None = None,
        build_first: bool = False, remote: RemoteGraph | None = None) -> QueryResult:
    """Answer a saved (or a user's) query over the project's built graph, or over the graph a
    remote endpoint holds: the whole of `drugfacts query`. Checks the query and the format
    before loading the graph."""
    prepared = prepare(query.text, query.path)
    output_format(query_form(prepared), result_format)
    graph = remote if remote is not None else load_store(project, build_first)
    bindings = bind_parameters(graph, query, given)
    return run_query(graph, query.text, bindings, timeout)


# ---------------------------------------------------------------- output formats

@dataclass(frozen=True)
class ResultFormat:
    name: str
    media_type: str
    graph: bool  # for CONSTRUCT and DESCRIBE results; else for SELECT and ASK
    write: Callable[[QueryResult], str]


def output_format(form: str, name: str | None) -> ResultFormat:
    """The format to write a result of this form in: the one named, or table / turtle."""
    is_graph = form in GRAPH_FORMS
    fmt = RESULT_FORMATS[name or ("turtle" if is_graph else "table")]
    if fmt.graph != is_graph:
        fitting = [f.name for f in RESULT_FORMATS.values() if f.graph == is_graph]
        raise UsageError(f"--format {fmt.name} is not for {form} queries; use {', '.join(fitting)}")
    return fmt


def format_result(result: QueryResult, name: str | None = None) -> str:
    """The result as text in the named format (default: a table, or Turtle for graphs)."""
    return output_format(result.form, name).write(result)


def _shown(term: Node | None) -> str:
    """A term for a reader: IRIs as CURIEs where a project prefix fits."""
    return compact_iri(term) if isinstance(term, URIRef) else _shown_plain(term)


def _table(result: QueryResult) -> str:
    if result.boolean is not None:
        return f"{str(result.boolean).lower()}\n"
    if not result.rows:
        return ""
    return render_table(result.variables, [[_shown(t) for t in row] for row in result.rows])


def render_table(columns: Iterable[str], rows: Iterable[Iterable[str]]) -> str:
    """A table for the terminal, as wide as the terminal is; cell text is never markup."""
    table = Table(header_style="bold")
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*(Text(cell) for cell in row))
    console = Console(file=io.StringIO(), width=shutil.get_terminal_size((120, 24)).columns,
                      highlight=False, color_system=None)
    console.print(table)
    return console.file.getvalue()


def _csv(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results CSV: plain values, no types."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(result.variables)
    writer.writerows([_shown_plain(t) for t in row] for row in result.rows)
    return out.getvalue()


def _shown_plain(term: Node | None) -> str:
    if term is None:
        return ""
    return f"_:{term}" if isinstance(term, BNode) else str(term)


def _tsv(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results TSV: terms in N-Triples syntax, tabs and newlines escaped."""
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    lines += ["\t".join("" if t is None else _ntriples(t) for t in row) for row in result.rows]
    return "\n".join(lines) + "\n"


def _ntriples(term: Node) -> str:
    if not isinstance(term, Literal):
        return term.n3()
    escaped = (str(term).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
               .replace("\r", "\\r").replace("\t", "\\t"))
    suffix = (f"@{term.language}" if term.language
              else f"^^<{term.datatype}>" if term.datatype else "")
    return f'"{escaped}"{suffix}'


def _json(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results JSON."""
    if result.boolean is not None:
        document: dict = {"head": {}, "boolean": result.boolean}
    else:
        document = {"head": {"vars": list(result.variables)}, "results": {"bindings": [
            {v: _json_term(t) for v, t in zip(result.variables, row) if t is not None}
            for row in result.rows]}}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _xml(result: QueryResult) -> str:
    """SPARQL Query Results XML Format."""
    root = ElementTree.Element("sparql", xmlns="http://www.w3.org/2005/sparql-results#")
    head = ElementTree.SubElement(root, "head")
    if result.boolean is not None:
        ElementTree.SubElement(root, "boolean").text = str(result.boolean).lower()
    else:
        for variable in result.variables:
            ElementTree.SubElement(head, "variable", name=variable)
        results = ElementTree.SubElement(root, "results")
        for row in result.rows:
            solution = ElementTree.SubElement(results, "result")
            for variable, term in zip(result.variables, row):
                if term is not None:
                    binding = ElementTree.SubElement(solution, "binding", name=variable)
                    attributes = _json_term(term)  # the JSON format's names are the XML's
                    element = ElementTree.SubElement(binding, attributes.pop("type"))
                    element.text = attributes.pop("value")
                    element.attrib.update(attributes)
    return ElementTree.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def _json_term(term: Node) -> dict[str, str]:
    if isinstance(term, Literal):
        value = {"type": "literal", "value": str(term)}
        if term.language:
            value["xml:lang"] = term.language
        elif term.datatype:
            value["datatype"] = str(term.datatype)
        return value
    return {"type": "bnode" if isinstance(term, BNode) else "uri", "value": str(term)}


def _as_graph(result: QueryResult) -> Graph:
    graph = new_graph()
    for triple in result.triples:
        graph.add(triple)
    return graph


def _turtle(result: QueryResult) -> str:
    return _as_graph(result).serialize(format="turtle")


def _ntriples_graph(result: QueryResult) -> str:
    return _as_graph(result).serialize(format="nt")


def _json_ld(result: QueryResult) -> str:
    return _as_graph(result).serialize(format="json-ld", context=dict(PREFIXES), indent=2) + "\n"


RESULT_FORMATS: dict[str, ResultFormat] = {
    f.name: f
    for f in (
        ResultFormat("table", "text/plain", False, _table),
        ResultFormat("csv", "text/csv", False, _csv),
        ResultFormat("tsv", "text/tab-separated-values", False, _tsv),
        ResultFormat("json", "application/sparql-results+json", False, _json),
        ResultFormat("xml", "application/sparql-results+xml", False, _xml),
        ResultFormat("turtle", "text/turtle", True, _turtle),
        ResultFormat("ntriples", "application/n-triples", True, _ntriples_graph),
        ResultFormat("json-ld", "application/ld+json", True, _json_ld),
    )
}
