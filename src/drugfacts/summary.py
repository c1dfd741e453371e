"""The numbers `drugfacts build` prints, counted by SPARQL over the built graph."""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from .sparql import internal_query
from .store import compact, select


@dataclass(frozen=True)
class Summary:
    triples: int
    claims_per_predicate: list[tuple[str, int]]
    claims_per_source: list[tuple[str, int]]
    facts: int
    single_source_facts: int
    conforms: bool
    violations: int

    @property
    def claims(self) -> int:
        return sum(n for _, n in self.claims_per_predicate)


def summarise(store: ox.Store, triples: int, conforms: bool, violations: int) -> Summary:
    """The counts, by the internal queries over the built graph in its store."""
    def counts(name: str) -> list[tuple[str, int]]:
        return [(compact(row[0].value), int(row[1].value)) for row in select(store, internal_query(name))]

    facts, single_source = select(store, internal_query("summary-fact-support"))[0]
    return Summary(
        triples=triples,
        claims_per_predicate=counts("summary-claims-per-predicate"),
        claims_per_source=counts("summary-claims-per-source"),
        facts=int(facts.value),
        single_source_facts=int(single_source.value) if single_source is not None else 0,
        conforms=conforms,
        violations=violations,
    )
