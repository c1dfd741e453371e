"""`drugfacts build`: sources and claims in, a validated graph of claims and facts out.

    load → check sources and quotes → mint claim IRIs → materialise facts → validate → write

`build_graph` does everything but writing and `write_dist` writes, so other steps (export,
serve, benchmarks) can reuse either half.

The graph is built in an Oxigraph store (store.py), in memory or on disk (`store=PATH`): rdflib
takes minutes where Oxigraph takes seconds. Each input file's contribution (its triples, or its
claims minted) is kept in `.drugfacts-cache/` under the SHA-256 of what it was made from, so a
build after a change re-reads and re-mints only the files that changed; the whole graph is still
materialised and validated, which takes seconds.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from . import __version__
from .claims import describe_node, mint_claims, properties
from .errors import DataError, Problem, UsageError
from .files import write_folder
from .link import check_subjects, mapping_set_graph, read_mapping_set
from .load import parse_turtle
from .project import Project
from .sources import SourceRecord, SourceText, check_source_texts, sha256_of
from .sparql import internal_query
from .store import (
    StoredGraph,
    StoreLoader,
    compact,
    construct,
    from_rdflib,
    ntriples,
    parse_file,
    write_turtle,
)
from .summary import Summary, summarise
from .validate import DEFAULT_ENGINE, ValidationReport, Violation, validate_graph
from .vocab import DF, RDF

REPORT_FILE = "validation-report.ttl"
MANIFEST_FILE = "manifest.json"
CACHE_DIR = ".drugfacts-cache"
# Bump when what a file contributes changes (minting, evidence), so old cache entries go unused.
CACHE_FORMAT = f"{__version__}/1"


@dataclass
class Contribution:
    """What one input file adds to the graph: N-Triples as written (kept in the cache, not in
    memory: at 10^7 triples they are 1.5 GB), and the subjects it describes, to say later where
    a violation comes from."""

    file: Path
    ntriples_file: Path
    subjects: list[str]

    def ntriples(self) -> bytes:
        return self.ntriples_file.read_bytes()


class Steps:
    """Seconds spent in each step of a build, for `drugfacts build` users and benchmarks."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    @contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - start


@dataclass
class BuildResult:
    data: StoredGraph
    ontology: Graph
    shapes: Graph
    report: ValidationReport
    contributions: list[Contribution] = field(default_factory=list)
    steps: Steps = field(default_factory=Steps)
    digests: dict[str, str] = field(default_factory=dict)

    @property
    def store(self) -> ox.Store:
        """The built graph in Oxigraph (data in the default graph, the ontology in
        store.ONTOLOGY_GRAPH): the way to ask it questions at any size."""
        return self.data.store

    @cached_property
    def graph(self) -> Graph:
        """The built graph as an rdflib Graph: a copy made on first use, for code written for
        rdflib. Seconds for 10^5 triples, a minute for 10^6: at that size use `store`."""
        return self.data.rdflib()

    def summary(self) -> Summary:
        return summarise(self.store, self.data.triples, self.report.conforms, len(self.report.violations))

    @cached_property
    def _describing(self) -> dict[str, list[Contribution]]:
        index: dict[str, list[Contribution]] = {}
        for contribution in self.contributions:
            for subject in contribution.subjects:
                index.setdefault(subject, []).append(contribution)
        return index

    def locate(self, violation: Violation) -> Problem:
        """The violation as a Problem naming the input file it comes from: the file that states
        the offending triple, else the first that describes the focus node (or, for evidence,
        its claim)."""
        owner = violation.focus.split("#", 1)[0]
        candidates = self._describing.get(violation.focus, []) + self._describing.get(owner, [])
        line = f"<{violation.focus}> <{violation.path}> <{violation.value}> .\n".encode()
        stating = [c for c in candidates if violation.path and line in c.ntriples()]
        file = next((c.file for c in stating + candidates), None)
        names = [_short(violation.shape)] if not violation.shape.startswith("[") else []
        names += [compact(violation.path)] if violation.path else []
        return Problem(f"{violation.message} [{' '.join(names)}]", file=file, entity=compact(violation.focus))


def _short(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


class Cache:
    """Each input file's contribution, kept under the SHA-256 of the file (and of the code that
    made it). A claim file's entry also records the SHA-256 of each source text it quotes: a
    re-curated text (a new hash in data/sources.ttl) sends its claims through minting again."""

    def __init__(self, folder: Path, records: list[SourceRecord]):
        self.folder = folder
        self.source_digests = {str(r.iri): r.sha256 for r in records}
        self.used: set[str] = set()

    def key(self, digest: str) -> str:
        return hashlib.sha256(f"{CACHE_FORMAT}\n{digest}".encode()).hexdigest()

    def get(self, key: str, file: Path) -> Contribution | None:
        entry = self.folder / f"{key}.json"
        if not entry.is_file():
            return None
        recorded = json.loads(entry.read_text(encoding="utf-8"))
        if any(self.source_digests.get(s) != d for s, d in recorded["sources"].items()):
            return None
        self.used.add(key)
        return Contribution(file, self.folder / f"{key}.nt", recorded["subjects"])

    def put(self, key: str, file: Path, ntriples: bytes, subjects: list[str], sources: set[str]) -> Contribution:
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / f"{key}.nt").write_bytes(ntriples)
        entry = {"file": str(file), "subjects": subjects,
                 "sources": {s: self.source_digests[s] for s in sorted(sources)}}
        (self.folder / f"{key}.json").write_text(json.dumps(entry), encoding="utf-8")
        self.used.add(key)
        return Contribution(file, self.folder / f"{key}.nt", subjects)

    def prune(self) -> None:
        """Forget the entries this build did not use: files that changed or went away."""
        for path in self.folder.glob("*.*"):
            if path.stem not in self.used and path.is_file():
                path.unlink(missing_ok=True)


