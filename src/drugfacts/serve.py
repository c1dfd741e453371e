"""`drugfacts serve`: the built graph over HTTP, for programs and for people.

- `/sparql`: a SPARQL 1.1 Protocol endpoint. GET, POST of a form and POST of the query itself;
  SELECT and ASK answered as SPARQL JSON, XML, CSV or TSV, CONSTRUCT and DESCRIBE as Turtle,
  N-Triples or JSON-LD, by the Accept header (HTML for a browser); without a query, the SPARQL
  service description (a browser gets the query page). CORS is open to any origin: the graph
  is public and read-only.
- Linked Data: each IRI under https://w3id.org/drugfacts/ is answered at the same path here
  (`/drug/diazepam`) as an HTML page, Turtle, N-Triples or JSON-LD, by the Accept header or a
  `.ttl`, `.nt` or `.jsonld` suffix. The vocabulary's hash IRIs (df:Drug, `/vocab#Drug`) are
  answered by the document `/vocab`, which describes every term.
- `/`: the drugs and the saved questions; `/questions/NAME?PARAM=VALUE` answers one, with
  parameter values resolved as `drugfacts query` resolves them.

It is read-only and bounded. What it refuses, and how it answers:

| status | when |
|---|---|
| 400 | a query that does not parse (the parser's message), a parameter that names nothing, a result over the size cap (`result-size cap: ...`), a dataset in the request |
| 403 | SPARQL Update (by parameter, media type or parsed text), SERVICE and FROM |
| 404, 405, 406, 415 | no such page; another method; no format the client accepts; another POST body |
| 413 | a query text over the size limit (`query size limit: ...`) |
| 503 | a query past the time limit (`time limit: ...`), or every worker busy (`busy: ...`) |

Every query runs through `query.run_query` with the time limit, in a forked child killed at the
limit; at most `workers` at once. The server is the standard library's ThreadingHTTPServer: the
work happens in those children, and a thread a connection only waits on one, so an asyncio
stack (Starlette and uvicorn: four more dependencies) would gain nothing here. It is not
hardened for the open internet: it binds 127.0.0.1 unless told otherwise; to serve the public,
put a reverse proxy in front of it, or publish the graph into a triple store.
"""

from __future__ import annotations

import os
import re
import sys
import threading
import traceback
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib.resources import files
from urllib.parse import parse_qs, urlsplit

from pyparsing import ParseException
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, VOID
from rdflib.plugins.sparql.parser import parseUpdate
from rdflib.plugins.sparql.sparql import Query
from rdflib.term import Node

from . import __version__
from .errors import DrugfactsError, RefusedError, TimeLimitError, UsageError
from .pages import entity_page, home_context, render, result_table
from .project import Project
from .query import (
    GRAPH_FORMS,
    RESULT_FORMATS,
    QueryResult,
    bind_parameters,
    load_graph,
    prepare,
    query_form,
    run_query,
    saved_queries,
)
from .sparql import internal_query
from .vocab import BASE, DF, KINDS, PREFIXES

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
HTML = "html"

#: What each query form can be answered in: media type → RESULT_FORMATS name (or HTML), in the
#: server's order of preference for a client that accepts anything.
ASK_OFFERS = {"application/sparql-results+json": "json", "application/json": "json",
              "application/sparql-results+xml": "xml", "application/xml": "xml",
              "text/html": HTML}
SELECT_OFFERS = {**ASK_OFFERS, "text/csv": "csv", "text/tab-separated-values": "tsv"}
GRAPH_OFFERS = {"text/turtle": "turtle", "application/n-triples": "ntriples",
                "application/ld+json": "json-ld", "text/html": HTML}
ENTITY_OFFERS = {"text/html": HTML, "application/xhtml+xml": HTML, **GRAPH_OFFERS}
#: The choices of the query page: a label and the media type asked for.
QUERY_PAGE_FORMATS = [("a table (SPARQL JSON)", "application/sparql-results+json"),
                      ("SPARQL XML", "application/sparql-results+xml"), ("CSV", "text/csv"),
                      ("TSV", "text/tab-separated-values"), ("Turtle", "text/turtle"),
                      ("N-Triples", "application/n-triples"), ("JSON-LD", "application/ld+json")]
#: An entity's other formats, each at its path and a suffix: suffix, format, label.
ALTERNATES = ((".ttl", "turtle", "Turtle"), (".nt", "ntriples", "N-Triples"),
              (".jsonld", "json-ld", "JSON-LD"))
