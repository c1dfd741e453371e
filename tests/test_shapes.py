"""Every shape fires on a known-bad graph and accepts the good one.

The good graph is the mini fixture as built; each bad one is that graph changed by one SPARQL
Update in tests/data/shapes/. Assertions read the SHACL report graph: which focus node, path,
constraint component and shape fired, never the message text."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS

from drugfacts.build import build_graph
from drugfacts.load import new_graph
from drugfacts.project import Project
from drugfacts.validate import ValidationReport, validate_graph
from drugfacts.vocab import BASE, DF, KINDS, OA, PROV, SH

from conftest import DATA, make_project

SHAPES = "https://w3id.org/drugfacts/shapes#"
FEVER_CLAIM = f"{BASE}claim/cf8fc749add18d30"


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> tuple[Graph, Graph, Graph]:
    result = build_graph(Project(make_project(tmp_path_factory.mktemp("shapes") / "mini")))
    return result.graph, result.shapes, result.ontology


def validate(graph: Graph, shapes: Graph, ontology: Graph) -> ValidationReport:
    return validate_graph(graph, shapes, ontology)


def changed(graph: Graph, update: Path) -> Graph:
    copy = new_graph()
    copy += graph
    copy.update(update.read_text())
    return copy


def test_the_fever_claim_iri_is_the_hash_of_source_subject_predicate_object() -> None:
    key = "\n".join([f"{BASE}source/ibuprofen-what-it-is-for", f"{BASE}drug/ibuprofen",
                     str(DF.treats), f"{BASE}condition/fever"])
    assert FEVER_CLAIM == f"{BASE}claim/" + hashlib.sha256(key.encode()).hexdigest()[:16]


def test_good_graph_conforms(good: tuple[Graph, Graph, Graph]) -> None:
    report = validate(*good)
    assert report.conforms, report.violations


def c(name: str) -> str:
    return str(SH[name + "ConstraintComponent"])


D = f"{BASE}drug/ibuprofen"
CASES = {
    # case: (focus node, result path, constraint component, source shape or None if anonymous)
    "two-preflabels": (D, SKOS.prefLabel, c("MaxCount"), SHAPES + "PrefLabel"),
    "preflabel-without-language": (f"{BASE}condition/fever", SKOS.prefLabel, c("Datatype"), SHAPES + "PrefLabel"),
    "labelled-node-without-type": (f"{BASE}condition/headache", RDF.type, c("MinCount"), None),
    "broader-not-a-condition": (f"{BASE}condition/fever", SKOS.broader, c("Class"), None),
    "product-with-two-brand-names": (f"{BASE}product/advil", DF.brandName, c("MaxCount"), None),
    "dose-min-above-max": (f"{BASE}dose/ibuprofen-oral", DF.doseMin, c("LessThanOrEquals"), None),
    "dose-without-amount-limit-or-frequency": (f"{BASE}dose/ibuprofen-oral", "", c("Or"), SHAPES + "DoseRegimenShape"),
    "dose-amount-without-unit": (f"{BASE}dose/ibuprofen-oral", "", c("SPARQL"), SHAPES + "DoseRegimenShape"),
    "dose-route-not-a-route": (f"{BASE}dose/ibuprofen-oral", DF.route, c("Class"), None),
    "source-bad-sha256": (f"{BASE}source/ibuprofen-tablets", DF.sha256, c("Pattern"), None),
    "source-without-title": (f"{BASE}source/ibuprofen-tablets", DCTERMS.title, c("MinCount"), None),
    "claim-without-source": (FEVER_CLAIM, PROV.wasDerivedFrom, c("MinCount"), None),
    "claim-without-evidence": (FEVER_CLAIM, DF.evidence, c("MinCount"), None),
    "claim-predicate-not-a-fact-predicate": (FEVER_CLAIM, RDF.predicate, c("Class"), None),
    "claim-with-unknown-polarity": (FEVER_CLAIM, DF.polarity, c("In"), None),
    "claim-with-two-statuses": (FEVER_CLAIM, DF.curationStatus, c("MaxCount"), None),
    "claim-with-two-hedges": (FEVER_CLAIM, DF.hedge, c("MaxCount"), None),
    "claim-with-score-above-one": (FEVER_CLAIM, DF.extractionScore, c("MaxInclusive"), None),
    "claim-with-score-not-a-decimal": (FEVER_CLAIM, DF.extractionScore, c("Datatype"), None),
    "claim-object-not-described": (FEVER_CLAIM, RDF.object, c("SPARQL"), SHAPES + "ClaimShape"),
    "claim-subject-not-described": (FEVER_CLAIM, RDF.subject, c("SPARQL"), SHAPES + "ClaimShape"),
    "claim-subject-outside-domain": (FEVER_CLAIM, RDF.subject, c("SPARQL"), SHAPES + "ClaimShape"),
    "claim-object-outside-range": (FEVER_CLAIM, RDF.object, c("SPARQL"), SHAPES + "ClaimShape"),
    "evidence-start-after-end": (None, OA.start, c("LessThan"), None),
    "evidence-without-exact": (None, OA.exact, c("MinCount"), None),
    "fact-without-claim": (D, DF.treats, c("SPARQL"), SHAPES + "FactBackedByClaimShape"),
    "fact-backed-only-by-rejected-claim": (D, DF.treats, c("SPARQL"), SHAPES + "FactBackedByClaimShape"),
}


def test_every_case_has_a_fixture_and_every_fixture_a_case() -> None:
    assert {p.stem for p in (DATA / "shapes").glob("*.ru")} == set(CASES)


@pytest.mark.parametrize("case", sorted(CASES))
def test_shape_rejects_broken_fixture(good: tuple[Graph, Graph, Graph], case: str) -> None:
    graph, shapes, ontology = good
    focus, path, component, shape = CASES[case]
    report = validate(changed(graph, DATA / "shapes" / f"{case}.ru"), shapes, ontology)
    assert not report.conforms
    fired = {(v.path, v.component) for v in report.violations
             if focus is None or v.focus == focus}
    assert (str(path), component) in fired, report.violations
    if shape is not None:
        assert shape in {v.shape for v in report.violations if v.component == component}


ENTITY_CLASSES = sorted({k.cls for k in KINDS.values()} - {DF.Claim, DF.SourceDocument})


@pytest.mark.parametrize("cls", ENTITY_CLASSES, ids=lambda c: c.split("#")[-1])
def test_each_entity_class_needs_a_label(good: tuple[Graph, Graph, Graph], cls: URIRef) -> None:
    graph, shapes, ontology = good
    node = URIRef(f"{BASE}test/unlabelled")
    bad = new_graph()
    bad += graph
    bad.add((node, RDF.type, cls))
    if cls == DF.DoseRegimen:
        bad.update(f'INSERT DATA {{ <{node}> <{DF.maxDuration}> "P3D"^^<http://www.w3.org/2001/XMLSchema#duration> }}')
    violations = validate(bad, shapes, ontology).violations
    assert [(v.shape, v.component) for v in violations if v.focus == str(node)] == [
        (SHAPES + "PrefLabel", c("MinCount"))]
    bad.add((node, SKOS.prefLabel, __import__("rdflib").Literal("labelled", lang="en")))
    assert validate(bad, shapes, ontology).conforms
