"""Bringing a new document in (`drugfacts add-source`) and reviewing its draft claims
(`drugfacts review`).

Both only ever add to the project's files: a source text is never overwritten (its quotes were
checked against those bytes), and a reviewed claim, accepted or rejected, is appended to the
source's claim file so the decision is kept.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from .drafts import (
    ClaimRecord,
    claim_turtle,
    draft_file,
    entity_turtle,
    prefix_block,
    read_claims,
    read_draft_file,
)
from .errors import DataError, Problem, UsageError
from .lexicon import Lexicon
from .load import new_graph, parse_turtle
from .project import Project
from .sources import SourceText, load_source_texts, sha256_of
from .text import looks_english, read_document
from .vocab import DF, KINDS, PREFIXES, slugify

SOURCE = KINDS["source"].namespace


@dataclass(frozen=True)
class AddedSource:
    iri: URIRef
    path: Path
    sha256: str
    format: str


def add_source(project: Project, document: Path, *, title: str | None = None,
               url: str | None = None, retrieved: str | None = None,
               language: str | None = None, name: str | None = None) -> AddedSource:
    """Store the document's plain text in data/sources/ and describe it in data/sources.ttl.

    Markdown and HTML are stored as their plain text, because that is the text every quote is
    checked against. The retrieval date is recorded as dcterms:date (the date of our copy: web
    articles often give no date of their own, and prov:generatedAtTime would need a time of day
    nobody recorded)."""
    parsed = read_document(document)
    title = (title or parsed.title or document.stem).strip()
    language = language or _language_of(parsed.text, document)
    if retrieved is not None:
        _check_date(retrieved)
    if url is not None:
        _check_url(url)
    file_name = name or f"{slugify(document.stem) or 'source'}.txt"
    iri = SOURCE[slugify(title) or slugify(document.stem)]
    target = project.sources_dir / file_name
    metadata = parse_turtle(project.sources_file, project.relative(project.sources_file)) \
        if project.sources_file.is_file() else Graph()
    _refuse_duplicates(project, metadata, iri, target, parsed.text)

    project.sources_dir.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8", newline="") as out:
        out.write(parsed.text)
    digest = sha256_of(target)
    append_turtle(project.sources_file, _source_turtle(iri, title, language, file_name, digest,
                                                      url, retrieved), "Sources.")
    return AddedSource(iri, target, digest, parsed.format)


def _language_of(text: str, document: Path) -> str:
    if looks_english(text):
        return "en"
    raise UsageError(Problem("the text does not look like English: give its language with "
                             "--language (a BCP 47 tag such as de or fr)", file=document))


def _check_date(value: str) -> None:
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"--retrieved {value!r} is not a date of the form YYYY-MM-DD") from None


def _refuse_duplicates(project: Project, metadata: Graph, iri: URIRef, target: Path,
                       text: str) -> None:
    if target.exists():
        raise UsageError(Problem("a source text of that name exists already; it is never "
                                 "overwritten (give another --name)", file=project.relative(target)))
    if (iri, RDF.type, None) in metadata:
        raise UsageError(Problem("a source with this IRI exists already (give another --title)",
                                 entity=str(iri)))
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    for source, recorded in metadata.subject_objects(DF.sha256):
        if str(recorded) == digest:
            raise UsageError(Problem("the same text was added already", entity=str(source)))


def _source_turtle(iri: URIRef, title: str, language: str, file_name: str, digest: str,
                   url: str | None, retrieved: str | None) -> str:
    """The source's description as a Turtle block in the layout of data/sources.ttl."""
    properties = [f"dcterms:title {Literal(title, lang=language).n3()}"]
    if url:
        properties.append(f"dcterms:source <{url}>")
    if retrieved:
        properties.append(f'dcterms:date "{retrieved}"^^xsd:date')
    properties += [f"dcterms:language {Literal(language).n3()}",
                   "df:documentKind df:WebArticle",
                   f"df:fileName {Literal(file_name).n3()}",
                   f"df:sha256 {Literal(digest).n3()}"]
    body = " ;\n    ".join(properties)
    return (f"# Added by drugfacts add-source on {dt.date.today().isoformat()}.\n"
            f"source:{iri.removeprefix(str(SOURCE))} a df:SourceDocument ;\n    {body} .\n")


