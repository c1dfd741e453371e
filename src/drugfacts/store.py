"""The embedded engine: the built graph in an Oxigraph store, in memory or on disk.

rdflib's in-memory graph, SPARQL and Turtle writer take minutes past 10^5 triples; Oxigraph
(`pyoxigraph`) parses, queries and writes in Rust, 10 to 40 times faster, with nothing to start.
The build keeps the graph in the store's default graph and the ontology in the named graph
`ONTOLOGY_GRAPH`, so that validation and questions see both and the output holds only the data.

Code written for rdflib gets the graph through `to_rdflib`, a copy: cheap for the seed data,
not for millions of triples.
"""

from __future__ import annotations

import contextlib
import heapq
import io
import itertools
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from .errors import DataError, Problem, UsageError
from .load import new_graph, parse_turtle
from .shacl_sparql import integer_datatypes
from .vocab import PREFIXES

ONTOLOGY_GRAPH = ox.NamedNode("urn:drugfacts:ontology")
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
BATCH_BYTES = 64 << 20  # N-Triples loaded into the store at once
RUN_BYTES = 256 << 20  # N-Triples sorted in memory at once
# Longest namespace first, so claim:… wins over a shorter namespace that also matches.
_BY_LENGTH = sorted(PREFIXES.items(), key=lambda item: -len(item[1]))


@dataclass
class StoredGraph:
    """A graph in a store, for questions and validation, with its N-Triples as written, sorted,
    in a file: the store keeps some typed literals in a normal form (\"03\"^^xsd:int as
    \"3\"^^xsd:integer, oxigraph#526), so output and pyshacl read the N-Triples, and at 10^7
    triples they are 1.5 GB that need not be held in memory. `as_written` is, for each
    predicate, the integer datatypes its literals are written with (what the store forgot)."""

    store: ox.Store
    ntriples_file: Path
    triples: int
    as_written: dict[str, frozenset[str]]
    workspace: tempfile.TemporaryDirectory | None = field(default=None, repr=False)

    def ntriples(self) -> bytes:
        """The sorted N-Triples, read whole: for graphs that fit in memory."""
        return self.ntriples_file.read_bytes()

    def rdflib(self) -> Graph:
        """The graph as written, as an rdflib Graph with the project's prefixes (a copy)."""
        graph = new_graph()
        graph.parse(self.ntriples_file, format="nt")
        return graph


class StoreLoader:
    """Fills a store with N-Triples chunks (each whole lines) and, beside it, a sorted copy of
    them as written, in bounded memory: `finish` gives the StoredGraph. The ontology goes in
    ONTOLOGY_GRAPH and not in the copy."""

    def __init__(self, path: Path | None = None, workdir: Path | None = None):
        self.store = open_store(path)
        if workdir is not None:
            workdir.mkdir(parents=True, exist_ok=True)
        self.workspace = tempfile.TemporaryDirectory(prefix="graph-", dir=workdir)
        self.sorter = LineSorter(Path(self.workspace.name))
        self.as_written: dict[str, set[str]] = {}

    def load(self, chunks: Iterable[bytes]) -> None:
        """Add data: to the store (in large batches: one call a file would cost more than the
        parsing on projects of many small files) and to the sorted copy."""
        batch: list[bytes] = []
        size = 0
        for chunk in chunks:
            self.sorter.add(chunk)
            for predicate, datatypes in integer_datatypes(chunk).items():
                self.as_written.setdefault(predicate, set()).update(datatypes)
            batch.append(chunk)
            size += len(chunk)
            if size > BATCH_BYTES:
                self._load_batch(batch)
                batch, size = [], 0
        if batch:
            self._load_batch(batch)

    def _load_batch(self, batch: list[bytes]) -> None:
        # Lenient: these N-Triples were written by drugfacts from triples already parsed
        # strictly, so checking every IRI again only costs time (a quarter of the load at 10^7).
        self.store.bulk_load(b"".join(batch), ox.RdfFormat.N_TRIPLES, lenient=True)

    def load_ontology(self, ontology: bytes) -> None:
        self.store.bulk_load(ontology, ox.RdfFormat.N_TRIPLES, to_graph=ONTOLOGY_GRAPH)

    def finish(self) -> StoredGraph:
        """The graph: the store and the sorted N-Triples, written once every chunk is in."""
        path = Path(self.workspace.name) / "graph.nt"
        triples = self.sorter.write(path)
        return StoredGraph(self.store, path, triples, {p: frozenset(d) for p, d in self.as_written.items()},
                           self.workspace)


