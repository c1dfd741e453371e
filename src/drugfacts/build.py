"""`drugfacts build`: sources and claims in, a validated graph of claims and facts out.

    load → check sources and quotes → mint claim IRIs → materialise facts → validate → write

`build_graph` does everything in memory and `write_dist` writes it, so other steps (export,
serve, benchmarks) can reuse either half.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Graph, URIRef

from .claims import describe_node, mint_claims
from .errors import DataError, Problem
from .export import write_graph
from .load import new_graph, parse_turtle
from .project import Project
from .sources import load_source_texts, sha256_of
from .sparql import internal_query
from .summary import Summary, summarise
from .validate import ValidationReport, Violation, validate_graph

REPORT_FILE = "validation-report.ttl"
MANIFEST_FILE = "manifest.json"


@dataclass
class Piece:
    """What one input file contributed to the graph, to say where a violation comes from."""

    file: Path
    graph: Graph


@dataclass
class BuildResult:
    graph: Graph
    ontology: Graph
    shapes: Graph
    report: ValidationReport
    pieces: list[Piece] = field(default_factory=list)

    def summary(self) -> Summary:
        return summarise(self.graph, self.report.conforms, len(self.report.violations))

    def locate(self, violation: Violation) -> Problem:
        """The violation as a Problem naming the input file it comes from, where one does."""
        focus = URIRef(violation.focus)
        owner = URIRef(violation.focus.split("#", 1)[0])
        path = URIRef(violation.path) if violation.path else None
        value = URIRef(violation.value) if violation.value.startswith("http") else None
        file = next((p.file for p in self.pieces
                     if path is not None and value is not None and (focus, path, value) in p.graph), None)
        file = file or next((p.file for p in self.pieces if (owner, None, None) in p.graph), None)
        where = f" {self.graph.namespace_manager.normalizeUri(path)}" if path is not None else ""
        return Problem(f"{violation.message} [{_short(violation.shape)}{where}]", file=file,
                       entity=self.graph.namespace_manager.normalizeUri(focus))


def _short(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _parse_all(project: Project, files: list[Path]) -> tuple[list[Piece], list[Problem]]:
    pieces, problems = [], []
    for path in files:
        try:
            pieces.append(Piece(project.relative(path), parse_turtle(path, project.relative(path))))
        except DataError as error:
            problems.extend(error.problems)
    return pieces, problems


def _blank_node_problems(piece: Piece) -> list[Problem]:
    """Blank nodes would get new labels on every build; outside claims they are not allowed."""
    nodes = {n for triple in piece.graph for n in triple if isinstance(n, BNode)}
    subjects = sorted({n for n in nodes if (n, None, None) in piece.graph}, key=str)
    return [Problem("a blank node: give this resource an IRI so its identity is stable",
                    file=piece.file, entity=describe_node(piece.graph, n)) for n in subjects]


def build_graph(project: Project) -> BuildResult:
    """The whole graph in memory, validated. Raises DataError for what stops the build before
    validation (syntax, a changed source text, a quote not in its source)."""
    ontology, shapes, metadata = _parse_core(project)
    texts, text_problems = load_source_texts(
        metadata.graph, project.sources_dir, project.relative(project.sources_dir))
    problems = text_problems

    entities, entity_problems = _parse_all(project, project.entity_files())
    problems += entity_problems
    for piece in entities:
        problems += _blank_node_problems(piece)

    curated, claim_problems = _parse_all(project, project.claim_files())
    problems += claim_problems
    claims = []
    for piece in curated:
        minted = mint_claims(piece.graph, texts, piece.file)
        problems += minted.problems
        claims.append(Piece(piece.file, minted.graph))
    if problems:
        raise DataError(problems)

    graph = new_graph()
    for piece in (metadata, *entities, *claims):
        graph += piece.graph
    graph += materialise_facts(graph)
    report = validate_graph(graph, shapes.graph, ontology.graph)
    return BuildResult(graph, ontology.graph, shapes.graph, report, [metadata, *entities, *claims])


def _parse_core(project: Project) -> tuple[Piece, Piece, Piece]:
    """The ontology, the shapes and the source metadata, which everything else depends on."""
    core = [project.ontology_file, project.shapes_file, project.sources_file]
    missing = [Problem("file not found: is this a drugfacts project folder? (see --root)",
                       file=project.relative(p)) for p in core if not p.is_file()]
    if missing:
        raise DataError(missing)
    pieces, problems = _parse_all(project, core)
    if problems:
        raise DataError(problems)
    ontology, shapes, metadata = pieces
    return ontology, shapes, metadata


def materialise_facts(graph: Graph) -> Graph:
    """The fact triples that the accepted, affirmed claims state."""
    facts = new_graph()
    for triple in graph.query(internal_query("materialise-facts")):
        facts.add(triple)
    return facts


def write_dist(project: Project, result: BuildResult) -> None:
    """Write dist/ as a whole: into a temporary folder beside it, then renamed into place, so a
    reader never sees half a build and a failed write leaves the old dist/ as it was."""
    project.root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".dist-", dir=project.root))
    try:
        write_graph(result.graph, staging / project.graph_file.name, "turtle")
        result.report.graph.serialize(staging / REPORT_FILE, format="turtle", encoding="utf-8")
        (staging / MANIFEST_FILE).write_text(json.dumps(input_digests(project), indent=2) + "\n")
        _swap_into_place(staging, project.dist_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _swap_into_place(staging: Path, target: Path) -> None:
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}-old-{os.getpid()}")
        target.rename(old)
    staging.rename(target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def input_digests(project: Project) -> dict[str, str]:
    """SHA-256 of every input file, by project-relative path: what dist/ was built from."""
    files = [*project.data_files(), *sorted(project.sources_dir.glob("*")),
             *sorted(project.mappings_dir.glob("*.sssom.tsv"))]
    return {str(project.relative(p)): sha256_of(p) for p in files if p.is_file()}


def stale_inputs(project: Project) -> list[str] | None:
    """The inputs that changed since dist/ was built; None when there is no build at all.

    Content hashes, not modification times: a fresh clone or a touched file is not a change."""
    manifest = project.dist_dir / MANIFEST_FILE
    if not manifest.is_file() or not project.graph_file.is_file():
        return None
    built_from = json.loads(manifest.read_text())
    now = input_digests(project)
    return sorted(name for name in built_from.keys() | now.keys()
                  if built_from.get(name) != now.get(name))


def build(project: Project) -> BuildResult:
    """Build, validate and, only if the graph is valid, write dist/."""
    result = build_graph(project)
    if not result.report.conforms:
        raise DataError([result.locate(v) for v in result.report.violations])
    write_dist(project, result)
    return result
