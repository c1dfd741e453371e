"""Links from the project's entities to external vocabularies: SSSOM mapping sets, checked.

`data/mappings/*.sssom.tsv` are SSSOM mapping sets: a YAML header in `#` lines (`curie_map`,
`mapping_set_id`, `license`, ...), then a table with one mapping a row (`subject_id`,
`predicate_id`, `object_id`, `mapping_justification`, ...). The build turns each row into one
SKOS triple, `drug:diazepam skos:exactMatch <http://purl.obolibrary.org/obo/CHEBI_49575>`, with the
vocabulary's IRI as Bioregistry has it. Files named `*.proposed.sssom.tsv` are proposals waiting
for review: the build never reads them.

Every CURIE is checked before it becomes an IRI: its prefix is one of ours, one Bioregistry knows
or one the file's `curie_map` declares; its local identifier matches the vocabulary's pattern.
A bad one is a DataError naming the file, the row's line and the pattern.

The reader is our own, on PyYAML and `csv`: the `sssom` package pulls pandas and LinkML, and
sssom-pydantic (installed with bioregistry) turns rows into models before we could say which line
of which file is wrong, which is what a curator needs.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Collection, Iterable
from collections.abc import Mapping as MappingType
from dataclasses import dataclass, field, fields
from itertools import takewhile
from pathlib import Path

import yaml
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from .errors import DataError, Problem
from .load import new_graph, parse_turtle
from .prefixes import converter, identifier_pattern, uri_prefix
from .project import Project
from .vocab import KINDS

#: The SKOS mapping relations a row may state, as SSSOM writes them.
MAPPING_PREDICATES: dict[str, URIRef] = {
    f"skos:{name}": SKOS[name]
    for name in ("exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch")
}

#: The SEMAPV matching processes that SSSOM's guide to mapping justifications lists
#: (mapping-commons/sssom, src/docs/mapping-justifications.md).
JUSTIFICATIONS = frozenset(f"semapv:{name}" for name in (
    "LexicalMatching", "LexicalSimilarityThresholdMatching", "SemanticSimilarityThresholdMatching",
    "ManualMappingCuration", "MappingReview", "BackgroundKnowledgeBasedMatching",
    "CompositeMatching", "InstanceBasedMatching", "LogicalReasoning", "MappingChaining",
    "MappingInversion", "StructuralMatching", "UnspecifiedMatching"))

COLUMNS = ("subject_id", "subject_label", "predicate_id", "object_id", "object_label",
           "mapping_justification", "author_id", "author_label", "confidence", "comment")
REQUIRED_COLUMNS = ("subject_id", "predicate_id", "object_id", "mapping_justification")
REQUIRED_METADATA = ("curie_map", "mapping_set_id", "license")
#: How the coverage table marks each relation: the term is the same, close, broader, narrower.
MARKS = {"skos:exactMatch": "=", "skos:closeMatch": "~", "skos:broadMatch": "<",
         "skos:narrowMatch": ">", "skos:relatedMatch": "-"}

#: The kinds of entity that are mapped: everything in data/entities (not sources, not claims).
ENTITY_KINDS = {prefix: kind for prefix, kind in KINDS.items() if prefix not in ("source", "claim")}
_SLUG = re.compile(r"^[0-9a-z]+(-[0-9a-z]+)*$")
_CURIE = re.compile(r"^(?P<prefix>[A-Za-z][A-Za-z0-9_.-]*):(?P<local>[^\s/][^\s]*)$")


# ---------------------------------------------------------------- the vocabularies

@dataclass(frozen=True)
class Vocabulary:
    """An external vocabulary entities are linked to: its prefix as our CURIEs write it
    (Bioregistry's preferred one), what it names, and the Wikidata property that holds its
    identifiers, through which `link --propose` finds an entity's other identifiers."""

    prefix: str
    name: str
    kind: str
    wikidata_property: str | None

    def wikidata_values(self, local_id: str) -> tuple[str, ...]:
        """The forms the identifier may take as a Wikidata value: `49575`, but `HP:0000739`,
        `DOID:2030`, and MONDO both with and without its prefix."""
        upper = self.prefix.upper()
        return (local_id, f"{upper}:{local_id}", f"{upper}_{local_id}")

    def local_id(self, wikidata_value: str) -> str | None:
        """The local identifier in a Wikidata value, if it matches the vocabulary's pattern."""
        local = re.sub(rf"^{re.escape(self.prefix)}[:_]", "", wikidata_value.strip(), flags=re.IGNORECASE)
        pattern = identifier_pattern(self.prefix)
        return local if pattern is None or pattern.match(local) else None


#: The vocabularies the field uses, in the order reports show them. The Wikidata properties are
#: those of each prefix's `wikidata` record in Bioregistry's registry (bioregistry.json in
#: biopragmatics/bioregistry, shipped in the bioregistry package; test_link checks them against
#: it), corroborated by queries in public repositories (P486 MeSH, P494 ICD-10, P2892 UMLS,
#: P5806 SNOMED CT, P5270 MONDO, P699 DOID, P715 DrugBank, P267 ATC, P3345 RxNorm).
VOCABULARIES: dict[str, Vocabulary] = {v.prefix: v for v in (
    Vocabulary("CHEBI", "ChEBI", "chemical", "P683"),
    Vocabulary("drugbank", "DrugBank", "drug", "P715"),
    Vocabulary("rxnorm", "RxNorm", "drug", "P3345"),
    Vocabulary("mesh", "MeSH", "subject heading", "P486"),
    Vocabulary("atc", "ATC", "drug classification", "P267"),
    Vocabulary("pubchem.compound", "PubChem compound", "chemical", "P662"),
    Vocabulary("unii", "UNII", "substance", "P652"),
    Vocabulary("wikidata", "Wikidata", "any", None),
    Vocabulary("MONDO", "MONDO", "disease", "P5270"),
    Vocabulary("DOID", "Disease Ontology", "disease", "P699"),
    Vocabulary("HP", "Human Phenotype Ontology", "phenotype", "P3841"),
    Vocabulary("meddra", "MedDRA", "clinical term", "P3201"),
    Vocabulary("snomedct", "SNOMED CT", "clinical term", "P5806"),
    Vocabulary("icd10", "ICD-10", "disease classification", "P494"),
    Vocabulary("icd10cm", "ICD-10-CM", "disease classification", "P4229"),
    Vocabulary("icd9cm", "ICD-9-CM", "disease and procedure classification", "P1692"),
    Vocabulary("umls", "UMLS", "clinical concept", "P2892"),
    Vocabulary("NCIT", "NCI Thesaurus", "clinical concept", "P1748"),
    Vocabulary("GO", "Gene Ontology", "function or component", "P686"),
    Vocabulary("hgnc", "HGNC", "gene", "P354"),
    Vocabulary("uniprot", "UniProt", "protein", "P352"),
    Vocabulary("schema", "schema.org", "web vocabulary", None),
)}


# ---------------------------------------------------------------- CURIEs

def compact(iri: str) -> str:
    """The CURIE of an entity's IRI (drug:diazepam) or of an external term's (CHEBI:49575), with
    Bioregistry's preferred prefix; the IRI itself when no prefix fits."""
    for prefix, kind in ENTITY_KINDS.items():
        if iri.startswith(kind.namespace):
            return f"{prefix}:{iri[len(kind.namespace):]}"
    return converter().compress(iri) or iri


def vocabulary_prefix(curie: str) -> str:
    """The vocabulary of an external CURIE, by Bioregistry's preferred prefix (mesh, CHEBI)."""
    prefix = curie.split(":", 1)[0]
    return converter().standardize_prefix(prefix) or prefix


def expand_external(curie: str, curie_map: MappingType[str, str] | None = None) -> URIRef:
    """The IRI of an external vocabulary's CURIE, after checking it; ValueError says what is wrong.

    A prefix Bioregistry knows expands to Bioregistry's IRI and its local identifier must match
    the vocabulary's pattern; a prefix only the file's curie_map declares expands with it."""
    found = _CURIE.match(curie)
    if not found:
        raise ValueError(f"{curie!r} is not a CURIE (PREFIX:IDENTIFIER)")
    prefix, local = found["prefix"], found["local"]
    if prefix in ENTITY_KINDS:
        raise ValueError(f"{curie!r} is one of our entities, not a term of an external vocabulary")
    standard = converter().standardize_prefix(prefix)
    if standard is None:
        if curie_map and prefix in curie_map:
            return URIRef(curie_map[prefix] + local)
        raise ValueError(f"unknown prefix {prefix!r} in {curie!r}: neither Bioregistry nor the "
                         "file's curie_map knows it")
    pattern = identifier_pattern(standard)
    if pattern is not None and not pattern.match(local):
        raise ValueError(f"{local!r} is not a {standard} identifier: it must match the pattern "
                         f"{pattern.pattern}")
    return URIRef(uri_prefix(standard) + local)


def expand_entity(curie: str) -> URIRef:
    """The IRI of one of our entities' CURIEs (drug:diazepam); ValueError says what is wrong."""
    found = _CURIE.match(curie)
    if not found:
        raise ValueError(f"{curie!r} is not a CURIE (PREFIX:IDENTIFIER)")
    prefix, local = found["prefix"], found["local"]
    if prefix not in ENTITY_KINDS:
        raise ValueError(f"the subject {curie!r} is not a drugfacts entity: its prefix must be "
                         f"one of {', '.join(ENTITY_KINDS)}")
    if not _SLUG.match(local):
        raise ValueError(f"{local!r} is not a slug: it must match the pattern {_SLUG.pattern}")
    return URIRef(ENTITY_KINDS[prefix].namespace[local])


# ---------------------------------------------------------------- mapping sets

@dataclass(frozen=True)
class Mapping:
    """One row of a mapping set, with its CURIEs expanded."""

    subject_id: str
    predicate_id: str
    object_id: str
    mapping_justification: str
    subject_label: str = ""
    object_label: str = ""
    author_id: str = ""
    author_label: str = ""
    confidence: float | None = None
    comment: str = ""
    line: int = field(default=0, compare=False)

    @property
    def subject(self) -> URIRef:
        return expand_entity(self.subject_id)

    @property
    def predicate(self) -> URIRef:
        return MAPPING_PREDICATES[self.predicate_id]

    @property
    def vocabulary(self) -> str:
        return vocabulary_prefix(self.object_id)

    def sort_key(self) -> tuple[str, str, str]:
        return self.subject_id, self.object_id, self.predicate_id


@dataclass(frozen=True)
class MappingSet:
    """A mapping set file: its header and its rows, each row checked."""

    file: Path
    metadata: dict
    mappings: tuple[Mapping, ...]
    objects: dict[Mapping, URIRef] = field(default_factory=dict, compare=False)


def read_mapping_set(path: Path, shown: Path | None = None) -> MappingSet:
    """Read and check one SSSOM TSV file; every problem in it is one DataError."""
    shown = shown or path
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise DataError(Problem(f"cannot read the mapping set: {error}", file=shown)) from None
    header = list(takewhile(lambda line: line.startswith("#"), lines))
    metadata, problems = _metadata(header, shown)
    curie_map = metadata.get("curie_map") if isinstance(metadata.get("curie_map"), dict) else None
    rows = csv.reader(lines[len(header):], delimiter="\t")
    columns = next(rows, [])
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise DataError(Problem(f"the table has no {', '.join(missing)} column", file=shown,
                                line=len(header) + 1))
    mappings, objects = [], {}
    seen: dict[tuple[str, str], Mapping] = {}
    for number, cells in enumerate(rows, start=len(header) + 2):
        if not any(cell.strip() for cell in cells):
            continue
        row = dict(zip(columns, (cell.strip() for cell in cells)))
        try:
            mapping = _mapping(row, number)
            expand_entity(mapping.subject_id)
            objects[mapping] = expand_external(mapping.object_id, curie_map)
        except ValueError as error:
            problems.append(Problem(str(error), file=shown, line=number,
                                    entity=row.get("subject_id") or None))
            continue
        pair = (mapping.subject_id, str(objects[mapping]))
        if pair in seen:
            problems.append(Problem(f"{mapping.object_id} is mapped again (first on line "
                                    f"{seen[pair].line}): keep one row, with one predicate",
                                    file=shown, line=number, entity=mapping.subject_id))
            continue
        seen[pair] = mapping
        mappings.append(mapping)
    if problems:
        raise DataError(problems)
    return MappingSet(shown, metadata, tuple(mappings), objects)


def _metadata(header: list[str], shown: Path) -> tuple[dict, list[Problem]]:
    """The YAML header, and what is wrong with it."""
    text = "\n".join(re.sub(r"^# ?", "", line) for line in header)
    try:
        metadata = yaml.safe_load(text) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise DataError(Problem(f"the YAML header cannot be read: {error}", file=shown,
                                line=mark.line + 1 if mark else 1)) from None
    if not isinstance(metadata, dict):
        raise DataError(Problem("the YAML header must be a mapping of keys to values",
                                file=shown, line=1))
    problems = [Problem(f"the header has no {key}", file=shown, line=1)
                for key in REQUIRED_METADATA if not metadata.get(key)]
    curie_map = metadata.get("curie_map") or {}
    if not isinstance(curie_map, dict):
        return metadata, [*problems, Problem("curie_map must map prefixes to URI prefixes",
                                             file=shown, line=1)]
    for prefix, given in curie_map.items():
        expected = _known_uri_prefix(str(prefix))
        if expected is not None and expected != str(given):
            line = next((n for n, text in enumerate(header, start=1)
                         if re.match(rf"^#\s+{re.escape(str(prefix))}\s*:", text)), 1)
            problems.append(Problem(f"curie_map gives {prefix}: {given}, but the prefix "
                                    f"means {expected}: write that", file=shown, line=line))
    return metadata, problems


def _known_uri_prefix(prefix: str) -> str | None:
    """The URI prefix that ours or Bioregistry's registry gives a prefix, if either knows it."""
    if prefix in ENTITY_KINDS:
        return str(ENTITY_KINDS[prefix].namespace)
    return uri_prefix(prefix)


def _mapping(row: dict[str, str], line: int) -> Mapping:
    """One row as a Mapping; ValueError for a missing value, an unknown predicate or
    justification, or a confidence that is not a number from 0 to 1."""
    for column in REQUIRED_COLUMNS:
        if not row.get(column):
            raise ValueError(f"no {column}")
    if row["predicate_id"] not in MAPPING_PREDICATES:
        raise ValueError(f"predicate_id {row['predicate_id']!r} is not one of "
                         f"{', '.join(MAPPING_PREDICATES)}")
    if row["mapping_justification"] not in JUSTIFICATIONS:
        raise ValueError(f"mapping_justification {row['mapping_justification']!r} is not a SEMAPV "
                         f"matching process such as semapv:ManualMappingCuration")
    confidence = None
    if row.get("confidence"):
        try:
            confidence = float(row["confidence"])
        except ValueError:
            confidence = -1.0
        if not 0 <= confidence <= 1:
            raise ValueError(f"confidence {row['confidence']!r} is not a number from 0 to 1")
    names = {f.name for f in fields(Mapping)} - {"confidence", "line"}
    return Mapping(**{k: v for k, v in row.items() if k in names}, confidence=confidence, line=line)


def read_mapping_sets(project: Project) -> list[MappingSet]:
    """Every curated mapping set of the project, checked; the problems of all files together."""
    sets, problems = [], []
    for path in project.mapping_files():
        try:
            sets.append(read_mapping_set(path, project.relative(path)))
        except DataError as error:
            problems.extend(error.problems)
    if problems:
        raise DataError(problems)
    return sets


# ---------------------------------------------------------------- SKOS triples

def mapping_set_graph(mapping_set: MappingSet) -> Graph:
    """The SKOS triples of one mapping set."""
    graph = new_graph()
    for mapping in mapping_set.mappings:
        graph.add((mapping.subject, mapping.predicate, mapping_set.objects[mapping]))
    return graph


def mapping_graph(project: Project, entities: Collection[str] | None = None) -> Graph:
    """The SKOS triples of all the project's curated mapping sets.

    With `entities` (the IRIs the entity files describe), each subject must be one of them, so
    that a mapping of a misspelt or removed entity fails with its file and line instead of adding
    a stray node."""
    mapping_sets = read_mapping_sets(project)
    if entities is not None:
        check_subjects(mapping_sets, entities)
    graph = new_graph()
    for mapping_set in mapping_sets:
        graph += mapping_set_graph(mapping_set)
    return graph


def check_subjects(mapping_sets: Iterable[MappingSet], entities: Collection[str]) -> None:
    """Each subject must be one of the entities (IRIs); DataError otherwise."""
    problems = [Problem("no entity with this IRI in data/entities", file=s.file, line=m.line,
                        entity=m.subject_id)
                for s in mapping_sets for m in s.mappings
                if str(m.subject) not in entities]
    if problems:
        raise DataError(problems)


def graph_mappings(graph: Graph) -> set[tuple[str, str, str]]:
    """(subject CURIE, predicate CURIE, object CURIE) of each SKOS mapping triple in a graph:
    the way back from triples to rows."""
    by_iri = {iri: curie for curie, iri in MAPPING_PREDICATES.items()}
    return {(compact(s), by_iri[p], compact(o)) for s, p, o in graph if p in by_iri}


def row_triples(mapping_sets: Iterable[MappingSet]) -> set[tuple[str, str, str]]:
    """(subject, predicate, object) of each row, the object CURIE in its standard form."""
    return {(m.subject_id, m.predicate_id, converter().standardize_curie(m.object_id) or m.object_id)
            for s in mapping_sets for m in s.mappings}


# ---------------------------------------------------------------- writing

def format_mapping_set(metadata: MappingType[str, object], mappings: Iterable[Mapping]) -> str:
    """SSSOM TSV text: the header as YAML in `#` lines, then the rows sorted by subject and
    object, with the columns that have any value."""
    rows = sorted(mappings, key=Mapping.sort_key)
    columns = [c for c in COLUMNS
               if c in REQUIRED_COLUMNS or any(getattr(m, c) not in ("", None) for m in rows)]
    out = io.StringIO()
    header = yaml.safe_dump(dict(metadata), sort_keys=False, allow_unicode=True, width=1000)
    out.writelines(f"# {line}\n" for line in header.splitlines())
    writer = csv.writer(out, delimiter="\t", lineterminator="\n")
    writer.writerow(columns)
    for mapping in rows:
        writer.writerow([_cell(getattr(mapping, c)) for c in columns])
    return out.getvalue()


def _cell(value: object) -> str:
    if value is None:
        return ""
    return f"{value:g}" if isinstance(value, float) else str(value)


def curie_map_for(mappings: Iterable[Mapping]) -> dict[str, str]:
    """The curie_map a set of rows needs: every prefix its CURIEs use, with its URI prefix."""
    prefixes = {"skos", "semapv"}
    for mapping in mappings:
        for curie in (mapping.subject_id, mapping.object_id, mapping.author_id):
            if curie:
                prefixes.add(curie.split(":", 1)[0])
    known = {p: _known_uri_prefix(p) for p in prefixes}
    ours = sorted(p for p in known if p in ENTITY_KINDS)
    theirs = sorted((p for p in known if p not in ENTITY_KINDS), key=str.lower)
    return {p: known[p] for p in (*ours, *theirs) if known[p] is not None}


# ---------------------------------------------------------------- coverage

@dataclass(frozen=True)
class Entity:
    """One of the project's entities, by CURIE, with its preferred and alternative labels."""

    curie: str
    label: str
    alt_labels: tuple[str, ...] = ()

    @property
    def kind(self) -> str:
        return self.curie.split(":", 1)[0]


@dataclass
class Coverage:
    """Which entity is linked to which vocabulary: what `drugfacts link --report` shows."""

    entities: list[Entity]
    mappings: dict[str, list[Mapping]]

    @property
    def unmapped(self) -> list[Entity]:
        return [e for e in self.entities if not self.mappings.get(e.curie)]

    @property
    def vocabularies(self) -> list[str]:
        """The vocabularies in use: the registry's order first, then any others."""
        used = {m.vocabulary for ms in self.mappings.values() for m in ms}
        return [p for p in VOCABULARIES if p in used] + sorted(used - VOCABULARIES.keys())

    def entities_in(self, vocabulary: str) -> list[Entity]:
        return [e for e in self.entities
                if any(m.vocabulary == vocabulary for m in self.mappings.get(e.curie, []))]

    def by_entity(self) -> list[list[str]]:
        """Each mapped entity with its identifiers, vocabulary by vocabulary in the registry's
        order, each marked with its relation (MARKS): `=CHEBI:49575 ~atc:N05BA01`."""
        order = {prefix: n for n, prefix in enumerate(self.vocabularies)}
        return [[e.curie, " ".join(MARKS[m.predicate_id] + m.object_id for m in sorted(
                    self.mappings[e.curie], key=lambda m: (order[m.vocabulary], m.object_id)))]
                for e in self.entities if self.mappings.get(e.curie)]

    def per_vocabulary(self) -> list[list[str]]:
        """Prefix, name, entities mapped and how many of those exactly, a row a vocabulary."""
        rows = []
        for prefix in self.vocabularies:
            entities = self.entities_in(prefix)
            exact = [e for e in entities if any(m.vocabulary == prefix and m.predicate_id ==
                                                "skos:exactMatch" for m in self.mappings[e.curie])]
            name = VOCABULARIES[prefix].name if prefix in VOCABULARIES else ""
            rows.append([prefix, name, str(len(entities)), str(len(exact))])
        return rows


def entity_graph(project: Project) -> Graph:
    """The project's entity files in one graph."""
    graph = new_graph()
    for path in project.entity_files():
        graph += parse_turtle(path, project.relative(path))
    return graph


def described(graph: Graph) -> set[str]:
    """The IRIs a graph gives a type."""
    return {str(s) for s in graph.subjects(RDF.type, None)}


def coverage(project: Project) -> Coverage:
    """Every entity of data/entities with its mappings, from the files a curator edits (no build
    needed). A mapping of an entity that does not exist is an error."""
    graph = entity_graph(project)
    mapping_sets = read_mapping_sets(project)
    check_subjects(mapping_sets, described(graph))
    entities = sorted(
        (Entity(compact(s), str(graph.value(s, SKOS.prefLabel) or ""),
                tuple(sorted(str(o) for o in graph.objects(s, SKOS.altLabel))))
         for kind in ENTITY_KINDS.values() for s in graph.subjects(RDF.type, kind.cls)),
        key=lambda e: (list(ENTITY_KINDS).index(e.kind), e.curie))
    mappings: dict[str, list[Mapping]] = {}
    for mapping_set in mapping_sets:
        for mapping in mapping_set.mappings:
            mappings.setdefault(mapping.subject_id, []).append(mapping)
    return Coverage(entities, mappings)