def build_graph(project: Project, *, store: Path | None = None, engine: str = DEFAULT_ENGINE) -> BuildResult:
    """The whole graph in a store, validated. Raises DataError for what stops the build before
    validation (syntax, a changed source text, a quote not in its source)."""
    steps = Steps()
    with steps("load"):
        ontology, shapes, metadata = _parse_core(project)
        records = _source_records(metadata)
        texts, problems = check_source_texts(records, project.sources_dir, project.relative(project.sources_dir))
        digests = input_digests(project)
    cache = Cache(project.root / CACHE_DIR, records)
    shown = project.relative(project.sources_file)
    key = cache.key(digests[str(shown)])
    contributions = [cache.get(key, shown) or cache.put(key, shown, ntriples(metadata),
                                                         sorted({t.subject.value for t in metadata}), set())]
    for path, mint in [*((p, False) for p in project.entity_files()), *((p, True) for p in project.claim_files())]:
        shown = project.relative(path)
        key = cache.key(digests[str(shown)])
        with steps("load"):
            cached = cache.get(key, shown)
        if cached is not None:
            contributions.append(cached)
            continue
        try:
            with steps("load"):
                triples = parse_file(path, shown)
        except DataError as error:
            problems += error.problems
            continue
        with steps("quote check" if mint else "load"):
            written, subjects, found, sources = _contribution(triples, shown, texts if mint else None)
        problems += found
        if not found:
            contributions.append(cache.put(key, shown, written, subjects, sources))
    with steps("link"):
        described = {s for c in contributions[1:] for s in c.subjects}
        mappings, found = _mapping_contributions(project, described, cache, digests)
        contributions += mappings
        problems += found
    if problems:
        raise DataError(problems)
    with steps("load"):
        loader = StoreLoader(store, workdir=cache.folder)
        loader.load(c.ntriples() for c in contributions)
        loader.load_ontology(ntriples(parse_file(project.ontology_file, project.relative(project.ontology_file))))
    with steps("materialise"):
        loader.load([ntriples(construct(loader.store, internal_query("materialise-facts")))])
    with steps("sort"):
        data = loader.finish()
    with steps("validate"):
        report = validate_graph(data, shapes, ontology, engine)
    cache.prune()
    return BuildResult(data, ontology, shapes, report, contributions, steps, digests)


def _contribution(triples: list[ox.Triple], shown: Path, texts: dict[str, SourceText] | None
                  ) -> tuple[bytes, list[str], list[Problem], set[str]]:
    """What a file adds: its N-Triples, the subjects they describe, the problems found and the
    sources quoted. An entity file's triples as they are (its blank nodes are problems: they
    would get new labels on every build), or a claim file's claims minted (given the texts)."""
    if texts is not None:
        minted = mint_claims(triples, texts, shown)
        claims = sorted({line[1:line.index(">")] for line in minted.ntriples})
        return "".join(minted.ntriples).encode(), claims, minted.problems, minted.sources
    props = properties(triples)
    problems = [Problem("a blank node: give this resource an IRI so its identity is stable",
                        file=shown, entity=describe_node(props, node))
                for node in sorted((n for n in props if isinstance(n, ox.BlankNode)), key=str)]
    subjects = sorted({s.value for s in props if isinstance(s, ox.NamedNode)})
    return ntriples(triples), subjects, problems, set()


def _mapping_contributions(project: Project, entities: set[str], cache: Cache, digests: dict[str, str]
                           ) -> tuple[list[Contribution], list[Problem]]:
    """The SKOS triples of each curated mapping set, whose subjects must be entities. Reading a
    set checks every CURIE against Bioregistry, whose registry takes a second to load, so an
    unchanged set comes from the cache (keyed by the file and Bioregistry's version); one whose
    subjects are no longer all entities is read again, to say which row is wrong."""
    contributions, problems = [], []
    registry = importlib.metadata.version("bioregistry")
    for path in project.mapping_files():
        shown = project.relative(path)
        key = cache.key(f"{digests[str(shown)]}\n{registry}")
        cached = cache.get(key, shown)
        if cached is not None and entities.issuperset(cached.subjects):
            contributions.append(cached)
            continue
        try:
            mapping_set = read_mapping_set(path, shown)
            check_subjects([mapping_set], entities)
        except DataError as error:
            problems += error.problems
            continue
        triples = [ox.Triple(*(from_rdflib(t) for t in triple)) for triple in mapping_set_graph(mapping_set)]
        contributions.append(cache.put(key, shown, ntriples(triples), sorted({t.subject.value for t in triples}),
                                       set()))
    return contributions, problems


