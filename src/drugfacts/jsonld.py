"""JSON-LD: the graph compacted with the project's own context, and the schema.org view of it.

pyld runs the W3C JSON-LD algorithms (from RDF, compaction, framing) as the specification
defines them, which rdflib's serializer does only in part (no reverse properties, no framing).
Its document loader here refuses every URL: nothing reaches the network, and a context that
names a remote one is an error that says so. Every context is written inline into the files, so
they read the same offline.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TypeVar

from pyld import jsonld
from rdflib import Graph

from .errors import DataError, Problem
from .project import Project
from .sparql import internal_query

JSON = dict[str, Any]

# The schema.org view is written with schema.org's own words as keys; url and sameAs take IRIs,
# as in schema.org's published context.
SCHEMA_CONTEXT: JSON = {
    "@vocab": "https://schema.org/",
    "sameAs": {"@type": "@id"},
    "url": {"@type": "@id"},
}

# One document a drug. Other drugs and the conditions a drug treats are named, not described
# again: their own documents describe them.
_NAMED_ONLY: JSON = {"@embed": "@always", "@explicit": True, "name": {}}
_SCHEMA_FRAME: JSON = {
    "@context": SCHEMA_CONTEXT,
    "@type": "Drug",
    "@embed": "@always",
    "interactingDrug": _NAMED_ONLY,
    "@reverse": {"drug": _NAMED_ONLY},
}


def _refuse_remote(url: str, options: object = None) -> None:
    raise DataError(Problem(f"a JSON-LD context refers to {url}: drugfacts fetches nothing from "
                            "the network; write the context inline"))


_OPTIONS: JSON = {"documentLoader": _refuse_remote}

T = TypeVar("T")


def _pyld(call: Callable[..., T], *args: Any, **options: Any) -> T:
    """Run a pyld algorithm with the refusing loader, its errors as DataError."""
    try:
        return call(*args, {**_OPTIONS, **options})
    except jsonld.JsonLdError as error:
        cause: BaseException | None = error
        while cause is not None and not isinstance(cause, DataError):
            cause = getattr(cause, "cause", None) or cause.__cause__ or cause.__context__
        raise cause or DataError(Problem(f"JSON-LD: {error.args[0]} ({error.code})")) from None


def read_context(project: Project) -> JSON:
    """The project's context (ontology/context.jsonld): its "@context" object."""
    shown = project.relative(project.context_file)
    if not project.context_file.is_file():
        raise DataError(Problem("file not found: the JSON-LD context of the exports", file=shown))
    try:
        document = json.loads(project.context_file.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise DataError(Problem(f"not JSON: {error.msg}", file=shown, line=error.lineno)) from None
    context = document.get("@context") if isinstance(document, dict) else None
    if not isinstance(context, dict):
        raise DataError(Problem('expected {"@context": {...}} with the context inline', file=shown))
    return context


def expand_graph(graph: Graph, native_types: bool = False) -> list[JSON]:
    """The graph as expanded JSON-LD. With `native_types`, xsd:integer, xsd:double and
    xsd:boolean values become JSON numbers and booleans."""
    return _pyld(jsonld.from_rdf, graph.serialize(format="nt"),
                 format="application/n-quads", useNativeTypes=native_types)


def compact(document: JSON | list[JSON], context: JSON) -> JSON:
    """A JSON-LD document (expanded, or a tree of full IRIs) compacted with `context`, the
    context written inline."""
    compacted = _pyld(jsonld.compact, document, context)
    compacted["@context"] = context
    return compacted


def compact_graph(graph: Graph, context: JSON) -> JSON:
    """The whole graph as compacted JSON-LD: short keys, IRIs relative to the context's @base."""
    return compact(expand_graph(graph), context)


def schema_org(graph: Graph) -> list[JSON]:
    """The schema.org view: one framed schema:Drug document a drug, built by the
    sparql/schemaorg.rq CONSTRUCT, without its context (SCHEMA_CONTEXT)."""
    view = Graph()
    for triple in graph.query(internal_query("schemaorg")):
        view.add(triple)
    framed = _pyld(jsonld.frame, expand_graph(view, native_types=True), _SCHEMA_FRAME,
                   omitDefault=True, omitGraph=False)
    return framed["@graph"]


def canonical_json(document: JSON) -> bytes:
    """JSON that is the same bytes for the same document: keys sorted, and arrays sorted, which
    in JSON-LD are sets (all but @list values)."""
    text = json.dumps(_sorted(document), ensure_ascii=False, indent=2, sort_keys=True)
    return (text + "\n").encode()


def _sorted(value: Any, ordered: bool = False) -> Any:
    if isinstance(value, dict):
        return {key: _sorted(item, key == "@list") for key, item in value.items()}
    if isinstance(value, list):
        items = [_sorted(item) for item in value]
        return items if ordered else sorted(items, key=lambda i: json.dumps(i, sort_keys=True))
    return value
