"""The `fast` validator (the shapes as SPARQL on Oxigraph) gives the same SHACL report as pyshacl,
the reference: on the seed data, on the mini fixture broken by every update of tests/data/shapes/,
on a generated valid project, and on a generated project with every kind of injected error.

Reports are compared as sets of (focus node, path, value, source shape, constraint component,
severity) read from the report graphs; an anonymous source shape is named by its sh:path. A
typed literal is compared by its value (conftest.comparable)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import BNode, Graph
from rdflib.namespace import RDF

from drugfacts.build import BuildResult, build_graph
from drugfacts.load import new_graph
from drugfacts.project import Project
from drugfacts.validate import ENGINES, validate_graph
from drugfacts.vocab import SH

from conftest import DATA, comparable, load_script, make_project

Result = tuple[str, str, object, str, str, str]

generate = load_script("generate")


def results(report: Graph) -> set[Result]:
    """Each result of a SHACL report graph as (focus, path, value, shape, component, severity)."""
    found = set()
    for node in report.subjects(RDF.type, SH.ValidationResult):
        def one(prop: object) -> str:
            values = list(report.objects(node, prop))
            assert len(values) <= 1, (prop, values)
            return str(values[0]) if values else ""
        shape = report.value(node, SH.sourceShape)
        if isinstance(shape, BNode):
            shape = f"[sh:path {report.value(shape, SH.path)}]"
        value = report.value(node, SH.value)
        found.add((one(SH.focusNode), one(SH.resultPath), comparable(value) if value is not None else "", str(shape),
                   one(SH.sourceConstraintComponent), one(SH.resultSeverity)))
    return found


def both(data: Graph, build: BuildResult) -> tuple[set[Result], set[Result]]:
    """The results of the fast validator and of pyshacl on the same data."""
    reports = [validate_graph(data, build.shapes, build.ontology, engine) for engine in ("fast", "pyshacl")]
    assert [r.engine for r in reports] == ["fast", "pyshacl"]  # no silent fallback to pyshacl
    fast, reference = (results(r.graph) for r in reports)
    assert all(r.conforms == (not results(r.graph)) for r in reports)
    return fast, reference


def test_both_engines_are_registered() -> None:
    assert {"fast", "pyshacl"} <= set(ENGINES)


@pytest.mark.slow
def test_seed_data_same_report(seed_build: BuildResult) -> None:
    """The build's own report (fast) is pyshacl's; the seed data is valid."""
    assert seed_build.report.engine == "fast"
    reference = validate_graph(seed_build.data, seed_build.shapes, seed_build.ontology, "pyshacl")
    assert results(seed_build.report.graph) == results(reference.graph) == set()


@pytest.fixture(scope="module")
def mini_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    return build_graph(Project(make_project(tmp_path_factory.mktemp("fast") / "mini")))


def test_every_broken_fixture_same_report(mini_build: BuildResult) -> None:
    """All the updates of tests/data/shapes/ at once: every shape fires, in both engines alike."""
    broken = new_graph()
    broken += mini_build.graph
    updates = sorted((DATA / "shapes").glob("*.ru"))
    for update in updates:
        broken.update(update.read_text(encoding="utf-8"))
    fast, reference = both(broken, mini_build)
    assert fast == reference
    assert len({r[4] for r in fast}) >= 10  # many kinds of constraint fired, not one


def test_comparison_sees_a_difference(mini_build: BuildResult) -> None:
    """The check has teeth: one more broken triple is one more result, which the sets show."""
    broken = new_graph()
    broken += mini_build.graph
    broken.update((DATA / "shapes" / "two-preflabels.ru").read_text(encoding="utf-8"))
    fast_report = validate_graph(mini_build.graph, mini_build.shapes, mini_build.ontology, "fast")
    reference = validate_graph(broken, mini_build.shapes, mini_build.ontology, "pyshacl")
    assert results(fast_report.graph) != results(reference.graph)


def _built(root: Path, sources: int, injections: list[str]) -> tuple[BuildResult, dict[str, str | None]]:
    focus = generate.generate(root, sources, seed=3, injections=injections)
    return build_graph(Project(root)), focus


@pytest.mark.slow
def test_generated_valid_project_same_report(tmp_path: Path) -> None:
    build, _ = _built(tmp_path / "valid", generate.MIN_SOURCES_TO_INJECT, [])
    assert build.report.conforms
    fast, reference = both(build.data.rdflib(), build)
    assert fast == reference == set()


@pytest.mark.slow
def test_generated_injections_are_found_alike_by_both_engines(tmp_path: Path) -> None:
    build, focus = _built(tmp_path / "bad", generate.MIN_SOURCES_TO_INJECT, list(generate.INJECTIONS))
    assert not build.report.conforms
    fast, reference = both(build.data.rdflib(), build)
    assert fast == reference
    for name, injection in generate.INJECTIONS.items():
        fired = {(r[1], r[4]) for r in fast if focus[name] is None or r[0] == focus[name]}
        assert (injection.path, injection.component) in fired, name


def test_fast_engine_takes_a_graph_or_a_store(mini_build: BuildResult) -> None:
    """validate_graph takes an rdflib Graph (copied into a store) or the build's StoredGraph:
    the same report either way."""
    from_graph = validate_graph(mini_build.graph, mini_build.shapes, mini_build.ontology, "fast")
    assert from_graph.engine == mini_build.report.engine == "fast"
    assert results(from_graph.graph) == results(mini_build.report.graph)
