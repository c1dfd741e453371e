"""Mapping sets (data/mappings/*.sssom.tsv): their checks, their SKOS triples, the coverage
report and the proposals of `drugfacts link`.

Bad input is tested on the mini fixture with one small mapping set (tests/data/link/mini), each
case one cell or header line changed; the cross-walk runs against a real Oxigraph SPARQL server
on 127.0.0.1 over a small fixture in Wikidata's shape.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import bioregistry
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from drugfacts.errors import DataError
from drugfacts.link import (
    VOCABULARIES,
    Mapping,
    compact,
    coverage,
    described,
    entity_graph,
    format_mapping_set,
    graph_mappings,
    mapping_graph,
    read_mapping_set,
    read_mapping_sets,
    row_triples,
)
from drugfacts.prefixes import converter
from drugfacts.project import Project
from drugfacts.propose import format_proposals, propose

from conftest import DATA, REPO, free_port, make_project, oxigraph_command, oxigraph_server, run

LINK = DATA / "link"
MINI_SET = Path("data/mappings/mini.sssom.tsv")
REPO_PROJECT = Project(REPO)


@pytest.fixture
def linked(tmp_path: Path) -> Path:
    """The mini fixture with one mapping set (anxiety and ibuprofen) and one more entity."""
    return make_project(tmp_path / "mini", LINK / "mini")


def rewrite(root: Path, old: str, new: str) -> Path:
    """The mini mapping set with one piece of text replaced; its path."""
    path = root / MINI_SET
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def triples_of(mappings: list[Mapping]) -> set[tuple[str, str, str]]:
    return {(m.subject_id, m.predicate_id, m.object_id) for m in mappings}


# ---------------------------------------------------------------- the committed mapping sets

def test_committed_mapping_sets_validate_against_the_entities() -> None:
    sets = read_mapping_sets(REPO_PROJECT)
    mapping_graph(REPO_PROJECT, described(entity_graph(REPO_PROJECT)))
    assert [s.file.name for s in sets] == ["conditions.sssom.tsv", "drugs.sssom.tsv", "others.sssom.tsv"]


@pytest.mark.parametrize("path", REPO_PROJECT.mapping_files(), ids=lambda p: p.name)
def test_committed_rows_are_sorted(path: Path) -> None:
    mappings = read_mapping_set(path).mappings
    assert list(mappings) == sorted(mappings, key=Mapping.sort_key)


def test_skos_triples_round_trip_from_the_committed_sets() -> None:
    graph = mapping_graph(REPO_PROJECT)
    assert graph_mappings(graph) == row_triples(read_mapping_sets(REPO_PROJECT))
    assert len(graph) == sum(len(s.mappings) for s in read_mapping_sets(REPO_PROJECT))


def test_skos_triples_of_the_built_graph_are_the_rows(built_seed: Project) -> None:
    """What `drugfacts build` writes to dist/ holds each row as one SKOS triple, and no other."""
    graph = Graph().parse(built_seed.root / "dist" / "drugfacts.ttl")
    assert graph_mappings(graph) == row_triples(read_mapping_sets(built_seed))


@pytest.mark.parametrize("triple", [
    ("drug/diazepam", SKOS.exactMatch, "http://purl.obolibrary.org/obo/CHEBI_49575"),
    ("drug/diazepam", SKOS.exactMatch, "https://go.drugbank.com/drugs/DB00829"),
    ("drug/diazepam", SKOS.closeMatch, "http://www.whocc.no/atc_ddd_index/?code=N05BA01"),
    ("condition/insomnia", SKOS.closeMatch, "https://meshb.nlm.nih.gov/record/ui?ui=D007319"),
    ("condition/alcohol-withdrawal-tremor", SKOS.broadMatch, "http://purl.obolibrary.org/obo/HP_0001337"),
    ("drug-class/benzodiazepine", SKOS.narrowMatch, "http://www.whocc.no/atc_ddd_index/?code=N05BA"),
])
def test_triples_link_to_the_vocabularies_canonical_iris(triple: tuple[str, URIRef, str]) -> None:
    subject, predicate, iri = triple
    assert (URIRef(f"https://w3id.org/drugfacts/{subject}"), predicate, URIRef(iri)) in mapping_graph(REPO_PROJECT)


@pytest.mark.parametrize("path", REPO_PROJECT.mapping_files(), ids=lambda p: p.name)
def test_mapping_set_round_trips_through_the_writer(path: Path, tmp_path: Path) -> None:
    before = read_mapping_set(path)
    copy = tmp_path / path.name
    copy.write_text(format_mapping_set(before.metadata, before.mappings), encoding="utf-8")
    after = read_mapping_set(copy)
    assert (after.metadata, after.mappings) == (before.metadata, before.mappings)


# ---------------------------------------------------------------- bad mapping sets

@pytest.mark.parametrize("old, new, line, message", [
    ("CHEBI:5855", "CHEBI 5855", 12, "'CHEBI 5855' is not a CURIE"),
    ("CHEBI:5855", "nosuchvocabulary:5855", 12, "unknown prefix 'nosuchvocabulary'"),
    ("CHEBI:5855", "CHEBI:CHEBI5855", 12, r"must match the pattern ^\d+$"),
    ("HP:0000739\t", "HP:739\t", 11, r"must match the pattern ^\d{7}$"),
    ("CHEBI:5855", "drugbank:DB829", 12, r"must match the pattern ^DB\d{5}$"),
    ("condition:anxiety\t", "CHEBI:1\t", 11, "is not a drugfacts entity"),
    ("condition:anxiety\t", "condition:Anxiety\t", 11, "is not a slug"),
    ("\tskos:exactMatch\tHP", "\towl:sameAs\tHP", 11, "is not one of skos:exactMatch"),
    ("Curation\t0.95\ttest fixture\ndrug", "Guessing\t0.95\ttest fixture\ndrug", 11,
     "is not a SEMAPV matching process"),
    ("\t0.95\ttest fixture\ndrug", "\t1.5\ttest fixture\ndrug", 11, "not a number from 0 to 1"),
    ("drug:ibuprofen\tibuprofen\tskos:exactMatch\tCHEBI:5855\tibuprofen",
     "condition:anxiety\tanxiety\tskos:closeMatch\tHP:0000739\tAnxiety", 12,
     "mapped again (first on line 11)"),
    ("#   CHEBI: http://purl.obolibrary.org/obo/CHEBI_", "#   CHEBI: http://chebi.invalid/", 4,
     ("curie_map gives CHEBI: http://chebi.invalid/, but the prefix means "
      "http://purl.obolibrary.org/obo/CHEBI_")),
    ("# license: https://creativecommons.org/publicdomain/zero/1.0/\n", "", 1, "no license"),
])
def test_bad_mapping_set_fails_naming_file_line_and_what(linked: Path, old: str, new: str,
                                                         line: int, message: str) -> None:
    path = rewrite(linked, old, new)
    with pytest.raises(DataError) as caught:
        read_mapping_set(path, MINI_SET)
    [problem] = caught.value.problems
    assert (problem.file, problem.line) == (MINI_SET, line)
    assert message in problem.message


@pytest.mark.parametrize("command", ["link", "build"])
@pytest.mark.parametrize("curie, message", [
    ("CHEBI 5855", "'CHEBI 5855' is not a CURIE (PREFIX:IDENTIFIER)"),
    ("nosuchvocabulary:5855", "unknown prefix 'nosuchvocabulary'"),
    ("CHEBI:CHEBI5855", r"'CHEBI5855' is not a CHEBI identifier: it must match the pattern ^\d+$"),
], ids=["malformed", "unknown-prefix", "breaks-pattern"])
def test_bad_curie_fails_the_command_naming_file_row_and_what(linked: Path, command: str,
                                                              curie: str, message: str) -> None:
    """A curator runs `link` or `build`: either stops with exit 1 at the row, writing nothing."""
    rewrite(linked, "CHEBI:5855", curie)
    result = run(linked, command)
    assert result.exit_code == 1
    assert f"{MINI_SET}:12: drug:ibuprofen: {message}" in result.stderr
    assert not (linked / "dist").exists()


def test_prefix_only_the_curie_map_declares_expands_with_it(linked: Path) -> None:
    rewrite(linked, "# mapping_set_id", "#   fixturevocab: https://fixturevocab.invalid/terms/\n# mapping_set_id")
    rewrite(linked, "CHEBI:5855", "fixturevocab:T-1")
    assert (URIRef("https://w3id.org/drugfacts/drug/ibuprofen"), SKOS.exactMatch,
            URIRef("https://fixturevocab.invalid/terms/T-1")) in mapping_graph(Project(linked))


def test_mapping_of_an_unknown_entity_fails_naming_file_and_line(linked: Path) -> None:
    rewrite(linked, "condition:anxiety\tanxiety", "condition:worry\tworry")
    project = Project(linked)
    with pytest.raises(DataError) as caught:
        mapping_graph(project, described(entity_graph(project)))
    [problem] = caught.value.problems
    assert (problem.file, problem.line, problem.entity) == (MINI_SET, 11, "condition:worry")


def test_proposed_sets_stay_out_of_the_build(linked: Path) -> None:
    (linked / "data/mappings/new.proposed.sssom.tsv").write_text("not even SSSOM\n")
    project = Project(linked)
    assert [p.name for p in project.mapping_files()] == ["mini.sssom.tsv"]
    assert len(mapping_graph(project)) == 2


# ---------------------------------------------------------------- the vocabularies

@pytest.mark.parametrize("prefix", [p for p, v in VOCABULARIES.items() if v.wikidata_property])
def test_wikidata_property_is_the_one_bioregistry_records(prefix: str) -> None:
    assert bioregistry.get_resource(prefix).wikidata["prefix"] == VOCABULARIES[prefix].wikidata_property


@pytest.mark.parametrize("prefix", VOCABULARIES)
def test_registry_prefix_is_bioregistrys_standard_prefix(prefix: str) -> None:
    assert converter().standardize_prefix(prefix) == prefix


@pytest.mark.parametrize("prefix, value, local", [
    ("HP", "HP:0000739", "0000739"), ("MONDO", "0005618", "0005618"), ("MONDO", "MONDO_0005618", "0005618"),
    ("CHEBI", "49575", "49575"), ("drugbank", "not a DrugBank id", None),
])
def test_wikidata_value_gives_the_local_identifier(prefix: str, value: str, local: str | None) -> None:
    assert VOCABULARIES[prefix].local_id(value) == local


# ---------------------------------------------------------------- the coverage report

def test_every_entity_is_in_the_report_mapped_or_unmapped() -> None:
    found = coverage(REPO_PROJECT)
    described = {compact(s) for path in REPO_PROJECT.entity_files()
                 for s in Graph().parse(path).subjects(RDF.type, None)}
    mapped = {e.curie for e in found.entities if found.mappings.get(e.curie)}
    unmapped = {e.curie for e in found.unmapped}
    assert mapped | unmapped == described and not mapped & unmapped


def test_report_shows_identifiers_and_the_unmapped_entities() -> None:
    result = run(REPO, "link", "--report")
    assert result.exit_code == 0
    assert "=CHEBI:49575" in result.stdout and "~atc:N05BA01" in result.stdout
    assert "drugclass: other-medications" in result.stdout


def test_link_without_options_checks_and_counts(linked: Path) -> None:
    result = run(linked, "link")
    assert result.exit_code == 0
    assert "2 mappings, all valid: 2 of 7 entities mapped" in result.stdout


# ---------------------------------------------------------------- lexical proposals

FEVER = ("condition:fever", "skos:exactMatch", "HP:0001945")
PYREXIA = ("condition:pyrexia", "skos:closeMatch", "HP:0001945")
PAIN = ("condition:pain", "skos:exactMatch", "HP:0012531")


@pytest.mark.parametrize("vocabulary, expected", [
    ("vocabulary.obo", {FEVER, PYREXIA, PAIN, (
        "drugclass:nonsteroidal-anti-inflammatory-drug", "skos:exactMatch", "CHEBI:35475")}),
    ("vocabulary.tsv", {FEVER, PYREXIA, PAIN}),
    ("vocabulary.sssom.tsv", {PAIN, ("condition:pain", "skos:exactMatch", "mesh:D010146"),
                              ("condition:anxiety", "skos:exactMatch", "mesh:D001007")}),
])
def test_lexical_proposals_for_entities_not_yet_in_the_vocabulary(linked: Path, vocabulary: str,
                                                                 expected: set) -> None:
    assert triples_of(propose(coverage(Project(linked)), [LINK / vocabulary])) == expected


def test_lexical_proposal_is_justified_scored_and_explained(linked: Path) -> None:
    found = propose(coverage(Project(linked)), [LINK / "vocabulary.obo"])
    fever = next(m for m in found if m.subject_id == "condition:fever")
    assert (fever.mapping_justification, fever.confidence, fever.object_label) == (
        "semapv:LexicalMatching", 0.9, "Fever")
    assert "'fever'" in fever.comment and "vocabulary.obo" in fever.comment


def test_proposals_are_a_mapping_set_the_reader_accepts(linked: Path, tmp_path: Path) -> None:
    proposals = propose(coverage(Project(linked)), [LINK / "vocabulary.obo"])
    path = tmp_path / "x.proposed.sssom.tsv"
    path.write_text(format_proposals(proposals), encoding="utf-8")
    checked = read_mapping_set(path)
    assert checked.metadata["mapping_tool"] == "drugfacts link --propose"
    assert set(checked.mappings) == set(proposals)


def test_propose_writes_to_stdout_and_nothing_else(linked: Path) -> None:
    result = run(linked, "link", "--propose", "--vocabulary", str(LINK / "vocabulary.obo"))
    assert result.exit_code == 0 and "HP:0001945" in result.stdout
    assert [p.name for p in (linked / "data/mappings").iterdir()] == ["mini.sssom.tsv"]


@pytest.mark.parametrize("name, exit_code", [("new.sssom.tsv", 2), ("new.proposed.sssom.tsv", 0)])
def test_proposals_in_the_mappings_folder_must_be_named_proposed(linked: Path, name: str,
                                                                 exit_code: int) -> None:
    output = linked / "data/mappings" / name
    result = run(linked, "link", "--propose", "--vocabulary", str(LINK / "vocabulary.obo"),
                 "--output", str(output))
    assert result.exit_code == exit_code and output.exists() == (exit_code == 0)


@pytest.mark.parametrize("args", [["--propose"], ["--report", "--propose", "--endpoint", "x"],
                                  ["--vocabulary", str(LINK / "vocabulary.obo")]])
def test_wrong_options_are_usage_errors(linked: Path, args: list[str]) -> None:
    assert run(linked, "link", *args).exit_code == 2


# ---------------------------------------------------------------- the cross-walk

@pytest.fixture(scope="module")
def endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An Oxigraph SPARQL server on 127.0.0.1 over the Wikidata-shaped fixture."""
    store = tmp_path_factory.mktemp("oxigraph")
    subprocess.run([oxigraph_command(), "load", "--location", str(store), "--file",
                    str(LINK / "wikidata-fixture.ttl")], check=True, capture_output=True, timeout=60)
    with oxigraph_server("serve-read-only", location=store) as url:
        yield f"{url}/query"


