"""Reading documents as text and cutting them into sentences with offsets."""

from __future__ import annotations

from pathlib import Path

import pytest

from drugfacts.errors import DataError
from drugfacts.text import (
    MAX_SENTENCE,
    decode,
    looks_english,
    markdown_to_text,
    read_document,
    sentences,
    to_document,
)


@pytest.mark.parametrize("data, message", [
    (b"\x00\x01\x02binary\x00", "binary"),
    (b"", "empty"),
    (b"  \n\t ", "empty"),
    (bytes(range(1, 32)) * 20, "binary"),
])
def test_decode_refuses_what_is_not_text(data: bytes, message: str) -> None:
    with pytest.raises(DataError, match=message):
        decode(data, "x.txt")


@pytest.mark.parametrize("data, text", [
    ("Diazepam – 5 mg".encode(), "Diazepam – 5 mg"),
    (b"\xef\xbb\xbfwith a byte-order mark", "with a byte-order mark"),
    ("caf\xe9 na\xefve".encode("cp1252"), "café naïve"),
])
def test_decode_reads_utf8_and_windows_1252(data: bytes, text: str) -> None:
    assert decode(data, "x.txt") == text


def test_html_keeps_visible_text_and_drops_boilerplate() -> None:
    html = ("<html><head><title>T</title><script>var x = 1;</script><style>p {}</style></head>"
            "<body><nav>Home | Drugs</nav><h1>Ibuprofen</h1><p>It treats <b>pain</b> &amp; fever."
            "<ul><li>nausea</li><li>dizziness</ul><footer>© site</footer></body></html>")
    document = to_document(html, "html")
    assert document.title == "T"
    assert document.text == "Ibuprofen\n\nIt treats pain & fever.\n\n- nausea\n- dizziness\n"


def test_broken_html_still_gives_its_text() -> None:
    document = to_document("<p>Unclosed <b>bold <p>second</div></span> para", "html")
    assert document.text.split() == ["Unclosed", "bold", "second", "para"]


def test_markdown_loses_its_marks_and_keeps_its_blocks() -> None:
    text, title = markdown_to_text("# Title\n\nIt is **used** to treat [pain](http://x).\n\n"
                                   "- nausea\n- *dizziness*\n\n1. one\n2. two\n")
    assert title == "Title"
    assert text == "Title\n\nIt is used to treat pain.\n\n- nausea\n- dizziness\n\n1. one\n2. two\n"


