"""Saved questions (queries/*.rq) and `drugfacts query`.

Expected answers on the seed data were worked out by reading data/claims/*.ttl,
data/entities/*.ttl and the source texts, not copied from the program's output; where a number
is a count over many claims (the agreement matrix, everything one source says) the test counts
it from the claim files itself. Behaviour (formats, errors, exit codes) is tested on the mini
fixture: ibuprofen, two sources.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import time
from collections import Counter
from itertools import combinations
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, SKOS
from rdflib.plugins.sparql import prepareQuery

from drugfacts.build import BuildResult
from drugfacts.errors import UsageError
from drugfacts.link import mapping_graph, read_mapping_sets
from drugfacts.load import new_graph
from drugfacts.project import Project
from drugfacts.query import (
    QueryResult,
    bind_parameters,
    catalogue_markdown,
    compact_iri,
    load_graph,
    query_form,
    read_query,
    resolve,
    run_query,
    saved_queries,
)
from drugfacts.vocab import BASE, DF

from conftest import DATA, REPO, make_project, run

QUERIES = REPO / "queries"
SAVED = sorted(p.stem for p in QUERIES.glob("*.rq"))
FIXTURES = DATA / "query"
DIAZEPAM = f"{BASE}drug/diazepam"
IBUPROFEN = URIRef(f"{BASE}drug/ibuprofen")


# ---------------------------------------------------------------- helpers and fixtures

def plain(term: object) -> object:
    """A result term as a test compares it: IRIs as CURIEs, literals as Python values."""
    if isinstance(term, URIRef):
        return compact_iri(term)
    if isinstance(term, Literal):
        return str(term) if term.language or term.datatype is None else term.toPython()
    return term


def answer(graph: Graph, name: str, **params: str) -> list[dict[str, object]]:
    """The rows of a saved query over a graph, its parameters bound as the CLI binds them."""
    saved = read_query(QUERIES / f"{name}.rq")
    result = run_query(graph, saved.text, bind_parameters(graph, saved, params))
    return [{v: plain(t) for v, t in zip(result.variables, row)} for row in result.rows]


def triples(graph: Graph, name: str, **params: str) -> set[tuple[object, object, object]]:
    """The triples of a saved CONSTRUCT query over a graph."""
    saved = read_query(QUERIES / f"{name}.rq")
    return {tuple(map(plain, t)) for t in
            run_query(graph, saved.text, bind_parameters(graph, saved, params)).triples}


def column(rows: list[dict[str, object]], key: str, value: str) -> dict[object, object]:
    return {row[key]: row[value] for row in rows}


def quotes(row: dict[str, object], key: str = "quotes") -> set[str]:
    return set(str(row[key]).split(" | "))


def unordered(rows: list[dict[str, object]]) -> list[dict[str, object]]:
    """Rows with their GROUP_CONCAT columns as sets: a concatenation's order is the engine's."""
    concatenated = ("quotes", "Quotes", "hedges", "qualifiers")
    return [{k: set(re.split(r" \| |, ", v)) if k.endswith(concatenated) and isinstance(v, str)
             else v for k, v in row.items()} for row in rows]


@pytest.fixture(scope="module")
def seed(seed_build: BuildResult) -> Graph:
    """The seed graph as `drugfacts query` sees it: the build with the ontology beside it."""
    graph = new_graph()
    graph += seed_build.graph
    graph += seed_build.ontology
    return graph


@pytest.fixture(scope="module")
def built_mini(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The mini fixture with the repository's queries, built; tests must not change it."""
    root = make_project(tmp_path_factory.mktemp("query") / "mini")
    shutil.copytree(QUERIES, root / "queries")
    assert run(root, "build").exit_code == 0
    return root


@pytest.fixture(scope="module")
def mini_graph(built_mini: Path) -> Graph:
    return load_graph(Project(built_mini))


@pytest.fixture
def fresh_mini(tmp_path: Path) -> Path:
    """The mini fixture with the queries, not built."""
    root = make_project(tmp_path / "mini")
    shutil.copytree(QUERIES, root / "queries")
    return root


def accepted_claims() -> list[tuple[URIRef, URIRef, URIRef, URIRef]]:
    """(source, subject, predicate, object) of every accepted, affirmed claim, read straight
    from the curated claim files, without the build or SPARQL."""
    found = []
    for path in Project(REPO).claim_files():
        graph = Graph().parse(path)
        for claim in graph.subjects(RDF.type, DF.Claim):
            if (graph.value(claim, DF.polarity), graph.value(claim, DF.curationStatus)) == (
                    DF.Affirmed, DF.Accepted):
                found.append(tuple(graph.value(claim, p) for p in
                                   (PROV.wasDerivedFrom, RDF.subject, RDF.predicate, RDF.object)))
    return found


# ---------------------------------------------------------------- the saved queries themselves

