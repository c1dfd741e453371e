"""Source texts: loading them, checking them against their metadata, finding quotes in them."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from .errors import Problem
from .vocab import DF

_WHITESPACE = re.compile(r"\s+")


@dataclass
class SourceText:
    """A source's text with a whitespace-folded copy, so quotes match across line breaks."""

    iri: URIRef
    path: Path
    text: str
    _folded: str = field(init=False, repr=False)
    _offsets: list[int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        folded: list[str] = []
        offsets: list[int] = []
        for match in re.finditer(r"\s+|\S", self.text):
            folded.append(" " if match.group().isspace() else match.group())
            offsets.append(match.start())
        self._folded = "".join(folded)
        self._offsets = offsets

    def locate(self, quote: str) -> tuple[int, int] | None:
        """Character offsets [start, end) of the first occurrence of the quote, ignoring
        differences of white space; None where the text does not contain it."""
        needle = _WHITESPACE.sub(" ", quote).strip()
        if not needle:
            return None
        at = self._folded.find(needle)
        if at < 0:
            return None
        last = at + len(needle) - 1
        return self._offsets[at], self._offsets[last] + 1


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load_source_texts(
    metadata: Graph, sources_dir: Path, shown_dir: Path
) -> tuple[dict[URIRef, SourceText], list[Problem]]:
    """Read the text of every df:SourceDocument and check it against its recorded SHA-256.

    Quotes and offsets were checked against exactly those bytes, so a changed text must be
    re-curated (and its hash updated) before it builds again."""
    texts: dict[URIRef, SourceText] = {}
    problems: list[Problem] = []
    for source in sorted(metadata.subjects(RDF.type, DF.SourceDocument)):
        file_name = metadata.value(source, DF.fileName)
        if file_name is None:
            problems.append(Problem("has no df:fileName", entity=str(source)))
            continue
        path = sources_dir / str(file_name)
        shown = shown_dir / str(file_name)
        if not path.is_file():
            problems.append(Problem("source text file not found", file=shown, entity=str(source)))
            continue
        recorded = metadata.value(source, DF.sha256)
        actual = sha256_of(path)
        if recorded is None or str(recorded) != actual:
            problems.append(
                Problem(
                    f"SHA-256 of the text is {actual}, but data/sources.ttl records {recorded}: "
                    "the text changed since its claims were checked",
                    file=shown,
                    entity=str(source),
                )
            )
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as error:
            problems.append(Problem(f"not UTF-8 text: {error}", file=shown))
            continue
        texts[source] = SourceText(source, path, text)
    return texts, problems