def _source_records(metadata: list[ox.Triple]) -> list[SourceRecord]:
    props = properties(metadata)
    kind, file_name, digest = (ox.NamedNode(str(t)) for t in (RDF.type, DF.fileName, DF.sha256))

    def text(node: ox.NamedNode | ox.BlankNode, predicate: ox.NamedNode) -> str | None:
        values = sorted(o.value for p, o in props[node] if p == predicate)
        return values[0] if values else None

    documents = [s for s, pairs in props.items() if (kind, ox.NamedNode(str(DF.SourceDocument))) in pairs]
    return [SourceRecord(s.value, text(s, file_name), text(s, digest)) for s in sorted(documents, key=str)]


def _parse_core(project: Project) -> tuple[Graph, Graph, list[ox.Triple]]:
    """The ontology, the shapes and the source metadata, which everything else depends on."""
    core = [project.ontology_file, project.shapes_file, project.sources_file]
    missing = [Problem("file not found: is this a drugfacts project folder? (see --root)",
                       file=project.relative(p)) for p in core if not p.is_file()]
    if missing:
        raise DataError(missing)
    problems = []
    parsed = []
    for path, parse in zip(core, (parse_turtle, parse_turtle, parse_file)):
        try:
            parsed.append(parse(path, project.relative(path)))
        except DataError as error:
            problems += error.problems
    if problems:
        raise DataError(problems)
    ontology, shapes, metadata = parsed
    return ontology, shapes, metadata


def write_dist(project: Project, result: BuildResult) -> None:
    """Write dist/ as a whole, so a reader never sees half a build and a failed write leaves the
    old dist/ as it was. Exports of an older build go with it. The manifest records the inputs'
    digests and the graph's own, which says later that the graph is the one validated here."""
    with result.steps("write turtle"):
        graph = result.data.ntriples_file.with_name(project.graph_file.name)
        with graph.open("wb") as out:
            write_turtle(ox.parse(path=result.data.ntriples_file, format=ox.RdfFormat.N_TRIPLES), out)
    manifest = {**result.digests, _graph_key(project): sha256_of(graph)}
    write_folder(project.dist_dir, {
        project.graph_file.name: graph,
        REPORT_FILE: result.report.graph.serialize(format="turtle", encoding="utf-8"),
        MANIFEST_FILE: (json.dumps(manifest, indent=2) + "\n").encode(),
    })


def _graph_key(project: Project) -> str:
    return str(project.relative(project.graph_file))


def input_digests(project: Project) -> dict[str, str]:
    """SHA-256 of every input file, by project-relative path: what dist/ was built from."""
    files = [*project.data_files(), *sorted(project.sources_dir.glob("*")), *project.mapping_files()]
    return {str(project.relative(p)): sha256_of(p) for p in files if p.is_file()}


def _manifest(project: Project) -> dict[str, str] | None:
    manifest = project.dist_dir / MANIFEST_FILE
    if not manifest.is_file() or not project.graph_file.is_file():
        return None
    return json.loads(manifest.read_text())


def stale_inputs(project: Project) -> list[str] | None:
    """The inputs that changed since dist/ was built; None when there is no build at all.

    Content hashes, not modification times: a fresh clone or a touched file is not a change."""
    built_from = _manifest(project)
    if built_from is None:
        return None
    built_from.pop(_graph_key(project), None)
    now = input_digests(project)
    return sorted(name for name in built_from.keys() | now.keys()
                  if built_from.get(name) != now.get(name))


def graph_as_built(project: Project) -> bool:
    """Whether dist/drugfacts.ttl is byte for byte the graph the build validated and wrote."""
    manifest = _manifest(project)
    recorded = manifest.get(_graph_key(project)) if manifest is not None else None
    return recorded is not None and recorded == sha256_of(project.graph_file)


def require_fresh_build(project: Project) -> None:
    """Refuse to go on from a missing or stale dist/: what would be read is not what the inputs
    say. The error tells the user to run `drugfacts build`."""
    stale = stale_inputs(project)
    dist = project.relative(project.dist_dir)
    if stale is None:
        raise UsageError(f"there is no build in {dist}/: run `drugfacts build` first")
    if stale:
        changed = ", ".join(stale[:5]) + (f" and {len(stale) - 5} more" if len(stale) > 5 else "")
        raise UsageError(f"{dist}/ is older than its inputs ({changed} changed): "
                         "run `drugfacts build` first")


def build(project: Project, *, store: Path | None = None, engine: str = DEFAULT_ENGINE) -> BuildResult:
    """Build, validate and, only if the graph is valid, write dist/."""
    result = build_graph(project, store=store, engine=engine)
    if not result.report.conforms:
        raise DataError([result.locate(v) for v in result.report.violations])
    write_dist(project, result)
    return result