class LineSorter:
    """Lines sorted and each once, in bounded memory, as a merge sort on disk: lines are taken
    in runs of at most `budget` bytes, each run sorted in memory and written to a file, and the
    runs are merged into the output. Sorted as one list, the 1.5 GB of N-Triples of 10^7
    triples would take four times that."""

    def __init__(self, folder: Path, budget: int = RUN_BYTES):
        self.folder = folder
        self.budget = budget
        self.lines: list[bytes] = []
        self.size = 0
        self.runs: list[Path] = []

    def add(self, chunk: bytes) -> None:
        """Take the lines of a chunk."""
        self.lines += chunk.splitlines(keepends=True)
        self.size += len(chunk)
        if self.size >= self.budget:
            self._spill()

    def _spill(self) -> None:
        run = self.folder / f"run-{len(self.runs)}.nt"
        self._write_run(run)
        self.runs.append(run)

    def _write_run(self, path: Path) -> int:
        self.lines.sort()
        with path.open("wb") as out:
            count = _write_unique(self.lines, out)
        self.lines, self.size = [], 0
        return count

    def write(self, path: Path) -> int:
        """Write the sorted lines to `path`; how many there are."""
        if not self.runs:
            return self._write_run(path)
        if self.lines:
            self._spill()
        with contextlib.ExitStack() as files, path.open("wb") as out:
            count = _write_unique(heapq.merge(*(files.enter_context(run.open("rb")) for run in self.runs)), out)
        for run in self.runs:
            run.unlink()
        return count


def _write_unique(lines: Iterable[bytes], out: BinaryIO) -> int:
    """Write sorted lines, each once; how many were written."""
    count = 0
    for line, _ in itertools.groupby(lines):
        out.write(line)
        count += 1
    return count


def stored(ntriples: bytes, ontology: bytes, path: Path | None = None) -> StoredGraph:
    """Data and ontology (N-Triples) in a new store: the data in the default graph, the
    ontology in ONTOLOGY_GRAPH."""
    loader = StoreLoader(path)
    loader.load([ntriples])
    loader.load_ontology(ontology)
    return loader.finish()


def open_store(path: Path | None = None) -> ox.Store:
    """An empty store: in memory, or on disk at `path` (created, or emptied: a build writes the
    store whole, so an older build's triples never linger)."""
    if path is None:
        return ox.Store()
    if path.exists() and not (path / "CURRENT").is_file():
        raise UsageError(f"{path} exists and is not an Oxigraph store: choose another --store")
    store = ox.Store(str(path))
    store.clear()
    return store


def parse_file(path: Path, shown: Path | None = None) -> list[ox.Triple]:
    """The triples of a Turtle file. A syntax error becomes a DataError naming the file and the
    line, in rdflib's words where rdflib also rejects the file (its messages are the ones users
    and tests know)."""
    try:
        return list(ox.parse(path=path, format=ox.RdfFormat.TURTLE))
    except FileNotFoundError:
        raise DataError(Problem("file not found", file=shown or path)) from None
    except (SyntaxError, UnicodeDecodeError, ValueError) as error:
        parse_turtle(path, shown)  # raises rdflib's DataError if rdflib rejects it too
        line = getattr(error, "lineno", None)
        raise DataError(Problem(f"cannot read as Turtle: {error}", file=shown or path, line=line)) from None


def ntriples(triples: Iterable[ox.Triple]) -> bytes:
    """Triples as N-Triples, literals exactly as written."""
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)


def select(store: ox.Store, query: str, bindings: Mapping[str, ox.NamedNode | ox.Literal] | None = None,
           *, with_ontology: bool = False) -> list[tuple[ox.NamedNode | ox.BlankNode | ox.Literal | None, ...]]:
    """The rows of a SELECT query over the data (and the ontology, when asked), with variables
    bound to terms, never pasted into the text."""
    solutions = store.query(
        query, prefixes=PREFIXES,
        default_graph=[ox.DefaultGraph(), ONTOLOGY_GRAPH] if with_ontology else None,
        substitutions={ox.Variable(k): v for k, v in (bindings or {}).items()})
    assert isinstance(solutions, ox.QuerySolutions), "select() runs SELECT queries"
    width = len(solutions.variables)
    return [tuple(row[i] for i in range(width)) for row in solutions]


def construct(store: ox.Store, query: str) -> list[ox.Triple]:
    """The triples of a CONSTRUCT query over the data."""
    return list(store.query(query, prefixes=PREFIXES))


