"""The bundled data: the five diazepam articles, their claims and entities.

Expected values here were read off the source texts in data/sources/ (the bullet list of side
effects in 003, the contraindication sentence of 004, ...), not off the program's output."""

from __future__ import annotations

import re

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from drugfacts.build import BuildResult
from drugfacts.vocab import BASE, DF, KINDS, OA, PROV, slugify

from conftest import REPO

SEEDS = REPO.parent / "shared" / "seeds"
SOURCES = REPO / "data" / "sources"
DIAZEPAM = URIRef(f"{BASE}drug/diazepam")
S000 = URIRef(f"{BASE}source/what-is-diazepam-5mg-used-for")
S003 = URIRef(f"{BASE}source/diazepam-for-muscle-spasms")
S004 = URIRef(f"{BASE}source/diazepam-an-effective-medication-for-low-back-pain-relief")


@pytest.fixture(scope="module")
def seed(seed_build: BuildResult) -> BuildResult:
    return seed_build


@pytest.fixture(scope="module")
def graph(seed: BuildResult) -> Graph:
    return seed.graph


def labels(graph: Graph, node: URIRef) -> set[str]:
    return {str(v).lower() for p in (SKOS.prefLabel, SKOS.altLabel) for v in graph.objects(node, p)}


def claimed(graph: Graph, source: URIRef, predicate: URIRef, subject: URIRef = DIAZEPAM) -> dict:
    """object → claim, for the accepted claims of one source with that subject and predicate."""
    return {graph.value(c, RDF.object): c for c in graph.subjects(PROV.wasDerivedFrom, source)
            if graph.value(c, RDF.predicate) == predicate and graph.value(c, RDF.subject) == subject
            and graph.value(c, DF.curationStatus) == DF.Accepted}


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not beside the repository")
@pytest.mark.parametrize("name", sorted(p.name for p in SOURCES.glob("*.txt")))
def test_source_texts_are_the_seeds_unchanged(name: str) -> None:
    assert (SOURCES / name).read_bytes() == (SEEDS / name).read_bytes()


def test_every_seed_text_has_metadata(graph: Graph) -> None:
    files = {str(o) for o in graph.objects(None, DF.fileName)}
    assert files == {p.name for p in SOURCES.glob("*.txt")}
    assert len(files) == 5


def test_seed_graph_is_valid(seed: BuildResult) -> None:
    assert seed.report.conforms, seed.report.violations[:5]


def test_every_quote_is_verbatim_in_its_source(graph: Graph) -> None:
    texts = {s: (SOURCES / str(graph.value(s, DF.fileName))).read_text(encoding="utf-8")
             for s in graph.subjects(RDF.type, DF.SourceDocument)}
    checked = 0
    for claim, node in graph.subject_objects(DF.evidence):
        text = texts[graph.value(claim, PROV.wasDerivedFrom)]
        start, end = int(graph.value(node, OA.start)), int(graph.value(node, OA.end))
        assert text[start:end] == str(graph.value(node, OA.exact))
        checked += 1
    assert checked >= len(set(graph.subjects(RDF.type, DF.Claim)))


def test_every_entity_slug_comes_from_its_preferred_label(graph: Graph) -> None:
    entity_classes = {k.cls for k in KINDS.values()} - {DF.Claim, DF.SourceDocument}
    for cls in entity_classes:
        for entity in graph.subjects(RDF.type, cls):
            assert str(entity).rsplit("/", 1)[1] == slugify(str(graph.value(entity, SKOS.prefLabel)))


def test_sources_own_wordings_are_synonyms(graph: Graph) -> None:
    assert "valium" in labels(graph, DIAZEPAM)
    wordings = {w for e in graph.subjects(RDF.type, DF.Condition) for w in labels(graph, e)}
    assert {"feeling tired", "problems with muscle movement or balance"} <= wordings


def test_every_source_says_diazepam_is_a_benzodiazepine(graph: Graph) -> None:
    benzodiazepine = URIRef(f"{BASE}drug-class/benzodiazepine")
    sources = set(graph.subjects(RDF.type, DF.SourceDocument))
    assert {s for s in sources if benzodiazepine in claimed(graph, s, DF.drugClass)} == sources


