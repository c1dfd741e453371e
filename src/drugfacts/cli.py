"""The `drugfacts` command: a thin layer over the step modules.

Exit codes: 0 ok, 1 invalid data, 2 usage error, 3 stopped at a time limit.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from . import __version__
from .build import build as run_build
from .errors import EXIT_INVALID_DATA, EXIT_OK, DrugfactsError, Problem
from .export import FORMATS
from .export import export as run_export
from .link import Coverage, coverage
from .project import Project
from .propose import format_proposals, write_proposals
from .propose import propose as run_propose
from .query import (
    RESULT_FORMATS,
    ask,
    catalogue_markdown,
    catalogue_rows,
    format_result,
    parse_assignments,
    render_table,
    saved_queries,
    select_query,
)
from .summary import Summary
from .validate import DEFAULT_ENGINE, ENGINES, validate_files

out = Console(highlight=False)
err = Console(stderr=True, highlight=False)


def fail(error: DrugfactsError) -> None:
    for problem in error.problems:
        err.print("error: ", style="bold red", end="")
        err.print(str(problem), markup=False, soft_wrap=True)
    sys.exit(error.exit_code)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
              show_default=True, help="The drugfacts project folder.")
@click.version_option(__version__, prog_name="drugfacts")
@click.pass_context
def main(ctx: click.Context, root: Path) -> None:
    """Turn what documents say about drugs into a validated, linked knowledge graph.

    Exit codes: 0 ok, 1 invalid data, 2 usage error, 3 stopped at a time limit."""
    ctx.obj = Project(root)


@main.command()
@click.option("--store", "store_path", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Build in an on-disk Oxigraph store at this folder (replaced) instead of in "
                   "memory: for graphs larger than memory.")
@click.option("--engine", type=click.Choice(list(ENGINES)), default=DEFAULT_ENGINE, show_default=True,
              help="SHACL engine: fast (the shapes as SPARQL on Oxigraph) or pyshacl (the reference).")
@click.pass_obj
def build(project: Project, store_path: Path | None, engine: str) -> None:
    """Check every quote, mint claim IRIs, materialise facts, validate, write dist/."""
    try:
        result = run_build(project, store=store_path, engine=engine)
    except DrugfactsError as error:
        err.print("build failed: dist/ was left as it was.", style="bold red")
        fail(error)
    print_summary(result.summary(), project.relative(project.graph_file))


def print_summary(summary: Summary, written: Path) -> None:
    out.print(f"wrote {written}: {summary.triples} triples, {summary.claims} claims, "
              f"{summary.facts} facts ({summary.single_source_facts} backed by one source only)", soft_wrap=True)
    for title, rows in (("claims per predicate", summary.claims_per_predicate),
                        ("claims per source", summary.claims_per_source)):
        table = Table(title=title, title_justify="left")
        table.add_column(title.split(" per ")[1])
        table.add_column("claims", justify="right")
        for name, count in rows:
            table.add_row(name, str(count))
        out.print(table)
    verdict = "valid" if summary.conforms else f"INVALID ({summary.violations} violations)"
    out.print(f"validation: {verdict}")


@main.command()
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "report_format", type=click.Choice(["text", "turtle"]), default="text",
              show_default=True, help="A readable list, or the SHACL report graph as Turtle.")
@click.pass_obj
def validate(project: Project, files: tuple[Path, ...], report_format: str) -> None:
    """Validate graphs (default: the built dist/drugfacts.ttl) against the project's shapes."""
    try:
        report = validate_files(list(files) or [project.graph_file], project.shapes_file,
                                project.ontology_file)
    except DrugfactsError as error:
        fail(error)
    if report_format == "turtle":
        sys.stdout.write(report.graph.serialize(format="turtle"))
    else:
        for violation in report.violations:
            out.print(str(Problem(violation.message, entity=violation.focus)) +
                      f"  [{violation.path or '-'} {violation.value or ''}]", soft_wrap=True)
        out.print("valid" if report.conforms else f"invalid: {len(report.violations)} violations")
    sys.exit(EXIT_OK if report.conforms else EXIT_INVALID_DATA)


