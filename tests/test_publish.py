"""`drugfacts publish` and `drugfacts query --endpoint`, against a real Oxigraph server that the
tests start on 127.0.0.1 (the `oxigraph` package of the test extra), as the README tells users
to run it: every saved question gives the same answer from the store as from the embedded graph.
"""

from __future__ import annotations

import json
import re
import threading
import urllib.parse
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from rdflib import Literal

from drugfacts.httpclient import request
from drugfacts.project import Project
from drugfacts.publish import graph_store_url, query_endpoint
from drugfacts.query import QueryResult, bind_parameters, load_graph, run_query, saved_queries
from drugfacts.remote import Endpoint

from conftest import REPO, free_port, make_project, oxigraph_server, run

GRAPH = "https://w3id.org/drugfacts/graph"
#: A value of each parameter kind that names something in the seed data.
EXAMPLES = {"drug": "diazepam", "drugclass": "benzodiazepine", "predicate": "treats",
            "entity": "insomnia", "source": "benefits-of-valium", "literal": "withdrawal"}


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An Oxigraph server, its default graph the union of its graphs; its base URL."""
    with oxigraph_server("serve", "--union-default-graph",
                         location=tmp_path_factory.mktemp("oxigraph")) as url:
        yield url


@pytest.fixture(scope="module")
def published(built_seed: Project, oxigraph: str) -> Endpoint:
    result = run(built_seed.root, "publish", "--to", f"{oxigraph}/store", "--graph", GRAPH)
    assert result.exit_code == 0, result.stderr
    return Endpoint(f"{oxigraph}/query")


def cases() -> list[tuple[str, dict[str, str]]]:
    """Each saved question with its required parameters, and again with all of them."""
    found = []
    for name, saved in saved_queries(Project(REPO)).items():
        required = {p.name: EXAMPLES[p.kind] for p in saved.parameters if p.required}
        every = {p.name: EXAMPLES[p.kind] for p in saved.parameters}
        found += [(name, required)] + ([(name, every)] if every != required else [])
    return found


def comparable(answer: QueryResult) -> object:
    """An answer as two engines must agree on it: rows as a multiset (ORDER BY ties may fall
    either way), each literal as the multiset of its parts between the saved questions'
    GROUP_CONCAT separators (the order of a concatenation is the engine's), triples as a set."""
    if answer.is_graph:
        return set(answer.triples)
    if answer.boolean is not None:
        return answer.boolean
    return Counter(tuple(tuple(sorted(re.split(r" \| |, ", term))) if isinstance(term, Literal)
                         else term for term in row) for row in answer.rows)


@pytest.mark.slow
def test_publish_loads_the_built_graph_and_the_ontology(built_seed: Project, published: Endpoint) -> None:
    embedded = run_query(load_graph(built_seed), "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    remote = run_query(published, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{GRAPH}> {{ ?s ?p ?o }} }}")
    assert remote.rows == embedded.rows


@pytest.mark.slow
def test_publish_again_replaces_the_graph(built_seed: Project, oxigraph: str, published: Endpoint) -> None:
    before = run_query(published, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows
    result = run(built_seed.root, "publish", "--to", f"{oxigraph}/store", "--graph", GRAPH)
    assert result.exit_code == 0, result.stderr
    assert run_query(published, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows == before


@pytest.mark.slow
def test_publish_replaces_only_its_named_graph(built_seed: Project, oxigraph: str,
                                               published: Endpoint) -> None:
    """A triple put into the named graph by someone else is gone after publishing (a PUT, not a
    POST that merges); another graph of the store is left as it was."""
    other = "urn:drugfacts-test:other"
    request("POST", f"{oxigraph}/update", headers={"Content-Type": "application/sparql-update"},
            body=(f"INSERT DATA {{ GRAPH <{GRAPH}> {{ <urn:x> <urn:stray> 1 }} "
                  f"GRAPH <{other}> {{ <urn:x> <urn:kept> 1 }} }}").encode())
    result = run(built_seed.root, "publish", "--to", f"{oxigraph}/store", "--graph", GRAPH)
    assert result.exit_code == 0, result.stderr
    ask = "ASK {{ GRAPH <{}> {{ <urn:x> <{}> 1 }} }}"
    assert run_query(published, ask.format(GRAPH, "urn:stray")).boolean is False
    assert run_query(published, ask.format(other, "urn:kept")).boolean is True


class _ForgetfulStore(BaseHTTPRequestHandler):
    """A Graph Store that takes every PUT and then counts one triple, as a store that dropped
    triples on loading would; it records what it was sent."""

    received: list[tuple[str, str, str]] = []

    def do_PUT(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.received.append(("PUT", self.path, self.headers["Content-Type"]))
        assert body.count(b"\n") > 1
        self.send_response(204)
        self.end_headers()

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"]))
        self.received.append(("POST", self.path, self.headers["Content-Type"]))
        body = json.dumps({"head": {"vars": ["n"]}, "results": {"bindings": [{"n": {
            "type": "literal", "value": "1",
            "datatype": "http://www.w3.org/2001/XMLSchema#integer"}}]}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def test_publish_fails_when_the_store_counts_other_than_it_was_sent(tmp_path: Path) -> None:
    root = make_project(tmp_path / "mini")
    assert run(root, "build").exit_code == 0
    store = ThreadingHTTPServer(("127.0.0.1", 0), _ForgetfulStore)
    thread = threading.Thread(target=store.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{store.server_address[1]}"
        result = run(root, "publish", "--to", f"{base}/store", "--graph", GRAPH)
    finally:
        store.shutdown()
        store.server_close()
        thread.join()
    assert result.exit_code == 1
    assert "counts 1 triples" in result.stderr and "changed the graph" in result.stderr
    assert _ForgetfulStore.received == [
        ("PUT", "/store?graph=https%3A%2F%2Fw3id.org%2Fdrugfacts%2Fgraph", "application/n-triples"),
        ("POST", "/query", "application/x-www-form-urlencoded")]


@pytest.mark.slow
@pytest.mark.parametrize(("name", "params"), cases(),
                         ids=[f"{n}-{'-'.join(p) or 'required'}" for n, p in cases()])
def test_saved_question_same_remote_and_embedded(built_seed: Project, published: Endpoint, name: str,
                                                 params: dict[str, str]) -> None:
    saved = saved_queries(built_seed)[name]
    graph = load_graph(built_seed)
    embedded = run_query(graph, saved.text, bind_parameters(graph, saved, params))
    remote = run_query(published, saved.text, bind_parameters(published, saved, params))
    assert comparable(remote) == comparable(embedded)


@pytest.mark.slow
def test_query_command_answers_from_the_endpoint(built_seed: Project, published: Endpoint) -> None:
    result = run(built_seed.root, "query", "side-effects", "--param", "drug=Valium", "--format", "csv",
                 "--endpoint", published.url)
    assert result.exit_code == 0, result.stderr
    assert "https://w3id.org/drugfacts/condition/drowsiness" in result.stdout


@pytest.mark.slow
def test_a_named_graph_is_asked_through_default_graph_uri(built_seed: Project,
                                                          tmp_path: Path) -> None:
    """As the README says for a store whose default graph is not the union of its graphs (an
    Oxigraph server started without --union-default-graph, Fuseki): publish into a named graph,
    and name it as the default graph in the endpoint's URL."""
    with oxigraph_server("serve", location=tmp_path / "store") as url:
        result = run(built_seed.root, "publish", "--to", f"{url}/store", "--graph", GRAPH)
        assert result.exit_code == 0, result.stderr
        endpoint = f"{url}/query?default-graph-uri={urllib.parse.quote(GRAPH, safe='')}"
        result = run(built_seed.root, "query", "side-effects", "--param", "drug=Valium",
                     "--format", "csv", "--endpoint", endpoint)
        assert result.exit_code == 0, result.stderr
        assert "https://w3id.org/drugfacts/condition/drowsiness" in result.stdout
        result = run(built_seed.root, "query", "side-effects", "--param", "drug=Valium",
                     "--endpoint", f"{url}/query")
        assert result.exit_code == 2 and "names no drug" in result.stderr  # the empty default


def test_query_command_says_when_the_endpoint_cannot_be_reached() -> None:
    result = run(REPO, "query", "side-effects", "--endpoint", f"http://127.0.0.1:{free_port()}/query")
    assert result.exit_code == 2
    assert "cannot reach" in result.stderr


@pytest.mark.slow
def test_publish_says_what_the_store_answered(built_seed: Project, oxigraph: str) -> None:
    result = run(built_seed.root, "publish", "--to", f"{oxigraph}/nowhere", "--graph", GRAPH)
    assert result.exit_code == 2
    assert "404" in result.stderr


@pytest.mark.parametrize(("store", "graph", "url"), [
    ("http://h/store", GRAPH, "http://h/store?graph=https%3A%2F%2Fw3id.org%2Fdrugfacts%2Fgraph"),
    ("http://h/store", None, "http://h/store?default"),
    ("http://h/ds/data?x=1", None, "http://h/ds/data?x=1&default"),
])
def test_graph_store_url(store: str, graph: str | None, url: str) -> None:
    assert graph_store_url(store, graph) == url


@pytest.mark.parametrize(("store", "endpoint"), [
    ("http://127.0.0.1:7878/store", "http://127.0.0.1:7878/query"),
    ("http://localhost:3030/ds/data/", "http://localhost:3030/ds/query"),
])
def test_query_endpoint_beside_the_graph_store(store: str, endpoint: str) -> None:
    assert query_endpoint(store) == endpoint
