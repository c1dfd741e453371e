"""`drugfacts publish`: the built graph into a triple store, for graphs past one process.

Any store that speaks the SPARQL 1.1 Graph Store Protocol takes it (Oxigraph server, Apache
Jena Fuseki, Virtuoso, GraphDB, ...): one PUT replaces the named graph (or the default graph)
with the built graph and the ontology beside it, which is what saved questions read. Then the
store's query endpoint is asked how many triples the graph holds, which must be the number sent:
a store that accepted the PUT but dropped or merged triples is caught here, not by a user.
"""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass

from rdflib import URIRef

from .errors import DataError, UsageError
from .httpclient import request
from .project import Project
from .query import RESULT_FORMATS, load_graph, run_query
from .remote import Endpoint

_ALL = "CONSTRUCT WHERE { ?s ?p ?o }"
_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
_COUNT_NAMED = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?graph { ?s ?p ?o } }"


@dataclass(frozen=True)
class Published:
    graph_store: str
    endpoint: str
    graph: str | None
    triples: int


def publish(project: Project, to: str, graph: str | None = None, endpoint: str | None = None,
            timeout: float | None = None, build_first: bool = False) -> Published:
    """Replace the graph (a named graph's IRI, or None for the default graph) in the Graph Store
    at `to` with the built graph, then check its triple count at the query endpoint (default:
    `to` with its last path segment made `query`, as Oxigraph and Fuseki name them)."""
    if graph is not None and not urllib.parse.urlsplit(graph).scheme:
        raise UsageError(f"--graph {graph!r} is not an absolute IRI")
    answer = run_query(load_graph(project, build_first), _ALL)
    body = RESULT_FORMATS["ntriples"].write(answer).encode()
    request("PUT", graph_store_url(to, graph), body=body, timeout=timeout,
            headers={"Content-Type": "application/n-triples"})
    endpoint = endpoint or query_endpoint(to)
    found = count_triples(Endpoint(endpoint), graph, timeout)
    sent = len(set(answer.triples))
    if found != sent:
        raise DataError(f"{endpoint} counts {found} triples in {graph or 'the default graph'}, "
                        f"not the {sent} sent: the store changed the graph on loading it")
    return Published(to, endpoint, graph, sent)


def graph_store_url(store: str, graph: str | None) -> str:
    """The Graph Store Protocol URL of one graph: `?graph=IRI`, or `?default`."""
    parameter = urllib.parse.urlencode({"graph": graph}) if graph is not None else "default"
    return f"{store}{'&' if urllib.parse.urlsplit(store).query else '?'}{parameter}"


def query_endpoint(store: str) -> str:
    """The query endpoint beside a Graph Store endpoint, by Oxigraph's and Fuseki's naming:
    .../store or .../data → .../query."""
    parts = urllib.parse.urlsplit(store)
    path = parts.path.rstrip("/").rpartition("/")[0] + "/query"
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def count_triples(endpoint: Endpoint, graph: str | None, timeout: float | None = None) -> int:
    """How many triples the endpoint's store holds in the graph (None: the default graph)."""
    if graph is None:
        answer = endpoint.run_remote(_COUNT, {}, timeout)
    else:
        answer = endpoint.run_remote(_COUNT_NAMED, {"graph": URIRef(graph)}, timeout)
    return int(answer.rows[0][0])
