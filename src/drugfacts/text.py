"""Documents as text: reading plain text, Markdown and HTML, and cutting text into sentences.

Quotes are checked against the stored text of a source, so Markdown and HTML are turned into
plain text once, when the document is added (`drugfacts add-source`), and every later step reads
that text. Sentences keep their character offsets into it, so a quote is always a span of the
stored text, never a rewording.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from markdown_it import MarkdownIt

from .errors import DataError, Problem

HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdown"}
MAX_SENTENCE = 1000
"""Longer 'sentences' (a page without punctuation) are cut at white space, so no pattern ever
runs over an unbounded span."""

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_STOPWORDS = frozenset(
    ["the", "a", "an", "and", "or", "of", "to", "in", "is", "are", "was", "be", "it", "for", "with", "as", "by", "on", "that", "this", "not", "can", "may", "from", "at", "which", "your", "you", "should", "if", "has", "have"])


def decode(data: bytes, shown: Path | str) -> str:
    """The bytes of a document as text: UTF-8 (with or without a byte-order mark), else
    Windows-1252; a binary file is refused with a message instead of being read as garbage."""
    if b"\x00" in data[:65536]:
        raise DataError(Problem("a binary file, not text: give a .txt, .md or .html document",
                                file=Path(shown)))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise DataError(Problem("neither UTF-8 nor Windows-1252 text", file=Path(shown))) from None
    if len(_CONTROL.findall(text[:65536])) > 0.01 * min(len(text), 65536):
        raise DataError(Problem("a binary file, not text: give a .txt, .md or .html document",
                                file=Path(shown)))
    if not text.strip():
        raise DataError(Problem("the document is empty", file=Path(shown)))
    return text


def document_format(path: Path, text: str) -> str:
    """'html', 'markdown' or 'text', from the file name, else from the first characters."""
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in MARKDOWN_SUFFIXES:
        return "markdown"
    if re.match(r"\s*<(!doctype\s+html|html[\s>])", text, re.IGNORECASE):
        return "html"
    return "text"


@dataclass(frozen=True)
class Document:
    """A document turned into the plain text that quotes are checked against."""

    text: str
    title: str | None
    format: str


def read_document(path: Path) -> Document:
    """Read a .txt, .md or .html file as plain text (markup stripped, paragraphs kept)."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise DataError(Problem(f"cannot read: {error.strerror}", file=path)) from None
    return to_document(decode(data, path), document_format(path, ""))


def to_document(raw: str, fmt: str) -> Document:
    """The plain text of a raw document of the given format."""
    if fmt == "html":
        parser = _TextFromHtml()
        parser.feed(raw)
        parser.close()
        text, title = parser.result(), parser.title
    elif fmt == "markdown":
        text, title = markdown_to_text(raw)
    else:
        text, title = raw, None
    if not text.strip():
        raise DataError("the document has no text once its markup is removed")
    return Document(text, title or first_line(text), fmt)


def first_line(text: str) -> str | None:
    line = next((line.strip() for line in text.splitlines() if line.strip()), None)
    return line[:200] if line else None


# --- HTML --------------------------------------------------------------------------------------

_SKIPPED = {"script", "style", "noscript", "template", "nav", "footer", "head", "svg", "form",
            "button", "iframe"}
_VOID = {"br", "hr", "img", "meta", "link", "input", "source", "wbr", "area", "base", "col"}
_BLOCKS = {"p", "div", "section", "article", "main", "header", "aside", "blockquote", "pre",
           "table", "tr", "ul", "ol", "dl", "dt", "dd", "figure", "figcaption", "li",
           "h1", "h2", "h3", "h4", "h5", "h6", "title", "body", "html"}


