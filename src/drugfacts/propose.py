"""`drugfacts link --propose`: candidate mappings for a curator to review, never merged silently.

Two ways to find candidates for the entities that have no mapping into a vocabulary yet:

- lexical: the entities' labels and synonyms matched against a vocabulary file the user gives
  (OBO, SSSOM or a label TSV, read by lexicon.py) after one normalisation (case, hyphens,
  plurals, British spellings), justified by semapv:LexicalMatching;
- a cross-walk: from an entity's known exact identifiers, through any SPARQL endpoint with
  Wikidata's data model, to the Wikidata item that holds them and that item's other identifiers
  (link.VOCABULARIES names the properties), justified by semapv:MappingChaining.

Proposals are an SSSOM mapping set written to stdout or to a file the user names; inside
data/mappings/ that file must be named *.proposed.sssom.tsv, which the build never reads. A curator
moves the rows worth keeping into a curated set, as semapv:ManualMappingCuration.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from urllib.parse import urlencode, urlparse
from urllib.request import Request, urlopen

from rdflib import Literal

from . import __version__
from .errors import UsageError
from .files import write_file
from .lexicon import Lexicon, keys
from .link import (
    VOCABULARIES,
    Coverage,
    Entity,
    Mapping,
    compact,
    curie_map_for,
    expand_entity,
    expand_external,
    format_mapping_set,
    vocabulary_prefix,
)
from .prefixes import converter
from .project import PROPOSED_MAPPINGS_SUFFIX, Project

LICENSE = "https://creativecommons.org/publicdomain/zero/1.0/"
WDT = "http://www.wikidata.org/prop/direct/"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
BATCH = 50
"""Entities per cross-walk query: the VALUES block stays a few hundred rows long."""

#: Confidence of a lexical proposal: a label of ours against the term's own label, an
#: alternative label of ours, a synonym of the term's (whose OBO scope the lexicon does not keep,
#: so it is proposed as a close match).
LABEL_CONFIDENCE = 0.9
ALT_LABEL_CONFIDENCE = 0.8
SYNONYM_CONFIDENCE = 0.7
CROSSWALK_CONFIDENCE = 0.8


# ---------------------------------------------------------------- lexical matching

def lexical_proposals(coverage: Coverage, vocabulary: Path) -> list[Mapping]:
    """Each entity whose label or alternative label names a term of the vocabulary file."""
    lexicon = Lexicon()
    lexicon.add_vocabulary(vocabulary)
    proposals = []
    for entity in coverage.entities:
        for label in (entity.label, *entity.alt_labels):
            for term in lexicon.lookup(label):
                curie = _checked_curie(term.iri)
                if curie:
                    proposals.append(_lexical(entity, label, curie, term.label, vocabulary.name))
    return proposals


def _lexical(entity: Entity, label: str, curie: str, term_label: str, source: str) -> Mapping:
    on_label = keys(label) & keys(term_label)
    confidence = (SYNONYM_CONFIDENCE if not on_label else
                  LABEL_CONFIDENCE if label == entity.label else ALT_LABEL_CONFIDENCE)
    how = "its label" if on_label else "a synonym of it"
    return Mapping(entity.curie, "skos:exactMatch" if on_label else "skos:closeMatch", curie,
                   "semapv:LexicalMatching", subject_label=entity.label, object_label=term_label,
                   confidence=confidence,
                   comment=f"{label!r} matches {how} in {source} (normalised: case, hyphens, plurals)")


def _checked_curie(identifier: str) -> str | None:
    """A vocabulary file's term identifier as a standard CURIE, or None when it is not one that
    Bioregistry knows and its pattern allows: a proposal never carries a CURIE the build rejects."""
    curie = compact(identifier) if identifier.startswith(("http://", "https://")) else identifier
    try:
        expand_external(curie)
    except ValueError:
        return None
    return converter().standardize_curie(curie)


# ---------------------------------------------------------------- the cross-walk

def crosswalk_proposals(coverage: Coverage, endpoint: str, timeout: float = 60) -> list[Mapping]:
    """The identifiers that Wikidata items hold beside an entity's known exact identifiers."""
    known = {e.curie: [m for m in coverage.mappings.get(e.curie, [])
                       if m.predicate_id == "skos:exactMatch" and _wikidata_keyed(m)]
             for e in coverage.entities}
    entities = {e.curie: e for e in coverage.entities if known[e.curie]}
    proposals = []
    curies = sorted(entities)
    for start in range(0, len(curies), BATCH):
        batch = curies[start:start + BATCH]
        query = crosswalk_query({c: known[c] for c in batch})
        for row in sparql_select(endpoint, query, timeout):
            proposals.extend(_crosswalk(entities[compact(row["entity"])], row))
    return proposals


def _wikidata_keyed(mapping: Mapping) -> bool:
    vocabulary = VOCABULARIES.get(mapping.vocabulary)
    return vocabulary is not None and (vocabulary.prefix == "wikidata" or
                                       vocabulary.wikidata_property is not None)


