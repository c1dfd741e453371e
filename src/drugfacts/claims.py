"""From curated claims to claims with stable IRIs and located evidence."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, XSD

from .errors import Problem
from .load import new_graph
from .sources import SourceText
from .vocab import CLAIM, DF, OA

CONTEXT_CHARS = 32
_KEY = (RDF.subject, RDF.predicate, RDF.object)


def claim_iri(source: URIRef, subject: URIRef, predicate: URIRef, obj: URIRef) -> URIRef:
    """The claim's IRI, derived from what it says and who says it, so it survives rebuilds."""
    key = "\n".join(str(term) for term in (source, subject, predicate, obj))
    return CLAIM[hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]]


@dataclass
class MintedClaims:
    graph: Graph = field(default_factory=new_graph)
    problems: list[Problem] = field(default_factory=list)


def describe(curated: Graph, claim: BNode) -> str:
    """A claim as a curator would find it in the file: its triple and the start of its quote."""
    parts = [curated.namespace_manager.normalizeUri(v) if isinstance(v, URIRef) else "?"
             for v in (curated.value(claim, p) for p in _KEY)]
    exact = next((curated.value(e, OA.exact) for e in curated.objects(claim, DF.evidence)), None)
    quote = f' "{str(exact)[:60]}"' if exact is not None else ""
    return f"claim [{' '.join(parts)}]{quote}"


def mint_claims(curated: Graph, texts: dict[URIRef, SourceText], shown: Path) -> MintedClaims:
    """Give each curated claim its IRI and turn each quote into located evidence.

    Every problem is collected, not only the first, so a curator fixes a file in one pass."""
    minted = MintedClaims()
    claims = set(curated.subjects(RDF.type, DF.Claim))
    evidence_nodes = {e for c in claims for e in curated.objects(c, DF.evidence)}
    for node in sorted({*curated.subjects(), *curated.objects()} - claims - evidence_nodes, key=str):
        if isinstance(node, BNode):
            minted.problems.append(Problem(
                "a blank node that is neither a claim nor its evidence: give it an IRI",
                file=shown, entity=describe_node(curated, node)))
    for claim in sorted(claims, key=lambda c: describe(curated, c)):
        _mint_one(curated, claim, texts, shown, minted)
    return minted


def describe_node(graph: Graph, node: BNode) -> str:
    triples = sorted(f"{graph.namespace_manager.normalizeUri(p)} {o.n3()}" for p, o in graph.predicate_objects(node))
    return "[ " + " ; ".join(triples)[:120] + " ]"


def _mint_one(curated: Graph, claim: BNode | URIRef, texts: dict[URIRef, SourceText],
              shown: Path, minted: MintedClaims) -> None:
    label = describe(curated, claim)
    if not isinstance(claim, BNode):
        minted.problems.append(Problem(
            "write claims as blank nodes ([] a df:Claim ...): the build mints their IRIs",
            file=shown, entity=str(claim)))
        return
    source = curated.value(claim, PROV.wasDerivedFrom)
    subject, predicate, obj = (curated.value(claim, p) for p in _KEY)
    missing = [name for name, v in (("rdf:subject", subject), ("rdf:predicate", predicate),
                                    ("rdf:object", obj), ("prov:wasDerivedFrom", source)) if v is None]
    if missing:
        minted.problems.append(Problem(f"the claim has no {', '.join(missing)}", file=shown, entity=label))
        return
    if source not in texts:
        minted.problems.append(Problem(
            f"prov:wasDerivedFrom {source} is not a source of data/sources.ttl with a readable text",
            file=shown, entity=label))
        return
    iri = claim_iri(source, subject, predicate, obj)
    graph = minted.graph
    for p, o in curated.predicate_objects(claim):
        if p != DF.evidence:
            graph.add((iri, p, o))
    text = texts[source]
    for evidence in curated.objects(claim, DF.evidence):
        exact = curated.value(evidence, OA.exact)
        span = text.locate(str(exact)) if exact is not None else None
        if span is None:
            minted.problems.append(Problem(
                f'the quote "{exact}" is not in the text of {source} ({text.path.name})',
                file=shown, entity=f"{iri} ({label})"))
            continue
        _add_evidence(graph, iri, text.text, *span)


def _add_evidence(graph: Graph, claim: URIRef, text: str, start: int, end: int) -> None:
    """A W3C Web Annotation selector of the span: the quote as it stands in the text, with its
    context and offsets, so a reader can find it even in a copy of the document."""
    node = URIRef(f"{claim}#quote-{start}-{end}")
    graph.add((claim, DF.evidence, node))
    graph.add((node, RDF.type, OA.TextQuoteSelector))
    graph.add((node, RDF.type, OA.TextPositionSelector))
    graph.add((node, OA.exact, Literal(text[start:end])))
    graph.add((node, OA.prefix, Literal(text[max(0, start - CONTEXT_CHARS):start])))
    graph.add((node, OA.suffix, Literal(text[end:end + CONTEXT_CHARS])))
    graph.add((node, OA.start, Literal(start, datatype=XSD.nonNegativeInteger)))
    graph.add((node, OA.end, Literal(end, datatype=XSD.nonNegativeInteger)))