@pytest.mark.parametrize("name", SAVED)
def test_saved_query_declares_its_own_prefixes(name: str) -> None:
    # Self-contained, so it runs as it is in any SPARQL endpoint.
    prepareQuery((QUERIES / f"{name}.rq").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", SAVED)
def test_select_columns_are_the_header_result(name: str) -> None:
    saved = read_query(QUERIES / f"{name}.rq")
    prepared = prepareQuery(saved.text)
    if query_form(prepared) == "SELECT":
        assert tuple(str(v) for v in prepared.algebra["PV"]) == saved.columns


@pytest.mark.parametrize("name", SAVED)
def test_every_parameter_is_a_variable_of_its_query(name: str) -> None:
    saved = read_query(QUERIES / f"{name}.rq")
    body = "\n".join(line for line in saved.text.splitlines() if not line.startswith("#"))
    for parameter in saved.parameters:
        assert re.search(rf"\?{parameter.name}\b", body), parameter.name


@pytest.mark.parametrize("name", SAVED)
def test_every_saved_query_has_a_test_on_the_seeds(name: str) -> None:
    # Integrity checks (-violation) share one test: they must find nothing on the seeds.
    prefix = "test_seed_violation" if name.endswith("-violation") else (
        f"test_seed_{name.replace('-', '_')}")
    assert any(test.startswith(prefix) for test in globals()), f"write {prefix}_..."


def test_catalogue_readme_is_up_to_date() -> None:
    expected = catalogue_markdown(saved_queries(Project(REPO)).values())
    assert (QUERIES / "README.md").read_text(encoding="utf-8") == expected, (
        "run: drugfacts queries --markdown > queries/README.md")


def test_queries_command_lists_name_title_and_parameters(built_mini: Path) -> None:
    result = run(built_mini, "queries")
    assert result.exit_code == 0
    assert "fact-support" in result.stdout and "(predicate)" in result.stdout


# ---------------------------------------------------------------- headers

def test_header_continuation_lines_join_the_field_above(tmp_path: Path) -> None:
    path = tmp_path / "q.rq"
    path.write_text("# title: T\n# question: Which drugs\n#   treat pain?\n"
                    "# param: drug (drug, default: ibuprofen) -- the drug\n# result: a, b\n#\n"
                    "# an ordinary comment\nSELECT ?a ?b WHERE { ?a ?b ?drug }\n")
    saved = read_query(path)
    assert (saved.question, saved.columns) == ("Which drugs treat pain?", ("a", "b"))
    assert saved.parameters[0].default == "ibuprofen" and not saved.parameters[0].required


@pytest.mark.parametrize("header, message, line", [
    ("# title: T\n# question: Q\n# parm: drug (drug)\n# result: a\n", "not a header line", 3),
    ("# title: T\n# question: Q\n", "the header has no result", 1),
    ("# title: T\n# question: Q\n# param: drug [drug]\n# result: a\n", "cannot read the parameter",
     3),
    ("# title: T\n# question: Q\n# param: drug (pill)\n# result: a\n", "unknown parameter kind", 3),
    ("# title: T\n# title: U\n# question: Q\n# result: a\n", "more than one title", 2),
    ("# title: T\n# question: Q\n# param: d (drug)\n# param: d (drug)\n# result: a\n",
     "declared twice", None),
])
def test_bad_header_is_an_error_naming_the_line(tmp_path: Path, header: str, message: str,
                                                line: int | None) -> None:
    path = tmp_path / "bad.rq"
    path.write_text(header + "SELECT * WHERE { ?s ?p ?o }\n")
    with pytest.raises(UsageError) as raised:
        read_query(path)
    problem = raised.value.problems[0]
    assert message in problem.message and problem.line == line


# ---------------------------------------------------------------- parameter values

@pytest.mark.parametrize("value", [
    "diazepam", "Diazepam", "Valium", "VALIUM", "drug:diazepam", DIAZEPAM, f"<{DIAZEPAM}>",
])
def test_label_synonym_curie_and_iri_give_the_same_answer(seed: Graph, value: str) -> None:
    assert unordered(answer(seed, "side-effects", drug=value)) == unordered(
        answer(seed, "side-effects", drug="diazepam"))


@pytest.mark.parametrize("value", ["CHEBI:49575", "drugbank:DB00829", "wikidata:Q210402"])
def test_external_curie_gives_the_same_answer(seed: Graph, seed_mapped: Graph, value: str) -> None:
    assert unordered(answer(seed_mapped, "side-effects", drug=value)) == unordered(
        answer(seed, "side-effects", drug="diazepam"))


@pytest.mark.parametrize("value", [
    "CHEBI:5855", "chebi:5855", "http://purl.obolibrary.org/obo/CHEBI_5855",
])
def test_external_curie_resolves_through_the_mapping(mini_graph: Graph, value: str) -> None:
    mapped = mini_graph + Graph().parse(FIXTURES / "mapped.ttl")
    assert resolve(mapped, value, "drug") == IBUPROFEN


@pytest.mark.parametrize("value, predicate", [
    ("treats", DF.treats), ("df:treats", DF.treats), ("Treats", DF.treats),
    (str(DF.treats), DF.treats),
    ("has side effect", DF.hasSideEffect), ("hasSideEffect", DF.hasSideEffect),
])
def test_predicate_resolves_by_label_name_and_curie(mini_graph: Graph, value: str,
                                                    predicate: URIRef) -> None:
    assert resolve(mini_graph, value, "predicate") == predicate


def test_ambiguous_value_lists_the_candidates(seed: Graph) -> None:
    # "Valium" is a synonym of the drug diazepam and the label of the product Valium.
    with pytest.raises(UsageError, match=r"ambiguous.*drug:diazepam.*product:valium"):
        resolve(seed, "Valium", "entity")


def test_unknown_value_lists_the_nearest_names(seed: Graph) -> None:
    with pytest.raises(UsageError, match=r"names no drug; the nearest: Valium \(drug:diazepam\)"):
        resolve(seed, "Valim", "drug")


def test_kind_restricts_the_class(seed: Graph) -> None:
    with pytest.raises(UsageError, match="names no condition"):
        resolve(seed, "diazepam", "condition")


# ---------------------------------------------------------------- the command on the mini fixture

def test_query_prints_a_table_most_supported_first(built_mini: Path) -> None:
    result = run(built_mini, "query", "treats", "--param", "drug=ibuprofen")
    assert result.exit_code == 0, result.stderr
    # pain: both sources; fever: one.
    assert result.stdout.index("condition:pain") < result.stdout.index("condition:fever")


def test_csv_is_sparql_results_csv(built_mini: Path) -> None:
    result = run(built_mini, "query", "treats", "-p", "drug=ibuprofen", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["condition"], r["sources"]) for r in rows] == [
        (f"{BASE}condition/pain", "2"), (f"{BASE}condition/fever", "1")]