class _TextFromHtml(HTMLParser):
    """The visible text of an HTML page, one block a paragraph and one list item a line.

    The standard library's parser forgives broken markup (unclosed tags, stray end tags), which
    pages collected from the web have; boilerplate (scripts, styles, navigation, footers) is left
    out."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.current: list[str] = []
        self.skipping: list[str] = []
        self.title: str | None = None
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self._in_title = True
        if tag in _SKIPPED and tag not in _VOID:
            self.skipping.append(tag)
        elif tag in _BLOCKS or tag == "br":
            self._flush()
            if tag == "li" and not self.skipping:
                self.current.append("- ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if self.skipping and tag == self.skipping[-1]:
            self.skipping.pop()
        elif tag in _BLOCKS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self._in_title and self.title is None and data.strip():
            self.title = " ".join(data.split())
        if not self.skipping:
            self.current.append(data)

    def _flush(self) -> None:
        block = " ".join("".join(self.current).split())
        if block and block != "-":
            self.blocks.append(block)
        self.current = []

    def result(self) -> str:
        self._flush()
        self.skipping.clear()
        out: list[str] = []
        previous = ""
        for block in self.blocks:
            separator = "\n" if block.startswith("- ") and previous.startswith("- ") else "\n\n"
            out.append(separator + block if out else block)
            previous = block
        return "".join(out) + "\n" if out else ""


# --- Markdown ----------------------------------------------------------------------------------

def markdown_to_text(source: str) -> tuple[str, str | None]:
    """Markdown as plain text: headings, paragraphs and list items as lines, emphasis, links and
    code marks removed (CommonMark, through markdown-it-py); the first heading is the title."""
    tokens = MarkdownIt("commonmark").parse(source)
    blocks: list[str] = []
    title: str | None = None
    prefixes: list[str] = []
    in_heading = False
    first_item = False
    for token in tokens:
        if token.type in ("bullet_list_open", "ordered_list_open"):
            prefixes.append("- " if token.type == "bullet_list_open" else "#")
            first_item = True
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            prefixes.pop()
        elif token.type == "list_item_open" and prefixes:
            marker = "- " if prefixes[-1] == "- " else f"{token.info or '1'}. "
            blocks.append(("\x01" if first_item else "\x00") + marker)
            first_item = False
        elif token.type == "heading_open":
            in_heading = True
        elif token.type == "heading_close":
            in_heading = False
        elif token.type in ("inline", "fence", "code_block"):
            text = _inline_text(token.children) if token.type == "inline" else token.content
            if in_heading and title is None:
                title = text.strip()
            if blocks and blocks[-1][:1] in "\x00\x01" and blocks[-1].endswith(" "):
                blocks[-1] += text
            else:
                blocks.append(text)
    out: list[str] = []
    was_item = False
    for block in blocks:
        continued = block.startswith("\x00")
        block = block.lstrip("\x00\x01").strip()
        if block:
            out.append(block if not out else ("\n" if continued and was_item else "\n\n") + block)
            was_item = bool(re.match(r"(- |\d+\. )", block))
    return "".join(out) + "\n" if out else "", title


def _inline_text(children: list | None) -> str:
    parts: list[str] = []
    for child in children or []:
        if child.type in ("text", "code_inline", "html_inline"):
            parts.append("" if child.type == "html_inline" else child.content)
        elif child.type == "softbreak":
            parts.append(" ")
        elif child.type == "hardbreak":
            parts.append("\n")
        elif child.type == "image":
            parts.append(_inline_text(child.children))
    return "".join(parts)


# --- Sentences ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Sentence:
    """A span of the text, with what it is (a heading, a list item or running text) and the
    heading or lead-in ("Side effects include:") that governs it, so a bullet list under
    "Side effects" is read as side effects."""

    start: int
    end: int
    text: str
    kind: str
    lead: Sentence | None = None

    @property
    def is_heading(self) -> bool:
        return self.kind == "heading"


_BULLET = re.compile(r"^[ \t]*(?:[-*+•‣◦▪·–]|\(?\d{1,2}[.)]|\(?[a-z][.)])[ \t]+")
_ENDS_SENTENCE = re.compile(r"[.!;,\"”’]\s*$")
_FUNCTION_WORD = re.compile(
    r"\b(?:the|a|an|and|or|of|to|for|with|by|in|on|as|is|are|was|be|that|which|from|such|like|"
    r"including|than|not|its|their|your)\s*$", re.IGNORECASE)
_ABBREVIATIONS = re.compile(
    r"(?:\b(?:e\.g|i\.e|etc|vs|approx|Dr|Mr|Mrs|Ms|Prof|St|No|Fig|al|cf|incl|min|max|ca)|"
    r"\b[A-Z])\.$")
_BOUNDARY = re.compile(r"[.!?]+[\"”’)\]]*(?=\s+[\"“‘(\[]?[A-Z0-9•])|[a-z]{2}\.(?=[A-Z][a-z])")
_INNER_END = re.compile(r"[a-z]{2}[.!?](?=\s+[A-Z])")
_WORD = re.compile(r"[A-Za-z]+")
_SHORT_LINE = 40
"""Lines no longer than this, one after another, are not wrapped prose."""


def looks_english(text: str) -> bool:
    """Whether the text reads as English: the cue patterns are English, so on another language
    extraction finds nothing and says why."""
    words = _WORD.findall(text[:20000].lower())
    if len(words) < 5:
        return bool(words)
    return sum(w in _STOPWORDS for w in words) / len(words) > 0.12


def sentences(text: str) -> list[Sentence]:
    """The sentences of a text with their offsets: headings, list items and running text.

    Lines are read first (a blank line, a bullet or a heading ends a paragraph, a line broken in
    the middle of a sentence does not), then each paragraph is cut at sentence ends. A heading
    governs the sentences of its section; a lead-in that ends with a colon governs the list
    items that follow it, and is governed by its section's heading."""
    result: list[Sentence] = []
    section: Sentence | None = None
    colon: Sentence | None = None
    previous = ""
    for start, end, kind in _blocks(text):
        if kind == "blank":
            continue
        if kind == "heading":
            lead_in = text[start:end].endswith(":")
            sentence = Sentence(start, end, text[start:end], "heading", section if lead_in else None)
            result.append(sentence)
            if lead_in:
                colon = sentence
            else:
                section, colon = sentence, None
        elif kind == "item":
            result.extend(Sentence(s, e, text[s:e], kind, colon or section)
                          for s, e in _split(text, start, end))
        else:
            if previous == "heading" and colon is not None and colon is result[-1]:
                section = colon
            if previous == "item":
                colon = None
            for s, e in _split(text, start, end):
                result.append(Sentence(s, e, text[s:e], kind, section))
            colon = result[-1] if result[-1].text.endswith(":") else colon
        previous = kind
    return result


