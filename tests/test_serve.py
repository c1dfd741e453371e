"""`drugfacts serve`: the SPARQL 1.1 Protocol endpoint, Linked Data and the saved questions, over
real HTTP on 127.0.0.1, on the mini fixture (ibuprofen, two sources)."""

from __future__ import annotations

import csv
import io
import json
import shutil
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS, SKOS

from drugfacts.project import Project
from drugfacts.query import load_graph
from drugfacts.serve import App, Limits, negotiate, running
from drugfacts.vocab import BASE, DF

from conftest import DATA, REPO, make_project, run

IBUPROFEN = URIRef(f"{BASE}drug/ibuprofen")
LABEL = "SELECT ?label WHERE { drug:ibuprofen skos:prefLabel ?label }"
FACTS = "CONSTRUCT { drug:ibuprofen df:treats ?c } WHERE { drug:ibuprofen df:treats ?c }"
SPARQL_JSON = "application/sparql-results+json"


@dataclass
class Answer:
    status: int
    media_type: str
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode()


def fetch(url: str, *, accept: str | None = None, data: bytes | None = None,
          content_type: str | None = None, method: str | None = None) -> Answer:
    """One request; an error status is an answer like any other."""
    headers = {**({"Accept": accept} if accept else {}),
               **({"Content-Type": content_type} if content_type else {})}
    request = urllib.request.Request(url, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return Answer(response.status, response.headers.get_content_type(),
                          dict(response.headers), response.read())
    except urllib.error.HTTPError as error:
        return Answer(error.code, error.headers.get_content_type(), dict(error.headers),
                      error.read())


def query_url(base: str, query: str) -> str:
    return f"{base}/sparql?{urllib.parse.urlencode({'query': query})}"


@pytest.fixture(scope="module")
def mini_project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    root = make_project(tmp_path_factory.mktemp("serve") / "mini")
    shutil.copytree(REPO / "queries", root / "queries")
    assert run(root, "build").exit_code == 0
    return Project(root)


@pytest.fixture(scope="module")
def server(mini_project: Project) -> Iterator[str]:
    with running(App(mini_project, load_graph(mini_project))) as url:
        yield url


@pytest.fixture(scope="module")
def strict(mini_project: Project) -> Iterator[str]:
    """A server with a short time limit, a small result cap and a small query size limit."""
    limits = Limits(timeout=1.5, max_results=5, max_query_bytes=2000)
    with running(App(mini_project, load_graph(mini_project), limits)) as url:
        yield url


# ---------------------------------------------------------------- the SPARQL endpoint

def _json_labels(body: bytes) -> list[str]:
    return [b["label"]["value"] for b in json.loads(body)["results"]["bindings"]]


def _xml_labels(body: bytes) -> list[str]:
    ns = {"r": "http://www.w3.org/2005/sparql-results#"}
    return [e.text for e in ElementTree.fromstring(body).findall(".//r:literal", ns)]


def _csv_labels(body: bytes) -> list[str]:
    return [row["label"] for row in csv.DictReader(io.StringIO(body.decode()))]


def _tsv_labels(body: bytes) -> list[str]:
    return body.decode().splitlines()[1:]


@pytest.mark.parametrize(("accept", "media_type", "labels", "expected"), [
    (SPARQL_JSON, SPARQL_JSON, _json_labels, ["ibuprofen"]),
    ("application/sparql-results+xml", "application/sparql-results+xml", _xml_labels, ["ibuprofen"]),
    ("text/csv", "text/csv", _csv_labels, ["ibuprofen"]),
    ("text/tab-separated-values", "text/tab-separated-values", _tsv_labels, ['"ibuprofen"@en']),
], ids=["json", "xml", "csv", "tsv"])
def test_select_in_each_result_format(server: str, accept: str, media_type: str, labels,
                                      expected: list[str]) -> None:
    answer = fetch(query_url(server, LABEL), accept=accept)
    assert (answer.status, answer.media_type) == (200, media_type)
    assert labels(answer.body) == expected


@pytest.mark.parametrize(("accept", "rdflib_format"), [
    ("text/turtle", "turtle"), ("application/n-triples", "nt"), ("application/ld+json", "json-ld")])
def test_construct_in_each_rdf_format(server: str, accept: str, rdflib_format: str) -> None:
    answer = fetch(query_url(server, FACTS), accept=accept)
    assert (answer.status, answer.media_type) == (200, accept)
    graph = Graph().parse(data=answer.body, format=rdflib_format)
    assert set(graph.objects(IBUPROFEN, DF.treats)) == {URIRef(f"{BASE}condition/pain"),
                                                        URIRef(f"{BASE}condition/fever")}


def test_ask_answers_a_boolean(server: str) -> None:
    answer = fetch(query_url(server, "ASK { drug:ibuprofen a df:Drug }"), accept=SPARQL_JSON)
    assert json.loads(answer.body)["boolean"] is True


@pytest.mark.parametrize("how", ["GET", "POST form", "POST query"])
def test_query_by_get_and_both_posts(server: str, how: str) -> None:
    if how == "GET":
        answer = fetch(query_url(server, LABEL), accept=SPARQL_JSON)
    elif how == "POST form":
        answer = fetch(f"{server}/sparql", accept=SPARQL_JSON,
                       data=urllib.parse.urlencode({"query": LABEL}).encode(),
                       content_type="application/x-www-form-urlencoded")
    else:
        answer = fetch(f"{server}/sparql", accept=SPARQL_JSON, data=LABEL.encode(),
                       content_type="application/sparql-query")
    assert _json_labels(answer.body) == ["ibuprofen"]


@pytest.mark.parametrize(("accept", "media_type"), [
    (None, SPARQL_JSON),
    ("*/*", SPARQL_JSON),
    ("text/csv;q=0.5, application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/*", "text/html"),
    ("application/json", SPARQL_JSON),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "text/html"),
])
def test_content_negotiation(server: str, accept: str | None, media_type: str) -> None:
    assert fetch(query_url(server, LABEL), accept=accept).media_type == media_type


