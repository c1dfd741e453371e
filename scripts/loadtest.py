"""Load-test `drugfacts serve` on loopback: how many queries a second it answers, how fast, and
whether any request fails under concurrent clients.

    .venv/bin/python scripts/loadtest.py                          # 8 clients for 20 s, the repository
    .venv/bin/python scripts/loadtest.py --clients 4 --duration 3 --json
    .venv/bin/python scripts/loadtest.py --root /tmp/df-1e5 --workers 4

It starts `drugfacts serve --build --port 0` on 127.0.0.1 over the project's built graph as a
process of its own (so the clients do not share its interpreter lock), then runs N clients, each
a thread with a keep-alive connection, that send one request after another for the duration
(a closed loop: a client waits for each answer). The mix is what users of the server do:

- `question` (40 %): a saved question that takes a drug (side effects, risks, ...), with one of
  the graph's drugs by label, as a program asks it: /questions/NAME?drug=LABEL, SPARQL JSON;
- `page` (30 %): the Linked Data of a drug, of what its facts name or of a source: an HTML page,
  one request in four Turtle instead;
- `sparql` (30 %): a SELECT of one's own at /sparql, by GET or by POST of a form.

Every request runs one query on the server (a page, its description query), so requests per
second are queries per second. A request fails when it raises, is not answered 200, or its
answer is not what was asked for (SPARQL JSON that does not parse, a page without its end);
the script exits 1 if any fails. Figures are the client's: from sending to the last byte read.
"""

from __future__ import annotations

import argparse
import collections
import http.client
import json
import random
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from drugfacts.project import Project
from drugfacts.query import GRAPH_FORMS, prepare, query_form, saved_queries

REPO = Path(__file__).resolve().parents[1]
SPARQL_JSON = "application/sparql-results+json"
FORM = "application/x-www-form-urlencoded"
#: The share of each kind of request in the mix.
MIX = {"question": 0.4, "page": 0.3, "sparql": 0.3}
#: SELECTs a program might send, `{drug}` the IRI of one of the graph's drugs.
SELECTS = (
    """SELECT ?effect ?label (COUNT(DISTINCT ?source) AS ?sources) WHERE {
        ?claim rdf:subject <{drug}> ; rdf:predicate df:hasSideEffect ; rdf:object ?effect ;
            df:curationStatus df:Accepted ; prov:wasDerivedFrom ?source .
        ?effect skos:prefLabel ?label .
    } GROUP BY ?effect ?label ORDER BY DESC(?sources) ?label""",
    """SELECT ?claim ?quote WHERE {
        ?claim rdf:subject <{drug}> ; df:evidence/oa:exact ?quote .
        FILTER(CONTAINS(LCASE(?quote), "may"))
    } LIMIT 20""",
    """SELECT ?predicate (COUNT(?object) AS ?facts) WHERE {
        <{drug}> ?predicate ?object . ?predicate a df:FactPredicate .
    } GROUP BY ?predicate""",
    """SELECT ?source ?title (COUNT(?claim) AS ?claims) WHERE {
        ?claim prov:wasDerivedFrom ?source . ?source dcterms:title ?title .
    } GROUP BY ?source ?title ORDER BY DESC(?claims) LIMIT 10""",
)
#: The drugs asked about (some of them, on a large graph: within the server's result cap).
DRUGS = "SELECT ?drug ?label WHERE { ?drug a df:Drug ; skos:prefLabel ?label } LIMIT 1000"
#: What the pages are about: the drugs, what their facts name, and the sources.
LINKED = """SELECT DISTINCT ?entity WHERE {
    { ?entity a df:Drug } UNION { ?entity a df:SourceDocument }
    UNION { ?drug a df:Drug ; ?predicate ?entity . ?predicate a df:FactPredicate }
} LIMIT 5000"""
BASE = "https://w3id.org/drugfacts/"


@dataclass(frozen=True)
class Call:
    """One request of the mix, and how to tell that its answer is right."""

    kind: str
    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    check: Callable[[bytes], bool]


@dataclass
class Outcome:
    kind: str
    seconds: float
    error: str | None = None


@dataclass
class Report:
    url: str
    clients: int
    duration: float
    workers: int | None
    outcomes: list[Outcome] = field(default_factory=list)

    def figures(self) -> dict[str, object]:
        """The report as data: counts, rates and latency percentiles, all and by kind."""
        failures = [o for o in self.outcomes if o.error]
        return {
            "url": self.url, "clients": self.clients, "duration_s": round(self.duration, 2),
            "workers": self.workers, "requests": len(self.outcomes), "failures": len(failures),
            "failure_examples": sorted({f"{o.kind}: {o.error}" for o in failures})[:10],
            **_stats(self.outcomes, self.duration),
            "by_kind": {kind: _stats([o for o in self.outcomes if o.kind == kind], self.duration)
                        for kind in MIX},
        }