def test_crosswalk_proposes_the_other_identifiers_of_the_item(linked: Path, endpoint: str) -> None:
    found = propose(coverage(Project(linked)), endpoint=endpoint)
    assert {(m.subject_id, m.object_id) for m in found} == {
        ("condition:anxiety", "wikidata:Q154430"), ("condition:anxiety", "mesh:D001007"),
        ("condition:anxiety", "icd10:F41.9"), ("condition:anxiety", "snomedct:48694002"),
        ("condition:anxiety", "umls:C4020884")}


def test_crosswalk_proposal_is_chained_and_says_through_what(linked: Path, endpoint: str) -> None:
    found = {m.object_id: m for m in propose(coverage(Project(linked)), endpoint=endpoint)}
    mesh, item = found["mesh:D001007"], found["wikidata:Q154430"]
    assert (mesh.predicate_id, mesh.mapping_justification) == ("skos:exactMatch", "semapv:MappingChaining")
    assert mesh.comment == "P486 of wikidata:Q154430, found through P3841 'HP:0000739'"
    assert item.object_label == "anxiety"


def test_crosswalk_through_the_command(linked: Path, endpoint: str) -> None:
    result = run(linked, "link", "--propose", "--endpoint", endpoint)
    assert result.exit_code == 0 and "wikidata:Q154430\tanxiety" in result.stdout


@pytest.mark.parametrize("url", [f"http://127.0.0.1:{free_port()}/query", "file:///etc/passwd"])
def test_endpoint_that_gives_no_answer_is_a_usage_error(linked: Path, url: str) -> None:
    result = run(linked, "link", "--propose", "--endpoint", url, "--timeout", "5")
    assert result.exit_code == 2 and "endpoint" in result.stderr
