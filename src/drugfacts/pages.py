"""The HTML pages of `drugfacts serve`: an entity's page, the home page, the query page and a
result as a table, rendered from the Jinja2 templates in templates/.

An entity's page is made from the very graph the server answers as Turtle or JSON-LD for its IRI
(sparql/entity-description.rq), so people and programs read the same statements: its names,
its facts grouped by predicate, each with the number of sources and the quotes behind it, what
sources deny, its other properties, its external identifiers and what refers to it. Every IRI of
the project links to its page on this server; every other IRI links to itself.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from jinja2 import Environment, PackageLoader, select_autoescape
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS
from rdflib.term import Node

from .load import new_graph
from .prefixes import converter
from .query import QueryResult, SavedQuery, compact_iri
from .sheets import SECTION_ORDER
from .vocab import BASE, DF, OA

#: How an entity is linked to an external vocabulary's term, as a page says it.
MATCHES = {SKOS.exactMatch: "same as", SKOS.closeMatch: "close to",
           SKOS.broadMatch: "narrower than", SKOS.narrowMatch: "broader than",
           SKOS.relatedMatch: "related to"}
#: What names a thing, best first: a quote (oa:exact) names the evidence it is.
NAMING = (SKOS.prefLabel, RDFS.label, DCTERMS.title, OA.exact)
DEFINING = (SKOS.definition, RDFS.comment, DCTERMS.description)
#: Properties a page shows in its header or its own sections, not among "other properties".
_SHOWN_APART = {RDF.type, SKOS.altLabel, *NAMING, *DEFINING, *MATCHES}
#: What the heading of a vocabulary term shows; its alignments are listed below it.
_TERM_HEADER = {RDF.type, *NAMING, *DEFINING}

_templates = Environment(loader=PackageLoader("drugfacts", "templates"),
                         autoescape=select_autoescape(["html.j2"]), trim_blocks=True,
                         lstrip_blocks=True)


def local_path(iri: str) -> str | None:
    """The path of this server that answers for one of the project's IRIs."""
    return "/" + iri[len(BASE):] if iri.startswith(BASE) else None


@dataclass(frozen=True, order=True)
class Link:
    """A term as a page shows it: its name, where it leads (this server's page for the
    project's IRIs, the IRI itself for others, nowhere for a literal) and its IRI."""

    text: str
    href: str | None = None
    iri: str | None = None


@dataclass(frozen=True)
class Support:
    """One accepted claim behind a fact: who says it, in which words, hedged how."""

    claim: Link
    source: Link
    url: str | None
    quotes: list[str]
    hedge: str
    qualifier: str


@dataclass
class Fact:
    other: Link
    claims: list[Support] = field(default_factory=list)

    @property
    def sources(self) -> int:
        return len({support.source.iri for support in self.claims})


@dataclass
class Section:
    predicate: Link
    facts: list[Fact]


@dataclass(frozen=True)
class Denial:
    subject: Link
    predicate: Link
    object: Link
    support: Support


@dataclass
class Term:
    """A term of a hash namespace (df:Drug, at /vocab#Drug), as the namespace's page shows it."""

    fragment: str
    term: Link
    types: list[Link]
    definition: str
    properties: list[tuple[Link, list[Link]]]


@dataclass
class EntityPage:
    entity: Link
    types: list[Link]
    synonyms: list[str]
    definition: str
    said: list[Section]
    said_of: list[Section]
    denied: list[Denial]
    properties: list[tuple[Link, list[Link]]]
    identifiers: list[tuple[str, Link]]
    referrers: list[tuple[Link, list[Link]]]
    terms: list[Term] = field(default_factory=list)


class _Names:
    """Names and links of the terms of a description graph."""

    def __init__(self, graph: Graph):
        self.graph = graph

    def text(self, node: Node) -> str:
        for predicate in NAMING:
            values = sorted(self.graph.objects(node, predicate), key=_english_first)
            if values:
                return " ".join(str(values[0]).split())
        return compact_iri(node) if isinstance(node, URIRef) else str(node)

    def link(self, node: Node) -> Link:
        if isinstance(node, Literal):
            return Link(str(node))
        iri = str(node)
        return Link(self.text(node), local_path(iri) or iri, iri)


def _english_first(value: Node) -> tuple[bool, str]:
    language = value.language if isinstance(value, Literal) else None
    return language not in (None, "en"), str(value)