@main.command(epilog="\b\nFormats (file or folder in dist/):\n" + "\n".join(
    f"  {f.name:<10} {f.target:<24} {f.summary}" for f in FORMATS.values()))
@click.option("--format", "format_name", type=click.Choice([*FORMATS, "all"]), default="all",
              show_default=True, help="One format (see below), or all of them into dist/.")
@click.option("--output", type=click.Path(path_type=Path),
              help="Write the one --format here instead of into dist/.")
@click.option("--force", is_flag=True, help="Replace --output if it exists.")
@click.option("--sparql-endpoint", metavar="URL", help="Where the graph is served, for void.ttl.")
@click.pass_obj
def export(project: Project, format_name: str, output: Path | None, force: bool,
           sparql_endpoint: str | None) -> None:
    """Write the built graph in other formats: RDF syntaxes, JSON-LD, schema.org, KGX, a fact
    sheet a drug and the dataset's VoID/DCAT description. Needs a fresh, valid build."""
    names = list(FORMATS) if format_name == "all" else [format_name]
    try:
        written = run_export(project, names, output=output, force=force,
                             sparql_endpoint=sparql_endpoint)
    except DrugfactsError as error:
        fail(error)
    for path in written:
        out.print(f"wrote {project.relative(path)}", soft_wrap=True)


@main.command("add-source")
@click.argument("document", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--title", help="The document's title (default: its first heading or line).")
@click.option("--url", help="Where the document was retrieved from (dcterms:source).")
@click.option("--retrieved", metavar="YYYY-MM-DD", help="When it was retrieved (dcterms:date).")
@click.option("--language", help="BCP 47 tag (default: en, when the text reads as English).")
@click.option("--name", help="File name in data/sources/ (default: from the document's name).")
@click.pass_obj
def add_source(project: Project, document: Path, title: str | None, url: str | None,
               retrieved: str | None, language: str | None, name: str | None) -> None:
    """Copy a .txt, .md or .html document's text into data/sources/ and describe it in
    data/sources.ttl (title, URL, retrieval date, file name, SHA-256). Never overwrites."""
    from .curate import add_source as run_add_source
    try:
        added = run_add_source(project, document, title=title, url=url, retrieved=retrieved,
                               language=language, name=name)
    except DrugfactsError as error:
        fail(error)
    out.print(f"added {added.iri} as {project.relative(added.path)} "
              f"({added.format}, SHA-256 {added.sha256[:12]}…)", soft_wrap=True)


@main.command("queries")
@click.option("--markdown", is_flag=True, help="Print the catalogue as queries/README.md.")
@click.pass_obj
def list_queries(project: Project, markdown: bool) -> None:
    """The saved questions in queries/: name, title and parameters."""
    try:
        queries = saved_queries(project)
    except DrugfactsError as error:
        fail(error)
    if markdown:
        sys.stdout.write(catalogue_markdown(queries.values()))
    else:
        sys.stdout.write(render_table(["query", "title", "parameters"],
                                      catalogue_rows(queries.values())))


@main.command("query")
@click.argument("name", required=False)
@click.option("--file", "query_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Answer this .rq file instead of a saved query.")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
              help="A parameter: an IRI, CURIE, slug, label or synonym for entities. Repeatable.")
@click.option("--format", "result_format", type=click.Choice(list(RESULT_FORMATS)),
              help="Default: table, or turtle for CONSTRUCT and DESCRIBE queries.")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), metavar="SECONDS",
              help="Stop the query after this many seconds (exit code 3).")
@click.option("--build", "build_first", is_flag=True, help="Build dist/ first if it is missing or stale.")
@click.option("--endpoint", metavar="URL",
              help="Ask this SPARQL endpoint (a store the graph is published to) instead of dist/.")
