"""`drugfacts export`: each format as a transformation of the same built graph.

Lossless formats parse back to a graph isomorphic to the built one; lossy ones carry the facts
they must. The fixture is the mini project with tests/data/export over it: a leaflet about
ibuprofen with one claim of each kind the exports map (product, dose, route, target, mechanism,
contraindication, risk, interactions, prescription status), and a second drug, aspirin.
"""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCAT, DCTERMS, OWL, RDF, SDO, VOID, XSD

from drugfacts.build import BuildResult
from drugfacts.export import FORMATS
from drugfacts.jsonld import SCHEMA_CONTEXT, compact_graph, read_context
from drugfacts.project import Project
from drugfacts.vocab import BASE, DF

from conftest import DATA, REPO, make_project, run

IBUPROFEN = BASE + "drug/ibuprofen"
RDFLIB_SYNTAX = {"turtle": "turtle", "ntriples": "nt", "trig": "trig", "nquads": "nquads",
                 "jsonld": "json-ld"}
LOSSLESS = [name for name, f in FORMATS.items() if f.lossless]


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture project, built, with every format exported into dist/."""
    root = make_project(tmp_path_factory.mktemp("export") / "project", DATA / "export")
    for command in (["build"], ["export", "--format", "all"]):
        result = run(root, *command)
        assert result.exit_code == 0, result.stderr
    return root


@pytest.fixture(scope="module")
def built(exported: Path) -> Graph:
    """The graph the build wrote (exporting Turtle writes the same file again)."""
    return Graph().parse(exported / "dist" / "drugfacts.ttl")


def dist(root: Path, name: str) -> Path:
    return root / "dist" / FORMATS[name].target


def union(path: Path, syntax: str) -> Graph:
    dataset = Dataset()
    dataset.parse(path, format=syntax)
    graph = Graph()
    for s, p, o, _ in dataset.quads():
        graph.add((s, p, o))
    return graph


@pytest.fixture()
def mini_built(mini: Path) -> Path:
    assert run(mini, "build").exit_code == 0
    return mini


# ---------------------------------------------------------------- lossless formats

@pytest.mark.parametrize("name", LOSSLESS)
def test_lossless_format_parses_back_to_the_built_graph(exported: Path, built: Graph,
                                                        name: str) -> None:
    syntax = RDFLIB_SYNTAX[name]
    parsed = union(dist(exported, name), syntax) if name in ("trig", "nquads") else \
        Graph().parse(dist(exported, name), format=syntax)
    assert isomorphic(parsed, built)


def test_two_exports_are_byte_identical(exported: Path, tmp_path: Path) -> None:
    """The module's export ran in this process; this one runs in another, with another hash
    seed, on a copy of the project."""
    root = make_project(tmp_path / "project", DATA / "export")
    assert run(root, "build").exit_code == 0
    subprocess.run([sys.executable, "-m", "drugfacts", "--root", str(root), "export"], check=True,
                   env={**os.environ, "PYTHONHASHSEED": "2718"}, capture_output=True)

    def exports(project: Path) -> dict[str, bytes]:
        files = [p for f in FORMATS.values() for p in [dist(project, f.name),
                                                        *dist(project, f.name).rglob("*")]]
        return {str(p.relative_to(project)): p.read_bytes() for p in sorted(files) if p.is_file()}

    written = exports(root)
    assert written == exports(exported)
    assert {"dist/drugs/ibuprofen.html", "dist/kgx/drugfacts_edges.tsv"} <= set(written)


def test_turtle_export_is_the_file_the_build_wrote(mini_built: Path) -> None:
    before = dist(mini_built, "turtle").read_bytes()
    assert run(mini_built, "export", "--format", "turtle").exit_code == 0
    assert dist(mini_built, "turtle").read_bytes() == before


def test_ntriples_lines_are_sorted(exported: Path) -> None:
    lines = dist(exported, "ntriples").read_text().splitlines()
    assert lines == sorted(lines) and len(lines) == len(set(lines))


def test_quad_formats_keep_a_source_claims_in_a_graph_named_by_it(exported: Path) -> None:
    dataset = Dataset()
    dataset.parse(dist(exported, "trig"), format="trig")
    leaflet = dataset.graph(URIRef(BASE + "source/ibuprofen-leaflet"))
    assert len(set(leaflet.subjects(RDF.type, DF.Claim))) == 10
    assert set(dataset.default_graph.subjects(RDF.type, DF.Claim)) == set()
    assert (URIRef(IBUPROFEN), DF.treats, URIRef(BASE + "condition/pain")) in dataset.default_graph


# ---------------------------------------------------------------- JSON-LD

def test_jsonld_is_compacted_with_the_project_context(exported: Path) -> None:
    document = json.loads(dist(exported, "jsonld").read_text())
    context = json.loads((exported / "ontology" / "context.jsonld").read_text())["@context"]
    nodes = {node["id"]: node for node in document["@graph"]}
    assert document["@context"] == context
    assert nodes["drug/ibuprofen"]["prefLabel"] == "ibuprofen"
    assert nodes["drug/ibuprofen"]["treats"] == ["condition/fever", "condition/pain"]
    claim = next(n for n in nodes.values() if n.get("object") == "condition/stomach-ulcer")
    assert (claim["predicate"], claim["polarity"], claim["hedge"]) == ("hasRisk", "Affirmed", "can")


def keys(value: object) -> set[str]:
    """Every key of a JSON document, at any depth."""
    if isinstance(value, dict):
        return set(value) | {k for item in value.values() for k in keys(item)}
    if isinstance(value, list):
        return {k for item in value for k in keys(item)}
    return set()


def test_jsonld_of_the_seed_graph_has_a_short_key_for_every_term(seed_build: BuildResult) -> None:
    # A predicate, datatype or language that ontology/context.jsonld has no term for compacts
    # to a CURIE key or a {"@value": ...} object, which a web developer does not read as plain
    # JSON: give it a term in the context.
    document = compact_graph(seed_build.graph, read_context(Project(REPO)))
    assert {key for key in keys(document["@graph"]) if ":" in key or key.startswith("@")} == set()


def test_a_remote_context_is_refused_not_fetched(mini_built: Path) -> None:
    context_file = mini_built / "ontology" / "context.jsonld"
    document = json.loads(context_file.read_text())
    document["@context"]["@import"] = "https://contexts.invalid/context.jsonld"
    context_file.write_text(json.dumps(document))
    result = run(mini_built, "export", "--format", "jsonld")
    assert result.exit_code == 1
    assert "https://contexts.invalid/context.jsonld" in result.stderr
    assert "fetches nothing" in result.stderr


def test_only_the_json_formats_need_the_context_file(mini_built: Path) -> None:
    (mini_built / "ontology" / "context.jsonld").unlink()
    assert run(mini_built, "export", "--format", "ntriples").exit_code == 0
    result = run(mini_built, "export", "--format", "jsonld")
    assert result.exit_code == 1 and "ontology/context.jsonld: file not found" in result.stderr


# ---------------------------------------------------------------- schema.org

@pytest.fixture(scope="module")
def schema(exported: Path) -> dict[str, dict]:
    document = json.loads(dist(exported, "schemaorg").read_text())
    return {drug["@id"]: drug for drug in document["@graph"]}


def names(value: dict | list | str) -> set[str]:
    items = value if isinstance(value, list) else [value]
    return {item["name"] if isinstance(item, dict) else item for item in items}


def test_schema_org_side_effects_and_risks_are_adverse_outcome_conditions(schema: dict) -> None:
    outcomes = schema[IBUPROFEN]["adverseOutcome"]
    assert names(outcomes) == {"upset stomach", "stomach ulcer"}
    assert {outcome["@type"] for outcome in outcomes} == {"MedicalCondition"}


def test_schema_org_indications_are_conditions_that_name_the_drug(schema: dict) -> None:
    indications = schema[IBUPROFEN]["@reverse"]["drug"]
    assert names(indications) == {"fever", "pain"}
    assert {indication["@type"] for indication in indications} == {"MedicalCondition"}


@pytest.mark.parametrize("key, expected", [
    ("drugClass", {"nonsteroidal anti-inflammatory drug"}),
    ("mechanismOfAction", {"cyclooxygenase inhibition"}),
    ("contraindication", {"pregnant women"}),
    ("interactingDrug", {"aspirin", "alcohol"}),
    ("administrationRoute", {"oral"}),
    ("prescriptionStatus", {"over the counter"}),
    ("proprietaryName", {"Nurofen"}),
    ("dosageForm", {"tablet"}),
    ("subjectOf", {"Ibuprofen leaflet", "Ibuprofen tablets", "Ibuprofen: what it is for"}),
])
def test_schema_org_drug_carries_the_fact(schema: dict, key: str, expected: set[str]) -> None:
    assert names(schema[IBUPROFEN][key]) == expected


def test_schema_org_drug_is_the_same_as_its_mappings(schema: dict) -> None:
    assert schema[IBUPROFEN]["sameAs"] == "http://purl.obolibrary.org/obo/CHEBI_5855"


def test_schema_org_dose_schedule_has_unit_frequency_and_population(schema: dict) -> None:
    dose = schema[IBUPROFEN]["doseSchedule"]
    assert (dose["@type"], dose["doseUnit"], dose["frequency"], dose["targetPopulation"]) == (
        "DoseSchedule", "mg", "three times a day", "adults")


def test_schema_org_file_is_what_its_construct_makes(exported: Path, built: Graph) -> None:
    from drugfacts.sparql import internal_query
    constructed = Graph()
    for triple in built.query(internal_query("schemaorg")):
        constructed.add(triple)
    assert isomorphic(Graph().parse(dist(exported, "schemaorg"), format="json-ld"), constructed)


def test_schema_org_uses_only_schema_org_terms(exported: Path) -> None:
    graph = Graph().parse(dist(exported, "schemaorg"), format="json-ld")
    terms = {p for p in graph.predicates() if p != RDF.type} | set(graph.objects(None, RDF.type))
    assert terms and all(term in SDO for term in terms)


# ---------------------------------------------------------------- KGX

def kgx_rows(root: Path, table: str) -> list[dict[str, str]]:
    with (root / "dist" / "kgx" / f"drugfacts_{table}.tsv").open(newline="") as stream:
        return list(csv.DictReader(stream, delimiter="\t", quoting=csv.QUOTE_NONE))


# The KGX format specification (biolink/kgx docs/kgx_format.md): required columns and the
# permissible values of knowledge_level and agent_type (Biolink 4.2.2 enums).
KGX_REQUIRED = {"nodes": {"id", "category", "name"},
                "edges": {"subject", "predicate", "object", "knowledge_level", "agent_type",
                          "primary_knowledge_source"}}
KNOWLEDGE_LEVELS = {"knowledge_assertion", "logical_entailment", "prediction",
                    "statistical_association", "observation", "not_provided"}
AGENT_TYPES = {"manual_agent", "automated_agent", "data_analysis_pipeline", "computational_model",
               "text_mining_agent", "image_processing_agent",
               "manual_validation_of_automated_agent", "not_provided"}


@pytest.mark.parametrize("table", ["nodes", "edges"])
def test_kgx_table_fills_the_columns_the_specification_requires(exported: Path, table: str) -> None:
    rows = kgx_rows(exported, table)
    assert rows and KGX_REQUIRED[table] <= set(rows[0])
    assert all(row[column] for row in rows for column in KGX_REQUIRED[table])


def test_kgx_uses_biolink_categories_predicates_and_enum_values(exported: Path) -> None:
    nodes, edges = kgx_rows(exported, "nodes"), kgx_rows(exported, "edges")
    assert all(c.startswith("biolink:") for node in nodes for c in node["category"].split("|"))
    assert all(edge["predicate"].startswith("biolink:") for edge in edges)
    assert {edge["knowledge_level"] for edge in edges} <= KNOWLEDGE_LEVELS
    assert {edge["agent_type"] for edge in edges} <= AGENT_TYPES


def test_kgx_edge_ends_are_nodes(exported: Path) -> None:
    ids = {node["id"] for node in kgx_rows(exported, "nodes")}
    edges = kgx_rows(exported, "edges")
    publications = {p for edge in edges for p in edge["publications"].split("|")}
    ends = {edge[end] for edge in edges for end in ("subject", "object")}
    assert ends | publications <= ids


def test_kgx_edge_carries_its_claims_sources_and_quotes(exported: Path) -> None:
    pain, = (e for e in kgx_rows(exported, "edges") if e["object"] == "drugfacts:condition/pain")
    assert pain["subject"] == "drugfacts:drug/ibuprofen"
    assert pain["predicate"] == "biolink:treats_or_applied_or_studied_to_treat"
    assert pain["publications"] == ("drugfacts:source/ibuprofen-tablets|"
                                    "drugfacts:source/ibuprofen-what-it-is-for")
    assert pain["supporting_text"] == "Ibuprofen relieves pain|It is used to treat pain"
    assert pain["evidence_count"] == "2"


def test_kgx_node_has_its_iri_synonyms_and_mappings_as_curies(exported: Path) -> None:
    nodes = {node["id"]: node for node in kgx_rows(exported, "nodes")}
    assert nodes["drugfacts:drug/ibuprofen"]["xref"] == "CHEBI:5855"
    assert nodes["drugfacts:drug/aspirin"]["iri"] == BASE + "drug/aspirin"
    assert nodes["drugfacts:drug/aspirin"]["synonym"] == "acetylsalicylic acid"


def test_kgx_has_no_edge_for_a_negated_claim(exported: Path) -> None:
    objects = {edge["object"] for edge in kgx_rows(exported, "edges")}
    assert "drugfacts:condition/anxiety" not in objects


# ---------------------------------------------------------------- fact sheets

def sheet(root: Path, slug: str = "ibuprofen") -> dict:
    return json.loads((dist(root, "drugs") / f"{slug}.jsonld").read_text())


def test_a_sheet_and_two_pages_per_drug(exported: Path) -> None:
    assert sorted(p.name for p in dist(exported, "drugs").iterdir()) == [
        f"{slug}.{ext}" for slug in ("aspirin", "ibuprofen") for ext in ("html", "jsonld", "md")]


def test_drug_sheet_states_only_triples_of_the_built_graph(exported: Path, built: Graph) -> None:
    stated = Graph().parse(dist(exported, "drugs") / "ibuprofen.jsonld", format="json-ld")
    assert len(stated) > 100 and set(stated) <= set(built)


def test_drug_sheet_puts_each_fact_with_its_claims_and_number_of_sources(exported: Path) -> None:
    pain = next(item for item in sheet(exported)["treats"] if item["prefLabel"] == "pain")
    assert pain["sourceCount"] == 2
    assert sorted(claim["evidence"][0]["exact"] for claim in pain["claims"]) == [
        "Ibuprofen relieves pain", "It is used to treat pain"]
    assert {claim["source"]["title"] for claim in pain["claims"]} == {
        "Ibuprofen tablets", "Ibuprofen: what it is for"}


# What the issue asks a sheet to hold, each fact with the sources and quotes behind it.
SHEET_SECTIONS = ["treats", "hasSideEffect", "hasRisk", "contraindicatedIn", "interactsWith",
                  "drugClass", "hasProduct", "hasDoseRegimen"]


@pytest.mark.parametrize("section", SHEET_SECTIONS)
def test_each_fact_of_a_sheet_has_its_claims_quotes_and_number_of_sources(exported: Path,
                                                                           section: str) -> None:
    items = sheet(exported)[section]
    assert items
    for item in items:
        claims = item["claims"]
        assert {claim["predicate"] for claim in claims} == {section}
        assert item["sourceCount"] == len({claim["source"]["id"] for claim in claims}) >= 1
        assert all(claim["source"]["title"] and claim["evidence"][0]["exact"] for claim in claims)


def test_drug_sheet_describes_dose_regimens_and_products(exported: Path) -> None:
    dose, = sheet(exported)["hasDoseRegimen"]
    product, = sheet(exported)["hasProduct"]
    assert (dose["route"]["prefLabel"], dose["doseUnit"], dose["timesPerDay"]) == (
        "oral", "mg", "3")
    assert (product["brandName"], product["dosageForm"]["prefLabel"], product["strength"]) == (
        "Nurofen", "tablet", "200 mg")


def test_drug_sheet_lists_what_sources_deny(exported: Path) -> None:
    denied, = sheet(exported)["negatedClaims"]
    assert (denied["predicate"], denied["object"]["prefLabel"]) == ("treats", "anxiety")


@pytest.mark.parametrize("extension", ["md", "html"])
def test_drug_page_shows_each_fact_with_its_quotes_and_sources(exported: Path,
                                                               extension: str) -> None:
    page = (dist(exported, "drugs") / f"ibuprofen.{extension}").read_text()
    for text in ("Has side effect", "upset stomach", "(2 sources)",
                 "“It may cause an upset stomach”", "hedge: may", "Ibuprofen tablets",
                 "not treats", "anxiety"):
        assert text in page


def test_html_page_escapes_what_the_data_says(mini: Path) -> None:
    entities = mini / "data" / "entities" / "entities.ttl"
    entities.write_text(entities.read_text().replace('skos:prefLabel "ibuprofen"@en .',
                        'skos:prefLabel "ibuprofen"@en ; skos:altLabel "<b>Advil</b> & co"@en .'))
    for command in (["build"], ["export", "--format", "drugs"]):
        assert run(mini, *command).exit_code == 0
    pages = {ext: (dist(mini, "drugs") / f"ibuprofen.{ext}").read_text() for ext in ("html", "md")}
    assert "Also called: &lt;b&gt;Advil&lt;/b&gt; &amp; co." in pages["html"]
    assert "Also called: <b>Advil</b> & co." in pages["md"]


def test_html_page_embeds_the_drug_schema_org_document(exported: Path, schema: dict) -> None:
    page = (dist(exported, "drugs") / "ibuprofen.html").read_text()
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.DOTALL)
    assert script is not None
    assert json.loads(script.group(1)) == {"@context": SCHEMA_CONTEXT, **schema[IBUPROFEN]}


# ---------------------------------------------------------------- dataset metadata

def void_graph(root: Path) -> Graph:
    return Graph().parse(dist(root, "void"))


DATASET = URIRef(BASE + "dataset")


def test_void_counts_the_triples_and_the_entities_of_each_class(exported: Path,
                                                                built: Graph) -> None:
    void = void_graph(exported)
    drugs = next(p for p in void.objects(DATASET, VOID.classPartition)
                 if void.value(p, VOID["class"]) == DF.Drug)
    treats = next(p for p in void.objects(DATASET, VOID.propertyPartition)
                  if void.value(p, VOID.property) == DF.treats)
    assert void.value(DATASET, VOID.triples).toPython() == len(built)
    assert void.value(drugs, VOID.entities).toPython() == 2
    assert void.value(treats, VOID.triples).toPython() == 2


def test_void_describes_title_description_licence_version_and_sources(exported: Path) -> None:
    void = void_graph(exported)
    assert void.value(DATASET, DCTERMS.title) is not None
    assert void.value(DATASET, DCTERMS.description) is not None
    ontology = Graph().parse(exported / "ontology" / "drugfacts.ttl")
    assert void.value(DATASET, DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")
    assert void.value(DATASET, OWL.versionInfo) == next(ontology.objects(None, OWL.versionInfo))
    assert len(set(void.objects(DATASET, DCTERMS.source))) == 3


def test_void_date_is_the_newest_source_date(exported: Path) -> None:
    modified = void_graph(exported).value(DATASET, DCTERMS.modified)
    assert modified == Literal("2024-05-02", datatype=XSD.date)


def test_void_has_no_date_when_no_source_is_dated(mini_built: Path) -> None:
    assert run(mini_built, "export", "--format", "void").exit_code == 0
    assert void_graph(mini_built).value(DATASET, DCTERMS.modified) is None


def test_void_lists_every_export_as_a_distribution(exported: Path) -> None:
    void = void_graph(exported)
    media = {str(void.value(d, DCTERMS.title)): str(void.value(d, DCAT.mediaType))
             for d in void.objects(DATASET, DCAT.distribution)}
    assert media["drugfacts.nt"] == "https://www.iana.org/assignments/media-types/application/n-triples"
    assert set(media) == {f.target for f in FORMATS.values() if f.name != "void"}


def test_void_names_the_sparql_endpoint_when_given(mini_built: Path) -> None:
    endpoint = "http://localhost:7878/query"
    result = run(mini_built, "export", "--format", "void", "--sparql-endpoint", endpoint)
    assert result.exit_code == 0
    assert void_graph(mini_built).value(DATASET, VOID.sparqlEndpoint) == URIRef(endpoint)


# ---------------------------------------------------------------- refusals and writing

def test_export_refuses_without_a_build(mini: Path) -> None:
    result = run(mini, "export")
    assert result.exit_code == 2
    assert "no build in dist/" in result.stderr and "drugfacts build" in result.stderr


def test_export_refuses_a_stale_build(mini_built: Path) -> None:
    claims = mini_built / "data" / "claims" / "ibuprofen-tablets.ttl"
    claims.write_text(claims.read_text() + "\n# edited\n")
    result = run(mini_built, "export")
    assert result.exit_code == 2
    assert "data/claims/ibuprofen-tablets.ttl changed" in result.stderr


@pytest.mark.parametrize("edit, expected", [
    (lambda text: text.replace('skos:prefLabel "ibuprofen"@en ;', ""), "the build is invalid"),
    (lambda text: text + "\nthis is not turtle\n", "dist/drugfacts.ttl:"),
])
def test_export_refuses_an_invalid_build(mini_built: Path, edit, expected: str) -> None:
    graph_file = mini_built / "dist" / "drugfacts.ttl"
    graph_file.write_text(edit(graph_file.read_text()))
    result = run(mini_built, "export", "--format", "ntriples")
    assert result.exit_code == 1
    assert expected in result.stderr
    assert not (mini_built / "dist" / "drugfacts.nt").exists()


def test_output_to_an_existing_file_needs_force(mini_built: Path, tmp_path: Path) -> None:
    target = tmp_path / "graph.nt"
    target.write_text("keep me")
    refused = run(mini_built, "export", "--format", "ntriples", "--output", str(target))
    assert refused.exit_code == 2 and "--force" in refused.stderr
    assert target.read_text() == "keep me"
    forced = run(mini_built, "export", "--format", "ntriples", "--output", str(target), "--force")
    assert forced.exit_code == 0
    assert target.read_bytes() == to_ntriples_of(mini_built)


def to_ntriples_of(root: Path) -> bytes:
    from drugfacts.serialize import to_ntriples
    return to_ntriples(Graph().parse(root / "dist" / "drugfacts.ttl"))


def test_output_takes_one_format(mini_built: Path, tmp_path: Path) -> None:
    result = run(mini_built, "export", "--format", "all", "--output", str(tmp_path / "out"))
    assert result.exit_code == 2 and "one --format" in result.stderr