def _stats(outcomes: Sequence[Outcome], duration: float) -> dict[str, object]:
    latencies = [o.seconds * 1000 for o in outcomes]
    cuts = statistics.quantiles(latencies, n=100, method="inclusive") if len(latencies) > 1 \
        else latencies * 99
    return {"count": len(outcomes),
            "queries_per_second": round(len(outcomes) / duration, 1) if duration else 0.0,
            "latency_ms": {"p50": round(cuts[49], 1), "p95": round(cuts[94], 1),
                           "p99": round(cuts[98], 1), "max": round(max(latencies), 1)}
            if latencies else {}}


# ---------------------------------------------------------------- the server

@contextmanager
def server(root: Path, workers: int | None) -> Iterator[str]:
    """`drugfacts serve --build` on a free port of 127.0.0.1, in a process of its own: its URL.
    Its log is read as it comes (a full pipe would stop it) and shown if it fails to start."""
    command = [sys.executable, "-m", "drugfacts", "--root", str(root), "serve", "--build",
               "--port", "0", *(["--workers", str(workers)] if workers else [])]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               text=True)
    log: collections.deque[str] = collections.deque(maxlen=40)
    ready = threading.Event()
    url: list[str] = []

    def read_log() -> None:
        for line in process.stderr:
            log.append(line)
            if not url and line.startswith("serving http://"):
                url.append(line.split()[1].rstrip("/"))
                ready.set()
        ready.set()

    reader = threading.Thread(target=read_log, daemon=True)
    reader.start()
    try:
        ready.wait(timeout=600)
        if not url:
            raise SystemExit("the server did not start:\n" + "".join(log))
        yield url[0]
    finally:
        process.send_signal(2)  # SIGINT: the server's Ctrl-C, a clean stop
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        reader.join(timeout=5)


# ---------------------------------------------------------------- the mix

def _is_sparql_json(body: bytes) -> bool:
    try:
        return isinstance(json.loads(body)["results"]["bindings"], list)
    except (ValueError, KeyError, TypeError):
        return False


def _is_page(body: bytes) -> bool:
    return body.rstrip().endswith(b"</html>")


def _is_turtle(body: bytes) -> bool:
    return b"@prefix" in body or b"<https://w3id.org/drugfacts/" in body


def _select(connection: http.client.HTTPConnection, query: str) -> list[dict]:
    path = "/sparql?" + urllib.parse.urlencode({"query": query})
    connection.request("GET", path, headers={"Accept": SPARQL_JSON})
    answer = connection.getresponse()
    body = answer.read()
    if answer.status != 200:
        raise SystemExit(f"the server refused {query!r}: {answer.status} {body.decode()}")
    return json.loads(body)["results"]["bindings"]


def drug_questions(root: Path) -> list[tuple[str, str, bool]]:
    """The saved questions that one drug is enough to ask: name, the drug parameter, and
    whether the answer is a graph (CONSTRUCT) rather than a table."""
    found = []
    for name, saved in saved_queries(Project(root)).items():
        drug = [p.name for p in saved.parameters if p.kind == "drug"]
        if drug and all(p.kind == "drug" or not p.required for p in saved.parameters):
            found.append((name, drug[0], query_form(prepare(saved.text)) in GRAPH_FORMS))
    return found


def the_mix(url: str, root: Path) -> dict[str, list[Call]]:
    """Every request the clients choose from, by kind, made from the graph being served."""
    netloc = urllib.parse.urlsplit(url).netloc
    connection = http.client.HTTPConnection(netloc, timeout=60)
    try:
        drugs = [(b["drug"]["value"], b["label"]["value"]) for b in _select(connection, DRUGS)]
        linked = [b["entity"]["value"] for b in _select(connection, LINKED)]
    finally:
        connection.close()
    if not drugs:
        raise SystemExit("the graph has no drugs to ask about")
    json_only = {"Accept": SPARQL_JSON}
    questions = drug_questions(root)
    calls: dict[str, list[Call]] = {kind: [] for kind in MIX}
    for iri, label in drugs:
        for name, parameter, graph in questions:
            accept, check = ("text/turtle", _is_turtle) if graph else (SPARQL_JSON, _is_sparql_json)
            calls["question"].append(Call(
                "question", "GET", f"/questions/{name}?" + urllib.parse.urlencode(
                    {parameter: label}), {"Accept": accept}, None, check))
        for number, select in enumerate(SELECTS):
            query = select.replace("{drug}", iri)
            if number % 2:
                calls["sparql"].append(Call("sparql", "POST", "/sparql",
                                            {**json_only, "Content-Type": FORM},
                                            urllib.parse.urlencode({"query": query}).encode(),
                                            _is_sparql_json))
            else:
                calls["sparql"].append(Call("sparql", "GET", "/sparql?" + urllib.parse.urlencode(
                    {"query": query}), json_only, None, _is_sparql_json))
    for number, iri in enumerate(i for i in linked if i.startswith(BASE)):
        path = "/" + urllib.parse.quote(iri[len(BASE):], safe="/:@!$&'()*+,;=-._~")
        turtle = number % 4 == 3
        calls["page"].append(Call("page", "GET", path,
                                  {"Accept": "text/turtle" if turtle else "text/html"}, None,
                                  _is_turtle if turtle else _is_page))
    return calls