def test_a_format_nobody_serves_is_406(server: str) -> None:
    answer = fetch(query_url(server, LABEL), accept="image/png")
    assert answer.status == 406
    assert "application/sparql-results+json" in answer.text


@pytest.mark.parametrize(("accept", "offers", "chosen"), [
    ("a/b;q=0.2, c/d;q=0.9", ["a/b", "c/d"], "c/d"),
    ("a/*;q=0.8, a/b;q=0.1", ["a/b", "a/c"], "a/c"),
    ("*/*", ["a/b", "c/d"], "a/b"),
    ("a/b;q=0", ["a/b"], None),
    ("", ["a/b"], "a/b"),
])
def test_negotiate(accept: str, offers: list[str], chosen: str | None) -> None:
    assert negotiate(accept, offers) == chosen


@pytest.mark.parametrize("request_kind", ["update parameter", "update body", "update as query"])
def test_update_is_refused(server: str, request_kind: str) -> None:
    update = "INSERT DATA { <urn:a> <urn:b> <urn:c> }"
    if request_kind == "update parameter":
        answer = fetch(f"{server}/sparql", data=urllib.parse.urlencode({"update": update}).encode(),
                       content_type="application/x-www-form-urlencoded")
    elif request_kind == "update body":
        answer = fetch(f"{server}/sparql", data=update.encode(),
                       content_type="application/sparql-update")
    else:
        answer = fetch(query_url(server, update))
    assert answer.status == 403
    assert "read-only" in answer.text


def test_service_is_refused(server: str) -> None:
    answer = fetch(query_url(server, "SELECT * WHERE { SERVICE <http://sparql.invalid/sparql> "
                                     "{ ?s ?p ?o } }"))
    assert answer.status == 403
    assert "SERVICE" in answer.text


def test_a_dataset_in_the_request_is_refused(server: str) -> None:
    answer = fetch(f"{query_url(server, LABEL)}&default-graph-uri=urn%3Ag")
    assert answer.status == 400
    assert "default-graph-uri" in answer.text


def test_bad_query_is_400_with_the_parsers_message(server: str) -> None:
    answer = fetch(query_url(server, "SELECT ?x WHERE { ?x ?y }"))
    assert answer.status == 400
    assert answer.text.startswith("the query:1:") and "SPARQL syntax error" in answer.text


@pytest.mark.parametrize("text", ["", "PREFIX ex: <https://w3id.org/drugfacts/test/>"], ids=["empty", "prologue"])
def test_a_text_with_no_query_is_400_not_an_update(server: str, text: str) -> None:
    """The update grammar takes these texts too; they are no update, so no 403."""
    answer = fetch(query_url(server, text))
    assert answer.status == 400
    assert "SPARQL syntax error" in answer.text