def test_tsv_writes_terms_in_ntriples_syntax(built_mini: Path) -> None:
    result = run(built_mini, "query", "treats", "-p", "drug=ibuprofen", "--format", "tsv")
    head, first = result.stdout.splitlines()[:2]
    assert head.split("\t")[:4] == ["?drug", "?condition", "?label", "?sources"]
    assert first.split("\t")[:4] == [f"<{IBUPROFEN}>", f"<{BASE}condition/pain>", '"pain"@en',
                                     '"2"^^<http://www.w3.org/2001/XMLSchema#integer>']


def test_json_is_sparql_results_json(built_mini: Path) -> None:
    result = run(built_mini, "query", "treats", "-p", "drug=ibuprofen", "--format", "json")
    document = json.loads(result.stdout)
    assert document["head"]["vars"][:3] == ["drug", "condition", "label"]
    first = document["results"]["bindings"][0]
    assert first["condition"] == {"type": "uri", "value": f"{BASE}condition/pain"}
    assert first["label"] == {"type": "literal", "value": "pain", "xml:lang": "en"}
    assert "qualifiers" in first and "hedges" in first


RDF_FORMATS = [(None, "turtle"), ("turtle", "turtle"), ("ntriples", "nt"), ("json-ld", "json-ld")]


@pytest.mark.parametrize("fmt, rdflib_format", RDF_FORMATS)
def test_construct_writes_rdf(built_mini: Path, fmt: str | None, rdflib_format: str) -> None:
    args = ["query", "fact-sheet", "-p", "drug=ibuprofen", *(["--format", fmt] if fmt else [])]
    result = run(built_mini, *args)
    graph = Graph().parse(data=result.stdout, format=rdflib_format)
    assert (IBUPROFEN, DF.treats, URIRef(f"{BASE}condition/pain")) in graph
    assert (URIRef(f"{BASE}condition/pain"), SKOS.prefLabel, Literal("pain", lang="en")) in graph


@pytest.mark.parametrize("fmt, rdflib_format", RDF_FORMATS)
def test_describe_writes_rdf_of_the_bound_entity(built_mini: Path, fmt: str | None,
                                                 rdflib_format: str) -> None:
    args = ["query", "--file", str(FIXTURES / "describe.rq"), "-p", "drug=Ibuprofen",
            *(["--format", fmt] if fmt else [])]
    result = run(built_mini, *args)
    assert result.exit_code == 0, result.stderr
    graph = Graph().parse(data=result.stdout, format=rdflib_format)
    assert (IBUPROFEN, DF.treats, URIRef(f"{BASE}condition/pain")) in graph
    assert {s for s in graph.subjects() if isinstance(s, URIRef)} == {IBUPROFEN}


def test_format_that_does_not_fit_the_query_is_a_usage_error(built_mini: Path) -> None:
    result = run(built_mini, "query", "fact-sheet", "-p", "drug=ibuprofen", "--format", "csv")
    assert result.exit_code == 2 and "turtle, ntriples, json-ld" in result.stderr


def test_empty_result_exits_0_with_a_note(built_mini: Path) -> None:
    result = run(built_mini, "query", "contraindications", "-p", "drug=ibuprofen")
    assert (result.exit_code, result.stdout) == (0, "")
    assert "found nothing" in result.stderr