def entity_page(triples: Iterable[tuple[Node, Node, Node]], entity: URIRef) -> EntityPage:
    """What the page of `entity` shows, from its description (entity-description.rq)."""
    graph = new_graph()
    graph.addN((s, p, o, graph) for s, p, o in triples)
    names = _Names(graph)
    fact_predicates = set(graph.subjects(RDF.type, DF.FactPredicate))
    support: dict[tuple[Node, Node, Node], list[Support]] = defaultdict(list)
    denied = []
    for claim in sorted(graph.subjects(DF.curationStatus, DF.Accepted)):
        stated = tuple(graph.value(claim, p) for p in (RDF.subject, RDF.predicate, RDF.object))
        evidence = _support(graph, names, claim)
        if graph.value(claim, DF.polarity) == DF.Negated:
            denied.append(Denial(*map(names.link, stated), evidence))
        else:
            support[stated].append(evidence)
    said = _sections(names, fact_predicates, ((p, o, (entity, p, o))
                                              for p, o in graph.predicate_objects(entity)), support)
    said_of = _sections(names, fact_predicates, ((p, s, (s, p, entity))
                                                 for s, p in graph.subject_predicates(entity)), support)
    properties = _grouped(names, ((p, o) for p, o in graph.predicate_objects(entity)
                                  if p not in fact_predicates and p not in _SHOWN_APART))
    referrers = _grouped(names, ((p, s) for s, p in graph.subject_predicates(entity)
                                 if p not in fact_predicates and (s, RDF.type, DF.Claim) not in graph))
    identifiers = sorted((MATCHES[p], Link(converter().compress(str(o)) or str(o), str(o), str(o)))
                         for p, o in graph.predicate_objects(entity) if p in MATCHES)
    namespace = f"{entity}#"
    terms = [Term(fragment=str(term)[len(namespace):], term=names.link(term),
                  types=_types(names, graph, term), definition=_definition(graph, term),
                  properties=_grouped(names, ((p, o) for p, o in graph.predicate_objects(term)
                                              if p not in _TERM_HEADER)))
             for term in sorted({s for s in graph.subjects() if isinstance(s, URIRef)
                                 and str(s).startswith(namespace)
                                 and (s, RDF.type, None) in graph})]
    return EntityPage(
        entity=names.link(entity), types=_types(names, graph, entity),
        synonyms=sorted(str(s) for s in graph.objects(entity, SKOS.altLabel)),
        definition=_definition(graph, entity),
        said=said, said_of=said_of, denied=denied, properties=properties,
        identifiers=identifiers, referrers=referrers, terms=terms)


def _types(names: _Names, graph: Graph, node: Node) -> list[Link]:
    return sorted((names.link(t) for t in graph.objects(node, RDF.type)), key=_by_text)


def _definition(graph: Graph, node: Node) -> str:
    """The first definition, comment or description, in English if there is one."""
    for predicate in DEFINING:
        values = sorted(graph.objects(node, predicate), key=_english_first)
        if values:
            return str(values[0])
    return ""


def _support(graph: Graph, names: _Names, claim: Node) -> Support:
    source = graph.value(claim, PROV.wasDerivedFrom)
    url = graph.value(source, DCTERMS.source) if source is not None else None
    return Support(
        claim=names.link(claim),
        source=names.link(source) if source is not None else Link("no source"),
        url=str(url) if url is not None else None,
        quotes=sorted(" ".join(str(quote).split()) for evidence in graph.objects(claim, DF.evidence)
                      for quote in graph.objects(evidence, OA.exact)),
        hedge=", ".join(sorted(str(h) for h in graph.objects(claim, DF.hedge))),
        qualifier=", ".join(sorted(str(q) for q in graph.objects(claim, DF.qualifier))))


def _sections(names: _Names, fact_predicates: set[Node],
              links: Iterable[tuple[Node, Node, tuple[Node, Node, Node]]],
              support: dict[tuple[Node, Node, Node], list[Support]]) -> list[Section]:
    """Facts (predicate, the other end, the fact triple) as sections, one a fact predicate, in
    the order of the fact sheets; the most-supported facts first."""
    by_predicate: dict[Node, list[Fact]] = defaultdict(list)
    for predicate, other, fact in links:
        if predicate in fact_predicates:
            by_predicate[predicate].append(Fact(names.link(other), support.get(fact, [])))
    order = list(SECTION_ORDER)
    return [Section(names.link(predicate),
                    sorted(facts, key=lambda fact: (-fact.sources, fact.other.text.casefold())))
            for predicate, facts in sorted(by_predicate.items(), key=lambda item: (
                order.index(item[0]) if item[0] in order else len(order), str(item[0])))]


def _grouped(names: _Names, pairs: Iterable[tuple[Node, Node]]) -> list[tuple[Link, list[Link]]]:
    by_predicate: dict[Node, list[Link]] = defaultdict(list)
    for predicate, value in pairs:
        by_predicate[predicate].append(names.link(value))
    return [(names.link(predicate), sorted(values, key=_by_text))
            for predicate, values in sorted(by_predicate.items())]


def _by_text(link: Link) -> str:
    return link.text.casefold()


# ---------------------------------------------------------------- results as a table

def result_table(result: QueryResult) -> tuple[Sequence[str], list[list[Link | None]]]:
    """A result's columns and rows of links: a SELECT's variables, a graph's triples as
    subject, predicate and object, or an ASK's one boolean."""
    names = _Names(Graph())
    if result.boolean is not None:
        return ["boolean"], [[Link(str(result.boolean).lower())]]
    if result.is_graph:
        return ["subject", "predicate", "object"], [
            [names.link(term) for term in triple] for triple in sorted(result.triples)]
    return result.variables, [[None if term is None else names.link(term) for term in row]
                              for row in result.rows]


# ---------------------------------------------------------------- rendering

def render(template: str, **context: object) -> bytes:
    """A page from templates/<template>.html.j2."""
    return _templates.get_template(f"{template}.html.j2").render(**context).encode()


def home_context(drugs: Iterable[Sequence[Node | None]], questions: Iterable[SavedQuery]
                 ) -> dict[str, object]:
    """The home page: each drug (IRI, label, claims, sources) and each saved question."""
    return {"drugs": [(Link(str(label), local_path(str(drug)), str(drug)), int(claims), int(sources))
                      for drug, label, claims, sources in drugs],
            "questions": list(questions)}
