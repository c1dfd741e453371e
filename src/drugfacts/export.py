"""`drugfacts export`: the built graph in the formats its users' tools read.

One registry of formats, FORMATS, gives both the code and the CLI's --format choices. Each
format is a small function of the same input (`Built`: the validated graph, the ontology and the
JSON-LD context) that returns a file's bytes, or a folder's files by name. Lossless formats parse
back to the built graph; lossy ones (schema.org, KGX, the fact sheets) carry the facts their
readers need. The same input gives the same bytes; every file and folder is written atomically.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from rdflib import Graph

from .build import graph_as_built, require_fresh_build
from .errors import DataError, Problem, UsageError
from .files import write_file, write_folder
from .jsonld import JSON, SCHEMA_CONTEXT, canonical_json, compact_graph, read_context, schema_org
from .kgx import kgx_tables
from .load import parse_turtle
from .project import Project
from .serialize import to_nquads, to_ntriples, to_trig, to_turtle
from .sheets import drug_sheets
from .validate import validate_graph
from .void import describe_dataset


@dataclass(frozen=True)
class Built:
    """What every format is made from: the built graph (checked fresh and valid), the ontology
    beside it, the project (for its JSON-LD context), and where the graph is served, if it is."""

    graph: Graph
    ontology: Graph
    project: Project
    sparql_endpoint: str | None = None

    @cached_property
    def context(self) -> JSON:
        """The project's JSON-LD context, read only by the formats that use it: a project
        without one can still export the RDF syntaxes."""
        return read_context(self.project)


Output = bytes | dict[str, bytes]


@dataclass(frozen=True)
class Format:
    name: str
    target: str
    media_type: str
    produce: Callable[[Built], Output]
    lossless: bool
    summary: str


def _from_graph(write: Callable[[Graph], Output]) -> Callable[[Built], Output]:
    """A format made from the graph alone."""
    return lambda built: write(built.graph)


def _jsonld(built: Built) -> Output:
    return canonical_json(compact_graph(built.graph, built.context))


def _schema_org(built: Built) -> Output:
    return canonical_json({"@context": SCHEMA_CONTEXT, "@graph": schema_org(built.graph)})


def _drug_sheets(built: Built) -> Output:
    return drug_sheets(built.graph, built.ontology, built.context)


def _void(built: Built) -> Output:
    distributions = [(f.name, f.target, f.media_type) for f in FORMATS.values() if f.name != "void"]
    return describe_dataset(built.graph, built.ontology, distributions, built.sparql_endpoint)


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("turtle", "drugfacts.ttl", "text/turtle", _from_graph(to_turtle), True,
               "Turtle with the project's prefixes, subjects sorted"),
        Format("ntriples", "drugfacts.nt", "application/n-triples", _from_graph(to_ntriples), True,
               "N-Triples, lines sorted, for diff and bulk loaders"),
        Format("trig", "drugfacts.trig", "application/trig", _from_graph(to_trig), True,
               "TriG: each source's claims in a named graph"),
        Format("nquads", "drugfacts.nq", "application/n-quads", _from_graph(to_nquads), True,
               "N-Quads, the TriG layout line by line, sorted"),
        Format("jsonld", "drugfacts.jsonld", "application/ld+json", _jsonld, True,
               "JSON-LD compacted with ontology/context.jsonld"),
        Format("schemaorg", "drugfacts.schema.jsonld", "application/ld+json", _schema_org, False,
               "schema.org Drug documents a web page can embed"),
        Format("kgx", "kgx", "text/tab-separated-values", _from_graph(kgx_tables), False,
               "KGX node and edge tables with Biolink categories and predicates"),
        Format("drugs", "drugs", "application/ld+json", _drug_sheets, False,
               "a fact sheet a drug: JSON-LD, Markdown and HTML"),
        Format("void", "void.ttl", "text/turtle", _void, False,
               "VoID and DCAT description of the dataset"),
    )
}


def load_built(project: Project, sparql_endpoint: str | None = None) -> Built:
    """The built graph, refused when it is missing or stale (UsageError: run `drugfacts build`)
    or does not parse or validate (DataError). A graph that is still byte for byte what the
    build validated is not validated again."""
    require_fresh_build(project)
    shown = project.relative(project.graph_file)
    graph = parse_turtle(project.graph_file, shown)
    ontology = parse_turtle(project.ontology_file, project.relative(project.ontology_file))
    if not graph_as_built(project):
        shapes = parse_turtle(project.shapes_file, project.relative(project.shapes_file))
        report = validate_graph(graph, shapes, ontology)
        if not report.conforms:
            raise DataError([Problem(f"the build is invalid: {v.message}", file=shown,
                                     entity=v.focus) for v in report.violations])
    return Built(graph, ontology, project, sparql_endpoint)


def export(project: Project, names: list[str], output: Path | None = None, force: bool = False,
           sparql_endpoint: str | None = None) -> list[Path]:
    """Write the named formats into dist/ (or one of them to `output`), and say where."""
    unknown = [name for name in names if name not in FORMATS]
    if unknown:
        raise UsageError(f"unknown format {', '.join(unknown)}: choose from {', '.join(FORMATS)}")
    if output is not None and len(names) != 1:
        raise UsageError("--output names one file or folder: give one --format with it")
    if output is not None and output.exists() and not force:
        raise UsageError(f"{output} exists: pass --force to replace it")
    built = load_built(project, sparql_endpoint)
    written = []
    for name in names:
        target = output if output is not None else project.dist_dir / FORMATS[name].target
        content = FORMATS[name].produce(built)
        if isinstance(content, dict):
            write_folder(target, content)
        else:
            write_file(target, content)
        written.append(target)
    return written