def _blocks(text: str) -> list[tuple[int, int, str]]:
    """Paragraphs, list items and headings as (start, end, kind), and blank lines as 'blank'."""
    lines: list[tuple[int, int]] = []
    at = 0
    for line in text.split("\n"):
        lines.append((at, at + len(line)))
        at += len(line) + 1
    blocks: list[tuple[int, int, str]] = []
    open_lines: list[tuple[int, int]] = []
    open_kind = "text"

    def close() -> None:
        if not open_lines:
            return
        if open_kind == "text":
            blocks.extend(_paragraph_or_list(text, open_lines, _after_lead_in(text, blocks)))
        else:
            blocks.append((open_lines[0][0], open_lines[-1][1], open_kind))
        open_lines.clear()

    for i, (s, e) in enumerate(lines):
        line = text[s:e]
        stripped = line.strip()
        if not stripped:
            close()
            if not blocks or blocks[-1][2] != "blank":
                blocks.append((s, e, "blank"))
            continue
        lead_ws = len(line) - len(line.lstrip())
        bullet = _BULLET.match(line)
        nxt = next((text[a:b] for a, b in lines[i + 1:i + 2]), "")
        following = next((text[a:b] for a, b in lines[i + 1:] if text[a:b].strip()), "")
        after_item = open_kind == "item" and bool(open_lines) or bool(blocks) and _last_written(blocks) == "item"
        if bullet and not after_item and _numbered_heading(line, bullet, following):
            close()
            blocks.append((s + bullet.end(), s + len(line.rstrip()), "heading"))
        elif bullet:
            close()
            open_lines.append((s + bullet.end(), s + len(line.rstrip())))
            open_kind = "item"
        elif open_kind == "item" and open_lines and _after_an_item(text[open_lines[-1][0]:open_lines[-1][1]], line):
            close()
            open_lines.append((s, s + len(line.rstrip())))
            open_kind = "text"
        elif not open_lines and _is_heading(stripped, nxt) and not (
                _after_lead_in(text, blocks) and nxt.strip() and not _BULLET.match(nxt)):
            blocks.append((s + lead_ws, s + len(line.rstrip()), "heading"))
        else:
            if not open_lines:
                open_kind = "text"
            open_lines.append((s + lead_ws, s + len(line.rstrip())))
    close()
    return blocks


def _after_an_item(item: str, line: str) -> bool:
    """Whether an unindented line that starts with a capital after a list item is text of its
    own ("- loss of appetite" / "Uncommon side effects include …"), not the item wrapped: the
    item does not run on into it (no comma or function word at its end)."""
    return line[:1].isupper() and not item.endswith(",") and not _FUNCTION_WORD.search(item)