@click.pass_obj
def query_command(project: Project, name: str | None, query_file: Path | None,
                  params: tuple[str, ...], result_format: str | None, timeout: float | None,
                  build_first: bool, endpoint: str | None) -> None:
    """Answer the saved question NAME (see `drugfacts queries`), or any query with --file, over
    the built graph, or over the graph a SPARQL endpoint holds.

    Exit codes: 0 with rows, 0 with an empty result (a note on stderr), 1 invalid data (with
    --build), 2 usage error (also an endpoint that refuses or cannot be reached), 3 stopped at
    --timeout."""
    from .remote import Endpoint
    if endpoint and build_first:
        raise click.UsageError("--build goes with the embedded graph, not with --endpoint")
    try:
        chosen = select_query(project, name, query_file)
        result = ask(project, chosen, parse_assignments(params), result_format=result_format,
                     timeout=timeout, build_first=build_first,
                     remote=Endpoint(endpoint) if endpoint else None)
        text = format_result(result, result_format)
    except DrugfactsError as error:
        fail(error)
    sys.stdout.write(text)
    if result.empty:
        err.print(f"note: {chosen.name} found nothing (an empty result)", soft_wrap=True)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="The address to listen on; 0.0.0.0 opens the server to the network.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="The port (0: any free one).")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=10.0,
              show_default=True, metavar="SECONDS", help="How long one query may run (else 503).")
@click.option("--max-results", type=click.IntRange(min=1), default=10_000, show_default=True,
              help="How many rows or triples one answer may hold (else 400).")
@click.option("--workers", type=click.IntRange(min=1), default=None, metavar="N",
              help="How many queries run at once, each in a process of its own "
                   "[default: the number of CPUs].")
@click.option("--build", "build_first", is_flag=True, help="Build dist/ first if it is missing or stale.")
@click.pass_obj
def serve(project: Project, host: str, port: int, timeout: float, max_results: int,
          workers: int | None, build_first: bool) -> None:
    """Serve the built graph: a read-only SPARQL 1.1 endpoint at /sparql, a Linked Data page
    for every entity (/drug/diazepam: HTML, Turtle or JSON-LD), and the saved questions at /."""
    from .serve import Limits
    from .serve import serve as run_serve
    try:
        limits = Limits(timeout=timeout, max_results=max_results,
                        **({"workers": workers} if workers else {}))
        run_serve(project, host, port, limits, build_first,
                  ready=lambda message: err.print(message, soft_wrap=True))
    except DrugfactsError as error:
        fail(error)


@main.command()
@click.option("--to", "graph_store", required=True, metavar="URL",
              help="The store's SPARQL 1.1 Graph Store endpoint, such as "
                   "http://127.0.0.1:7878/store (Oxigraph server).")
@click.option("--graph", metavar="IRI", help="The named graph to replace (default: the default graph).")
@click.option("--endpoint", metavar="URL",
              help="The store's query endpoint, for the check (default: --to with its last "
                   "path segment made 'query', as in Oxigraph and Fuseki).")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=300.0,
              show_default=True, metavar="SECONDS", help="How long to wait for the store.")
@click.option("--build", "build_first", is_flag=True, help="Build dist/ first if it is missing or stale.")
@click.pass_obj
def publish(project: Project, graph_store: str, graph: str | None, endpoint: str | None,
            timeout: float, build_first: bool) -> None:
    """Load the built graph (with the ontology beside it) into a triple store, replacing one
    graph, then check the store's triple count.

    Exit codes: 0 published, 1 the store's count differs, 2 usage error (also a store that
    refuses or cannot be reached), 3 the store did not answer within --timeout."""
    from .publish import publish as run_publish
    try:
        done = run_publish(project, graph_store, graph, endpoint, timeout, build_first)
    except DrugfactsError as error:
        fail(error)
    out.print(f"published {done.triples} triples into {done.graph or 'the default graph'} at "
              f"{done.graph_store}; {done.endpoint} counts the same", soft_wrap=True)