def count_triples(store: ox.Store) -> int:
    """Triples of the data, the ontology's not counted."""
    row = select(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0]
    return int(row[0].value)


def sorted_lines(ntriples: bytes) -> bytes:
    """N-Triples lines sorted and each once: the same graph gives the same bytes whatever order
    its files were read in, and a change diffs as a change. Sorted in place and deduplicated
    in one pass: a set of the lines would hold a second copy of millions of them."""
    lines = ntriples.splitlines(keepends=True)
    lines.sort()
    return b"".join(line for line, _ in itertools.groupby(lines))


def turtle(ntriples: bytes) -> bytes:
    """Turtle of sorted N-Triples: see `write_turtle`."""
    buffer = io.BytesIO()
    write_turtle(ox.parse(ntriples, ox.RdfFormat.N_TRIPLES), buffer)
    return buffer.getvalue()


def write_turtle(triples: Iterable[ox.Triple], out: BinaryIO) -> None:
    """Turtle of sorted triples, written in their order as they come (streamed: at 10^7 triples
    the graph is never whole in memory), with the project's prefixes, sorted: each subject once,
    its predicates in order, every literal as written."""
    stream = _PrefixesSorted(out)
    ox.serialize(triples, stream, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
    stream.close()


class _PrefixesSorted:
    """A binary stream that writes the @prefix lines Oxigraph begins with (in an order of its
    own) sorted, and what follows them as it comes."""

    LINE = b"@prefix "

    def __init__(self, out: BinaryIO):
        self.out = out
        self.head: bytes | None = b""

    def write(self, data: bytes) -> int:
        if self.head is None:
            return self.out.write(data)
        self.head += data
        end = 0
        while self.head.startswith(self.LINE, end) and b"\n" in self.head[end:]:
            end = self.head.index(b"\n", end) + 1
        rest = self.head[end:]
        if rest.startswith(self.LINE) or self.LINE.startswith(rest):
            return len(data)  # the header may go on: wait for more
        self._write_head(end)
        return len(data)

    def _write_head(self, end: int) -> None:
        head, self.head = self.head, None
        self.out.write(b"".join(sorted(head[:end].splitlines(keepends=True))))
        self.out.write(head[end:])

    def flush(self) -> None:
        self.out.flush()

    def close(self) -> None:
        """Write what is still held: a graph with no triples is all header."""
        if self.head is not None:
            self._write_head(len(self.head))
        self.flush()


def graph_turtle(graph: Graph) -> bytes:
    """An rdflib graph as the build writes Turtle: the same graph gives the same bytes."""
    return turtle(sorted_lines(ntriples(ox.Triple(from_rdflib(s), from_rdflib(p), from_rdflib(o))
                                        for s, p, o in graph)))


def compact(iri: str) -> str:
    """The IRI as a CURIE of the project's prefixes where one fits (drug:diazepam), else as is."""
    for prefix, namespace in _BY_LENGTH:
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


# --------------------------------------------------------------------------- rdflib seams

def from_rdflib(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """An rdflib term as an Oxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)) if term.datatype else None)
    raise TypeError(f"not an RDF term: {term!r}")


def to_rdflib_term(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> Node:
    """An Oxigraph term as the rdflib term rdflib's own parser would make: a plain literal has
    no datatype (rdflib tells "x" from "x"^^xsd:string)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    return Literal(term.value, datatype=None if datatype == XSD_STRING else URIRef(datatype))


def triples_as_rdflib(triples: Iterable[ox.Triple | ox.Quad]) -> Iterator[tuple[Node, Node, Node]]:
    for t in triples:
        yield to_rdflib_term(t.subject), to_rdflib_term(t.predicate), to_rdflib_term(t.object)


def to_rdflib(store: ox.Store, graph: ox.NamedNode | ox.DefaultGraph | None = None) -> Graph:
    """A copy of one graph of the store (default: the data) as an rdflib Graph with the
    project's prefixes."""
    copy = new_graph()
    quads = store.quads_for_pattern(None, None, None, graph or ox.DefaultGraph())
    copy.addN((s, p, o, copy) for s, p, o in triples_as_rdflib(quads))
    return copy


def store_of(graph: Graph) -> ox.Store:
    """An rdflib graph copied into a new in-memory store, as data."""
    store = ox.Store()
    store.extend(ox.Quad(from_rdflib(s), from_rdflib(p), from_rdflib(o)) for s, p, o in graph)
    return store

