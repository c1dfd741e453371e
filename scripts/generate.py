"""Generate a synthetic drugfacts project, to measure and test the build at any size.

    .venv/bin/python scripts/generate.py /tmp/df-1e6 --triples 1000000 --seed 1
    .venv/bin/python scripts/generate.py /tmp/df-bad --sources 40 --inject all

The project has the repository's ontology and shapes, and generated drugs, conditions, drug
classes, targets, products, dose regimens, ...; source texts; one claim file a source whose
every quote is a sentence of that text (wrapped across lines, as real articles are); and SSSOM
mappings. It builds valid. The skew is realistic: drugs are chosen for sources by a Zipf law,
so a few drugs have thousands of claims and most have a handful, and sources about the same
drug repeat each other's claims, so facts have one source or many.

`--inject KIND` (repeatable, or `all`) breaks the project in one way that the shapes catch, each
on its own entity: `INJECTIONS` lists them with the path and constraint component that must
fire. Output is seeded and deterministic; it is never committed (write it to /tmp).
"""

from __future__ import annotations

import argparse
import hashlib
import random
import shutil
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from drugfacts.claims import claim_iri
from drugfacts.vocab import PREFIXES, slugify

REPO = Path(__file__).resolve().parents[1]
# Built triples per source, measured on generated projects of 10^3 to 10^5 sources.
TRIPLES_PER_SOURCE = 195
SH = "http://www.w3.org/ns/shacl#"
MIN_SOURCES_TO_INJECT = 16

# ---------------------------------------------------------------------------------------------
# The model: entities, sources and claims, written out by `write`
# ---------------------------------------------------------------------------------------------


@dataclass
class Entity:
    """One entity of data/entities/<file>.ttl; `props` are Turtle (predicate, object) pairs."""

    curie: str
    label: str
    cls: str | None
    props: list[tuple[str, str]] = field(default_factory=list)
    lang: str | None = "en"


@dataclass
class Claim:
    subject: str
    predicate: str
    object: str
    quotes: list[str]
    hedge: str | None = None
    qualifier: str | None = None
    polarity: str = "df:Affirmed"
    status: str = "df:Accepted"
    extra: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Source:
    slug: str
    file: str
    title: str
    text: str
    claims: list[Claim]
    props: list[tuple[str, str]] = field(default_factory=list)

    @property
    def curie(self) -> str:
        return f"source:{self.slug}"


@dataclass
class Model:
    entities: dict[str, list[Entity]]
    sources: list[Source]
    mappings: dict[str, list[tuple[str, str, str]]]
    injected: list[str] = field(default_factory=list)

    def kind(self, file: str) -> list[Entity]:
        return self.entities[file]


# ---------------------------------------------------------------------------------------------
# Names
# ---------------------------------------------------------------------------------------------

SYLLABLES = [c + v for c in "bdfklmnprstvz" for v in "aeiou"]


def word(index: int, offset: int) -> str:
    """A pronounceable word, distinct for each index and offset (three syllables or more)."""
    n = index * 7919 + offset
    parts = []
    for _ in range(3):
        n, r = divmod(n, len(SYLLABLES))
        parts.append(SYLLABLES[r])
    while n:
        n, r = divmod(n - 1, len(SYLLABLES))
        parts.append(SYLLABLES[r])
    return "".join(parts)


def entity(prefix: str, cls: str, label: str, *props: tuple[str, str]) -> Entity:
    return Entity(f"{prefix}:{slugify(label)}", label, cls, list(props))


DRUG_ENDINGS = ["pam", "lol", "pril", "statin", "mab", "cillin", "xetine", "done", "zole", "vir"]
CONDITION_WORDS = ["syndrome", "disorder", "pain", "fever", "infection", "disease", "deficiency",
                   "inflammation", "spasm", "rash"]
POPULATIONS = ["pregnant women", "breastfeeding mothers", "children under 12", "older adults",
               "people with a history of substance abuse", "people with kidney failure"]
SUBSTANCES = ["alcohol", "grapefruit juice", "caffeine", "nicotine", "cannabis"]
FORMS = ["tablet", "capsule", "oral solution", "rectal tube", "solution for injection", "patch"]
ROUTES = ["oral", "rectal", "intravenous", "intramuscular", "topical", "sublingual"]
STATUSES = ["prescription only", "over the counter"]
PROCEDURES = ["endoscopy", "cardioversion", "dental surgery", "colonoscopy", "bronchoscopy"]
PRECAUTIONS = ["taper the dose gradually", "do not drive until you know how it affects you",
               "avoid sudden changes of dose", "take it with food"]