def _check_url(url: str) -> None:
    if not re.match(r"https?://[^\s<>\"{}|\\^`]+$", url):
        raise UsageError(f"--url {url!r} is not an http(s) URL")


# --- review ------------------------------------------------------------------------------------

CANDIDATES_FILE = "candidates.ttl"


@dataclass
class Review:
    """What `drugfacts review` works on: the drafts, the texts they quote, what the project
    already describes, and where decisions go."""

    project: Project
    draft: Path
    records: list[ClaimRecord]
    entities: Graph
    texts: dict[URIRef, SourceText]
    described: Graph
    lexicon: Lexicon
    predicates: frozenset[str]
    accepted: int = 0
    rejected: int = 0

    def pending(self) -> list[ClaimRecord]:
        return [r for r in self.records if r.status == DF.Draft]

    def sentence_of(self, record: ClaimRecord) -> str:
        """The text around the claim's first quote, from the sentence start to its end."""
        text = self.texts[record.source]
        span = text.locate(record.quotes[0]) if record.quotes else None
        if span is None:
            return ""
        start = max(text.text.rfind(mark, 0, span[0]) for mark in (". ", "\n\n", "\n- ", "\n• "))
        end = min((i for i in (text.text.find(m, span[1]) for m in (". ", "\n\n")) if i >= 0),
                  default=len(text.text))
        return " ".join(text.text[max(start + 1, 0):end + 1].split())

    def label(self, iri: URIRef) -> str:
        for graph in (self.described, self.entities):
            value = graph.value(iri, SKOS.prefLabel)
            if value is not None:
                return str(value)
        return iri.rsplit("/", 1)[-1]

    def curie(self, iri: URIRef) -> str:
        return self.described.namespace_manager.normalizeUri(iri)

    def is_new(self, iri: URIRef) -> bool:
        return (iri, RDF.type, None) not in self.described

    def accept(self, record: ClaimRecord) -> str:
        """Write the claim, accepted, into the source's claim file, and the new entities it uses
        into data/entities/candidates.ttl. Returns what was written where."""
        record.status, record.score = DF.Accepted, None
        target = self.project.claims_dir / f"{record.source.rsplit('/', 1)[-1]}.ttl"
        if target.is_file() and _has_claim(parse_turtle(target), record):
            return f"already claimed in {self.project.relative(target)}; not added again"
        append_turtle(target, claim_turtle(record), f"Claims of {record.source}.")
        new = [iri for iri in self._entities_of(record) if self.is_new(iri)]
        for iri in new:
            entity = new_graph()
            entity += self.entities.triples((iri, None, None))
            if len(entity):
                append_turtle(self.project.entities_dir / CANDIDATES_FILE,
                              entity_turtle(entity, iri), "Entities added by drugfacts review.")
                self.described += entity
        self.accepted += 1
        written = f"accepted into {self.project.relative(target)}"
        return written + (f"; new entities into data/entities/{CANDIDATES_FILE}: "
                          + ", ".join(self.label(i) for i in new) if new else "")

    def reject(self, record: ClaimRecord) -> None:
        """Rejected drafts stay in the draft file with their status, so the decision is kept
        and no entity is added for them."""
        record.status = DF.Rejected
        self.rejected += 1

    def _entities_of(self, record: ClaimRecord) -> list[URIRef]:
        found = [record.subject, record.object]
        found += [o for o in self.entities.objects(record.object, DF.route) if isinstance(o, URIRef)]
        return found

    def edit(self, record: ClaimRecord, *, predicate: str | None = None, obj: str | None = None,
             quote: str | None = None, hedge: str | None = None,
             negated: bool | None = None) -> None:
        """Change the claim as the curator says; nothing changes unless every change is valid.
        A quote must be verbatim in the source text; an object is a CURIE (condition:fever) or
        a label the project or the draft knows."""
        changes: dict[str, object] = {}
        if predicate:
            name = predicate.split(":", 1)[-1]
            if name not in self.predicates:
                raise UsageError(f"unknown predicate {predicate!r}: one of "
                                 f"{', '.join(sorted(self.predicates))}")
            changes["predicate"] = DF[name]
        if obj:
            changes["object"] = self.resolve(obj)
        if quote:
            if self.texts[record.source].locate(quote) is None:
                raise UsageError(f"the quote is not in the text of {record.source}")
            changes["quotes"] = [quote]
        if hedge is not None:
            changes["hedge"] = hedge.strip() or None
        if negated is not None:
            changes["negated"] = negated
        for name, value in changes.items():
            setattr(record, name, value)

    def resolve(self, value: str) -> URIRef:
        """A CURIE of a project prefix, or a label of an entity the project or the draft has."""
        prefix, _, local = value.partition(":")
        if local and prefix in PREFIXES and not local.startswith("//"):
            return URIRef(PREFIXES[prefix] + local)
        entries = self.lexicon.lookup(value)
        if entries:
            return URIRef(entries[0].iri)
        raise UsageError(f"{value!r} is neither a CURIE such as condition:fever nor a label the "
                         "project knows: add the entity to data/entities/ first")

    def save(self) -> Path | None:
        """Rewrite the draft file with what is left to review and what was rejected; remove it
        when nothing is left."""
        kept = [r for r in self.records if r.status in (DF.Draft, DF.Rejected)]
        if not kept:
            self.draft.unlink()
            return None
        used = {i for r in kept for i in self._entities_of(r)}
        entities = new_graph()
        for iri in used:
            entities += self.entities.triples((iri, None, None))
        header = (f"Draft claims left after drugfacts review: {sum(r.status == DF.Draft for r in kept)} "
                  f"to review, {sum(r.status == DF.Rejected for r in kept)} rejected (kept as the record).")
        self.draft.write_text(draft_file(header, [(r, None) for r in kept], entities), encoding="utf-8")
        return self.draft