#: The W3C's IRIs of the formats, for the service description.
FORMAT_IRIS = {"json": FORMATS.SPARQL_Results_JSON, "xml": FORMATS.SPARQL_Results_XML,
               "csv": FORMATS.SPARQL_Results_CSV, "tsv": FORMATS.SPARQL_Results_TSV,
               "turtle": FORMATS.Turtle, "ntriples": FORMATS["N-Triples"],
               "json-ld": FORMATS["JSON-LD"]}
#: The terms of the vocabulary (df:Drug is https://w3id.org/drugfacts/vocab#Drug): a hash IRI
#: is looked up at the IRI before the hash, so the document /vocab must describe them all.
VOCABULARY_TERMS = f"""CONSTRUCT {{ ?term ?p ?o }} WHERE {{
    ?term a ?class .
    FILTER(STRSTARTS(STR(?term), "{DF}"))
    ?term ?p ?o .
}}"""
HOME_DRUGS = 1000
STATIC = {"drugfacts.js": "text/javascript", "drugfacts.css": "text/css"}
CORS = {"Access-Control-Allow-Origin": "*"}
PREFLIGHT = {"Access-Control-Allow-Methods": "GET, POST, OPTIONS",
             "Access-Control-Allow-Headers": "Accept, Content-Type",
             "Access-Control-Max-Age": "86400"}
#: The path of an IRI of the project: what an IRI may hold, percent-escapes included.
_IRI_PATH = re.compile(r"/[A-Za-z0-9\-._~!$&'()*+,;=:@/%]+")
UPDATE_REFUSED = "SPARQL Update is refused: this endpoint is read-only"
EXAMPLE = """\
SELECT ?drug ?label (COUNT(?claim) AS ?claims)
WHERE {
    ?drug a df:Drug ;
        skos:prefLabel ?label .
    ?claim rdf:subject ?drug .
}
GROUP BY ?drug ?label
ORDER BY DESC(?claims)
LIMIT 10
"""


@dataclass(frozen=True)
class Limits:
    """What one query may cost: seconds, rows or triples returned, bytes of query text, and how
    many queries run at once (each in a process of its own)."""

    timeout: float = 10.0
    max_results: int = 10_000
    max_query_bytes: int = 100_000
    workers: int = os.cpu_count() or 2


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    params: Mapping[str, list[str]]
    headers: Mapping[str, str]
    body: bytes = b""

    def header(self, name: str) -> str:
        return self.headers.get(name) or ""

    @property
    def media_type(self) -> str:
        return self.header("Content-Type").split(";")[0].strip().lower()


@dataclass
class Reply:
    status: int
    body: bytes
    media_type: str = "text/plain"
    headers: dict[str, str] = field(default_factory=dict)


