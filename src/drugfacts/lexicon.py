"""Names of things: the labels and synonyms of the graph's entities and of the user's vocabulary
files, and one normalisation to match them against text.

A mention in a text is found by the longest run of normalised words that is a label: case,
hyphens, possessives, plurals and British spellings do not matter ("Diazepam's", "muscle-related
conditions", "diarrhoea" and "Anxiety Disorders" all match their labels). The same lexicon serves
extraction and linking; the vocabulary readers take a label table (TSV: id, label, kind), OBO
files (id, name, synonyms) and SSSOM mapping sets (the ids and labels of both sides).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from .errors import DataError, Problem, UsageError
from .vocab import KINDS

LABEL_PROPERTIES = (SKOS.prefLabel, SKOS.altLabel, RDFS.label)
KIND_OF_CLASS = {kind.cls: prefix for prefix, kind in KINDS.items()}
_WORD = re.compile(r"[0-9A-Za-zÀ-ɏ]+(?:[-'’][0-9A-Za-zÀ-ɏ]+)*")
_INVARIANT = re.compile(r"(ss|us|is|ous|as|ys|ics?)$")


@dataclass(frozen=True)
class Token:
    norm: str
    start: int
    end: int


@dataclass(frozen=True)
class Entry:
    """One named thing: its identifier, preferred label and kind (a data prefix of KINDS:
    drug, drugclass, condition, population, ...)."""

    iri: str
    label: str
    kind: str


@lru_cache(maxsize=65536)
def normalise_word(word: str) -> str:
    """One word as the lexicon compares it: lower case, no hyphen or possessive, American
    spelling for the common British variants, singular."""
    w = word.lower().replace("’", "'")
    w = re.sub(r"'s$", "", w).replace("-", "").replace("'", "")
    w = re.sub(r"(?<=[a-z])(ae|oe)(?=[a-z])", "e", w)
    w = re.sub(r"(?<=[a-z]{3})is(e|ed|es|ing|ation)$", r"iz\1", w)
    if len(w) > 3 and not _INVARIANT.search(w):
        if w.endswith("ies"):
            w = w[:-3] + "y"
        elif w.endswith("nesses"):
            w = w[:-2]
        elif w.endswith("s"):
            w = w[:-1]
    return w


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """The words of text[start:end] with their offsets in text."""
    return [Token(normalise_word(m.group()), m.start(), m.end())
            for m in _WORD.finditer(text, start, len(text) if end is None else end)]


def keys(label: str) -> set[tuple[str, ...]]:
    """The token sequences a label matches: as written, and with its hyphens as spaces."""
    found = {tuple(t.norm for t in tokenize(label))}
    if "-" in label:
        found.add(tuple(t.norm for t in tokenize(label.replace("-", " "))))
    return {k for k in found if k}


@dataclass(frozen=True)
class Mention:
    """A run of words in a text that names a lexicon entry."""

    start: int
    end: int
    text: str
    entries: tuple[Entry, ...]

    def of_kind(self, kinds: Iterable[str]) -> Entry | None:
        wanted = set(kinds)
        return next((e for e in self.entries if e.kind in wanted), None)


class Lexicon:
    """Labels → entries, matched longest first over normalised words."""

    def __init__(self) -> None:
        self._entries: dict[tuple[str, ...], list[Entry]] = {}
        self._longest = 0

    def add(self, label: str, entry: Entry) -> None:
        for key in keys(label):
            bucket = self._entries.setdefault(key, [])
            if entry not in bucket:
                bucket.append(entry)
            self._longest = max(self._longest, len(key))

    def lookup(self, label: str) -> list[Entry]:
        """The entries a whole label names."""
        return next((self._entries[k] for k in keys(label) if k in self._entries), [])

    def mentions(self, text: str, start: int = 0, end: int | None = None) -> list[Mention]:
        """Every longest, non-overlapping mention in text[start:end], left to right."""
        tokens = tokenize(text, start, end)
        found: list[Mention] = []
        i = 0
        while i < len(tokens):
            for n in range(min(self._longest, len(tokens) - i), 0, -1):
                entries = self._entries.get(tuple(t.norm for t in tokens[i:i + n]))
                if entries:
                    s, e = tokens[i].start, tokens[i + n - 1].end
                    found.append(Mention(s, e, text[s:e], tuple(entries)))
                    i += n
                    break
            else:
                i += 1
        return found

    # --- filling it

    def add_graph(self, graph: Graph) -> None:
        """Every typed entity of the graph under each of its labels."""
        for cls, kind in KIND_OF_CLASS.items():
            for subject in graph.subjects(RDF.type, cls):
                if not isinstance(subject, URIRef):
                    continue
                labels = [str(o) for p in LABEL_PROPERTIES for o in graph.objects(subject, p)]
                if labels:
                    preferred = str(graph.value(subject, SKOS.prefLabel) or labels[0])
                    for label in labels:
                        self.add(label, Entry(str(subject), preferred, kind))

    def add_vocabulary(self, path: Path, kind: str | None = None) -> None:
        """A vocabulary file: a label table (.tsv: id, label, kind), or an OBO file (.obo) or SSSOM
        mapping set (.sssom.tsv), whose kind is given (default: condition)."""
        if not path.is_file():
            raise UsageError(Problem("vocabulary file not found", file=path))
        if path.suffix.lower() == ".obo":
            entries = read_obo(path, kind or "condition")
        elif path.name.lower().endswith(".sssom.tsv"):
            entries = read_sssom_labels(path, kind or "condition")
        elif path.suffix.lower() in (".tsv", ".tab", ".txt"):
            entries = read_label_table(path, kind)
        else:
            raise UsageError(Problem("a vocabulary is a label table (.tsv), an OBO file (.obo) "
                                     "or an SSSOM mapping set (.sssom.tsv)", file=path))
        for label, entry in entries:
            self.add(label, entry)


def _kind(value: str, path: Path, line: int) -> str:
    """A kind as written in a vocabulary: a data prefix ('condition') or a class ('Condition')."""
    lowered = value.strip().lower().replace(" ", "").replace("_", "").replace("-", "")
    for prefix, kind in KINDS.items():
        if lowered in (prefix, kind.segment.replace("-", ""), str(kind.cls).rsplit("#", 1)[-1].lower()):
            return prefix
    raise DataError(Problem(f"unknown kind {value!r}; use one of {', '.join(KINDS)}",
                            file=path, line=line))


def read_label_table(path: Path, kind: str | None = None) -> list[tuple[str, Entry]]:
    """Rows of id, label and kind (tab-separated; a header row and # comments are skipped).
    Several rows may share an id: the first label is the preferred one."""
    rows: list[tuple[str, Entry]] = []
    preferred: dict[str, str] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for number, row in enumerate(csv.reader(handle, delimiter="\t"), start=1):
            if not row or row[0].startswith("#") or row[0].strip().lower() == "id":
                continue
            if len(row) < 2 or (len(row) < 3 and kind is None):
                raise DataError(Problem("expected id<TAB>label<TAB>kind", file=path, line=number))
            identifier, label = row[0].strip(), row[1].strip()
            row_kind = _kind(row[2], path, number) if len(row) > 2 and row[2].strip() else kind
            preferred.setdefault(identifier, label)
            rows.append((label, Entry(identifier, preferred[identifier], row_kind or "condition")))
    return rows


_OBO_SYNONYM = re.compile(r'^synonym:\s*"((?:[^"\\]|\\.)*)"\s*(EXACT|RELATED|NARROW|BROAD)?')


def read_obo(path: Path, kind: str) -> list[tuple[str, Entry]]:
    """The [Term] stanzas of an OBO file: id, name and EXACT or RELATED synonyms; obsolete
    terms are left out."""
    rows: list[tuple[str, Entry]] = []

    def flush(term: dict[str, list[str]]) -> None:
        if term.get("id") and term.get("name") and term.get("is_obsolete") != ["true"]:
            entry = Entry(term["id"][0], term["name"][0], kind)
            rows.extend((label, entry) for label in term["name"] + term.get("synonym", []))

    term: dict[str, list[str]] = {}
    in_term = False
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            line = line.strip()
            if line.startswith("["):
                if in_term:
                    flush(term)
                term, in_term = {}, line == "[Term]"
            elif in_term and ":" in line:
                tag, value = line.split(":", 1)
                if tag == "synonym":
                    match = _OBO_SYNONYM.match(line)
                    if match and match.group(2) in (None, "EXACT", "RELATED"):
                        term.setdefault("synonym", []).append(match.group(1).replace('\\"', '"'))
                else:
                    term.setdefault(tag, []).append(value.split(" !", 1)[0].strip())
    if in_term:
        flush(term)
    return rows


def read_sssom_labels(path: Path, kind: str) -> list[tuple[str, Entry]]:
    """The terms an SSSOM mapping set names with a label: subject_id with subject_label and
    object_id with object_label of each row (the YAML header in # lines is skipped)."""
    with path.open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    rows: list[tuple[str, Entry]] = []
    for row in csv.DictReader(lines, delimiter="\t"):
        for side in ("subject", "object"):
            identifier = (row.get(f"{side}_id") or "").strip()
            label = (row.get(f"{side}_label") or "").strip()
            if identifier and label:
                rows.append((label, Entry(identifier, label, kind)))
    return rows


def project_lexicon(entity_files: Iterable[Path], vocabularies: Iterable[tuple[Path, str | None]] = ()
                    ) -> Lexicon:
    """The lexicon of a project: its entities' labels, then the user's vocabularies."""
    from .load import parse_turtle

    lexicon = Lexicon()
    graph = Graph()
    for path in entity_files:
        graph += parse_turtle(path)
    lexicon.add_graph(graph)
    for path, kind in vocabularies:
        lexicon.add_vocabulary(path, kind)
    return lexicon
