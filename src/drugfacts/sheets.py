"""Per-drug fact sheets: one JSON-LD document a drug (dist/drugs/<slug>.jsonld), and the same as
a Markdown and an HTML page beside it.

A sheet is a tree rooted at the drug: under each fact predicate, what the drug is said to treat,
cause, interact with…, each with the claims behind it (source, quote, hedge, qualifier) and the
number of sources; then the claims of sources that deny something. The tree is built here, not
by JSON-LD framing, because a frame cannot group claims by (predicate, object): a condition that
is both an indication and a risk of one drug would get both sets of claims. It is compacted with
the project's context, so every triple it expands to is a triple of the built graph; the one
key that is no triple, sourceCount, is mapped to null in the context.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup
from rdflib import Graph, Literal, Node, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD

from .jsonld import JSON, SCHEMA_CONTEXT, canonical_json, compact, schema_org
from .vocab import DF, PROV

# Fact predicates in the order a reader looks for them; any other comes after, by name.
SECTION_ORDER = (DF.treats, DF.hasSideEffect, DF.hasRisk, DF.contraindicatedIn, DF.cautionIn,
                 DF.interactsWith, DF.drugClass, DF.hasMechanism, DF.hasTarget, DF.hasProduct,
                 DF.hasDosageForm, DF.hasRoute, DF.hasDoseRegimen, DF.prescriptionStatus,
                 DF.usedIn, DF.hasPrecaution)
# What a sheet says about each thing a fact points to: its names and, for products and dose
# regimens, their description.
DESCRIPTION = (DF.brandName, DF.dosageForm, DF.strength, DF.route, DF.doseMin, DF.doseMax,
               DF.doseUnit, DF.frequency, DF.timesPerDay, DF.maxDuration, DF.population)
_NAMED = (RDF.type, SKOS.prefLabel)
_OBJECT = (*_NAMED, SKOS.altLabel, *DESCRIPTION)
_SOURCE = (RDF.type, DCTERMS.title, DCTERMS.source, DCTERMS.date)

_templates = Environment(loader=PackageLoader("drugfacts", "templates"),
                         autoescape=select_autoescape(["html.j2"]), trim_blocks=True,
                         lstrip_blocks=True, keep_trailing_newline=True)
Embeds = Mapping[URIRef, tuple[URIRef, ...] | None]


def drug_sheets(graph: Graph, ontology: Graph, context: JSON) -> dict[str, bytes]:
    """The sheets of every drug: <slug>.jsonld, <slug>.md and <slug>.html."""
    schema = {document["@id"]: document for document in schema_org(graph)}
    labels = {_local(term): str(label) for term, label in ontology.subject_objects(RDFS.label)
              if isinstance(term, URIRef) and term.startswith(str(DF))}
    files = {}
    for drug in sorted(graph.subjects(RDF.type, DF.Drug)):
        sheet = compact(sheet_tree(graph, drug), context)
        _count_sources(sheet)
        slug = str(drug).rsplit("/", 1)[-1]
        page = {"sheet": sheet, "slug": slug, "labels": labels,
                "sections": _sections(sheet, labels),
                "negated": _by_source(sheet.get("negatedClaims", [])),
                "details": [(_local(p), labels[_local(p)]) for p in DESCRIPTION],
                "schema": _script_json({"@context": SCHEMA_CONTEXT, **schema[str(drug)]})}
        files[f"{slug}.jsonld"] = canonical_json(sheet)
        files[f"{slug}.md"] = _templates.get_template("drug.md.j2").render(page).encode()
        files[f"{slug}.html"] = _templates.get_template("drug.html.j2").render(page).encode()
    return files


def sheet_tree(graph: Graph, drug: URIRef) -> JSON:
    """The sheet of one drug as a JSON-LD tree of full IRIs, before compaction."""
    tree = _describe(graph, drug)
    supported: dict[tuple[Node, Node], list[Node]] = defaultdict(list)
    negated = []
    facts: dict[str, list[JSON]] = defaultdict(list)
    for claim in graph.subjects(RDF.subject, drug):
        if graph.value(claim, DF.curationStatus) != DF.Accepted:
            continue
        predicate, obj = graph.value(claim, RDF.predicate), graph.value(claim, RDF.object)
        if graph.value(claim, DF.polarity) == DF.Negated:
            negated.append(_describe(graph, claim, _claim_embeds(labelled_object=True)))
        elif (drug, predicate, obj) in graph:
            supported[(predicate, obj)].append(claim)
    for (predicate, obj), claims in supported.items():
        named = dict.fromkeys((DF.route, DF.population, DF.dosageForm), _NAMED)
        node = _describe(graph, obj, named, only=_OBJECT)
        node["@reverse"] = {str(RDF.object): [_describe(graph, c, _claim_embeds()) for c in claims]}
        facts[str(predicate)].append(node)
    tree.update(facts)
    if negated:
        tree["@reverse"] = {str(RDF.subject): negated}
    return tree


def _claim_embeds(labelled_object: bool = False) -> Embeds:
    """A claim's source (title, URL, date) and its evidence in full; for a negated claim, also
    the name of what it denies."""
    return {PROV.wasDerivedFrom: _SOURCE, DF.evidence: None,
            **({RDF.object: _NAMED} if labelled_object else {})}


def _describe(graph: Graph, node: Node, embed: Embeds | None = None,
              only: tuple[URIRef, ...] | None = None) -> JSON:
    """The node's triples as expanded JSON-LD (all, or `only` those predicates). The objects of
    `embed`'s predicates are described in place with the predicates it gives (None: all)."""
    embed = embed or {}
    tree: JSON = {"@id": str(node)}
    for predicate, obj in sorted(graph.predicate_objects(node)):
        if only is not None and predicate not in only:
            continue
        if predicate == RDF.type:
            tree.setdefault("@type", []).append(str(obj))
        elif predicate in embed and isinstance(obj, URIRef):
            tree.setdefault(str(predicate), []).append(_describe(graph, obj, only=embed[predicate]))
        else:
            tree.setdefault(str(predicate), []).append(_value(obj))
    return tree