def open_review(project: Project, draft: Path) -> Review:
    """Read a draft file with the texts its claims quote and what the project describes."""
    records, entities = read_draft_file(draft)
    metadata = parse_turtle(project.sources_file, project.relative(project.sources_file))
    texts, problems = load_source_texts(metadata, project.sources_dir,
                                        project.relative(project.sources_dir))
    if problems:
        raise DataError(problems)
    unknown = sorted({str(r.source) for r in records if r.source not in texts})
    if unknown:
        raise UsageError(f"the drafts quote {', '.join(unknown)}, which is not a source of "
                         "data/sources.ttl: add the text with drugfacts add-source and extract again")
    described = new_graph()
    for path in project.entity_files():
        described += parse_turtle(path, project.relative(path))
    lexicon = Lexicon()
    lexicon.add_graph(described)
    lexicon.add_graph(entities)
    ontology = parse_turtle(project.ontology_file, project.relative(project.ontology_file))
    predicates = frozenset(str(p).rsplit("#", 1)[-1] for p in ontology.subjects(RDF.type, DF.FactPredicate))
    return Review(project, draft, records, entities, texts, described, lexicon, predicates)


def _has_claim(graph: Graph, record: ClaimRecord) -> bool:
    return any(r.key == record.key for r in read_claims(graph))


def append_turtle(path: Path, block: str, title: str) -> None:
    """Append a Turtle block to a curated file, declaring first the prefixes it uses that the
    file does not declare yet (Turtle allows a declaration anywhere before use)."""
    existing = path.read_text(encoding="utf-8") if path.is_file() else ""
    declared = set(re.findall(r"@prefix\s+([\w-]*):", existing))
    namespaces = dict(new_graph().namespaces())
    missing = {p: ns for p, ns in namespaces.items()
               if p not in declared and re.search(rf"(?<![\w:<]){re.escape(p)}:", block)}
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as out:
        if not existing:
            out.write(f"# {title}\n")
        out.write(prefix_block(missing) if missing else "")
        out.write("\n" + block)
