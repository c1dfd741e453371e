"""The `drugfacts` command: a thin layer over the step modules.

Exit codes: 0 ok, 1 invalid data, 2 usage error.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from . import __version__
from .build import build as run_build
from .errors import DrugfactsError, EXIT_INVALID_DATA, EXIT_OK, Problem
from .project import Project
from .summary import Summary
from .validate import validate_files

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

    Exit codes: 0 ok, 1 invalid data, 2 usage error."""
    ctx.obj = Project(root)


@main.command()
@click.pass_obj
def build(project: Project) -> None:
    """Check every quote, mint claim IRIs, materialise facts, validate, write dist/."""
    try:
        result = run_build(project)
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