def _vocabularies(values: tuple[str, ...]) -> list[tuple[Path, str | None]]:
    """--vocabulary PATH or KIND=PATH (KIND: drug, condition, ... for an OBO file)."""
    found = []
    for value in values:
        kind, _, path = value.rpartition("=")
        found.append((Path(path), kind or None))
    return found


@main.command()
@click.argument("text", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--vocabulary", "vocabularies", multiple=True, metavar="[KIND=]PATH",
              help="A label table (.tsv: id, label, kind) or OBO file (.obo) whose names to find, "
                   "besides the graph's; repeatable.")
@click.pass_obj
def extract(project: Project, text: Path, vocabularies: tuple[str, ...]) -> None:
    """Propose draft claims, with quotes and scores, for a source text; Turtle on stdout
    (redirect it to data/claims/SOURCE.draft.ttl), candidate new entities on stderr."""
    from .extract import extract_file
    try:
        drafts = extract_file(project, text, _vocabularies(vocabularies))
    except DrugfactsError as error:
        fail(error)
    sys.stdout.write(drafts.turtle)
    for warning in drafts.extraction.warnings:
        err.print(f"warning: {warning}", style="yellow", markup=False, soft_wrap=True)
    candidates = drafts.extraction.candidates()
    err.print(f"{len(drafts.extraction.claims)} draft claims, {len(candidates)} candidate new "
              "entities" + (":" if candidates else ""), soft_wrap=True)
    for thing in candidates:
        err.print(f"  new {thing.kind}: {thing.label}", markup=False, soft_wrap=True)


@main.command()
@click.argument("draft", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_obj
def review(project: Project, draft: Path) -> None:
    """Review draft claims one by one beside their sentence: [a]ccept (into
    data/claims/SOURCE.ttl), [r]eject (kept in the draft file as rejected), [e]dit then accept,
    [s]kip, or [q]uit. What is decided is saved, also on quit or Ctrl-C."""
    from .curate import open_review
    try:
        session = open_review(project, draft)
        pending = session.pending()
        for number, record in enumerate(pending, start=1):
            _show_claim(session, record, number, len(pending))
            if not _decide(session, record):
                break
    except click.Abort:
        err.print("stopped: what was decided is saved")
    except DrugfactsError as error:
        fail(error)
    left = session.save()
    out.print(f"{session.accepted} accepted, {session.rejected} rejected; "
              + (f"{len(session.pending())} left in {project.relative(left)}" if left
                 else f"nothing left: {project.relative(draft)} removed"), soft_wrap=True)


def _show_claim(session, record, number: int, total: int) -> None:
    def name(iri) -> str:
        new = " (new)" if session.is_new(iri) else ""
        return f"{session.label(iri)}{new}"
    polarity = "NOT " if record.negated else ""
    score = f"  score {record.score:.2f}" if record.score is not None else ""
    out.print(f"\n[{number}/{total}] {name(record.subject)} {polarity}"
              f"{record.predicate.rsplit('#', 1)[-1]} {name(record.object)}{score}",
              markup=False, soft_wrap=True)
    for quote in record.quotes:
        out.print(f"  quote:    {' '.join(quote.split())}", markup=False, soft_wrap=True)
    out.print(f"  sentence: {session.sentence_of(record)}", markup=False, soft_wrap=True)
    if record.hedge or record.qualifiers:
        out.print(f"  hedge: {record.hedge or '-'}  qualifier: {', '.join(record.qualifiers) or '-'}",
                  markup=False, soft_wrap=True)


def _decide(session, record) -> bool:
    """One decision on one claim; False to stop reviewing."""
    choice = click.prompt("accept, reject, edit, skip or quit",
                          type=click.Choice(["a", "r", "e", "s", "q"]), default="s")
    if choice == "q":
        return False
    if choice == "r":
        session.reject(record)
    elif choice == "a":
        out.print("  " + session.accept(record), markup=False, soft_wrap=True)
    elif choice == "e":
        while True:
            predicate = click.prompt("  predicate", default=record.predicate.rsplit("#", 1)[-1])
            obj = click.prompt("  object", default=session.curie(record.object))
            quote = click.prompt("  quote", default=" ".join(record.quotes[0].split()))
            hedge = click.prompt("  hedge ('-' for none)", default=record.hedge or "-")
            polarity = click.prompt("  polarity", type=click.Choice(["affirmed", "negated"]),
                                    default="negated" if record.negated else "affirmed")
            try:
                session.edit(record, predicate=predicate, obj=obj, quote=quote,
                             hedge="" if hedge == "-" else hedge, negated=polarity == "negated")
                break
            except DrugfactsError as error:
                err.print(f"  {error}", markup=False, soft_wrap=True)
        out.print("  " + session.accept(record), markup=False, soft_wrap=True)
    return True


@main.command()
@click.option("--report", is_flag=True,
              help="Coverage: each mapped entity by vocabulary, and the entities with no mapping.")
@click.option("--propose", is_flag=True,
              help="Candidate mappings for review, as an SSSOM mapping set on stdout or in --output.")
@click.option("--vocabulary", "vocabularies", multiple=True,
              type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="With --propose: an OBO file, SSSOM mapping set or label table (.tsv) whose "
                   "labels to match the entities' labels against; repeatable.")
@click.option("--endpoint", metavar="URL",
              help="With --propose: a SPARQL endpoint with Wikidata's data model, to find the "
                   "entities' other identifiers through the ones they have.")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=60.0,
              show_default=True, metavar="SECONDS", help="With --endpoint: how long to wait for it.")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path),
              help="With --propose: write here (in data/mappings/ only as *.proposed.sssom.tsv).")