def test_unknown_query_lists_the_known_ones(built_mini: Path) -> None:
    result = run(built_mini, "query", "side-efects")
    assert result.exit_code == 2
    assert "did you mean side-effects" in result.stderr and "conflicts" in result.stderr


@pytest.mark.parametrize("args, message", [
    (["fact-support", "-p", "drug=ibuprofen"], "needs --param predicate=... --param object=..."),
    (["treats", "-p", "colour=red"], "has no parameter colour"),
    (["treats", "-p", "drug"], "write NAME=VALUE"),
    (["treats", "-p", "drug=ibuprofen", "-p", "drug=pain"], "given twice"),
    (["treats", "--file", "x.rq"], "not both"),
    ([], "name a saved query"),
])
def test_wrong_parameters_are_usage_errors(built_mini: Path, args: list[str], message: str) -> None:
    result = run(built_mini, "query", *args)
    assert result.exit_code == 2 and message in result.stderr


HOSTILE = ['"} ; DROP ALL #', "ibuprofen' } UNION { ?s ?p ?o", "<http://x> ?p ?o", 'a"b\nc>d']


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_entity_value_is_only_a_value(built_mini: Path, value: str) -> None:
    before = (built_mini / "dist" / "drugfacts.ttl").read_bytes()
    result = run(built_mini, "query", "treats", "-p", f"drug={value}")
    assert result.exit_code == 2 and "names no drug" in result.stderr
    assert (built_mini / "dist" / "drugfacts.ttl").read_bytes() == before


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_literal_value_is_only_a_value(built_mini: Path, value: str) -> None:
    result = run(built_mini, "query", "quote-search", "-p", f"text={value}", "--format", "csv")
    assert result.exit_code == 0 and result.stdout.count("\n") == 1  # the header only
    assert "found nothing" in result.stderr


def test_literal_value_matches_as_text(built_mini: Path) -> None:
    # "an upset stomach" is in both sources' quotes of the side effect.
    result = run(built_mini, "query", "quote-search", "-p", "text=An Upset Stomach",
                 "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert sorted(r["quote"] for r in rows) == ["It may cause an upset stomach",
                                                "Some people get an upset stomach"]


def test_own_query_file_with_a_default_parameter(built_mini: Path) -> None:
    result = run(built_mini, "query", "--file", str(FIXTURES / "with-default.rq"),
                 "--format", "csv")
    assert result.stdout.splitlines() == [
        "condition", f"{BASE}condition/fever", f"{BASE}condition/pain"]


def test_syntax_error_names_file_line_and_column(built_mini: Path, tmp_path: Path) -> None:
    bad = tmp_path / "my-question.rq"
    bad.write_text("SELECT ?s\nWHERE {\n  ?s df:treats ?o ;\n  FILTER(?o = )\n}\n")
    result = run(built_mini, "query", "--file", str(bad))
    assert result.exit_code == 2
    assert re.search(r"my-question\.rq:4:\d+: SPARQL syntax error", result.stderr)


@pytest.mark.parametrize("text", [
    "SELECT * FROM <https://example.net/g> WHERE { ?s ?p ?o }",
    "SELECT * WHERE { SERVICE <https://example.net/sparql> { ?s ?p ?o } }",
])
def test_query_reaching_outside_the_graph_is_refused(built_mini: Path, tmp_path: Path,
                                                     text: str) -> None:
    path = tmp_path / "outside.rq"
    path.write_text(text)
    result = run(built_mini, "query", "--file", str(path))
    assert result.exit_code == 2 and "outside the built graph" in result.stderr


def test_query_past_the_time_limit_is_stopped(built_mini: Path) -> None:
    started = time.monotonic()
    result = run(built_mini, "query", "--file", str(FIXTURES / "slow.rq"), "--timeout", "0.5")
    assert result.exit_code == 3 and "time limit of 0.5 s" in result.stderr
    assert time.monotonic() - started < 10


def test_answer_under_a_time_limit_is_the_same_answer(mini_graph: Graph) -> None:
    text = read_query(QUERIES / "treats.rq").text
    bindings = {"drug": IBUPROFEN}
    in_child = run_query(mini_graph, text, bindings, timeout=60)
    assert in_child == run_query(mini_graph, text, bindings)


def test_missing_build_says_to_build(fresh_mini: Path) -> None:
    result = run(fresh_mini, "query", "treats")
    assert result.exit_code == 2 and "drugfacts build" in result.stderr


def test_stale_build_says_what_changed(fresh_mini: Path) -> None:
    run(fresh_mini, "build")
    entities = fresh_mini / "data" / "entities" / "entities.ttl"
    entities.write_text(entities.read_text() + "\n# edited\n")
    result = run(fresh_mini, "query", "treats")
    assert result.exit_code == 2 and "data/entities/entities.ttl" in result.stderr


def test_build_flag_builds_first(fresh_mini: Path) -> None:
    result = run(fresh_mini, "query", "treats", "--build", "--format", "csv")
    assert result.exit_code == 0 and f"{BASE}condition/pain" in result.stdout


