"""The one CURIE converter: external vocabularies' prefixes and URI expansions, as Bioregistry
has them, and their identifier patterns.

Bioregistry ships its registry inside the package, so nothing here reaches the network.
"""

from __future__ import annotations

import re
from functools import cache

import bioregistry
import curies


@cache
def converter() -> curies.Converter:
    """Bioregistry's converter: CHEBI:49575 ↔ http://purl.obolibrary.org/obo/CHEBI_49575.

    Compact forms use each vocabulary's preferred prefix (CHEBI, MONDO, HP); any synonym
    Bioregistry knows (chebi, DRUGBANK) still expands."""
    return bioregistry.get_converter(prefix_priority=["preferred", "default"])


@cache
def identifier_pattern(prefix: str) -> re.Pattern[str] | None:
    """The regular expression a local identifier of the vocabulary must match, if it has one."""
    pattern = bioregistry.get_pattern(prefix)
    return re.compile(pattern) if pattern else None


@cache
def uri_prefix(prefix: str) -> str | None:
    """The URI prefix of a vocabulary, by any prefix Bioregistry knows for it: CHEBI:49575 is
    uri_prefix("CHEBI") + "49575". Cached, because curies rebuilds its whole prefix map on every
    expand (a few milliseconds, thousands of times in a large mapping set)."""
    standard = converter().standardize_prefix(prefix)
    return converter().prefix_map[standard] if standard else None
