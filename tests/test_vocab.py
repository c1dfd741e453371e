"""The vocabulary: the Python namespace and the ontology file say the same thing, and every
term is documented."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from drugfacts.vocab import DF, KINDS, slugify

from conftest import REPO

ONTOLOGY = Graph().parse(REPO / "ontology" / "drugfacts.ttl")
DECLARED = {s for s in ONTOLOGY.subjects() if isinstance(s, URIRef) and str(s).startswith(str(DF))}


def test_namespace_and_ontology_declare_the_same_terms() -> None:
    in_python = {DF[name] for name in DF.__annotations__}
    assert in_python == DECLARED


def test_a_misspelt_term_fails() -> None:
    with pytest.raises(AttributeError):
        DF.treat  # noqa: B018


@pytest.mark.parametrize("term", sorted(DECLARED), ids=lambda t: t.split("#")[-1])
def test_every_term_has_label_and_comment(term: URIRef) -> None:
    assert ONTOLOGY.value(term, RDFS.label) is not None
    assert ONTOLOGY.value(term, RDFS.comment) is not None


@pytest.mark.parametrize("predicate", sorted(ONTOLOGY.subjects(RDF.type, DF.FactPredicate)),
                         ids=lambda t: t.split("#")[-1])
def test_every_fact_predicate_has_domain_and_range(predicate: URIRef) -> None:
    assert ONTOLOGY.value(predicate, RDFS.domain) is not None
    assert ONTOLOGY.value(predicate, RDFS.range) is not None
    assert (predicate, RDF.type, OWL.ObjectProperty) in ONTOLOGY


def test_every_kind_names_a_class_of_the_ontology() -> None:
    assert {(k.cls, RDF.type, OWL.Class) in ONTOLOGY for k in KINDS.values()} == {True}


@pytest.mark.parametrize("label, slug", [
    ("alcohol withdrawal syndrome", "alcohol-withdrawal-syndrome"),
    ("Stesolid Rectal tubes", "stesolid-rectal-tubes"),
    ("GABA-A receptor", "gaba-a-receptor"),
    ("  4 weeks (or less)  ", "4-weeks-or-less"),
    ("Ménière's disease", "meniere-s-disease"),  # accents taken off, not the letters they sit on
    ("Sjögren syndrome", "sjogren-syndrome"),
])
def test_slug_of_a_label(label: str, slug: str) -> None:
    assert slugify(label) == slug


ALIGNMENTS = [RDFS.subPropertyOf, RDFS.subClassOf, OWL.equivalentClass]
ALIGNMENTS += [SKOS[m] for m in ("exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch")]


@pytest.mark.parametrize(
    "term", sorted({*ONTOLOGY.subjects(RDF.type, DF.FactPredicate),
                    *(k.cls for k in KINDS.values() if k.cls != DF.MechanismOfAction
                      and k.cls not in {DF.DosageForm, DF.Route, DF.Precaution})}),
    ids=lambda t: t.split("#")[-1])
def test_fact_predicates_and_classes_are_aligned_outside_drugfacts(term: URIRef) -> None:
    targets = {o for p in ALIGNMENTS for o in ONTOLOGY.objects(term, p)}
    assert {t for t in targets if not str(t).startswith(str(DF))}