# ---------------------------------------------------------------- integrity checks

@pytest.mark.parametrize("name", [n for n in SAVED if n.endswith("-violation")])
def test_seed_violation_queries_find_nothing(seed: Graph, name: str) -> None:
    assert answer(seed, name) == []


@pytest.mark.parametrize("name, add, remove, found", [
    ("unbacked-fact-violation", (IBUPROFEN, DF.treats, URIRef(f"{BASE}condition/anxiety")), None,
     "condition:anxiety"),
    ("missing-fact-violation", None, (IBUPROFEN, DF.treats, URIRef(f"{BASE}condition/fever")),
     "condition:fever"),
])
def test_violation_query_finds_the_broken_fact(mini_graph: Graph, name: str, add: tuple | None,
                                               remove: tuple | None, found: str) -> None:
    broken = Graph() + mini_graph
    if add:
        broken.add(add)
    if remove:
        broken.remove(remove)
    assert [row["object"] for row in answer(broken, name)] == [found]


# ---------------------------------------------------------------- every saved query on the seeds

# diazepam's accepted, affirmed df:treats claims in data/claims/, counted by source file
TREATS_SUPPORT = {
    "seizure": 5, "anxiety": 4, "muscle-spasm": 4, "alcohol-withdrawal-syndrome": 3,
    "anxiety-disorder": 3, "insomnia": 2, "muscle-tension": 2, "alcohol-withdrawal-seizure": 2,
    "alcohol-withdrawal-tremor": 2, "muscle-disorder": 2, "nervous-tension": 2,
    "spasticity-in-cerebral-palsy": 2,
    **dict.fromkeys([
        "alcohol-withdrawal-convulsion", "generalized-anxiety-disorder", "panic-disorder",
        "social-anxiety-disorder", "spasticity", "spasticity-in-lower-back-injury",
        "spasticity-in-multiple-sclerosis", "stress-related-digestive-disorder", "low-back-pain",
        "muscle-stiffness", "alcohol-withdrawal-insomnia", "alcohol-withdrawal-sweating",
        "epilepsy",
        "muscle-spasm-caused-by-inflammation", "muscle-spasm-caused-by-trauma",
        "spasticity-in-athetosis", "spasticity-in-stiff-man-syndrome", "spasticity-in-stroke",
        "spasticity-in-tetanus", "spasticity-in-upper-motor-neuron-disorders",
        "alcohol-withdrawal-anxiety", "excessive-worry", "injury", "muscle-strain",
        "neurological-disorder", "restlessness", "sleep-disorder", "nervousness",
        "spasticity-in-paraplegia",
        # 000 "applications in the realm of mental health"; 004 "can help individuals with low
        # back pain get better sleep"
        "mental-disorder", "sleep-disturbance"], 1),
}
# 003's bullet list (ten conditions); 004's "drowsiness, dizziness, confusion, and muscle weakness"
SIDE_EFFECT_SUPPORT = {"confusion": 2, "drowsiness": 2, "muscle-weakness": 2, "ataxia": 1,
                       "depression": 1, "diarrhea": 1, "fatigue": 1, "irritability": 1,
                       "loss-of-appetite": 1, "nervousness": 1, "dizziness": 1}
RISK_SUPPORT = {"addiction": 3, "dependence": 3, "withdrawal-syndrome": 3, "drug-abuse": 1,
                "tolerance": 1, "death": 1, "increased-sedation": 1, "overdose": 1,
                "restlessness": 1, "sleep-disturbance": 1, "sweating": 1}


def by_slug(rows: list[dict[str, object]], key: str = "condition") -> dict[str, object]:
    return {str(row[key]).split(":", 1)[1]: row["sources"] for row in rows}


def test_seed_treats_counts_sources_and_ranks_by_them(seed: Graph) -> None:
    rows = answer(seed, "treats", drug="Valium")
    assert by_slug(rows) == TREATS_SUPPORT
    assert [(r["label"], r["sources"]) for r in rows[:3]] == [
        ("seizure", 5), ("anxiety", 4), ("muscle spasm", 4)]


def test_seed_treats_gives_hedges_and_quotes(seed: Graph) -> None:
    insomnia = next(r for r in answer(seed, "treats", drug="diazepam") if r["label"] == "insomnia")
    assert insomnia["hedges"] == "may"
    assert quotes(insomnia) == {
        ("diazepam is prescribed by doctors for a variety of other reasons, including muscle "
         "spasticity, seizures, insomnia"),
        ("Individuals experiencing difficulty falling asleep or staying asleep may find relief "
         "with Diazepam 5mg")}


def test_seed_side_effects_of_diazepam(seed: Graph) -> None:
    rows = answer(seed, "side-effects", drug="diazepam")
    assert by_slug(rows) == SIDE_EFFECT_SUPPORT
    assert [r["label"] for r in rows[:3]] == ["confusion", "drowsiness", "muscle weakness"]
    hedges = column(rows, "label", "hedges")
    assert (hedges["dizziness"], hedges["ataxia"]) == ("may", "")


