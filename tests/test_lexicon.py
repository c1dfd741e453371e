"""Labels and synonyms: normalisation, longest mentions, the vocabulary readers."""

from __future__ import annotations

from pathlib import Path

import pytest

from drugfacts.errors import DataError
from drugfacts.lexicon import Entry, Lexicon, normalise_word, read_label_table, read_obo


@pytest.mark.parametrize("word, normal", [
    ("Spasms", "spasm"), ("injuries", "injury"), ("Diazepam’s", "diazepam"),
    ("muscle-related", "musclerelated"), ("diarrhoea", "diarrhea"), ("generalised", "generalized"),
    ("illnesses", "illness"), ("status", "status"), ("NSAIDs", "nsaid"),
])
def test_normalise_word(word: str, normal: str) -> None:
    assert normalise_word(word) == normal


@pytest.fixture
def lexicon() -> Lexicon:
    lex = Lexicon()
    lex.add("diazepam", Entry("drug:diazepam", "diazepam", "drug"))
    lex.add("Valium", Entry("drug:diazepam", "diazepam", "drug"))
    lex.add("muscle spasm", Entry("condition:muscle-spasm", "muscle spasm", "condition"))
    lex.add("muscle", Entry("condition:muscle", "muscle", "condition"))
    lex.add("anti-inflammatory drug", Entry("drugclass:aid", "anti-inflammatory drug", "drugclass"))
    return lex


def test_mentions_are_longest_first_and_keep_offsets(lexicon: Lexicon) -> None:
    text = "Valium (diazepam) relieves Muscle Spasms."
    found = [(m.text, m.entries[0].iri) for m in lexicon.mentions(text)]
    assert found == [("Valium", "drug:diazepam"), ("diazepam", "drug:diazepam"),
                     ("Muscle Spasms", "condition:muscle-spasm")]


@pytest.mark.parametrize("text", ["an anti-inflammatory drug", "an anti inflammatory drug",
                                  "an antiinflammatory drug"])
def test_hyphens_do_not_matter(lexicon: Lexicon, text: str) -> None:
    assert [m.entries[0].iri for m in lexicon.mentions(text)] == ["drugclass:aid"]


def test_label_table_rows_and_kinds(tmp_path: Path) -> None:
    path = tmp_path / "vocab.tsv"
    path.write_text("id\tlabel\tkind\n# a comment\nMONDO:0005148\ttype 2 diabetes\tcondition\n"
                    "MONDO:0005148\tT2D\tCondition\nCHEBI:6801\tmetformin\tdrug\n")
    rows = read_label_table(path)
    assert [(label, e.iri, e.label, e.kind) for label, e in rows] == [
        ("type 2 diabetes", "MONDO:0005148", "type 2 diabetes", "condition"),
        ("T2D", "MONDO:0005148", "type 2 diabetes", "condition"),
        ("metformin", "CHEBI:6801", "metformin", "drug")]


def test_label_table_with_an_unknown_kind_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "vocab.tsv"
    path.write_text("X:1\tthing\tgadget\n")
    with pytest.raises(DataError, match=r"vocab.tsv:1: unknown kind 'gadget'"):
        read_label_table(path)


def test_obo_terms_with_exact_and_related_synonyms(tmp_path: Path) -> None:
    path = tmp_path / "hp.obo"
    path.write_text('format-version: 1.2\n\n[Term]\nid: HP:0002018\nname: Nausea\n'
                    'synonym: "Queasiness" EXACT []\nsynonym: "Sick to stomach" RELATED []\n'
                    'synonym: "Vomiting" BROAD []\n\n[Term]\nid: HP:0000001\nname: Old\n'
                    'is_obsolete: true\n\n[Typedef]\nid: part_of\nname: part of\n')
    rows = read_obo(path, "condition")
    assert [(label, e.iri) for label, e in rows] == [
        ("Nausea", "HP:0002018"), ("Queasiness", "HP:0002018"), ("Sick to stomach", "HP:0002018")]


def test_vocabulary_labels_are_found_in_text(tmp_path: Path) -> None:
    path = tmp_path / "vocab.tsv"
    path.write_text("MONDO:0005148\ttype 2 diabetes\tcondition\n")
    lexicon = Lexicon()
    lexicon.add_vocabulary(path)
    assert [m.text for m in lexicon.mentions("It treats Type 2 Diabetes.")] == ["Type 2 Diabetes"]