# ---------------------------------------------------------------- the clients

def attempt(connection: http.client.HTTPConnection, call: Call) -> str | None:
    """Send one request and read its answer: what went wrong, or None."""
    try:
        connection.request(call.method, call.path, body=call.body, headers=call.headers)
        answer = connection.getresponse()
        body = answer.read()
    except (OSError, http.client.HTTPException) as exception:
        return f"{call.method} {call.path[:80]}: {type(exception).__name__}: {exception}"
    if answer.status != 200:
        said = body[:200].decode(errors="replace").strip()
        return f"{call.method} {call.path[:80]}: {answer.status} {said}"
    if not call.check(body):
        return f"{call.method} {call.path[:80]}: 200 but not the answer asked for: {body[:120]!r}"
    return None


def client(url: str, calls: dict[str, list[Call]], until: float, seed: int,
           outcomes: list[Outcome]) -> None:
    """One client: requests of the mix one after another until the deadline, on one keep-alive
    connection (a new one after a failure)."""
    chooser = random.Random(seed)
    kinds, weights = list(MIX), list(MIX.values())
    netloc = urllib.parse.urlsplit(url).netloc
    connection = http.client.HTTPConnection(netloc, timeout=60)
    while time.monotonic() < until:
        call = chooser.choice(calls[chooser.choices(kinds, weights)[0]])
        started = time.perf_counter()
        error = attempt(connection, call)
        outcomes.append(Outcome(call.kind, time.perf_counter() - started, error))  # atomic
        if error:
            connection.close()
            connection = http.client.HTTPConnection(netloc, timeout=60)
    connection.close()


def load(url: str, calls: dict[str, list[Call]], clients: int, duration: float,
         seed: int) -> tuple[list[Outcome], float]:
    """Run the clients for the duration; every outcome, and the seconds they ran in all (the
    last requests end after the deadline)."""
    outcomes: list[Outcome] = []
    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(url, calls, started + duration, seed + n,
                                                     outcomes)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes, time.monotonic() - started


def warm_up(url: str, calls: dict[str, list[Call]]) -> None:
    """One request of each kind before the clock starts: a mix that fails at once is a broken
    setup, said plainly, not a load figure."""
    connection = http.client.HTTPConnection(urllib.parse.urlsplit(url).netloc, timeout=60)
    try:
        broken = [error for kind in MIX if (error := attempt(connection, calls[kind][0]))]
    finally:
        connection.close()
    if broken:
        raise SystemExit("the warm-up failed: " + "; ".join(broken))


def table(figures: dict[str, object]) -> str:
    """The report as a table for the terminal (and the README)."""
    lines = [f"{figures['clients']} clients for {figures['duration_s']} s against "
             f"{figures['url']} ({figures['workers'] or 'CPU count'} query workers): "
             f"{figures['requests']} requests, {figures['failures']} failed",
             "",
             "| requests | count | queries/s | p50 ms | p95 ms | p99 ms | max ms |",
             "|---|---|---|---|---|---|---|"]
    rows = [*((kind, stats) for kind, stats in figures["by_kind"].items()), ("all", figures)]
    for name, stats in rows:
        latency = stats["latency_ms"] or dict.fromkeys(("p50", "p95", "p99", "max"), "-")
        lines.append(f"| {name} | {stats['count']} | {stats['queries_per_second']} | "
                     f"{latency['p50']} | {latency['p95']} | {latency['p99']} | "
                     f"{latency['max']} |")
    lines += [f"failed: {example}" for example in figures["failure_examples"]]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=REPO,
                        help="the drugfacts project to serve (built first if stale)")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients (8)")
    parser.add_argument("--duration", type=float, default=20.0, help="seconds of load (20)")
    parser.add_argument("--workers", type=int, help="`drugfacts serve --workers` (CPU count)")
    parser.add_argument("--seed", type=int, default=1, help="of the clients' choices (1)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    with server(args.root, args.workers) as url:
        calls = the_mix(url, args.root)
        warm_up(url, calls)
        outcomes, seconds = load(url, calls, args.clients, args.duration, args.seed)
    figures = Report(url, args.clients, seconds, args.workers, outcomes).figures()
    print(json.dumps(figures, indent=2) if args.json else table(figures))
    return 1 if figures["failures"] or not figures["requests"] else 0


if __name__ == "__main__":
    sys.exit(main())
