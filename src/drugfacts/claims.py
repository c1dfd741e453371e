"""From curated claims to claims with stable IRIs and located evidence.

Minting reads the triples of one claim file as Oxigraph parses them and writes N-Triples lines:
the build bulk-loads them into the store and keeps them as that file's cached result, so an
unchanged file is never minted again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import URIRef

from .errors import Problem
from .sources import SourceText
from .store import compact
from .vocab import CLAIM, DF, OA, PROV, RDF, XSD

CONTEXT_CHARS = 32

Term = ox.NamedNode | ox.BlankNode | ox.Literal
Properties = dict[Term, list[tuple[ox.NamedNode, Term]]]

_TYPE, _CLAIM, _EVIDENCE = ox.NamedNode(str(RDF.type)), ox.NamedNode(str(DF.Claim)), ox.NamedNode(str(DF.evidence))
_EXACT, _SOURCE = ox.NamedNode(str(OA.exact)), ox.NamedNode(str(PROV.wasDerivedFrom))
_KEY = tuple(ox.NamedNode(str(p)) for p in (RDF.subject, RDF.predicate, RDF.object))
_SELECTOR_TYPES = (f"<{RDF.type}> <{OA.TextQuoteSelector}> .\n", f"<{RDF.type}> <{OA.TextPositionSelector}> .\n")
_OFFSET = f'"%d"^^<{XSD.nonNegativeInteger}>'


def claim_iri(source: str, subject: str, predicate: str, obj: str) -> URIRef:
    """The claim's IRI, derived from what it says and who says it, so it survives rebuilds."""
    key = "\n".join(str(term) for term in (source, subject, predicate, obj))
    return CLAIM[hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]]


@dataclass
class MintedClaims:
    """One claim file's claims as N-Triples lines, the problems found, and the sources whose
    texts the quotes were checked against."""

    ntriples: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    sources: set[str] = field(default_factory=set)


def properties(triples: Iterable[ox.Triple]) -> Properties:
    """Each subject's (predicate, object) pairs, in the order of the file."""
    by_subject: Properties = {}
    for t in triples:
        by_subject.setdefault(t.subject, []).append((t.predicate, t.object))
    return by_subject


def value(props: Properties, node: Term, predicate: ox.NamedNode) -> Term | None:
    """One value of the property; the least when a curator gave several (SHACL reports those),
    so the build stays deterministic."""
    values = [o for p, o in props.get(node, ()) if p == predicate]
    return min(values, key=str) if values else None


def describe(props: Properties, claim: Term) -> str:
    """A claim as a curator would find it in the file: its triple and the start of its quote."""
    parts = [compact(v.value) if isinstance(v, ox.NamedNode) else "?"
             for v in (value(props, claim, p) for p in _KEY)]
    exact = next((value(props, e, _EXACT) for p, e in props.get(claim, ()) if p == _EVIDENCE), None)
    quote = f' "{exact.value[:60]}"' if exact is not None else ""
    return f"claim [{' '.join(parts)}]{quote}"


def describe_node(props: Properties, node: Term) -> str:
    """A blank node by its properties, for a curator to find it."""
    pairs = sorted(f"{compact(p.value)} {o}" for p, o in props.get(node, ()))
    return "[ " + " ; ".join(pairs)[:120] + " ]"


def mint_claims(curated: Iterable[ox.Triple], texts: Mapping[str, SourceText], shown: Path) -> MintedClaims:
    """Give each curated claim its IRI and turn each quote into located evidence.

    Every problem is collected, not only the first, so a curator fixes a file in one pass."""
    minted = MintedClaims()
    props = properties(curated)
    claims = [s for s, pairs in props.items() if (_TYPE, _CLAIM) in pairs]
    evidence_nodes = {e for c in claims for p, e in props[c] if p == _EVIDENCE}
    nodes = {*props, *(o for pairs in props.values() for _, o in pairs)}
    strays = {n for n in nodes if isinstance(n, ox.BlankNode)} - set(claims) - evidence_nodes
    for node in sorted(strays, key=str):
        minted.problems.append(Problem(
            "a blank node that is neither a claim nor its evidence: give it an IRI",
            file=shown, entity=describe_node(props, node)))
    for claim in sorted(claims, key=lambda c: describe(props, c)):
        _mint_one(props, claim, texts, shown, minted)
    return minted


def _mint_one(props: Properties, claim: Term, texts: Mapping[str, SourceText], shown: Path,
              minted: MintedClaims) -> None:
    label = describe(props, claim)
    if not isinstance(claim, ox.BlankNode):
        minted.problems.append(Problem(
            "write claims as blank nodes ([] a df:Claim ...): the build mints their IRIs",
            file=shown, entity=str(claim.value)))
        return
    source = value(props, claim, _SOURCE)
    subject, predicate, obj = (value(props, claim, p) for p in _KEY)
    missing = [name for name, v in (("rdf:subject", subject), ("rdf:predicate", predicate),
                                    ("rdf:object", obj), ("prov:wasDerivedFrom", source)) if v is None]
    if missing:
        minted.problems.append(Problem(f"the claim has no {', '.join(missing)}", file=shown, entity=label))
        return
    if source.value not in texts:
        minted.problems.append(Problem(
            f"prov:wasDerivedFrom {source.value} is not a source of data/sources.ttl with a readable text",
            file=shown, entity=label))
        return
    minted.sources.add(source.value)
    iri = claim_iri(source.value, subject.value, predicate.value, obj.value)
    node = f"<{iri}>"
    lines = minted.ntriples
    lines += [f"{node} {p} {o} .\n" for p, o in props[claim] if p != _EVIDENCE]
    text = texts[source.value]
    for p, evidence in props[claim]:
        if p != _EVIDENCE:
            continue
        exact = value(props, evidence, _EXACT)
        span = text.locate(exact.value) if exact is not None else None
        if span is None:
            minted.problems.append(Problem(
                f'the quote "{exact.value if exact is not None else None}" is not in the text of '
                f"{source.value} ({text.path.name})", file=shown, entity=f"{iri} ({label})"))
            continue
        lines += _evidence(node, text.text, *span)


def _evidence(claim: str, text: str, start: int, end: int) -> list[str]:
    """A W3C Web Annotation selector of the span: the quote as it stands in the text, with its
    context and offsets, so a reader can find it even in a copy of the document."""
    node = f"<{claim[1:-1]}#quote-{start}-{end}>"
    literal = {name: str(ox.Literal(part)) for name, part in (
        ("exact", text[start:end]), ("prefix", text[max(0, start - CONTEXT_CHARS):start]),
        ("suffix", text[end:end + CONTEXT_CHARS]))}
    return [
        f"{claim} <{DF.evidence}> {node} .\n",
        *(f"{node} {t}" for t in _SELECTOR_TYPES),
        f"{node} <{OA.exact}> {literal['exact']} .\n",
        f"{node} <{OA.prefix}> {literal['prefix']} .\n",
        f"{node} <{OA.suffix}> {literal['suffix']} .\n",
        f"{node} <{OA.start}> {_OFFSET % start} .\n",
        f"{node} <{OA.end}> {_OFFSET % end} .\n",
    ]
