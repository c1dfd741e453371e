"""Draft claim files (data/claims/<source>.draft.ttl): written by `drugfacts extract`, read and
rewritten by `drugfacts review`, and the claim blocks that review appends to curated files.

A draft claim is a claim in the format of data/README.md with `df:curationStatus df:Draft` and
its `df:extractionScore` (an xsd:decimal from 0 to 1). The score is extract's judgement, not the
curator's, so review drops it from a claim it accepts and keeps it on a claim it rejects (which
stays in the draft file as the record of the decision). The candidate new entities the drafts use are
described in the same file, below the claims, so review can add them to data/entities/ when a
claim that uses them is accepted. Drafts are never built: Project.claim_files() skips them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF

from .load import new_graph, parse_turtle
from .vocab import DF, OA


@dataclass
class ClaimRecord:
    """One claim as a file holds it: what it says, its quotes and its review state."""

    subject: URIRef
    predicate: URIRef
    object: URIRef
    source: URIRef
    quotes: list[str]
    status: URIRef = DF.Draft
    negated: bool = False
    hedge: str | None = None
    qualifiers: list[str] = field(default_factory=list)
    score: float | None = None

    @property
    def key(self) -> tuple[URIRef, URIRef, URIRef, URIRef]:
        return self.source, self.subject, self.predicate, self.object


def _name(graph: Graph, term: URIRef) -> str:
    """A prefixed name where a bound prefix covers the IRI, else the full IRI."""
    name = graph.namespace_manager.normalizeUri(term)
    return name if not name.startswith("<") or ":" not in name[1:] else term.n3()


def claim_turtle(record: ClaimRecord, comment: str | None = None) -> str:
    """The claim as a Turtle block ([] a df:Claim ...), the way curators write them."""
    graph = new_graph()
    lines = [f"# {line}" for line in (comment or "").splitlines()]
    lines.append("[] a df:Claim ;")
    properties = [
        ("rdf:subject", _name(graph, record.subject)),
        ("rdf:predicate", _name(graph, record.predicate)),
        ("rdf:object", _name(graph, record.object)),
        ("prov:wasDerivedFrom", _name(graph, record.source)),
        ("df:evidence", " ,\n        ".join(f"[ oa:exact {Literal(q).n3()} ]" for q in record.quotes)),
    ]
    if record.hedge:
        properties.append(("df:hedge", Literal(record.hedge).n3()))
    properties += [("df:qualifier", Literal(q).n3()) for q in record.qualifiers]
    properties += [("df:polarity", "df:Negated" if record.negated else "df:Affirmed"),
                   ("df:curationStatus", _name(graph, record.status))]
    if record.score is not None:
        properties.append(("df:extractionScore", f"{record.score:.2f}"))
    lines.append(" ;\n".join(f"    {p} {o}" for p, o in properties) + " .")
    return "\n".join(lines) + "\n"


def entity_turtle(graph: Graph, iri: URIRef) -> str:
    """An entity's description in the graph as a Turtle block, type first."""
    nm = new_graph()
    pairs = sorted(graph.predicate_objects(iri), key=lambda po: (po[0] != RDF.type, str(po[0]), str(po[1])))
    body = " ;\n    ".join(
        f"{'a' if p == RDF.type else _name(nm, p)} {_name(nm, o) if isinstance(o, URIRef) else o.n3()}"
        for p, o in pairs)
    return f"{_name(nm, iri)} {body} .\n"


def prefix_block(prefixes: dict[str, str] | None = None) -> str:
    graph = new_graph()
    names = dict(graph.namespaces()) if prefixes is None else prefixes
    return "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(names.items()))


def draft_file(header: str, records: list[tuple[ClaimRecord, str | None]], entities: Graph) -> str:
    """A whole draft file: header comment, prefixes, the claims, the candidate entities."""
    parts = ["".join(f"# {line}\n" if line else "#\n" for line in header.splitlines()),
             prefix_block(), "\n"]
    parts += [claim_turtle(record, comment) + "\n" for record, comment in records]
    subjects = sorted({s for s in entities.subjects(RDF.type, None) if isinstance(s, URIRef)}, key=str)
    if subjects:
        parts.append("# Candidate new entities: named by the text, not yet in data/entities/ or the\n"
                     "# vocabularies. Review adds those that accepted claims use to data/entities/.\n\n")
        parts += [entity_turtle(entities, s) + "\n" for s in subjects]
    return "".join(parts)


def read_claims(graph: Graph) -> list[ClaimRecord]:
    """The claims of a parsed claim or draft file, in the order of their first quote."""
    records = []
    for claim in graph.subjects(RDF.type, DF.Claim):
        quotes = sorted(str(graph.value(e, OA.exact)) for e in graph.objects(claim, DF.evidence)
                        if graph.value(e, OA.exact) is not None)
        score = graph.value(claim, DF.extractionScore)
        hedge = graph.value(claim, DF.hedge)
        records.append(ClaimRecord(
            graph.value(claim, RDF.subject), graph.value(claim, RDF.predicate),
            graph.value(claim, RDF.object), graph.value(claim, PROV.wasDerivedFrom), quotes,
            graph.value(claim, DF.curationStatus) or DF.Draft,
            graph.value(claim, DF.polarity) == DF.Negated,
            str(hedge) if hedge is not None else None,
            sorted(str(q) for q in graph.objects(claim, DF.qualifier)),
            float(score) if score is not None else None))
    return records


def read_draft_file(path: Path) -> tuple[list[ClaimRecord], Graph]:
    """The claims of a draft file and the descriptions of the entities it proposes."""
    graph = parse_turtle(path)
    claims = set(graph.subjects(RDF.type, DF.Claim))
    entities = new_graph()
    for s, p, o in graph:
        if s not in claims and not isinstance(s, BNode):
            entities.add((s, p, o))
    return read_claims(graph), entities