def test_time_limit(strict: str) -> None:
    slow = (DATA / "query" / "slow.rq").read_text()
    answer = fetch(query_url(strict, slow))
    assert answer.status == 503
    assert answer.text.startswith("time limit:")


def test_result_size_cap(strict: str) -> None:
    answer = fetch(query_url(strict, "SELECT * WHERE { ?s ?p ?o }"))
    assert answer.status == 400
    assert answer.text.startswith("result-size cap:")


def test_query_size_limit(strict: str) -> None:
    long = "SELECT * WHERE { ?s ?p ?o } " + "#" * 3000
    answer = fetch(f"{strict}/sparql", data=long.encode(), content_type="application/sparql-query")
    assert answer.status == 413
    assert answer.text.startswith("query size limit:")


def test_service_description(server: str) -> None:
    answer = fetch(f"{server}/sparql", accept="text/turtle")
    graph = Graph().parse(data=answer.body, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    assert (URIRef(f"{server}/sparql"), URIRef(f"{sd}endpoint"), URIRef(f"{server}/sparql")) in graph


def test_a_browser_gets_the_query_page(server: str) -> None:
    answer = fetch(f"{server}/sparql", accept="text/html")
    assert answer.media_type == "text/html"
    assert '<form id="sparql"' in answer.text


def test_cors_preflight(server: str) -> None:
    answer = fetch(f"{server}/sparql", method="OPTIONS")
    assert answer.status == 204
    assert answer.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in answer.headers["Access-Control-Allow-Methods"]


def test_cors_on_answers(server: str) -> None:
    assert fetch(query_url(server, LABEL)).headers["Access-Control-Allow-Origin"] == "*"


def test_other_methods_are_405(server: str) -> None:
    assert fetch(f"{server}/sparql", method="PUT", data=b"x").status == 405


# ---------------------------------------------------------------- Linked Data

@pytest.mark.parametrize(("path", "accept", "rdflib_format"), [
    ("/drug/ibuprofen", "text/turtle", "turtle"),
    ("/drug/ibuprofen", "application/ld+json", "json-ld"),
    ("/drug/ibuprofen", "application/n-triples", "nt"),
    ("/drug/ibuprofen.ttl", "text/html", "turtle"),
    ("/drug/ibuprofen.jsonld", None, "json-ld"),
])
def test_entity_as_rdf(server: str, path: str, accept: str | None, rdflib_format: str) -> None:
    answer = fetch(server + path, accept=accept)
    graph = Graph().parse(data=answer.body, format=rdflib_format)
    assert (IBUPROFEN, SKOS.prefLabel, Literal("ibuprofen", lang="en")) in graph


def test_entity_rdf_carries_the_claims_and_quotes(server: str) -> None:
    graph = Graph().parse(data=fetch(f"{server}/drug/ibuprofen", accept="text/turtle").body,
                          format="turtle")
    quotes = {str(q) for q in graph.objects(None, URIRef("http://www.w3.org/ns/oa#exact"))}
    assert "It may cause an upset stomach" in quotes


def test_entity_page_by_default(server: str) -> None:
    answer = fetch(f"{server}/drug/ibuprofen")
    assert (answer.status, answer.media_type) == (200, "text/html")
    assert answer.headers["Vary"] == "Accept"


def _between(page: str, start: str, end: str) -> str:
    at = page.index(start)
    return page[at:page.index(end, at)]


def test_entity_page_groups_facts_by_predicate_with_sources_and_quotes(server: str) -> None:
    page = fetch(f"{server}/drug/ibuprofen").text
    assert "<h1>ibuprofen</h1>" in page
    treats = _between(page, "<h2>Treats</h2>", "</section>")
    pain = _between(treats, '<a href="/condition/pain">pain</a>', "</li>")
    assert "(2 sources)" in pain
    assert "“Ibuprofen relieves pain”" in pain and "“It is used to treat pain”" in pain
    assert '<a href="/source/ibuprofen-tablets">Ibuprofen tablets</a>' in pain
    assert "upset stomach" not in treats
    side_effects = _between(page, "<h2>Has side effect</h2>", "</section>")
    assert "hedge: may" in side_effects


def test_entity_page_shows_its_other_labels(server: str) -> None:
    page = fetch(f"{server}/drug-class/nonsteroidal-anti-inflammatory-drug").text
    assert "<h1>nonsteroidal anti-inflammatory drug</h1>" in page
    assert "Also called: NSAID." in page


def test_entity_page_links_the_entities_that_state_facts_of_it(server: str) -> None:
    """The object of a fact links back to its subject, with the claims behind the fact."""
    page = fetch(f"{server}/condition/pain").text
    said_of = page[page.index("What the sources say of pain"):]
    ibuprofen = _between(said_of, '<a href="/drug/ibuprofen">ibuprofen</a>', "</li>")
    assert "(2 sources)" in ibuprofen and "“Ibuprofen relieves pain”" in ibuprofen
    graph = Graph().parse(data=fetch(f"{server}/condition/pain", accept="text/turtle").body,
                          format="turtle")
    assert (IBUPROFEN, DF.treats, URIRef(f"{BASE}condition/pain")) in graph


def test_the_vocabulary_document_describes_its_hash_terms(server: str) -> None:
    """Pages link classes and predicates to /vocab#Drug, ...: a browser fetches /vocab and looks
    for the anchor, a Linked Data client fetches /vocab and looks for the term's triples."""
    page = fetch(f"{server}/drug/ibuprofen").text
    assert '<a href="/vocab#Drug">drug</a>' in page
    vocabulary = fetch(f"{server}/vocab").text
    drug = _between(vocabulary, '<section class="term" id="Drug">', "</section>")
    assert "A pharmaceutical substance" in drug
    assert '<a href="https://schema.org/Drug">' in drug  # its alignments
    graph = Graph().parse(data=fetch(f"{server}/vocab", accept="text/turtle").body, format="turtle")
    assert (DF.treats, RDFS.label, Literal("treats", lang="en")) in graph


def test_entity_page_shows_what_a_source_denies(server: str) -> None:
    page = fetch(f"{server}/drug/ibuprofen").text
    denied = page[page.index("What the sources deny"):]
    assert '<a href="/condition/anxiety">anxiety</a>' in denied
    assert "Ibuprofen is not used for anxiety" in denied


def test_entity_page_links_each_external_identifier(built_seed: Project) -> None:
    """data/mappings/drugs.sssom.tsv maps diazepam to CHEBI:49575 and drugbank:DB00829, both
    skos:exactMatch."""
    with running(App(built_seed, load_graph(built_seed))) as url:
        page = fetch(f"{url}/drug/diazepam").text
    identifiers = page[page.index("<h2>Identifiers</h2>"):]
    for curie, iri in [("CHEBI:49575", "http://purl.obolibrary.org/obo/CHEBI_49575"),
                       ("drugbank:DB00829", "https://go.drugbank.com/drugs/DB00829")]:
        assert f'<a href="{iri}">{curie}</a>' in identifiers


@pytest.mark.parametrize("path", ["/drug/nothing", "/nowhere/at-all", "/drug/a<b"])
def test_unknown_path_is_404(server: str, path: str) -> None:
    assert fetch(server + urllib.parse.quote(path, safe="/<")).status == 404


# ---------------------------------------------------------------- saved questions

def test_saved_question_resolves_its_parameters(server: str) -> None:
    answer = fetch(f"{server}/questions/class-members?class=NSAID", accept="text/csv")
    rows = list(csv.DictReader(io.StringIO(answer.text)))
    assert [row["drug"] for row in rows] == [str(IBUPROFEN)]


def test_saved_question_with_a_value_that_names_nothing_is_400(server: str) -> None:
    answer = fetch(f"{server}/questions/side-effects?drug=aspirine")
    assert answer.status == 400
    assert "names no drug" in answer.text


def test_unknown_saved_question_is_404(server: str) -> None:
    assert fetch(f"{server}/questions/no-such-question").status == 404


def test_home_page_lists_drugs_and_questions(server: str) -> None:
    page = fetch(f"{server}/").text
    assert '<a href="/drug/ibuprofen">ibuprofen</a>' in page
    assert 'data-question="side-effects"' in page


@pytest.mark.parametrize("name", ["drugfacts.js", "drugfacts.css"])
def test_static_files(server: str, name: str) -> None:
    assert fetch(f"{server}/static/{name}").status == 200


def test_serve_command_needs_a_build(tmp_path: Path) -> None:
    result = run(make_project(tmp_path / "mini"), "serve", "--port", "0")
    assert result.exit_code == 2
    assert "drugfacts build" in result.stderr
