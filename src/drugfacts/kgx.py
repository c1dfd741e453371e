"""KGX: the facts as the node and edge tables of the Biolink / Translator ecosystem.

The tables follow the KGX format specification (biolink/kgx, docs/kgx_format.md): a node has an
id and a category (Biolink classes) and a name; an edge has a subject, a Biolink predicate, an
object, a knowledge_level and an agent_type, and its provenance in primary_knowledge_source and
publications; a cell with several values joins them with "|". The kgx library is not used to
write or check them: it pulls in some 140 packages (Sphinx, neo4j, pandas, …), so the tests check
the specification's columns themselves.

Choices, each term checked in the Biolink Model 4.2.2:
- ids are CURIEs with one prefix, drugfacts: = https://w3id.org/drugfacts/
  (drugfacts:drug/diazepam); the iri column holds the full IRI, xref the skos:exactMatch
  mappings as Bioregistry CURIEs.
- one edge a fact, with every accepted claim behind it: publications are the source documents
  (which are nodes of category biolink:Publication), supporting_text their quotes, evidence_count
  the number of sources, original_predicate the drugfacts predicate.
- knowledge_level knowledge_assertion ("a statement of purported fact put forth by an agent as
  true") and agent_type manual_agent: a curator wrote each claim from a quote.
- primary_knowledge_source is infores:drugfacts, which is not yet in the Translator registry of
  information resources.
- the category and predicate tables are in sparql/kgx-nodes.rq and sparql/kgx-edges.rq. A
  negated claim is no edge (Biolink's `negated` is left out with it).
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import Graph, Node

from .sparql import internal_query
from .vocab import BASE

NODE_COLUMNS = ("id", "category", "name", "iri", "synonym", "xref", "provided_by")
EDGE_COLUMNS = ("subject", "predicate", "object", "knowledge_level", "agent_type",
                "primary_knowledge_source", "publications", "supporting_text", "evidence_count",
                "original_predicate")
INFORES = "infores:drugfacts"
BIOLINK = "https://w3id.org/biolink/vocab/"

Row = dict[str, set[str]]


def kgx_tables(graph: Graph) -> dict[str, bytes]:
    """The KGX TSV pair, named as KGX names them: drugfacts_nodes.tsv and drugfacts_edges.tsv."""
    return {"drugfacts_nodes.tsv": _table(NODE_COLUMNS, _nodes(graph)),
            "drugfacts_edges.tsv": _table(EDGE_COLUMNS, _edges(graph))}


def curie(iri: Node) -> str:
    """drugfacts:drug/diazepam for the project's IRIs, biolink:Drug for Biolink's."""
    for prefix, namespace in (("drugfacts", BASE), ("biolink", BIOLINK)):
        if str(iri).startswith(namespace):
            return f"{prefix}:{str(iri)[len(namespace):]}"
    return str(iri)


def _nodes(graph: Graph) -> Iterable[Row]:
    nodes: dict[Node, Row] = {}
    for node, category, name, synonym, xref in graph.query(internal_query("kgx-nodes")):
        row = nodes.setdefault(node, {"id": {curie(node)}, "category": set(), "name": set(),
                                      "iri": {str(node)}, "synonym": set(), "xref": set(),
                                      "provided_by": {INFORES}})
        row["category"].add(curie(category))
        row["name"].add(str(name))
        if synonym is not None:
            row["synonym"].add(str(synonym))
        if xref is not None:
            row["xref"].add(_compress(xref))
    return nodes.values()


def _compress(iri: Node) -> str:
    """A mapping's IRI as its Bioregistry CURIE (CHEBI:49575). Bioregistry takes a second to
    load, so it is loaded only when there are mappings to write."""
    from .prefixes import converter
    return converter().compress(str(iri), passthrough=True)


def _edges(graph: Graph) -> Iterable[Row]:
    edges: dict[tuple[Node, Node, Node], Row] = {}
    rows = graph.query(internal_query("kgx-edges"))
    for subject, predicate, obj, original, source, quote in rows:
        row = edges.setdefault((subject, predicate, obj), {
            "subject": {curie(subject)}, "predicate": {curie(predicate)}, "object": {curie(obj)},
            "knowledge_level": {"knowledge_assertion"}, "agent_type": {"manual_agent"},
            "primary_knowledge_source": {INFORES}, "publications": set(), "supporting_text": set(),
            "original_predicate": {str(original)}})
        row["publications"].add(curie(source))
        row["supporting_text"].add(str(quote))
    for row in edges.values():
        row["evidence_count"] = {str(len(row["publications"]))}
    return edges.values()


def _table(columns: tuple[str, ...], rows: Iterable[Row]) -> bytes:
    lines = sorted("\t".join(_cell(row[column]) for column in columns) for row in rows)
    return "".join(f"{line}\n" for line in ["\t".join(columns), *lines]).encode()


def _cell(values: set[str]) -> str:
    """Values on one line, joined with "|": white space runs become one space, and a "|"
    inside a value (TSV has no escape for it) becomes "/"."""
    return "|".join(sorted(" ".join(value.split()).replace("|", "/") for value in values))
