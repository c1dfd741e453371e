"""Questions to a SPARQL 1.1 endpoint: a store that holds the published graph.

`Endpoint` stands in for the embedded graph wherever `query.run_query` takes one, so saved
questions, parameter resolution and every output format work the same over a remote store.
The query goes as text in a POST of a form (the SPARQL 1.1 Protocol's form that every store
answers: Virtuoso does not answer a direct POST of application/sparql-query, openlink/
virtuoso-opensource#842); protocol parameters such as `default-graph-uri` given in the
endpoint's URL go into the form with it. The project's prefixes are declared, since a query may
use df:, drug:, ... without declaring them. Parameters are bound by a VALUES block at the start of
the WHERE clause, each value serialised as an RDF term by rdflib (`n3()`): the user's string is
never pasted into the query. The answer (SPARQL JSON, or N-Triples for CONSTRUCT and DESCRIBE)
is parsed into the same QueryResult the embedded engine gives.
"""

from __future__ import annotations

import json
import re
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from .errors import UsageError
from .httpclient import Reply, request
from .query import QueryResult
from .vocab import PREFIXES

ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9"

# What may hide a brace from the WHERE-clause finder (comments, strings, IRIs, escapes,
# variables, prefixed names), then braces and keywords. IRIs cannot hold braces or spaces.
_LEXEME = re.compile(r'''
    (?P<skip> \#[^\n]*
      | \\.
      | """(?:[^"\\]|\\.|"(?!""))*""" | \'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'
      | "(?:[^"\\\n]|\\.)*" | '(?:[^'\\\n]|\\.)*'
      | <[^<>"{}|^`\\\x00-\x20]*>
      | [?$]\w+
      | [\w.-]*:[\w.-]* )
    | (?P<brace>[{}])
    | (?P<word>[A-Za-z]+)
    ''', re.VERBOSE)


@dataclass(frozen=True)
class Endpoint:
    """A SPARQL 1.1 Protocol query endpoint, such as Oxigraph server's /query."""

    url: str

    def run_remote(self, text: str, bindings: Mapping[str, Node],
                   timeout: float | None = None) -> QueryResult:
        """Answer a query at the endpoint, its variables bound to the given terms."""
        url, body = form_request(self.url, remote_text(text, bindings))
        reply = request("POST", url, body=body, timeout=timeout,
                        headers={"Content-Type": "application/x-www-form-urlencoded",
                                 "Accept": ACCEPT})
        return _parse_answer(reply, self.url)


def form_request(url: str, query: str) -> tuple[str, bytes]:
    """A query by POST of a form, as the SPARQL 1.1 Protocol defines it: the URL without its
    parameters, and the body with them (`default-graph-uri`, a store's access token, ...) and
    the query."""
    parts = urllib.parse.urlsplit(url)
    fields = [*urllib.parse.parse_qsl(parts.query, keep_blank_values=True), ("query", query)]
    bare = urllib.parse.urlunsplit((*parts[:3], "", ""))
    return bare, urllib.parse.urlencode(fields).encode()


def remote_text(text: str, bindings: Mapping[str, Node]) -> str:
    """The query as sent: the project's prefixes declared first (a query's own declarations
    come later and win), the bindings as a VALUES block opening the WHERE clause."""
    prologue = "".join(f"PREFIX {prefix}: <{namespace}>\n" for prefix, namespace in PREFIXES.items())
    if not bindings:
        return prologue + text
    names = list(bindings)
    values = (f"VALUES ({' '.join(f'?{name}' for name in names)}) "
              f"{{ ({' '.join(bindings[name].n3() for name in names)}) }}")
    at = where_clause_start(text)
    return f"{prologue}{text[:at]}\n    {values}\n{text[at:]}"


def where_clause_start(text: str) -> int:
    """Where the WHERE clause's group begins: just after its `{`. A CONSTRUCT template, the
    first group of a CONSTRUCT query, is passed over."""
    depth = 0
    last_word = ""
    skip_template = None
    for lexeme in _LEXEME.finditer(text):
        if lexeme["word"] and depth == 0:
            last_word = lexeme["word"].upper()
        elif lexeme["brace"] == "{":
            if depth == 0:
                if skip_template is None:
                    skip_template = last_word == "CONSTRUCT"
                if not skip_template:
                    return lexeme.end()
            depth += 1
        elif lexeme["brace"] == "}":
            depth -= 1
            skip_template = skip_template and depth > 0
    raise UsageError("the query has no WHERE clause to bind its parameters in")


def _parse_answer(reply: Reply, url: str) -> QueryResult:
    if reply.media_type in ("application/sparql-results+json", "application/json"):
        document = json.loads(reply.body)
        if "boolean" in document:
            return QueryResult("ASK", boolean=bool(document["boolean"]))
        variables = tuple(document["head"]["vars"])
        rows = [tuple(_term(binding[v]) if v in binding else None for v in variables)
                for binding in document["results"]["bindings"]]
        return QueryResult("SELECT", variables, rows)
    if reply.media_type in ("application/n-triples", "text/plain"):
        graph = Graph().parse(data=reply.body, format="nt")
        return QueryResult("CONSTRUCT", triples=list(graph))
    raise UsageError(f"{url} answered in {reply.media_type}, neither SPARQL JSON nor N-Triples: "
                     "is it a SPARQL query endpoint?")


def _term(value: Mapping[str, str]) -> Node:
    """A term of SPARQL JSON results, as the embedded engine gives it: a plain string has no
    datatype, as rdflib reads it from Turtle."""
    kind = value["type"]
    if kind == "uri":
        return URIRef(value["value"])
    if kind == "bnode":
        return BNode(value["value"])
    if kind in ("literal", "typed-literal"):
        language = value.get("xml:lang")
        datatype = value.get("datatype")
        plain = language or datatype in (None, str(XSD.string))
        return Literal(value["value"], lang=language, datatype=None if plain else URIRef(datatype))
    raise UsageError(f"the endpoint answered a term of type {kind!r}, which drugfacts cannot read")
