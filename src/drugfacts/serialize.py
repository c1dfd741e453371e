"""The graph in the RDF syntaxes, byte for byte the same for the same graph.

Every syntax is written by Oxigraph from sorted lines, which keeps each literal as written
(rdflib's writers turn "400"^^xsd:decimal into 400.0, another RDF term) and makes the output
depend on the graph alone. The quad syntaxes keep provenance in named graphs: each source's
claims and their evidence in a graph named by the source, the rest (entities, sources, facts) in
the default graph.
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import Graph, URIRef

from .store import from_rdflib, graph_turtle, sorted_lines
from .vocab import CLAIM, PREFIXES, PROV


def to_turtle(graph: Graph) -> bytes:
    """Turtle with the project's prefixes, as the build writes it."""
    return graph_turtle(graph)


def to_ntriples(graph: Graph) -> bytes:
    """N-Triples, one triple a line, lines sorted."""
    return sorted_lines(ox.serialize(_triples(graph), format=ox.RdfFormat.N_TRIPLES))


def to_nquads(graph: Graph) -> bytes:
    """N-Quads in the named-graph layout, lines sorted."""
    return sorted_lines(ox.serialize(by_source(graph), format=ox.RdfFormat.N_QUADS))


def to_trig(graph: Graph) -> bytes:
    """TriG in the named-graph layout: the default graph first, then the sources' graphs by IRI,
    each with its triples sorted."""
    quads = sorted(by_source(graph), key=lambda q: (not isinstance(q.graph_name, ox.DefaultGraph),
                                                    str(q.graph_name), str(q.triple)))
    return ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=PREFIXES)


def by_source(graph: Graph) -> list[ox.Quad]:
    """The graph as quads: each claim, with its evidence, in the graph named by its source;
    everything else in the default graph. The union of the graphs is the graph."""
    quads = []
    for triple in _triples(graph):
        subject = triple.subject.value
        # A claim's evidence is named by a fragment of the claim's IRI (claim/<hash>#quote-…).
        claim = URIRef(subject.split("#", 1)[0]) if subject.startswith(str(CLAIM)) else None
        source = graph.value(claim, PROV.wasDerivedFrom) if claim is not None else None
        quads.append(ox.Quad(triple.subject, triple.predicate, triple.object,
                             ox.NamedNode(str(source)) if source is not None else ox.DefaultGraph()))
    return quads


def _triples(graph: Graph) -> list[ox.Triple]:
    return [ox.Triple(from_rdflib(s), from_rdflib(p), from_rdflib(o)) for s, p, o in graph]
