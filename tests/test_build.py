"""`drugfacts build` on the mini fixture: what it writes, that it is stable, and how it refuses
bad input. Expected values are read off tests/data/mini by hand."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from drugfacts.build import build_graph
from drugfacts.project import Project
from drugfacts.vocab import CLAIM, DF, OA, PROV

from conftest import DATA, make_project, run

DRUG = URIRef("https://w3id.org/drugfacts/drug/ibuprofen")
COND = "https://w3id.org/drugfacts/condition/"
NSAID = URIRef("https://w3id.org/drugfacts/drug-class/nonsteroidal-anti-inflammatory-drug")


def built(root: Path) -> Graph:
    result = run(root, "build")
    assert result.exit_code == 0, result.stderr
    return Graph().parse(root / "dist" / "drugfacts.ttl")


def test_facts_are_the_accepted_affirmed_claims(mini: Path) -> None:
    graph = built(mini)
    facts = {(s, p, o) for s, p, o in graph if p in {DF.treats, DF.hasSideEffect, DF.drugClass}}
    assert facts == {
        (DRUG, DF.treats, URIRef(COND + "pain")),
        (DRUG, DF.treats, URIRef(COND + "fever")),
        (DRUG, DF.hasSideEffect, URIRef(COND + "upset-stomach")),
        (DRUG, DF.drugClass, NSAID),
    }


def test_negated_claim_is_kept_but_is_no_fact(mini: Path) -> None:
    graph = built(mini)
    negated = list(graph.subjects(DF.polarity, DF.Negated))
    assert [graph.value(c, RDF.object) for c in negated] == [URIRef(COND + "anxiety")]
    assert (DRUG, DF.treats, URIRef(COND + "anxiety")) not in graph


def test_claim_from_each_source_is_its_own_claim(mini: Path) -> None:
    graph = built(mini)
    pain_claims = [c for c in graph.subjects(RDF.object, URIRef(COND + "pain"))]
    assert sorted(str(graph.value(c, PROV.wasDerivedFrom)).rsplit("/", 1)[1] for c in pain_claims) == [
        "ibuprofen-tablets", "ibuprofen-what-it-is-for"]


def test_evidence_offsets_point_at_the_quote(mini: Path) -> None:
    graph = built(mini)
    texts = {s: (mini / "data" / "sources" / str(graph.value(s, DF.fileName))).read_text()
             for s in graph.subjects(RDF.type, DF.SourceDocument)}
    evidence = list(graph.subject_objects(DF.evidence))
    assert len(evidence) == 7
    for claim, node in evidence:
        text = texts[graph.value(claim, PROV.wasDerivedFrom)]
        start, end = int(graph.value(node, OA.start)), int(graph.value(node, OA.end))
        assert text[start:end] == str(graph.value(node, OA.exact))
        assert text[:start].endswith(str(graph.value(node, OA.prefix)))
        assert text[end:].startswith(str(graph.value(node, OA.suffix)))


def test_quote_matches_across_a_line_break_and_keeps_the_source_wording(mini: Path) -> None:
    graph = built(mini)
    exacts = {str(o) for o in graph.objects(None, OA.exact)}
    assert "Ibuprofen is not used for\n  anxiety" in exacts


def test_summary_counts_agree_with_sparql_over_the_output(mini: Path) -> None:
    result = run(mini, "build")
    graph = Graph().parse(mini / "dist" / "drugfacts.ttl")
    claims = graph.query("SELECT (COUNT(?c) AS ?n) WHERE { ?c a <%s> }" % DF.Claim)
    facts = graph.query("""SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o .
        FILTER(?p IN (<%s>, <%s>, <%s>)) }""" % (DF.treats, DF.hasSideEffect, DF.drugClass))
    treats = graph.query("SELECT (COUNT(?c) AS ?n) WHERE { ?c <%s> <%s> }" % (RDF.predicate, DF.treats))
    n_claims, n_facts, n_treats = (int(next(iter(q))[0]) for q in (claims, facts, treats))
    # by hand: 7 claims, 4 facts; pain and upset stomach have two sources, fever and the class one
    assert (n_claims, n_facts, n_treats) == (7, 4, 4)
    assert f"{len(graph)} triples, {n_claims} claims, {n_facts} facts (2 backed by one source only)" \
        in result.stdout
    assert "df:treats        │      4" in result.stdout
    assert "validation: valid" in result.stdout


def _build_in_subprocess(root: Path, hash_seed: str) -> bytes:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    subprocess.run([sys.executable, "-m", "drugfacts", "--root", str(root), "build"],
                   check=True, env=env, capture_output=True)
    return (root / "dist" / "drugfacts.ttl").read_bytes()


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    one = make_project(tmp_path / "one")
    two = make_project(tmp_path / "two")
    assert _build_in_subprocess(one, "1") == _build_in_subprocess(two, "2")


def test_claim_iri_survives_changes_to_other_claims(mini: Path) -> None:
    before = set(built(mini).subjects(RDF.type, DF.Claim))
    (mini / "data" / "claims" / "ibuprofen-tablets.ttl").unlink()
    after = set(built(mini).subjects(RDF.type, DF.Claim))
    assert len(after) == 5 and after < before
    assert all(str(c).startswith(str(CLAIM)) for c in before)


def test_draft_claim_files_stay_out_of_the_build(mini: Path) -> None:
    drafts = mini / "data" / "claims" / "ibuprofen-tablets.draft.ttl"
    (mini / "data" / "claims" / "ibuprofen-tablets.ttl").rename(drafts)
    graph = built(mini)
    assert len(set(graph.subjects(RDF.type, DF.Claim))) == 5


def test_build_graph_is_usable_without_writing(mini: Path) -> None:
    result = build_graph(Project(mini))
    assert result.report.conforms
    assert not (mini / "dist").exists()


BAD = DATA / "bad"


@pytest.mark.parametrize(
    "case, expected",
    [
        ("malformed-turtle", ["data/entities/broken.ttl:7", "expected"]),
        ("undefined-prefix", ["data/entities/unbound.ttl:4", 'Prefix "drug:" not bound']),
        ("quote-not-in-source", ["data/claims/extra.ttl", 'the quote "Ibuprofen brings down a fever"',
                                 "ibuprofen-tablets", "/claim/"]),
        ("missing-entity", ["data/claims/extra.ttl", "condition/headache is not described"]),
        ("fact-without-claim", ["data/entities/facts.ttl", "drug:ibuprofen",
                                "has no accepted, affirmed claim behind it"]),
        ("drug-without-label", ["data/entities/unlabelled.ttl", "drug:aspirin", "skos:prefLabel"]),
        ("source-text-changed", ["data/sources/b.txt", "SHA-256"]),
        ("mapping-bad-curie", ["data/mappings/bad.sssom.tsv:11", "drug:ibuprofen", r"^\d+$"]),
        ("mapping-unknown-entity", ["data/mappings/bad.sssom.tsv:11", "condition:worry",
                                    "no entity with this IRI"]),
    ],
)
def test_bad_input_fails_clearly_and_leaves_dist_alone(tmp_path: Path, case: str,
                                                       expected: list[str]) -> None:
    root = make_project(tmp_path / "project")
    built(root)
    before = {p.name: p.read_bytes() for p in (root / "dist").iterdir()}
    shutil.copytree(BAD / case, root, dirs_exist_ok=True)
    result = run(root, "build")
    assert result.exit_code == 1
    for fragment in expected:
        assert fragment in result.stderr
    assert {p.name: p.read_bytes() for p in (root / "dist").iterdir()} == before
    assert [p.name for p in root.iterdir() if p.name.startswith(".dist")] == []


def test_missing_project_files_say_what_is_missing(tmp_path: Path) -> None:
    result = run(tmp_path, "build")
    assert result.exit_code == 1
    assert "ontology/drugfacts.ttl: file not found" in result.stderr


def test_manifest_tells_which_inputs_changed_since_the_build(mini: Path) -> None:
    from drugfacts.build import stale_inputs
    project = Project(mini)
    assert stale_inputs(project) is None
    built(mini)
    assert stale_inputs(project) == []
    claims = mini / "data" / "claims" / "ibuprofen-tablets.ttl"
    claims.write_text(claims.read_text() + "\n# a comment\n")
    assert stale_inputs(project) == ["data/claims/ibuprofen-tablets.ttl"]


def test_curated_mappings_become_skos_links(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project", DATA / "link" / "mini")
    (root / "data/mappings/new.proposed.sssom.tsv").write_text("not even SSSOM\n")
    graph = built(root)
    links = {(s, o) for s, o in graph.subject_objects(SKOS.exactMatch)}
    assert links == {(DRUG, URIRef("http://purl.obolibrary.org/obo/CHEBI_5855")),
                     (URIRef(COND + "anxiety"), URIRef("http://purl.obolibrary.org/obo/HP_0000739"))}


def test_manifest_tells_a_mapping_set_changed(tmp_path: Path) -> None:
    from drugfacts.build import stale_inputs
    root = make_project(tmp_path / "project", DATA / "link" / "mini")
    built(root)
    mappings = root / "data/mappings/mini.sssom.tsv"
    mappings.write_text(mappings.read_text().replace("0.95", "0.9"))
    (root / "data/mappings/new.proposed.sssom.tsv").write_text("a proposal is no input\n")
    assert stale_inputs(Project(root)) == ["data/mappings/mini.sssom.tsv"]


def test_output_declares_the_project_prefixes_sorted(mini: Path) -> None:
    built(mini)
    text = (mini / "dist" / "drugfacts.ttl").read_text()
    prefixes = [line for line in text.splitlines() if line.startswith("@prefix ")]
    assert prefixes == sorted(prefixes)
    assert "@prefix drug: <https://w3id.org/drugfacts/drug/> ." in prefixes
    assert "drug:ibuprofen " in text