def _value(term: Node) -> JSON:
    if not isinstance(term, Literal):
        return {"@id": str(term)}
    value: JSON = {"@value": str(term)}
    if term.language:
        value["@language"] = term.language
    elif term.datatype is not None and term.datatype != XSD.string:
        value["@type"] = str(term.datatype)
    return value


def _count_sources(sheet: JSON) -> None:
    """Give each thing with claims the number of distinct sources behind them."""
    for values in sheet.values():
        for item in values if isinstance(values, list) else []:
            if isinstance(item, dict) and "claims" in item:
                item["sourceCount"] = len({_id(claim["source"]) for claim in item["claims"]})


def _id(value: Any) -> str:
    return value["id"] if isinstance(value, dict) else str(value)


def _sections(sheet: JSON, labels: Mapping[str, str]) -> list[dict[str, Any]]:
    """The sheet's facts (the keys whose things have claims) as page sections, in
    SECTION_ORDER, each section's things sorted by name."""
    order = [_local(p) for p in SECTION_ORDER]
    keys = [key for key, values in sheet.items() if isinstance(values, list)
            and any(isinstance(value, dict) and "claims" in value for value in values)]
    keys.sort(key=lambda key: (order.index(key) if key in order else len(order), key))
    return [{"heading": labels.get(key, key).capitalize(),
             "items": [{**item, "claims": _by_source(item["claims"])}
                       for item in sorted(sheet[key], key=lambda item: text(item))]}
            for key in keys]


def _by_source(claims: list[JSON]) -> list[JSON]:
    return sorted(claims, key=lambda claim: text(claim["source"]))


def text(value: Any) -> str:
    """A compacted JSON-LD value as text: a thing by its name (or title), a language string by
    its value, a list joined."""
    if isinstance(value, list):
        return ", ".join(sorted(text(item) for item in value))
    if isinstance(value, dict):
        for key in ("prefLabel", "title", "@value", "id"):
            if key in value:
                return text(value[key])
    return str(value)


def quote(evidence: list[JSON]) -> str:
    """A claim's quotes, each on one line as the page shows it."""
    return " … ".join(" ".join(text(span["exact"]).split()) for span in evidence)


def hedged(claim: JSON) -> str:
    """The claim's hedge and qualifier, as "; hedge: may; qualifier: some people"."""
    return "".join(f"; {key}: {text(claim[key])}" for key in ("hedge", "qualifier") if key in claim)


def _local(term: Node) -> str:
    return re.split(r"[#/]", str(term))[-1]


def _script_json(document: JSON) -> Markup:
    """JSON safe inside an HTML <script> element: no "</script>" can end it early."""
    text = canonical_json(document).decode().rstrip("\n")
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


_templates.filters.update(text=text, quote=quote, hedged=hedged)