def test_seed_risks_of_diazepam(seed: Graph) -> None:
    rows = answer(seed, "risks", drug="diazepam")
    assert by_slug(rows) == RISK_SUPPORT
    assert column(rows, "label", "qualifiers")["dependence"] == "long-term use"


def test_seed_contraindications_before_cautions(seed: Graph) -> None:
    rows = answer(seed, "contraindications", drug="diazepam")
    # 004: "should not be used by individuals with a history of substance abuse, respiratory
    # disorders, liver or kidney disease, or glaucoma. Pregnant or breastfeeding women should
    # also avoid"; 000: "Pregnant or breastfeeding individuals should consult ... before";
    # 002: "must be used with caution in a rehab setting"; 000: "its use should be avoided in
    # certain medical conditions".
    assert [(r["level"], r["condition"]) for r in rows] == [
        ("contraindicated", c) for c in (
            "population:breastfeeding-women", "condition:certain-medical-conditions",
            "condition:glaucoma", "condition:kidney-disease",
            "condition:liver-disease", "population:people-with-a-history-of-substance-abuse",
            "population:pregnant-women", "condition:respiratory-disorder")] + [
        ("caution", c) for c in ("population:breastfeeding-women", "population:pregnant-women",
                                 "procedure:rehabilitation-setting")]


def test_seed_interactions_of_diazepam(seed: Graph) -> None:
    rows = answer(seed, "interactions", drug="diazepam")
    assert [(r["other"], r["sources"]) for r in rows] == [("drugclass:other-medications", 2)]
    assert quotes(rows[0]) == {"Diazepam may interact with other medications",
                               "Valium can interact with other drugs"}


def test_seed_dose_regimens_by_route(seed: Graph) -> None:
    # 003: "Oral: 3 to 10mg orally thrice a day. Parenteral: 4 to 10 mg IV or IM ...", "More
    # parenteral doses may be important for people with tetanus", "for 4 weeks or less"; 000:
    # "Diazepam 5mg being a common dosage" (no route: sorted with the unrouted, after the
    # regimen with no amount).
    rows = answer(seed, "dose-regimens", drug="diazepam")
    shape = [(r["route"], r["doseMin"], r["doseMax"], r["unit"], r["timesPerDay"], r["population"])
             for r in rows]
    assert shape == [
        (None, None, None, None, None, None),
        (None, 5, 5, "mg", None, None),
        ("route:intramuscular", 4, 10, "mg", None, None),
        ("route:intravenous", 4, 10, "mg", None, None),
        ("route:oral", 3, 10, "mg", 3, None),
        ("route:parenteral", None, None, None, None, "condition:tetanus"),
    ]
    assert rows[0]["regimen"] == "dose:use-for-4-weeks-or-less"
    assert rows[0]["maxDuration"].days == 28


def test_seed_products_and_brands(seed: Graph) -> None:
    rows = answer(seed, "products", drug="diazepam")
    assert {r["product"]: (r["brand"], r["sources"]) for r in rows} == {
        "product:valium": ("Valium", 3), "product:diazepam-5mg": (None, 1),
        "product:stesolid-rectal-tubes": ("Stesolid", 1), "product:anxicalm": ("Anxicalm", 1),
        "product:diazepam-desitin": ("Diazepam Desitin", 1), "product:diazemuls": ("Diazemuls", 1),
        "product:diazepam-rectubes": ("Diazepam Rectubes", 1)}
    assert column(rows, "product", "form")["product:stesolid-rectal-tubes"] == "form:rectal-tube"
    assert column(rows, "product", "strength")["product:diazepam-5mg"] == "5mg"
    assert [r["product"] for r in answer(seed, "products", drug="Ativan")] == ["product:ativan"]


def test_seed_fact_support_gives_each_source_and_its_words(seed: Graph) -> None:
    rows = answer(seed, "fact-support", drug="Valium", predicate="treats", object="insomnia")
    assert {(r["source"], r["polarity"], r["hedge"]) for r in rows} == {
        ("source:benefits-of-valium", "df:Affirmed", None),
        ("source:what-is-diazepam-5mg-used-for", "df:Affirmed", "may")}


def test_seed_single_source_claims_of_diazepam(seed: Graph) -> None:
    rows = answer(seed, "single-source-claims", drug="diazepam")
    side_effects = {r["object"]: r["source"] for r in rows if r["predicate"] == "df:hasSideEffect"}
    s003, s004 = "source:diazepam-for-muscle-spasms", (
        "source:diazepam-an-effective-medication-for-low-back-pain-relief")
    assert side_effects == {**{f"condition:{c}": s003 for c in (
        "ataxia", "depression", "diarrhea", "fatigue", "irritability", "loss-of-appetite",
        "nervousness")}, "condition:dizziness": s004}
    assert not any(r["object"] == "condition:seizure" for r in rows)