def test_read_document_chooses_the_format_by_suffix(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("# Heading\n\n**bold** text\n")
    assert read_document(tmp_path / "a.md").text == "Heading\n\nbold text\n"


def test_sentence_offsets_point_into_the_text() -> None:
    text = "Title line\n\nFirst one. Second one is\n  broken over lines.\n- item one\n- item two\n"
    for sentence in sentences(text):
        assert text[sentence.start:sentence.end] == sentence.text


@pytest.mark.parametrize("text, expected", [
    ("One sentence. Another one.", ["One sentence.", "Another one."]),
    ("Use e.g. ibuprofen for pain. Then rest.", ["Use e.g. ibuprofen for pain.", "Then rest."]),
    ("3 to 10mg thrice a day.Parenteral: 4 mg.", ["3 to 10mg thrice a day.", "Parenteral: 4 mg."]),
    ("It is not used for\n  anxiety.", ["It is not used for\n  anxiety."]),
])
def test_sentences_end_where_sentences_end(text: str, expected: list[str]) -> None:
    assert [s.text for s in sentences(text)] == expected


def test_list_items_keep_their_lead_in_and_headings_their_section() -> None:
    text = "Side effects\n\nTypical side effects include:\n\n  • Drowsiness\n  • Confusion\n\nMore text."
    found = {s.text: s for s in sentences(text)}
    assert found["Side effects"].kind == "heading"
    assert found["Drowsiness"].kind == "item"
    assert found["Drowsiness"].lead.text == "Typical side effects include:"
    assert found["More text."].lead.text == "Side effects"
    assert found["Typical side effects include:"].lead.text == "Side effects"


@pytest.mark.parametrize("text", [
    # after a blank line
    "Other side effects include:\n\nheadaches\ntrouble sleeping and strange dreams\nwind or indigestion\n",
    # straight after the lead-in, which ends its paragraph
    "It is well tolerated. Other side effects include:\nheadaches\ntrouble sleeping and strange dreams\n"
    "wind or indigestion\n",
    # capitalised items are no headings
    "Other side effects include:\nHeadaches\nTrouble sleeping and strange dreams\nWind or indigestion\n",
])
def test_a_list_written_one_item_a_line_without_bullets_is_read_as_items(text: str) -> None:
    items = [s for s in sentences(text) if s.kind == "item"]
    assert [s.text.lower() for s in items] == [
        "headaches", "trouble sleeping and strange dreams", "wind or indigestion"]
    assert {s.lead.text for s in items} == {"Other side effects include:"}


def test_a_numbered_heading_with_text_under_it_heads_a_section() -> None:
    text = "2. Possible side effects\nCommon side effects include:\n- hiccups\n- headache\nUncommon ones are rare.\n"
    found = {s.text: s for s in sentences(text)}
    assert found["Possible side effects"].kind == "heading"
    assert found["hiccups"].lead.text == "Common side effects include:"
    assert found["Uncommon ones are rare."].kind == "text"  # a capitalised line after an item is no part of it
    assert found["Uncommon ones are rare."].lead.text == "Possible side effects"


@pytest.mark.parametrize("text", [
    "1. What it is\nA painkiller.\n\n2. Possible side effects\n\nLike all medicines, it has some.\n",
    "1. What it is\n\nA painkiller.\n\n2. Possible side effects\nLike all medicines, it has some.\n",
])
def test_numbered_headings_with_or_without_a_blank_line_under_them(text: str) -> None:
    assert [s.text for s in sentences(text) if s.is_heading] == ["What it is", "Possible side effects"]


def test_a_numbered_list_stays_a_list() -> None:
    text = "Side effects:\n1. Headache\n2. Feeling sick\n"
    assert [s.kind for s in sentences(text)][1:] == ["item", "item"]


@pytest.mark.parametrize("text", [
    # wrapped by a program: no line could have taken the next line's first word
    "Other side effects include:\nheadaches, trouble sleeping, strange dreams at night\n"
    "and wind or indigestion after meals.\n",
    # a line running on into the next
    "Side effects include:\nheadache, dizziness,\nnausea\n",
])
def test_wrapped_prose_after_a_colon_stays_one_sentence(text: str) -> None:
    assert not [s for s in sentences(text) if s.kind == "item"]


@pytest.mark.parametrize("text, heading", [
    # alone before a blank line, a heading may end in a function word
    ("What it is for\n\nDoctors prescribe it for high blood pressure.", "What it is for"),
    # before more text it is the first line of a hard-wrapped sentence
    ("What it is used for\nthe most is pain.", None),
])
def test_a_line_ending_in_a_function_word_is_a_heading_only_when_it_stands_alone(
        text: str, heading: str | None) -> None:
    assert [s.text for s in sentences(text) if s.is_heading] == ([heading] if heading else [])


@pytest.mark.parametrize("text, heading", [
    # a short line in which one sentence ends and another begins is text, not a heading
    ("Why it is used\nIt is used to treat infertility. Women may be offered it:\n- before IVF",
     ["Why it is used"]),
    # an abbreviation ends no sentence
    ("Valium vs. Xanax\n- both are benzodiazepines", ["Valium vs. Xanax"]),
])
def test_a_line_holding_a_sentence_end_is_no_heading(text: str, heading: list[str]) -> None:
    assert [s.text for s in sentences(text) if s.is_heading] == heading


def test_a_run_without_punctuation_is_cut_to_bounded_sentences() -> None:
    text = "word " * 2000
    assert max(s.end - s.start for s in sentences(text)) <= MAX_SENTENCE


@pytest.mark.parametrize("text, english", [
    ("Diazepam is used to treat anxiety and it may cause drowsiness.", True),
    ("Diazepam wird zur Behandlung von Angstzuständen eingesetzt und kann Müdigkeit verursachen.", False),
    ("安定是一种用于治疗焦虑的药物。", False),
])
def test_looks_english(text: str, english: bool) -> None:
    assert looks_english(text) is english