def _numbered_heading(line: str, bullet: re.Match[str], following: str) -> bool:
    """A numbered section heading ("2. What it is used for") with running text under it, not an
    item of a numbered list: the next line written starts a sentence, not another item. (Its
    caller sees that no list item stands just before it.)"""
    rest = line[bullet.end():].strip()
    return (bullet.group().strip()[:1].isdigit() and bool(rest) and _is_heading(rest, "")
            and following[:1].isupper() and not _BULLET.match(following))


def _last_written(blocks: list[tuple[int, int, str]]) -> str | None:
    """The kind of the last block that is not a blank line."""
    return next((kind for _, _, kind in reversed(blocks) if kind != "blank"), None)


def _after_lead_in(text: str, blocks: list[tuple[int, int, str]]) -> bool:
    """Whether the last block before a blank line, if any, ends with a colon ("Side effects
    include:"), so what follows it is what it introduces."""
    written = [b for b in blocks[-2:] if b[2] != "blank"]
    return bool(written) and text[written[-1][0]:written[-1][1]].endswith(":")


def _paragraph_or_list(text: str, lines: list[tuple[int, int]],
                       after_lead_in: bool) -> list[tuple[int, int, str]]:
    """A paragraph's lines as one text block, or, when they are a list written one item a line
    without bullets after a lead-in ("Other side effects include:" / "headaches" / "wind"), as the
    lead-in and an item per line."""
    paragraph = [(lines[0][0], lines[-1][1], "text")]
    if after_lead_in:
        head = 0
    elif text[lines[0][0]:lines[0][1]].endswith(":"):
        head = 1  # the lead-in is the paragraph's first line
    else:
        return paragraph
    items = lines[head:]
    if len(items) < 2 or not _broken_by_hand([text[s:e] for s, e in items]):
        return paragraph
    return [(s, e, "text") for s, e in lines[:head]] + [(s, e, "item") for s, e in items]


def _broken_by_hand(lines: list[str]) -> bool:
    """Whether lines were broken one by one rather than wrapped: no line runs on into the next
    (ending in a comma or a function word), and either all are short or some line ends where a
    wrapping program would have fitted the next line's first word."""
    if any(line.endswith(",") or _FUNCTION_WORD.search(line) for line in lines[:-1]):
        return False
    width = max(len(line) for line in lines)
    return width <= _SHORT_LINE or any(
        len(line) + 1 + len(nxt.split()[0]) <= width for line, nxt in zip(lines, lines[1:]))


def _is_heading(line: str, next_line: str) -> bool:
    """A short line without a sentence's end, standing alone: "Side effects", "Uses". One that
    ends in a function word is a heading only before a blank line ("What it is for"): before
    text it is more likely a hard-wrapped sentence ("used for the" / "treatment of")."""
    words = line.split()
    alone = not next_line.strip()
    return (len(words) <= 12 and len(line) <= 100 and line[0].isupper()
            and not _ENDS_SENTENCE.search(line) and not _ends_a_sentence_within(line)
            and (alone or not _FUNCTION_WORD.search(line))
            and (alone or next_line.lstrip()[:1].isupper() or bool(_BULLET.match(next_line))))


def _ends_a_sentence_within(line: str) -> bool:
    """Whether a sentence ends inside the line ("X is used to treat Y. Women may be offered it:"):
    a heading is one phrase, however short the line."""
    return any(not _ABBREVIATIONS.search(line[max(0, m.end() - 8):m.end()])
               for m in _INNER_END.finditer(line))


def _split(text: str, start: int, end: int):
    """Sentence spans of text[start:end], trimmed, none longer than MAX_SENTENCE."""
    at = start
    for match in _BOUNDARY.finditer(text, start, end):
        cut = match.end()
        if _ABBREVIATIONS.search(text[max(at, cut - 8):cut]):
            continue
        yield from _trimmed(text, at, cut)
        at = cut
    yield from _trimmed(text, at, end)


def _trimmed(text: str, start: int, end: int):
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > MAX_SENTENCE:
        cut = text.rfind(" ", start, start + MAX_SENTENCE)
        cut = cut if cut > start else start + MAX_SENTENCE
        yield start, cut
        start = cut + 1 if text[cut:cut + 1] == " " else cut
    if end > start:
        yield start, end
