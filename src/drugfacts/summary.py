"""The numbers `drugfacts build` prints, counted by SPARQL over the built graph."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph

from .sparql import internal_query


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


def summarise(graph: Graph, conforms: bool, violations: int) -> Summary:
    def counts(name: str) -> list[tuple[str, int]]:
        return [(graph.namespace_manager.normalizeUri(row[0]), int(row[1]))
                for row in graph.query(internal_query(name))]

    support = next(iter(graph.query(internal_query("summary-fact-support"))))
    return Summary(
        triples=len(graph),
        claims_per_predicate=counts("summary-claims-per-predicate"),
        claims_per_source=counts("summary-claims-per-source"),
        facts=int(support[0]),
        single_source_facts=int(support[1] or 0),
        conforms=conforms,
        violations=violations,
    )
