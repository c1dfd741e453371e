"""Questions to a remote SPARQL endpoint (remote.py): where the parameters' VALUES block goes,
and how SPARQL JSON terms are read. Against a real store: test_publish.py."""

from __future__ import annotations

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD

from drugfacts.errors import UsageError
from drugfacts.remote import _term, form_request, remote_text, where_clause_start

A, B = URIRef("urn:a"), URIRef("urn:b")


@pytest.mark.parametrize("text", [
    "SELECT ?x WHERE {<HERE> ?x ?p ?o }",
    "SELECT ?x {<HERE> ?x ?p ?o }",
    "# a comment with { braces }\nSELECT ?x WHERE {<HERE> ?x ?p ?o }",
    'SELECT (CONCAT("{", STR(?x)) AS ?y) WHERE {<HERE> ?x ?p ?o }',
    "SELECT ?construct WHERE {<HERE> ?construct ?p ?o }",
    "PREFIX construct: <urn:c#> SELECT ?x WHERE {<HERE> ?x ?p construct:o }",
    "CONSTRUCT { ?x ?p ?o } WHERE {<HERE> ?x ?p ?o }",
    "CONSTRUCT { ?x ?p [ ?q ?o ] } WHERE {<HERE> ?x ?p ?o }",
    "CONSTRUCT WHERE {<HERE> ?x ?p ?o }",
    "ASK {<HERE> ?x ?p ?o }",
])
def test_where_clause_start(text: str) -> None:
    assert where_clause_start(text.replace("<HERE>", "")) == text.index("<HERE>")


def test_a_query_without_where_clause_cannot_bind() -> None:
    with pytest.raises(UsageError, match="no WHERE clause"):
        where_clause_start("DESCRIBE <urn:a>")


def test_values_block_binds_the_terms() -> None:
    graph = Graph()
    graph.add((A, B, Literal('say "hi"\n')))
    graph.add((B, B, Literal("other")))
    text = remote_text("SELECT ?s WHERE { ?s ?p ?text }", {"text": Literal('say "hi"\n')})
    assert [row[0] for row in graph.query(text)] == [A]


@pytest.mark.parametrize(("value", "term"), [
    ({"type": "uri", "value": "urn:a"}, A),
    ({"type": "bnode", "value": "b0"}, BNode("b0")),
    ({"type": "literal", "value": "x"}, Literal("x")),
    ({"type": "literal", "value": "x", "datatype": str(XSD.string)}, Literal("x")),
    ({"type": "literal", "value": "x", "xml:lang": "en"}, Literal("x", lang="en")),
    ({"type": "typed-literal", "value": "3", "datatype": str(XSD.integer)}, Literal(3)),
])
def test_sparql_json_terms(value: dict[str, str], term: object) -> None:
    assert _term(value) == term


def test_the_endpoints_parameters_go_into_the_form() -> None:
    url, body = form_request("http://h:3030/ds/query?default-graph-uri=urn%3Ag&x=", "ASK {}")
    assert url == "http://h:3030/ds/query"
    assert body == b"default-graph-uri=urn%3Ag&x=&query=ASK+%7B%7D"