@click.pass_obj
def link(project: Project, report: bool, propose: bool, vocabularies: tuple[Path, ...],
         endpoint: str | None, timeout: float, output: Path | None) -> None:
    """Check the mapping sets in data/mappings/ (every CURIE against its vocabulary's pattern);
    with --report, show their coverage; with --propose, suggest new mappings for review.

    Exit codes: 0 ok, 1 invalid mappings, 2 usage error (also an endpoint that gives no answer)."""
    if report and propose:
        raise click.UsageError("give --report or --propose, not both")
    if not propose and (vocabularies or endpoint or output):
        raise click.UsageError("--vocabulary, --endpoint and --output go with --propose")
    if propose and not (vocabularies or endpoint):
        raise click.UsageError("--propose needs --vocabulary FILE, --endpoint URL or both")
    try:
        found = coverage(project)
        proposals = run_propose(found, vocabularies, endpoint, timeout) if propose else []
        if output:
            write_proposals(project, format_proposals(proposals), output)
    except DrugfactsError as error:
        fail(error)
    if propose:
        if not output:
            sys.stdout.write(format_proposals(proposals))
        err.print(f"{len(proposals)} candidate mappings{f' in {output}' if output else ''}: review "
                  "them before moving any into a curated mapping set", soft_wrap=True)
    elif report:
        print_coverage(found)
    else:
        mapped = len(found.entities) - len(found.unmapped)
        out.print(f"{sum(map(len, found.mappings.values()))} mappings, all valid: {mapped} of "
                  f"{len(found.entities)} entities mapped (drugfacts link --report shows which)")


def print_coverage(found: Coverage) -> None:
    sys.stdout.write(render_table(["entity", "identifiers"], found.by_entity()))
    out.print("= the same  ~ close  < the term is broader  > the term is narrower  - related")
    sys.stdout.write(render_table(["vocabulary", "name", "entities", "exactly"], found.per_vocabulary()))
    unmapped = found.unmapped
    out.print(f"{len(found.entities) - len(unmapped)} of {len(found.entities)} entities mapped; "
              f"{len(unmapped)} with no mapping at all" + (":" if unmapped else ""))
    for kind in dict.fromkeys(e.kind for e in unmapped):
        names = ", ".join(e.curie.split(":", 1)[1] for e in unmapped if e.kind == kind)
        out.print(f"  {kind}: {names}", markup=False, soft_wrap=True)