def test_seed_hedged_claims_against_plain_ones(seed: Graph) -> None:
    rows = {(r["predicate"], r["label"]): (r["hedged"], r["plain"], r["hedges"])
            for r in answer(seed, "hedged-claims", drug="diazepam")}
    # drowsiness: 004 "may include", 003 plainly; insomnia: 000 "may", 002 plainly;
    # epilepsy: only 003, "seldom".
    assert rows[("df:hasSideEffect", "drowsiness")] == (1, 1, "may")
    assert rows[("df:treats", "insomnia")] == (1, 1, "may")
    assert rows[("df:treats", "epilepsy")] == (1, 0, "seldom")
    assert ("df:hasSideEffect", "ataxia") not in rows


def test_seed_source_claims_are_all_of_its_file(seed: Graph) -> None:
    s004 = URIRef(f"{BASE}source/diazepam-an-effective-medication-for-low-back-pain-relief")
    rows = answer(seed, "source-claims",
                  source="Diazepam: An Effective Medication for Low Back Pain Relief")
    assert len(rows) == sum(1 for claim in accepted_claims() if claim[0] == s004)
    assert sorted(r["label"] for r in rows if r["predicate"] == "df:contraindicatedIn") == [
        "breastfeeding women", "glaucoma", "kidney disease", "liver disease",
        "people with a history of substance abuse", "pregnant women", "respiratory disorder"]


def test_seed_class_members_of_benzodiazepines(seed: Graph) -> None:
    # Every source places diazepam among benzodiazepines; 002 names lorazepam, 003 Xanax.
    rows = answer(seed, "class-members", **{"class": "benzodiazepines"})
    assert [(r["drug"], r["sources"]) for r in rows] == [
        ("drug:diazepam", 5), ("drug:alprazolam", 1), ("drug:lorazepam", 1)]


def test_seed_conflicts_are_the_pairs_the_sources_contain(seed: Graph) -> None:
    # 001 "helps reduce nervousness" / 003 side effect "Feeling irritable and nervous";
    # 000 "alleviate symptoms such as excessive worry, restlessness" / 001 withdrawal "may
    # include restlessness, sweating"; 003 "alcohol withdrawal symptoms, like insomnia or
    # sweating"; alcohol withdrawal (000, 002, 003) is a kind of withdrawal syndrome, a risk of
    # stopping diazepam (000, 001, 003); 004 "can help individuals with low back pain get better
    # sleep" / 001 withdrawal "may include ... sleep disturbances".
    rows = answer(seed, "conflicts", drug="diazepam")
    assert {(r["treated"], r["relation"], r["role"], r["condition"], r["treatSources"],
             r["roleSources"]) for r in rows} == {
        ("condition:nervousness", "same", "df:hasSideEffect", "condition:nervousness", 1, 1),
        ("condition:restlessness", "same", "df:hasRisk", "condition:restlessness", 1, 1),
        ("condition:sleep-disturbance", "same", "df:hasRisk", "condition:sleep-disturbance", 1, 1),
        ("condition:alcohol-withdrawal-sweating", "narrower", "df:hasRisk", "condition:sweating",
         1, 1),
        ("condition:alcohol-withdrawal-syndrome", "narrower", "df:hasRisk",
         "condition:withdrawal-syndrome", 3, 3),
    }
    assert [r["relation"] for r in rows[:2]] == ["same", "same"]


def test_seed_dose_disagreements_none_with_one_dosing_source(seed: Graph) -> None:
    # Only 003 gives doses.
    assert answer(seed, "dose-disagreements") == []


def test_dose_disagreement_between_two_sources(mini_graph: Graph) -> None:
    graph = mini_graph + Graph().parse(FIXTURES / "dose-disagreement.ttl")
    rows = answer(graph, "dose-disagreements", drug="ibuprofen")
    assert [(r["regimen"], r["other"], r["overlap"]) for r in rows] == [
        ("dose:oral-200-to-400-mg", "dose:oral-800-mg", False)]


def test_interaction_shows_the_consequence_a_source_names(mini_graph: Graph) -> None:
    graph = mini_graph + Graph().parse(FIXTURES / "interaction-qualifier.ttl")
    rows = answer(graph, "interactions", drug="ibuprofen")
    assert [(r["other"], r["sources"], r["qualifiers"]) for r in rows] == [
        ("substance:alcohol", 2, "raises the risk of stomach bleeding")]


def test_seed_source_agreement_counts_shared_facts(seed: Graph) -> None:
    claims = accepted_claims()
    facts = {s: {c[1:] for c in claims if c[0] == s} for s in {c[0] for c in claims}}
    expected = {tuple(sorted((compact_iri(a), compact_iri(b)))): (len(facts[a] & facts[b]))
                for a, b in combinations(facts, 2)}
    rows = answer(seed, "source-agreement")
    assert {(r["source"], r["other"]): r["shared"] for r in rows} == expected
    sizes = Counter(compact_iri(c[0]) for c in claims)
    assert all((r["sourceFacts"], r["otherFacts"]) == (sizes[r["source"]], sizes[r["other"]])
               for r in rows)


def test_seed_negated_claims_none_in_the_seeds(seed: Graph) -> None:
    assert answer(seed, "negated-claims") == []


