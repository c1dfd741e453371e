"""`drugfacts validate`: any graph file against the project's shapes, text or SHACL report."""

from __future__ import annotations

import shutil
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import RDF

from drugfacts.vocab import SH

from conftest import DATA, run


def test_valid_build_validates(mini: Path) -> None:
    run(mini, "build")
    result = run(mini, "validate")
    assert result.exit_code == 0
    assert result.stdout.strip().endswith("valid")


def test_invalid_graph_exits_1_and_names_the_entity(mini: Path) -> None:
    run(mini, "build")
    bad = mini / "bad.ttl"
    shutil.copy(DATA / "bad" / "drug-without-label" / "data" / "entities" / "unlabelled.ttl", bad)
    result = run(mini, "validate", str(mini / "dist" / "drugfacts.ttl"), str(bad))
    assert result.exit_code == 1
    assert "https://w3id.org/drugfacts/drug/aspirin" in result.stdout
    assert "invalid: 1 violations" in result.stdout


def test_turtle_report_is_a_shacl_report_graph(mini: Path) -> None:
    run(mini, "build")
    bad = mini / "bad.ttl"
    shutil.copy(DATA / "bad" / "drug-without-label" / "data" / "entities" / "unlabelled.ttl", bad)
    result = run(mini, "validate", "--format", "turtle", str(mini / "dist" / "drugfacts.ttl"), str(bad))
    report = Graph().parse(data=result.stdout, format="turtle")
    assert len(list(report.subjects(RDF.type, SH.ValidationResult))) == 1


def test_missing_file_is_invalid_input(mini: Path) -> None:
    result = run(mini, "validate", str(mini / "nothing.ttl"))
    assert result.exit_code == 1
    assert "nothing.ttl: file not found" in result.stderr


def test_unknown_command_is_a_usage_error(mini: Path) -> None:
    assert run(mini, "no-such-command").exit_code == 2
