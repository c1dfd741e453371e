"""The drugfacts vocabulary and the IRI scheme of its instances.

The vocabulary is a `DefinedNamespace`, so a misspelt term fails at import time instead of
writing a triple nobody queries. `KINDS` is the one registry of instance kinds: the data
prefixes, the IRI path segments and the class of each.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD, DefinedNamespace

BASE = "https://w3id.org/drugfacts/"


class DF(DefinedNamespace):
    """Terms of ontology/drugfacts.ttl; a test keeps the two in step."""

    _NS = Namespace(BASE + "vocab#")
    _fail = True

    # classes
    Drug: URIRef
    DrugClass: URIRef
    Condition: URIRef
    Population: URIRef
    Substance: URIRef
    Target: URIRef
    MechanismOfAction: URIRef
    Product: URIRef
    DosageForm: URIRef
    Route: URIRef
    DoseRegimen: URIRef
    PrescriptionStatus: URIRef
    Procedure: URIRef
    Precaution: URIRef
    SourceDocument: URIRef
    Claim: URIRef
    Polarity: URIRef
    CurationStatus: URIRef
    FactPredicate: URIRef
    # individuals
    Affirmed: URIRef
    Negated: URIRef
    Accepted: URIRef
    Rejected: URIRef
    Draft: URIRef
    WebArticle: URIRef
    # fact predicates
    treats: URIRef
    hasSideEffect: URIRef
    hasRisk: URIRef
    contraindicatedIn: URIRef
    cautionIn: URIRef
    interactsWith: URIRef
    drugClass: URIRef
    hasTarget: URIRef
    hasMechanism: URIRef
    hasProduct: URIRef
    hasDosageForm: URIRef
    hasRoute: URIRef
    hasDoseRegimen: URIRef
    prescriptionStatus: URIRef
    usedIn: URIRef
    hasPrecaution: URIRef
    # claim properties
    evidence: URIRef
    hedge: URIRef
    polarity: URIRef
    curationStatus: URIRef
    qualifier: URIRef
    extractionScore: URIRef
    # source properties
    fileName: URIRef
    sha256: URIRef
    documentKind: URIRef
    # entity description properties
    brandName: URIRef
    dosageForm: URIRef
    strength: URIRef
    route: URIRef
    doseMin: URIRef
    doseMax: URIRef
    doseUnit: URIRef
    frequency: URIRef
    timesPerDay: URIRef
    maxDuration: URIRef
    population: URIRef


OA = Namespace("http://www.w3.org/ns/oa#")
SH = Namespace("http://www.w3.org/ns/shacl#")


@dataclass(frozen=True)
class Kind:
    """One kind of instance: its data prefix, its IRI path segment and its class."""

    prefix: str
    segment: str
    cls: URIRef

    @property
    def namespace(self) -> Namespace:
        return Namespace(f"{BASE}{self.segment}/")


KINDS: dict[str, Kind] = {
    k.prefix: k
    for k in (
        Kind("drug", "drug", DF.Drug),
        Kind("drugclass", "drug-class", DF.DrugClass),
        Kind("condition", "condition", DF.Condition),
        Kind("population", "population", DF.Population),
        Kind("substance", "substance", DF.Substance),
        Kind("target", "target", DF.Target),
        Kind("mechanism", "mechanism", DF.MechanismOfAction),
        Kind("product", "product", DF.Product),
        Kind("form", "dosage-form", DF.DosageForm),
        Kind("route", "route", DF.Route),
        Kind("dose", "dose", DF.DoseRegimen),
        Kind("rxstatus", "prescription-status", DF.PrescriptionStatus),
        Kind("procedure", "procedure", DF.Procedure),
        Kind("precaution", "precaution", DF.Precaution),
        Kind("source", "source", DF.SourceDocument),
        Kind("claim", "claim", DF.Claim),
    )
}

CLAIM = KINDS["claim"].namespace

PREFIXES: dict[str, str] = {
    "df": str(DF),
    **{prefix: str(kind.namespace) for prefix, kind in KINDS.items()},
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "prov": str(PROV),
    "oa": str(OA),
}


def slugify(label: str) -> str:
    """The slug of a preferred label: lower case, accents taken off ("Ménière's" is
    "meniere-s", not "m-ni-re-s"), runs of anything else than letters and digits turned into one
    hyphen."""
    plain = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^0-9a-z]+", "-", plain.lower()).strip("-")