def crosswalk_query(known: dict[str, Sequence[Mapping]]) -> str:
    """SPARQL for the Wikidata items that hold the entities' identifiers (or are them) and each
    item's identifiers in the vocabularies of link.VOCABULARIES. Every value is written as an
    RDF term (IRI or escaped literal) in a VALUES block."""
    by_value, by_item = [], []
    for curie, mappings in known.items():
        entity = expand_entity(curie).n3()
        for m in mappings:
            vocabulary = VOCABULARIES[m.vocabulary]
            local = m.object_id.split(":", 1)[1]
            if vocabulary.prefix == "wikidata":
                by_item.append(f"({entity} {expand_external(m.object_id).n3()})")
            else:
                by_value.extend(f"({entity} <{WDT}{vocabulary.wikidata_property}> "
                                f"{Literal(value).n3()})" for value in vocabulary.wikidata_values(local))
    blocks = []
    if by_value:
        blocks.append("{ VALUES (?entity ?known ?knownValue) { " + " ".join(by_value) + " }\n"
                      "      ?item ?known ?knownValue . }")
    if by_item:
        blocks.append("{ VALUES (?entity ?item) { " + " ".join(by_item) + " } }")
    properties = " ".join(f"<{WDT}{v.wikidata_property}>"
                          for v in VOCABULARIES.values() if v.wikidata_property)
    return (f"SELECT DISTINCT ?entity ?item ?itemLabel ?property ?value ?known ?knownValue WHERE {{\n"
            f"    {' UNION '.join(blocks)}\n"
            f"    VALUES ?property {{ {properties} }}\n"
            f"    ?item ?property ?value .\n"
            f"    OPTIONAL {{ ?item <{RDFS_LABEL}> ?itemLabel FILTER(LANGMATCHES(LANG(?itemLabel), \"en\")) }}\n"
            f"}}\n")


def _crosswalk(entity: Entity, row: dict[str, str]) -> list[Mapping]:
    """The item itself and the identifier in this row, as proposals for the entity."""
    item = compact(row["item"])
    found = (f"found through {row['known'].removeprefix(WDT)} {row['knownValue']!r}"
             if row.get("known") else "the entity's own Wikidata item")
    proposals = [_chained(entity, item, row.get("itemLabel", ""), f"Wikidata item, {found}")]
    by_property = {v.wikidata_property: v for v in VOCABULARIES.values() if v.wikidata_property}
    vocabulary = by_property[row["property"].removeprefix(WDT)]
    local = vocabulary.local_id(row["value"])
    if local is not None:
        proposals.append(_chained(entity, f"{vocabulary.prefix}:{local}", "",
                                  f"{vocabulary.wikidata_property} of {item}, {found}"))
    return proposals


def _chained(entity: Entity, curie: str, label: str, comment: str) -> Mapping:
    return Mapping(entity.curie, "skos:exactMatch", curie, "semapv:MappingChaining",
                   subject_label=entity.label, object_label=label,
                   confidence=CROSSWALK_CONFIDENCE, comment=comment)


def sparql_select(endpoint: str, query: str, timeout: float) -> list[dict[str, str]]:
    """The rows of a SELECT query sent to a SPARQL 1.1 endpoint, each variable's value as text.
    Only http(s) endpoints, and only the one the user named."""
    if urlparse(endpoint).scheme not in ("http", "https"):
        raise UsageError(f"the endpoint must be an http:// or https:// URL, not {endpoint!r}")
    request = Request(endpoint, data=urlencode({"query": query}).encode("utf-8"), method="POST",
                      headers={"Accept": "application/sparql-results+json",
                               "Content-Type": "application/x-www-form-urlencoded",
                               "User-Agent": f"drugfacts/{__version__} (link --propose)"})
    try:
        with urlopen(request, timeout=timeout) as response:
            payload = json.load(response)
        bindings = payload["results"]["bindings"]
    except (OSError, ValueError, KeyError, TypeError) as error:  # URLError is an OSError
        raise UsageError(f"the SPARQL endpoint {endpoint} gave no SELECT result: {error}") from None
    return [{name: term["value"] for name, term in binding.items()} for binding in bindings]


# ---------------------------------------------------------------- the proposal set

def propose(coverage: Coverage, vocabularies: Iterable[Path] = (), endpoint: str | None = None,
            timeout: float = 60) -> list[Mapping]:
    """Candidate mappings, best first for each (entity, term), leaving out every entity and
    vocabulary pair that a curated mapping already covers."""
    candidates = [m for path in vocabularies for m in lexical_proposals(coverage, path)]
    if endpoint:
        candidates += crosswalk_proposals(coverage, endpoint, timeout)
    covered = {(s, m.vocabulary) for s, ms in coverage.mappings.items() for m in ms}
    best: dict[tuple[str, str], Mapping] = {}
    for mapping in sorted(candidates, key=lambda m: (-(m.confidence or 0), m.sort_key(), m.comment)):
        if (mapping.subject_id, vocabulary_prefix(mapping.object_id)) not in covered:
            best.setdefault((mapping.subject_id, mapping.object_id), mapping)
    return list(best.values())


def format_proposals(proposals: Iterable[Mapping]) -> str:
    """The proposals as an SSSOM mapping set."""
    proposals = list(proposals)
    return format_mapping_set({
        "curie_map": curie_map_for(proposals),
        "mapping_set_id": "https://w3id.org/drugfacts/mappings/proposed",
        "mapping_set_title": "drugfacts: proposed mappings, to review before use",
        "mapping_tool": "drugfacts link --propose",
        "license": LICENSE,
    }, proposals)


def write_proposals(project: Project, text: str, output: Path) -> None:
    """Write proposals to a file, never where the build would read them as curated."""
    inside = output.resolve().parent == project.mappings_dir.resolve()
    if inside and not output.name.endswith(PROPOSED_MAPPINGS_SUFFIX):
        raise UsageError(f"proposals in {project.relative(project.mappings_dir)}/ must be named "
                         f"*{PROPOSED_MAPPINGS_SUFFIX}, so that the build leaves them out until "
                         "a curator has reviewed them")
    write_file(output, text.encode("utf-8"))