class Refusal(Exception):
    """An answer other than 200, with the message the client reads."""

    def __init__(self, status: int, message: str, headers: Mapping[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.headers = dict(headers or {})


def negotiate(accept: str, offers: Sequence[str]) -> str | None:
    """The offered media type that an Accept header prefers: the highest quality, that of the
    header's most specific range matching it; among equals, the first offered. None when it
    accepts none of them."""
    ranges = []
    for part in (accept or "*/*").split(","):
        media, *parameters = [piece.strip() for piece in part.split(";")]
        quality = 1.0
        for parameter in parameters:
            key, _, value = parameter.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if media:
            ranges.append((media.lower(), quality))

    def quality_of(offer: str) -> float:
        kind = offer.split("/")[0]
        matching = [(specificity, quality) for media, quality in ranges
                    for specificity, pattern in ((2, offer), (1, f"{kind}/*"), (0, "*/*"))
                    if media == pattern]
        return max(matching)[1] if matching else 0.0

    best = max(offers, key=lambda offer: (quality_of(offer), -offers.index(offer)))
    return best if quality_of(best) > 0 else None


class App:
    """Everything the server answers, apart from the HTTP plumbing: a Request in, a Reply out."""

    def __init__(self, project: Project, graph: Graph, limits: Limits = Limits()):
        self.graph = graph
        self.limits = limits
        self.questions = saved_queries(project)
        self._prepared = {name: prepare(q.text, q.path) for name, q in self.questions.items()}
        self._description = prepare(internal_query("entity-description"), "entity-description.rq")
        self._drug_index = prepare(internal_query("drug-index"), "drug-index.rq")
        self._slots = threading.BoundedSemaphore(limits.workers)
        self._segments = {kind.segment for kind in KINDS.values()} | {"vocab"}

    def handle(self, request: Request) -> Reply:
        """The reply to one request; a refusal or an error becomes a plain-text message."""
        try:
            reply = self._route(request)
        except Refusal as refusal:
            reply = _text(refusal.status, str(refusal), refusal.headers)
        except DrugfactsError as error:
            status = 403 if isinstance(error, RefusedError) else 400
            reply = _text(status, str(error))
        reply.headers.update(CORS)
        return reply

    def _route(self, request: Request) -> Reply:
        if request.method == "OPTIONS":
            return Reply(204, b"", headers=dict(PREFLIGHT))
        if request.path == "/sparql":
            return self.sparql(request)
        if request.method != "GET":
            raise Refusal(405, f"{request.method} is not answered here: use GET",
                          {"Allow": "GET, OPTIONS"})
        if request.path == "/":
            return Reply(200, self.home, "text/html")
        if request.path.startswith("/questions/"):
            return self.question(request, request.path.removeprefix("/questions/"))
        if request.path.startswith("/static/"):
            return self.static(request.path.removeprefix("/static/"))
        return self.entity(request)

    # ------------------------------------------------------------ the SPARQL endpoint

    def sparql(self, request: Request) -> Reply:
        """The SPARQL 1.1 Protocol: a query by GET or POST; without one, the service
        description."""
        params = self._protocol_params(request)
        if "update" in params:
            raise Refusal(403, UPDATE_REFUSED)
        if any(value for key in ("default-graph-uri", "named-graph-uri")
               for value in params.get(key, [])):
            raise Refusal(400, "this endpoint has one dataset, the built graph: leave out "
                               "default-graph-uri and named-graph-uri")
        queries = params.get("query", [])
        if not queries:
            return self.service_description(request)
        if len(queries) > 1:
            raise Refusal(400, "give one query")
        text = queries[0]
        if len(text.encode()) > self.limits.max_query_bytes:
            raise Refusal(413, self.size_limit())
        prepared = _parse(text)
        offers = _offers(query_form(prepared))
        return self._answer_as(request, offers, prepared, {}, "SPARQL query")

    def _protocol_params(self, request: Request) -> Mapping[str, list[str]]:
        if request.method == "GET":
            return request.params
        if request.method != "POST":
            raise Refusal(405, f"{request.method} is not answered at /sparql: use GET or POST",
                          {"Allow": "GET, POST, OPTIONS"})
        body = request.body.decode("utf-8", errors="replace")
        if request.media_type == "application/x-www-form-urlencoded":
            return {**request.params, **parse_qs(body, keep_blank_values=True)}
        if request.media_type == "application/sparql-query":
            return {**request.params, "query": [body]}
        if request.media_type == "application/sparql-update":
            raise Refusal(403, UPDATE_REFUSED)
        raise Refusal(415, "POST a form (application/x-www-form-urlencoded) or a query "
                           f"(application/sparql-query), not {request.media_type or 'nothing'}")

    def size_limit(self) -> str:
        return (f"query size limit: the query is longer than the {self.limits.max_query_bytes} "
                "bytes this server reads")

    def service_description(self, request: Request) -> Reply:
        """The SPARQL 1.1 Service Description of this endpoint (the query page for browsers)."""
        fmt = _negotiated(request, GRAPH_OFFERS)
        endpoint = f"http://{request.header('Host') or 'localhost'}/sparql"
        if fmt == HTML:
            return Reply(200, render("sparql", example=EXAMPLE, endpoint=endpoint,
                                     prefixes=list(PREFIXES), limits=self.limits,
                                     formats=QUERY_PAGE_FORMATS), "text/html")
        service, dataset, default = URIRef(endpoint), BNode(), BNode()
        triples = [
            (service, RDF.type, SD.Service), (service, SD.endpoint, service),
            (service, SD.supportedLanguage, SD.SPARQL11Query),
            *((service, SD.resultFormat, iri) for iri in FORMAT_IRIS.values()),
            (service, SD.defaultDataset, dataset), (dataset, RDF.type, SD.Dataset),
            (dataset, SD.defaultGraph, default), (default, RDF.type, SD.Graph),
            (default, VOID.triples, Literal(self.triples)),
            (service, DCTERMS.description, Literal(
                "Read-only: SPARQL Update, SERVICE and FROM are refused (403). A query may run "
                f"{self.limits.timeout:g} s (else 503) and return {self.limits.max_results} rows "
                "or triples (else 400). The prefixes " + ", ".join(PREFIXES) + " are declared.",
                lang="en")),
        ]
        return _formatted(QueryResult("CONSTRUCT", triples=triples), fmt)

    @cached_property
    def triples(self) -> int:
        """The size of the graph served, ontology included."""
        answer = self._answer(prepare("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"), {})
        return int(answer.rows[0][0])

    # ------------------------------------------------------------ saved questions

    def question(self, request: Request, name: str) -> Reply:
        """A saved question, its parameters from the URL (empty ones left out)."""
        saved = self.questions.get(name)
        if saved is None:
            raise Refusal(404, f"no saved question {name!r}; the questions are listed at /")
        given = {key: values[-1].strip() for key, values in request.params.items()
                 if values[-1].strip()}
        bindings = bind_parameters(self.graph, saved, given)
        prepared = self._prepared[name]
        return self._answer_as(request, _offers(query_form(prepared)), prepared, bindings,
                               saved.title)

    # ------------------------------------------------------------ answering

    def _answer_as(self, request: Request, offers: Mapping[str, str], prepared: Query,
                   bindings: Mapping[str, Node], title: str) -> Reply:
        fmt = _negotiated(request, offers)
        answer = self._answer(prepared, bindings, capped=True)
        if fmt == HTML:
            columns, rows = result_table(answer)
            return Reply(200, render("results", title=title, columns=columns, rows=rows),
                         "text/html")
        return _formatted(answer, fmt)

    def _answer(self, prepared: Query, bindings: Mapping[str, Node],
                capped: bool = False) -> QueryResult:
        """Run a query in a worker of its own, within the time limit and, when capped, the
        result-size cap."""
        limits = self.limits
        if not self._slots.acquire(timeout=limits.timeout):
            raise Refusal(503, f"busy: {limits.workers} queries are running and none ended "
                               f"within {limits.timeout:g} s; try again", {"Retry-After": "1"})
        try:
            answer = run_query(self.graph, prepared, bindings, limits.timeout)
        except TimeLimitError:
            raise Refusal(503, f"time limit: the query ran past {limits.timeout:g} s and was "
                               "stopped; narrow it") from None
        finally:
            self._slots.release()
        size = len(answer.rows) + len(answer.triples)
        if capped and size > limits.max_results:
            unit = "triples" if answer.is_graph else "rows"
            raise Refusal(400, f"result-size cap: the answer has {size} {unit}, more than the "
                               f"{limits.max_results} this server returns; add a LIMIT or "
                               "narrow the query")
        return answer

    # ------------------------------------------------------------ pages

    @cached_property
    def home(self) -> bytes:
        """The home page: the graph does not change while it is served, so it is made once.
        It lists HOME_DRUGS drugs at most: on a graph of many, it is a place to start."""
        drugs = self._answer(self._drug_index, {}).rows
        return render("home", limit=HOME_DRUGS, more=len(drugs) > HOME_DRUGS,
                      **home_context(drugs[:HOME_DRUGS], self.questions.values()))

    def entity(self, request: Request) -> Reply:
        """The Linked Data of one of the project's IRIs: a page, Turtle, N-Triples or JSON-LD."""
        path, fmt = request.path, None
        for suffix, name, _ in ALTERNATES:
            if path.endswith(suffix):
                path, fmt = path.removesuffix(suffix), name
        if not _IRI_PATH.fullmatch(path) or path[1:].split("/")[0] not in self._segments:
            raise Refusal(404, f"nothing is answered at {request.path}")
        iri = URIRef(BASE + path[1:])
        answer = self._answer(self._description, {"entity": iri})
        if f"{iri}#" == str(DF):
            answer = QueryResult("CONSTRUCT", triples=answer.triples + self.vocabulary_terms)
        if not answer.triples:
            raise Refusal(404, f"the graph says nothing about <{iri}>")
        fmt = fmt or _negotiated(request, ENTITY_OFFERS)
        alternates = [(label, f"{path}{suffix}", RESULT_FORMATS[name].media_type)
                      for suffix, name, label in ALTERNATES]
        headers = {"Vary": "Accept", "Link": ", ".join(
            f'<{href}>; rel="alternate"; type="{media_type}"' for _, href, media_type in alternates)}
        if fmt != HTML:
            reply = _formatted(answer, fmt)
            reply.headers.update(headers)
            return reply
        page = entity_page(answer.triples, iri)
        return Reply(200, render("entity", page=page, alternates=alternates), "text/html",
                     headers)

    @cached_property
    def vocabulary_terms(self) -> list[tuple[Node, Node, Node]]:
        """What the vocabulary says of each of its terms, found once: the graph does not change
        while it is served."""
        return self._answer(prepare(VOCABULARY_TERMS), {}).triples

    def static(self, name: str) -> Reply:
        if name not in STATIC:
            raise Refusal(404, f"no static file {name!r}")
        body = (files("drugfacts") / "static" / name).read_bytes()
        return Reply(200, body, STATIC[name], {"Cache-Control": "max-age=3600"})


def _text(status: int, message: str, headers: Mapping[str, str] | None = None) -> Reply:
    return Reply(status, (message.rstrip("\n") + "\n").encode(), "text/plain", dict(headers or {}))


def _offers(form: str) -> Mapping[str, str]:
    return GRAPH_OFFERS if form in GRAPH_FORMS else ASK_OFFERS if form == "ASK" else SELECT_OFFERS


def _negotiated(request: Request, offers: Mapping[str, str]) -> str:
    media = negotiate(request.header("Accept"), list(offers))
    if media is None:
        raise Refusal(406, "none of the formats asked for (Accept: "
                           f"{request.header('Accept')}) is served here; ask for one of "
                           + ", ".join(offers))
    return offers[media]


def _formatted(answer: QueryResult, name: str) -> Reply:
    fmt = RESULT_FORMATS[name]
    return Reply(200, fmt.write(answer).encode(), fmt.media_type)


def _parse(text: str) -> Query:
    """The query parsed, or refused: 403 for an update (the query grammar rejects it, the
    update grammar takes it) and for SERVICE and FROM, 400 with the parser's message otherwise."""
    try:
        return prepare(text, "the query")
    except RefusedError:
        raise
    except UsageError:
        if _is_update(text):
            raise Refusal(403, UPDATE_REFUSED) from None
        raise


def _is_update(text: str) -> bool:
    """Whether the text holds an update operation: the update grammar also takes an empty text
    or a lone prologue (`PREFIX a: <...>`), which are bad queries (400), not updates."""
    try:
        parsed = parseUpdate(text)
    except ParseException:
        return False
    return "request" in parsed


# ---------------------------------------------------------------- HTTP

class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64

    def __init__(self, address: tuple[str, int], app: App, log: bool):
        super().__init__(address, _Handler)
        self.app = app
        self.log = log


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"
    server_version = f"drugfacts/{__version__}"
    timeout = 60  # seconds a connection may sit idle or trickle its request

    def do_GET(self) -> None:
        self._serve()

    def do_HEAD(self) -> None:
        self._serve(head=True)

    do_POST = do_OPTIONS = do_PUT = do_DELETE = do_PATCH = do_GET

    def _serve(self, head: bool = False) -> None:
        url = urlsplit(self.path)
        app = self.server.app
        length = int(self.headers.get("Content-Length") or 0)
        if length > app.limits.max_query_bytes:
            self.close_connection = True  # the body is left unread
            reply = _text(413, app.size_limit(), CORS)
        else:
            request = Request("GET" if head else self.command, url.path,
                              parse_qs(url.query, keep_blank_values=True), self.headers,
                              self.rfile.read(length) if length else b"")
            try:
                reply = app.handle(request)
            except Exception:  # noqa: BLE001 - a bug must not take the server down
                traceback.print_exc(file=sys.stderr)
                reply = _text(500, "the server failed on this request; see its log", CORS)
        body = b"" if head else reply.body
        self.send_response(reply.status)
        charset = "; charset=utf-8" if reply.media_type.startswith("text/") else ""
        self.send_header("Content-Type", reply.media_type + charset)
        self.send_header("Content-Length", str(len(reply.body)))
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base's name
        if self.server.log:
            super().log_message(format, *args)


def make_server(app: App, host: str = "127.0.0.1", port: int = 8000,
                log: bool = True) -> ThreadingHTTPServer:
    """A server of the app, listening (port 0: any free port; see `server_address`)."""
    try:
        return _Server((host, port), app, log)
    except OSError as error:
        raise UsageError(f"cannot listen on {host}:{port}: {error.strerror or error}") from None


@contextmanager
def running(app: App, host: str = "127.0.0.1", port: int = 0, log: bool = False) -> Iterator[str]:
    """The app served by a thread of this process while the block runs: its base URL. For tests
    and benchmarks; the server stops and its port is freed on leaving the block."""
    server = make_server(app, host, port, log)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def serve(project: Project, host: str = "127.0.0.1", port: int = 8000,
          limits: Limits = Limits(), build_first: bool = False,
          ready: Callable[[str], None] = print) -> None:
    """Serve the project's built graph until interrupted (Ctrl-C)."""
    server = make_server(App(project, load_graph(project, build_first), limits), host, port)
    bound_host, bound_port = server.server_address[:2]
    ready(f"serving http://{bound_host}:{bound_port}/ (SPARQL endpoint: /sparql); Ctrl-C stops")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
