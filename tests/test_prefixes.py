"""The CURIE converter and identifier patterns come from Bioregistry, offline."""

from __future__ import annotations

import pytest

from drugfacts.prefixes import converter, identifier_pattern


@pytest.mark.parametrize("curie, iri", [
    ("CHEBI:49575", "http://purl.obolibrary.org/obo/CHEBI_49575"),
    ("chebi:49575", "http://purl.obolibrary.org/obo/CHEBI_49575"),
    ("MONDO:0005618", "http://purl.obolibrary.org/obo/MONDO_0005618"),
    ("wikidata:Q210402", "http://www.wikidata.org/entity/Q210402"),
])
def test_curie_expands_to_the_vocabulary_iri(curie: str, iri: str) -> None:
    assert converter().expand(curie) == iri


def test_iri_compresses_with_the_preferred_prefix() -> None:
    assert converter().compress("http://purl.obolibrary.org/obo/CHEBI_49575") == "CHEBI:49575"


@pytest.mark.parametrize("prefix, good, bad", [
    ("chebi", "49575", "CHEBI49575"),
    ("drugbank", "DB00829", "DB829"),
    ("mondo", "0005618", "5618"),
])
def test_identifier_pattern_accepts_good_and_rejects_bad(prefix: str, good: str, bad: str) -> None:
    pattern = identifier_pattern(prefix)
    assert pattern.match(good) and not pattern.match(bad)