FILLER = ["Read the leaflet that comes with your medicine.",
          "Keep all medicines out of the reach of children.",
          "This article is for general information only.",
          "Talk to your pharmacist if you have questions.",
          "Store it at room temperature, away from light.",
          "Tell your doctor about every medicine you take."]


def _entities(drugs: int, rng: random.Random) -> dict[str, list[Entity]]:
    conditions = [entity("condition", "df:Condition", f"{word(i, 9000)} {CONDITION_WORDS[i % 10]}")
                  for i in range(drugs + 40)]
    routes = [entity("route", "df:Route", r) for r in ROUTES]
    forms = [entity("form", "df:DosageForm", f) for f in FORMS]
    for i, c in enumerate(conditions[10:], 10):
        if i % 7 == 0:
            c.props.append(("skos:broader", conditions[i % 10].curie))
        if i % 5 == 0:
            c.props.append(("skos:altLabel", _lit(f"{c.label.split()[0]} trouble", "en")))
    drug_list, products, doses = [], [], []
    for i in range(drugs):
        label = word(i, 0) + DRUG_ENDINGS[i % len(DRUG_ENDINGS)]
        brand = word(i, 4000).capitalize()
        drug_list.append(entity("drug", "df:Drug", label, ("skos:altLabel", _lit(brand, "en"))))
        products.append(entity("product", "df:Product", f"{brand} {FORMS[i % 6]}s",
                               ("df:brandName", _lit(brand)), ("df:strength", _lit(f"{5 * (i % 4 + 1)} mg")),
                               ("df:dosageForm", forms[i % 6].curie)))
        low, high, times = i % 5 + 1, i % 5 + 1 + (i % 3 + 1) * 5, i % 3 + 1
        doses.append(entity(
            "dose", "df:DoseRegimen", f"{label} {ROUTES[i % 4]} {low} to {high} mg {times} times a day",
            ("df:route", routes[i % 4].curie), ("df:doseMin", f'"{low}"^^xsd:decimal'),
            ("df:doseMax", f'"{high}"^^xsd:decimal'), ("df:doseUnit", _lit("mg")),
            ("df:frequency", _lit(f"{times} times a day")), ("df:timesPerDay", f'"{times}"^^xsd:integer')))
    return {
        "drugs": drug_list,
        "conditions": conditions,
        "drug-classes": [entity("drugclass", "df:DrugClass", f"{word(i, 20000)} inhibitors")
                         for i in range(drugs // 40 + 4)],
        "populations": [entity("population", "df:Population", p) for p in POPULATIONS],
        "substances": [entity("substance", "df:Substance", s) for s in SUBSTANCES],
        "targets": [entity("target", "df:Target", f"{word(i, 30000)} receptor") for i in range(drugs // 20 + 3)],
        "mechanisms": [entity("mechanism", "df:MechanismOfAction", f"blocking {word(i, 40000)} uptake")
                       for i in range(drugs // 40 + 3)],
        "products": products,
        "dosage-forms": forms,
        "routes": routes,
        "dose-regimens": doses,
        "prescription-statuses": [entity("rxstatus", "df:PrescriptionStatus", s) for s in STATUSES],
        "procedures": [entity("procedure", "df:Procedure", p) for p in PROCEDURES],
        "precautions": [entity("precaution", "df:Precaution", p) for p in PRECAUTIONS],
    }


# ---------------------------------------------------------------------------------------------
# Claims: what each predicate says, in which words
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Wording:
    """How sources say one predicate: two wordings, an optional hedge of the first, and a
    negated wording where sources deny it."""

    objects: str  # which entity files its objects come from, comma-separated
    weight: int
    says: str
    again: str
    hedge: str | None = None
    qualifier: str | None = None
    denies: str | None = None


WORDINGS: dict[str, Wording] = {
    "df:treats": Wording("conditions", 25, "{D} may relieve the symptoms of {o}",
                         "Doctors prescribe {d} for {o}", hedge="may", denies="{D} is not used to treat {o}"),
    "df:hasSideEffect": Wording("conditions", 30, "{D} can cause {o}",
                                "Some people taking {d} notice {o}", hedge="can",
                                denies="{D} does not usually cause {o}"),
    "df:hasRisk": Wording("conditions", 8, "Long-term use of {d} can lead to {o}",
                          "Misuse of {d} carries a risk of {o}", hedge="can", qualifier="long-term use"),
    "df:contraindicatedIn": Wording("conditions,populations", 8, "{D} is not recommended for {o}",
                                    "Do not give {d} in case of {o}"),
    "df:cautionIn": Wording("conditions,populations,procedures", 4, "Ask a doctor before using {d} in {o}",
                            "Take special care with {d} in {o}"),
    "df:interactsWith": Wording("drugs,drug-classes,substances", 8, "{D} may interact with {o}",
                                "Avoid combining {d} with {o}", hedge="may"),
    "df:drugClass": Wording("drug-classes", 3, "{D} belongs to the {o}", "{D} is one of the {o}"),
    "df:hasTarget": Wording("targets", 2, "{D} binds to the {o}", "{D} acts on the {o}"),
    "df:hasMechanism": Wording("mechanisms", 2, "{D} works by {o}", "The effect of {d} comes from {o}"),
    "df:hasProduct": Wording("products", 2, "{D} is sold as {o}", "You may know {d} as {o}"),
    "df:hasDosageForm": Wording("dosage-forms", 2, "{D} comes as a {o}", "{D} is made as a {o}"),
    "df:hasRoute": Wording("routes", 2, "{D} can be given by the {o} route", "{D} is taken by the {o} route"),
    "df:hasDoseRegimen": Wording("dose-regimens", 2, "The usual dose of {d} is {o}", "Adults take {d} as {o}"),
    "df:prescriptionStatus": Wording("prescription-statuses", 1, "{D} is sold {o}", "You can get {d} {o}"),
    "df:usedIn": Wording("procedures", 1, "{D} is also used before {o}", "{D} helps patients through {o}"),
    "df:hasPrecaution": Wording("precautions", 1, "When you take {d}, {o}", "With {d}, always {o}"),
}
_PREDICATES = list(WORDINGS)
_WEIGHTS = [w.weight for w in WORDINGS.values()]


def _say(template: str, drug: Entity, obj: Entity) -> str:
    return template.format(D=drug.label[0].upper() + drug.label[1:], d=drug.label, o=obj.label)


def _profile(drug_index: int, size: int, entities: dict[str, list[Entity]],
             rng: random.Random) -> list[tuple[str, Entity]]:
    """What sources say about one drug: (predicate, object) pairs, drawn once so that sources
    about the same drug repeat each other."""
    pairs: dict[tuple[str, str], tuple[str, Entity]] = {}
    for predicate in rng.choices(_PREDICATES, _WEIGHTS, k=size):
        pools = WORDINGS[predicate].objects.split(",")
        pool = entities[rng.choice(pools)]
        if predicate in ("df:hasProduct", "df:hasDoseRegimen"):
            obj = pool[drug_index]  # the drug's own product and dose
        else:
            obj = pool[rng.randrange(len(pool))]
            if obj is entities["drugs"][drug_index]:
                continue
        pairs.setdefault((predicate, obj.curie), (predicate, obj))
    return list(pairs.values())


def _claim(drug: Entity, predicate: str, obj: Entity, rng: random.Random) -> tuple[Claim, list[str]]:
    """A claim and the sentences of the text that state it."""
    wording = WORDINGS[predicate]
    roll = rng.random()
    if wording.denies and roll < 0.06:
        sentence = _say(wording.denies, drug, obj)
        return Claim(drug.curie, predicate, obj.curie, [sentence], polarity="df:Negated"), [sentence]
    sentences = [_say(wording.says, drug, obj)]
    if roll > 0.95:  # said twice, in two wordings
        sentences.append(_say(wording.again, drug, obj))
    status = "df:Accepted" if roll < 0.9 else ("df:Rejected" if roll < 0.93 else "df:Draft")
    claim = Claim(drug.curie, predicate, obj.curie, list(sentences), wording.hedge, wording.qualifier,
                  status=status)
    return claim, sentences


def _text(title: str, sentences: list[str], rng: random.Random) -> str:
    """The article: its title, then paragraphs of the claims' sentences and filler, wrapped."""
    body = [s + "." for s in sentences]
    for _ in range(len(body) // 2 + 1):
        body.insert(rng.randrange(len(body) + 1), rng.choice(FILLER))
    paragraphs = [" ".join(body[i:i + 4]) for i in range(0, len(body), 4)]
    wrapped = [textwrap.fill(p, width=78, break_on_hyphens=False, break_long_words=False)
               for p in paragraphs]
    return title + "\n\n" + "\n\n".join(wrapped) + "\n"


def build_model(sources: int, seed: int) -> Model:
    """The whole project in memory: entities, then sources and their claims."""
    rng = random.Random(seed)
    drugs = max(6, sources // 4)
    entities = _entities(drugs, rng)
    drug_list = entities["drugs"]
    order = list(range(drugs))
    rng.shuffle(order)
    # Zipf: the drug of popularity rank r is the subject of a source with weight 1 / (r + 1).
    chosen = rng.choices(order, weights=[1 / (r + 1) for r in range(drugs)], k=sources)
    per_drug: dict[int, int] = {}
    for d in chosen:
        per_drug[d] = per_drug.get(d, 0) + 1
    profiles = {d: _profile(d, min(400, 6 + 3 * n), entities, rng) for d, n in sorted(per_drug.items())}
    model_sources = []
    for index, d in enumerate(chosen):
        drug = drug_list[d]
        profile = profiles[d]
        k = min(len(profile), 1 + int(rng.lognormvariate(2.2, 0.6)))
        claims, sentences = [], []
        for predicate, obj in rng.sample(profile, k):
            claim, said = _claim(drug, predicate, obj, rng)
            claims.append(claim)
            sentences += said
        title = f"{drug.label.capitalize()}: what it is for, number {index}"
        slug = slugify(title)
        text = _text(title, sentences, rng)
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        model_sources.append(Source(slug, f"{index:06d}_{digest[:16]}.txt", title, text, claims, [
            ("dcterms:title", _lit(title, "en")), ("dcterms:language", _lit("en")),
            ("df:documentKind", "df:WebArticle")]))
    mappings = {
        "drugs": [(e.curie, "skos:exactMatch", f"CHEBI:{900000 + i}") for i, e in enumerate(drug_list)],
        "conditions": [(e.curie, "skos:closeMatch", f"MONDO:{9000000 + i:07d}")
                       for i, e in enumerate(entities["conditions"])],
    }
    return Model(entities, model_sources, mappings)


# ---------------------------------------------------------------------------------------------
# Injected errors: each breaks one entity in one way the shapes catch
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Injection:
    """One kind of error: how to make it, and the path and constraint component that catch it.
    `apply` returns the focus node (a full IRI) the report must name, or None for any."""

    name: str
    path: str
    component: str
    apply: Callable[[Model], str | None]


def _iri(curie: str) -> str:
    prefix, local = curie.split(":", 1)
    return PREFIXES[prefix] + local


def _claim_of(model: Model, index: int) -> tuple[Source, Claim]:
    """The first claim of the index-th source (counted from the end, away from other edits)."""
    source = model.sources[-1 - index]
    return source, source.claims[0]


def _claim_focus(source: Source, claim: Claim) -> str:
    return str(claim_iri(*(_iri(c) for c in (source.curie, claim.subject, claim.predicate, claim.object))))


def _edit_claim(index: int, **changes: object) -> Callable[[Model], str]:
    def apply(model: Model) -> str:
        source, claim = _claim_of(model, index)
        for name, value in changes.items():
            setattr(claim, name, value)
        return _claim_focus(source, claim)
    return apply


def _edit_entity(file: str, index: int, edit: Callable[[Entity, Model], None]) -> Callable[[Model], str]:
    def apply(model: Model) -> str:
        target = model.kind(file)[index]
        edit(target, model)
        return _iri(target.curie)
    return apply


def _drop(*predicates: str) -> Callable[[Entity, Model], None]:
    def edit(target: Entity, model: Model) -> None:
        target.props = [(p, o) for p, o in target.props if p not in predicates]
    return edit


def _set(predicate: str, value: str) -> Callable[[Entity, Model], None]:
    def edit(target: Entity, model: Model) -> None:
        target.props = [(p, o) for p, o in target.props if p != predicate] + [(predicate, value)]
    return edit


def _add(predicate: str, value: str) -> Callable[[Entity, Model], None]:
    def edit(target: Entity, model: Model) -> None:
        target.props.append((predicate, value))
    return edit


def _unlabel(target: Entity, model: Model) -> None:
    target.label = ""


def _plain_label(target: Entity, model: Model) -> None:
    target.lang = None


def _written(turtle: str, focus: str | None) -> Callable[[Model], str | None]:
    """Statements added in data/entities/injected.ttl, where curated data should not say them."""
    def apply(model: Model) -> str | None:
        model.injected.append(turtle)
        return None if focus is None else _iri(focus)
    return apply


def _bad_sha(model: Model) -> str:
    source = model.sources[1]
    model.injected.append(f'{source.curie} df:sha256 "{"AB" * 32}" .')
    return _iri(source.curie)


def _untitled(model: Model) -> str:
    source = model.sources[2]
    source.props = [(p, o) for p, o in source.props if p != "dcterms:title"]
    return _iri(source.curie)


def _rejected_fact(model: Model) -> str:
    """A fact whose only claim is rejected (its object is new, so no other source backs it)."""
    source, claim = _claim_of(model, 12)
    claim.predicate, claim.object, claim.status = "df:treats", "condition:injected-rejected", "df:Rejected"
    model.injected.append('condition:injected-rejected a df:Condition ; skos:prefLabel "injected rejected"@en .\n'
                          f"{claim.subject} df:treats condition:injected-rejected .")
    return _iri(claim.subject)


def _evidence(node: str, exact: bool, start: int, end: int) -> str:
    """An evidence node with offsets, written by hand instead of by the build."""
    exact_line = '    oa:exact "an injected quote" ;\n' if exact else ""
    return (f"{node} a oa:TextQuoteSelector, oa:TextPositionSelector ;\n{exact_line}"
            f'    oa:start "{start}"^^xsd:nonNegativeInteger ;\n'
            f'    oa:end "{end}"^^xsd:nonNegativeInteger .')


_UNBACKED = ('condition:injected-unbacked a df:Condition ; skos:prefLabel "injected unbacked"@en .\n'
             "drug:{drug} df:treats condition:injected-unbacked .")


def _fact_without_claim(model: Model) -> str:
    drug = model.kind("drugs")[5]
    model.injected.append(_UNBACKED.format(drug=drug.curie.split(":", 1)[1]))
    return _iri(drug.curie)


def _claim_without_source(model: Model) -> str:
    drug, condition = model.kind("drugs")[0], model.kind("conditions")[0]
    iri = f"{PREFIXES['claim']}injected-without-source"
    model.injected.append(
        f"<{iri}> a df:Claim ; rdf:subject {drug.curie} ; rdf:predicate df:treats ;\n"
        f"    rdf:object {condition.curie} ; df:evidence <{iri}#quote-0-5> ;\n"
        "    df:polarity df:Affirmed ; df:curationStatus df:Draft .\n"
        + _evidence(f"<{iri}#quote-0-5>", True, 0, 5))
    return iri


def _c(name: str) -> str:
    return f"{SH}{name}ConstraintComponent"


_SKOS, _DF, _RDF = PREFIXES["skos"], PREFIXES["df"], PREFIXES["rdf"]
INJECTIONS: dict[str, Injection] = {i.name: i for i in (
    Injection("two-preflabels", _SKOS + "prefLabel", _c("MaxCount"),
              _edit_entity("drugs", 0, _add("skos:prefLabel", '"a second name"@en'))),
    Injection("preflabel-without-language", _SKOS + "prefLabel", _c("Datatype"),
              _edit_entity("conditions", 0, _plain_label)),
    Injection("labelled-node-without-type", _RDF + "type", _c("MinCount"),
              _written('condition:injected-untyped skos:prefLabel "injected untyped"@en .',
                       "condition:injected-untyped")),
    Injection("drug-without-label", _SKOS + "prefLabel", _c("MinCount"), _edit_entity("drugs", 4, _unlabel)),
    Injection("broader-not-a-condition", _SKOS + "broader", _c("Class"),
              _edit_entity("conditions", 1, _set("skos:broader", "route:oral"))),
    Injection("product-with-two-brand-names", _DF + "brandName", _c("MaxCount"),
              _edit_entity("products", 0, _add("df:brandName", '"Another brand"'))),
    Injection("dose-min-above-max", _DF + "doseMin", _c("LessThanOrEquals"),
              _edit_entity("dose-regimens", 0, _set("df:doseMin", '"99"^^xsd:decimal'))),
    Injection("dose-without-amount-limit-or-frequency", "", _c("Or"),
              _edit_entity("dose-regimens", 1, _drop("df:doseMin", "df:doseMax", "df:doseUnit",
                                                     "df:frequency", "df:timesPerDay"))),
    Injection("dose-amount-without-unit", "", _c("SPARQL"), _edit_entity("dose-regimens", 2, _drop("df:doseUnit"))),
    Injection("dose-route-not-a-route", _DF + "route", _c("Class"),
              _edit_entity("dose-regimens", 3, _set("df:route", "form:tablet"))),
    Injection("source-bad-sha256", _DF + "sha256", _c("Pattern"), _bad_sha),
    Injection("source-without-title", PREFIXES["dcterms"] + "title", _c("MinCount"), _untitled),
    Injection("claim-without-source", PREFIXES["prov"] + "wasDerivedFrom", _c("MinCount"), _claim_without_source),
    Injection("claim-without-evidence", _DF + "evidence", _c("MinCount"), _edit_claim(0, quotes=[])),
    Injection("claim-predicate-not-a-fact-predicate", _RDF + "predicate", _c("Class"),
              _edit_claim(1, predicate="skos:related")),
    Injection("claim-with-unknown-polarity", _DF + "polarity", _c("In"), _edit_claim(2, polarity="df:Maybe")),
    Injection("claim-with-two-statuses", _DF + "curationStatus", _c("MaxCount"),
              _edit_claim(3, status="df:Accepted", extra=[("df:curationStatus", "df:Rejected")])),
    Injection("claim-with-two-hedges", _DF + "hedge", _c("MaxCount"),
              _edit_claim(4, hedge="may", extra=[("df:hedge", '"might"')])),
    Injection("claim-with-score-above-one", _DF + "extractionScore", _c("MaxInclusive"),
              _edit_claim(13, extra=[("df:extractionScore", '"1.5"^^xsd:decimal')])),
    Injection("claim-with-score-not-a-decimal", _DF + "extractionScore", _c("Datatype"),
              _edit_claim(14, extra=[("df:extractionScore", '"high"')])),
    Injection("claim-object-not-described", _RDF + "object", _c("SPARQL"),
              _edit_claim(5, object="condition:injected-undescribed")),
    Injection("claim-subject-not-described", _RDF + "subject", _c("SPARQL"),
              _edit_claim(6, subject="drug:injected-undescribed")),
    Injection("claim-subject-outside-domain", _RDF + "subject", _c("SPARQL"),
              _edit_claim(7, subject="route:rectal")),
    Injection("claim-object-outside-range", _RDF + "object", _c("SPARQL"),
              _edit_claim(8, predicate="df:hasRoute", object="form:patch")),
    Injection("evidence-start-after-end", PREFIXES["oa"] + "start", _c("LessThan"),
              _written(_evidence("claim:injected-start-after-end", True, 9, 3), "claim:injected-start-after-end")),
    Injection("evidence-without-exact", PREFIXES["oa"] + "exact", _c("MinCount"),
              _written(_evidence("claim:injected-without-exact", False, 3, 9), "claim:injected-without-exact")),
    Injection("fact-without-claim", _DF + "treats", _c("SPARQL"), _fact_without_claim),
    Injection("fact-backed-only-by-rejected-claim", _DF + "treats", _c("SPARQL"), _rejected_fact),
)}


def inject(model: Model, names: list[str]) -> dict[str, str | None]:
    """Apply the named injections; the focus node each must be reported on."""
    return {name: INJECTIONS[name].apply(model) for name in names}


# ---------------------------------------------------------------------------------------------
# Writing the project
# ---------------------------------------------------------------------------------------------


def _lit(value: str, lang: str | None = None) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"' + (f"@{lang}" if lang else "")


_HEADER = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items()) + "\n"


def _block(subject: str, props: list[tuple[str, str]]) -> str:
    return subject + " " + " ;\n    ".join(f"{p} {o}" for p, o in props) + " .\n"


def _entity_turtle(e: Entity) -> str:
    props: list[tuple[str, str]] = [("a", e.cls)] if e.cls else []
    if e.label:
        props.append(("skos:prefLabel", _lit(e.label, e.lang)))
    return _block(e.curie, props + e.props)


def _claim_turtle(source: Source, c: Claim) -> str:
    props = [("a", "df:Claim"), ("rdf:subject", c.subject), ("rdf:predicate", c.predicate),
             ("rdf:object", c.object), ("prov:wasDerivedFrom", source.curie)]
    if c.quotes:
        props.append(("df:evidence", " , ".join(f"[ oa:exact {_lit(q)} ]" for q in c.quotes)))
    if c.hedge:
        props.append(("df:hedge", _lit(c.hedge)))
    if c.qualifier:
        props.append(("df:qualifier", _lit(c.qualifier)))
    props += [("df:polarity", c.polarity), ("df:curationStatus", c.status), *c.extra]
    return _block("[]", props)


def write(model: Model, root: Path) -> None:
    """Write the project folder: ontology, sources, entities, claims and mappings."""
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(REPO / "ontology", root / "ontology")
    data = root / "data"
    for folder in ("sources", "entities", "claims", "mappings"):
        (data / folder).mkdir(parents=True)
    metadata = []
    for s in model.sources:
        (data / "sources" / s.file).write_text(s.text, encoding="utf-8")
        digest = hashlib.sha256(s.text.encode("utf-8")).hexdigest()
        metadata.append(_block(s.curie, [("a", "df:SourceDocument"), *s.props, ("df:fileName", _lit(s.file)),
                                         ("df:sha256", _lit(digest))]))
        claims = "\n".join(_claim_turtle(s, c) for c in s.claims)
        (data / "claims" / f"{s.slug}.ttl").write_text(_HEADER + claims, encoding="utf-8")
    (data / "sources.ttl").write_text(_HEADER + "\n".join(metadata), encoding="utf-8")
    for name, entities in model.entities.items():
        body = "\n".join(_entity_turtle(e) for e in entities)
        (data / "entities" / f"{name}.ttl").write_text(_HEADER + body, encoding="utf-8")
    if model.injected:
        (data / "entities" / "injected.ttl").write_text(_HEADER + "\n\n".join(model.injected) + "\n",
                                                        encoding="utf-8")
    for name, rows in model.mappings.items():
        (data / "mappings" / f"{name}.sssom.tsv").write_text(_sssom(name, rows), encoding="utf-8")


def _sssom(name: str, rows: list[tuple[str, str, str]]) -> str:
    header = (
        "# curie_map:\n"
        f"#   drug: {PREFIXES['drug']}\n#   condition: {PREFIXES['condition']}\n"
        "#   CHEBI: http://purl.obolibrary.org/obo/CHEBI_\n#   MONDO: http://purl.obolibrary.org/obo/MONDO_\n"
        f"#   skos: {PREFIXES['skos']}\n#   semapv: https://w3id.org/semapv/vocab/\n"
        f"# mapping_set_id: https://w3id.org/drugfacts/mappings/synthetic-{name}\n"
        "# license: https://creativecommons.org/publicdomain/zero/1.0/\n"
        "subject_id\tpredicate_id\tobject_id\tmapping_justification\n")
    return header + "".join(f"{s}\t{p}\t{o}\tsemapv:ManualMappingCuration\n" for s, p, o in rows)


def generate(root: Path, sources: int, seed: int = 1, injections: list[str] | None = None) -> dict[str, str | None]:
    """Write a generated project to root; the focus node of each injected error."""
    if injections and sources < MIN_SOURCES_TO_INJECT:
        raise ValueError(f"injecting errors needs at least {MIN_SOURCES_TO_INJECT} sources, each its own")
    model = build_model(sources, seed)
    focus = inject(model, injections or [])
    write(model, root)
    return focus


def sources_for(triples: int) -> int:
    """How many sources make a project of about that many built triples."""
    return max(MIN_SOURCES_TO_INJECT, round(triples / TRIPLES_PER_SOURCE))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="the project folder to write (replaced if it exists)")
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--sources", type=int, help="number of source documents")
    size.add_argument("--triples", type=int, default=100_000, help="about this many built triples")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--inject", action="append", default=[], choices=[*INJECTIONS, "all"],
                        help="an error the shapes must catch (repeatable; 'all' for every kind)")
    args = parser.parse_args()
    names = list(INJECTIONS) if "all" in args.inject else args.inject
    sources = args.sources or sources_for(args.triples)
    focus = generate(args.out, sources, args.seed, names)
    print(f"wrote {args.out}: {sources} sources" + "".join(f"\n  injected {n}: {f}" for n, f in focus.items()))


if __name__ == "__main__":
    main()