def _list_after(text: str, heading: str) -> list[str]:
    """The bullet items that follow a heading line in a source text."""
    items = []
    for line in text.split(heading, 1)[1].splitlines():
        bullet = re.match(r"^\s*•\s*(.+)$", line)
        if bullet:
            items.append(bullet.group(1).strip())
        elif line.strip() and items:
            break
    return items


def test_each_side_effect_bullet_of_003_is_a_claim(graph: Graph) -> None:
    text = (SOURCES / "003_8927e89a12a04e49.txt").read_text(encoding="utf-8")
    bullets = _list_after(text, "Typical side effects include:")
    assert len(bullets) == 9
    # "Feeling irritable and nervous" names two conditions
    wanted = [b.lower() for b in bullets if " and " not in b] + ["feeling irritable", "feeling nervous"]
    found = {w for o in claimed(graph, S003, DF.hasSideEffect) for w in labels(graph, o)}
    assert set(wanted) <= found
    assert len(claimed(graph, S003, DF.hasSideEffect)) == 10


def test_each_brand_bullet_of_003_is_a_product_claim(graph: Graph) -> None:
    text = (SOURCES / "003_8927e89a12a04e49.txt").read_text(encoding="utf-8")
    brands = {b.lower() for b in _list_after(text, "Diazepam comes under the following brands:")}
    products = {w for o in claimed(graph, S003, DF.hasProduct) for w in labels(graph, o)}
    assert len(brands) == 5 and brands <= products


def test_004_contraindications_are_its_should_not_list(graph: Graph) -> None:
    # "should not be used by individuals with a history of substance abuse, respiratory
    # disorders, liver or kidney disease, or glaucoma. Pregnant or breastfeeding women should
    # also avoid using Diazepam"
    found = {str(graph.value(o, SKOS.prefLabel)) for o in claimed(graph, S004, DF.contraindicatedIn)}
    assert found == {"people with a history of substance abuse", "respiratory disorder", "liver disease",
                     "kidney disease", "glaucoma", "pregnant women", "breastfeeding women"}


@pytest.mark.parametrize("source, predicate, label, hedge", [
    (S000, DF.treats, "insomnia", "may"),
    (S000, DF.treats, "anxiety disorder", "often"),
    (S004, DF.hasSideEffect, "drowsiness", "may"),
    (S004, DF.hasSideEffect, "muscle weakness", "may"),
    (S003, DF.treats, "epilepsy", "seldom"),
])
def test_source_softening_is_recorded_as_hedge(graph: Graph, source: URIRef, predicate: URIRef,
                                                label: str, hedge: str) -> None:
    by_label = {str(graph.value(o, SKOS.prefLabel)): c for o, c in claimed(graph, source, predicate).items()}
    assert str(graph.value(by_label[label], DF.hedge)) == hedge


def test_003_oral_dose_is_structured(graph: Graph) -> None:
    # "Oral: 3 to 10mg orally thrice a day."
    regimens = claimed(graph, S003, DF.hasDoseRegimen)
    oral = [r for r in regimens if graph.value(r, DF.route) == URIRef(f"{BASE}route/oral")]
    assert len(oral) == 1
    values = {p: graph.value(oral[0], p).toPython() for p in (DF.doseMin, DF.doseMax, DF.doseUnit, DF.timesPerDay)}
    assert values == {DF.doseMin: 3, DF.doseMax: 10, DF.doseUnit: "mg", DF.timesPerDay: 3}


def test_claims_about_other_drugs_are_kept(graph: Graph) -> None:
    lorazepam = URIRef(f"{BASE}drug/lorazepam")
    assert "ativan" in {w for o in graph.objects(lorazepam, DF.hasProduct) for w in labels(graph, o)}
    assert (lorazepam, DF.drugClass, URIRef(f"{BASE}drug-class/benzodiazepine")) in graph


def test_diazepam_is_linked_to_chebi(graph: Graph) -> None:
    """data/mappings/drugs.sssom.tsv reaches the built graph as a SKOS link."""
    assert (DIAZEPAM, SKOS.exactMatch, URIRef("http://purl.obolibrary.org/obo/CHEBI_49575")) in graph
