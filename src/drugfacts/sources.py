"""Source texts: loading them, checking them against their metadata, finding quotes in them."""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_right
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import RDF

from .errors import Problem
from .vocab import DF

_WHITESPACE = re.compile(r"\s+")
_RUNS = re.compile(r"\s{2,}")


@dataclass(frozen=True)
class SourceRecord:
    """What data/sources.ttl says of one source's text: its file and the SHA-256 of its bytes."""

    iri: Hashable
    file_name: str | None
    sha256: str | None


@dataclass
class SourceText:
    """A source's text, and a whitespace-folded copy so that quotes match across line breaks.

    The folded copy is made on the first `locate`: a build whose claims of this source are
    cached never pays for it."""

    iri: Hashable
    path: Path
    text: str
    _shift_at: list[int] = field(init=False, repr=False, default_factory=list)
    _shift: list[int] = field(init=False, repr=False, default_factory=list)

    @cached_property
    def _folded(self) -> str:
        # Each run of two or more white-space characters folds to one space; past it, folded
        # offsets fall behind the text's by the characters folded away so far.
        folded_away = 0
        for run in _RUNS.finditer(self.text):
            self._shift_at.append(run.start() - folded_away + 1)
            folded_away += run.end() - run.start() - 1
            self._shift.append(folded_away)
        return _WHITESPACE.sub(" ", self.text)

    def _offset(self, folded_offset: int) -> int:
        runs_before = bisect_right(self._shift_at, folded_offset)
        return folded_offset + (self._shift[runs_before - 1] if runs_before else 0)

    def locate(self, quote: str) -> tuple[int, int] | None:
        """Character offsets [start, end) of the first occurrence of the quote, ignoring
        differences of white space; None where the text does not contain it."""
        needle = _WHITESPACE.sub(" ", quote).strip()
        if not needle:
            return None
        at = self._folded.find(needle)
        if at < 0:
            return None
        return self._offset(at), self._offset(at + len(needle) - 1) + 1


def sha256_of(path: Path) -> str:
    with path.open("rb") as stream:
        return hashlib.file_digest(stream, "sha256").hexdigest()


def source_records(metadata: Graph) -> list[SourceRecord]:
    """The df:SourceDocument records of an rdflib graph of data/sources.ttl."""
    return [SourceRecord(s, _text(metadata.value(s, DF.fileName)), _text(metadata.value(s, DF.sha256)))
            for s in sorted(metadata.subjects(RDF.type, DF.SourceDocument))]


def _text(value: object | None) -> str | None:
    return None if value is None else str(value)


def load_source_texts(
    metadata: Graph, sources_dir: Path, shown_dir: Path
) -> tuple[dict[Hashable, SourceText], list[Problem]]:
    """Read the text of every df:SourceDocument of an rdflib graph and check it (see
    `check_source_texts`)."""
    return check_source_texts(source_records(metadata), sources_dir, shown_dir)


def check_source_texts(
    records: Iterable[SourceRecord], sources_dir: Path, shown_dir: Path
) -> tuple[dict[Hashable, SourceText], list[Problem]]:
    """Read the text of every source and check it against its recorded SHA-256.

    Quotes and offsets were checked against exactly those bytes, so a changed text must be
    re-curated (and its hash updated) before it builds again."""
    texts: dict[Hashable, SourceText] = {}
    problems: list[Problem] = []
    for record in records:
        source = str(record.iri)
        if record.file_name is None:
            problems.append(Problem("has no df:fileName", entity=source))
            continue
        path = sources_dir / record.file_name
        shown = shown_dir / record.file_name
        if not path.is_file():
            problems.append(Problem("source text file not found", file=shown, entity=source))
            continue
        data = path.read_bytes()
        actual = hashlib.sha256(data).hexdigest()
        if record.sha256 != actual:
            problems.append(
                Problem(
                    f"SHA-256 of the text is {actual}, but data/sources.ttl records {record.sha256}: "
                    "the text changed since its claims were checked",
                    file=shown,
                    entity=source,
                )
            )
            continue
        try:
            # Offsets count characters of the text as Python reads it: universal newlines.
            text = data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
        except UnicodeDecodeError as error:
            problems.append(Problem(f"not UTF-8 text: {error}", file=shown))
            continue
        texts[record.iri] = SourceText(record.iri, path, text)
    return texts, problems