def test_negated_claim_with_no_source_affirming(mini_graph: Graph) -> None:
    # a.txt: "Ibuprofen is not used for anxiety."
    rows = answer(mini_graph, "negated-claims")
    assert [(r["object"], r["source"], r["affirmedBy"]) for r in rows] == [
        ("condition:anxiety", "source:ibuprofen-what-it-is-for", 0)]


def test_seed_quote_search_finds_the_sentence(seed: Graph) -> None:
    rows = answer(seed, "quote-search", text="GLAUCOMA")
    assert [(r["source"], r["predicate"], r["object"]) for r in rows] == [
        ("source:diazepam-an-effective-medication-for-low-back-pain-relief",
         "df:contraindicatedIn", "condition:glaucoma")]


def test_seed_drug_facts_of_one_predicate(seed: Graph) -> None:
    rows = answer(seed, "drug-facts", drug="Valium", predicate="has side effect")
    assert by_slug(rows, "object") == SIDE_EFFECT_SUPPORT


def test_seed_drug_facts_are_all_facts_of_the_drug(seed: Graph) -> None:
    diazepam = URIRef(DIAZEPAM)
    expected = {(compact_iri(p), compact_iri(o))
                for _, s, p, o in accepted_claims() if s == diazepam}
    rows = answer(seed, "drug-facts", drug="diazepam")
    assert {(r["predicate"], r["object"]) for r in rows} == expected


def test_seed_fact_sheet_is_the_drugs_facts_with_labels(seed: Graph) -> None:
    found = triples(seed, "fact-sheet", drug="diazepam")
    assert ("drug:diazepam", "df:treats", "condition:insomnia") in found
    assert ("condition:insomnia", compact_iri(SKOS.prefLabel), "insomnia") in found
    assert {s for s, _, _ in found} - {"drug:diazepam"} == {
        o for s, p, o in found if s == "drug:diazepam" and p != compact_iri(SKOS.prefLabel)}


def test_query_result_of_an_ask_query(mini_graph: Graph) -> None:
    result = run_query(mini_graph, "ASK { drug:ibuprofen df:treats condition:pain }")
    assert result == QueryResult("ASK", boolean=True) and not result.empty


# ---------------------------------------------------------------- external-identifiers

DIAZEPAM_IDENTIFIERS = {  # the object_id of each drug:diazepam row of data/mappings/drugs.sssom.tsv
    ("skos:exactMatch", "CHEBI:49575"),
    ("skos:exactMatch", "drugbank:DB00829"),
    ("skos:exactMatch", "rxnorm:3322"),
    ("skos:exactMatch", "mesh:D003975"),
    ("skos:closeMatch", "atc:N05BA01"),
    ("skos:exactMatch", "pubchem.compound:3016"),
    ("skos:exactMatch", "unii:Q3JTX2Q7TU"),
    ("skos:exactMatch", "wikidata:Q210402"),
    ("skos:exactMatch", "umls:C0012010"),
}


@pytest.fixture(scope="module")
def seed_mapped(seed: Graph) -> Graph:
    """The seed graph with the mapping sets' SKOS triples (a no-op once the build adds them)."""
    return seed + mapping_graph(Project(REPO))


def test_seed_external_identifiers_of_one_entity(seed_mapped: Graph) -> None:
    rows = answer(seed_mapped, "external-identifiers", entity="drug:diazepam")
    assert {(r["match"], r["identifier"]) for r in rows} == DIAZEPAM_IDENTIFIERS
    assert {(r["entity"], r["label"], r["type"]) for r in rows} == {("drug:diazepam", "diazepam", "df:Drug")}


def test_external_identifiers_are_curies_in_the_table_and_iris_in_csv(built_seed: Project) -> None:
    table = run(built_seed.root, "query", "external-identifiers", "--param", "entity=diazepam")
    csv_out = run(built_seed.root, "query", "external-identifiers", "--param", "entity=diazepam",
                  "--format", "csv")
    for curie, iri in [("CHEBI:49575", "http://purl.obolibrary.org/obo/CHEBI_49575"),
                       ("mesh:D003975", "https://meshb.nlm.nih.gov/record/ui?ui=D003975")]:
        assert curie in table.stdout and iri not in table.stdout
        assert iri in csv_out.stdout


def test_seed_external_identifiers_list_an_unmapped_entity_once(seed_mapped: Graph) -> None:
    rows = answer(seed_mapped, "external-identifiers", entity="other medications")
    assert [(r["entity"], r["match"], r["identifier"]) for r in rows] == [
        ("drugclass:other-medications", None, None)]


def test_seed_external_identifiers_are_every_curated_mapping(seed_mapped: Graph) -> None:
    rows = answer(seed_mapped, "external-identifiers")
    expected = {(m.subject_id, m.predicate_id, compact_iri(str(s.objects[m])))
                for s in read_mapping_sets(Project(REPO)) for m in s.mappings}
    assert {(r["entity"], r["match"], r["identifier"]) for r in rows if r["identifier"]} == expected
