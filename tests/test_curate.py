"""add-source and review, on copies of the mini fixture project."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF

from drugfacts.drafts import read_claims, read_draft_file
from drugfacts.load import parse_turtle
from drugfacts.vocab import DF, KINDS

from conftest import run

SOURCE = KINDS["source"].namespace
ARTICLE = ("Naproxen overview\n\nNaproxen is a nonsteroidal anti-inflammatory drug. It is used to "
           "treat pain and gout. Naproxen may cause heartburn.\n")


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "naproxen.txt"
    path.write_text(ARTICLE)
    return path


def test_add_source_copies_the_text_and_records_its_metadata(mini: Path, article: Path) -> None:
    result = run(mini, "add-source", str(article), "--url", "https://leaflets.invalid/naproxen",
                 "--retrieved", "2026-11-21")
    assert result.exit_code == 0, result.output
    stored = mini / "data" / "sources" / "naproxen.txt"
    assert stored.read_text() == ARTICLE
    metadata = parse_turtle(mini / "data" / "sources.ttl")
    source = SOURCE["naproxen-overview"]
    assert metadata.value(source, RDF.type) == DF.SourceDocument
    assert metadata.value(source, DCTERMS.title) == Literal("Naproxen overview", lang="en")
    assert metadata.value(source, DCTERMS.source) == URIRef("https://leaflets.invalid/naproxen")
    assert metadata.value(source, DCTERMS.date) == Literal(
        "2026-11-21", datatype=URIRef("http://www.w3.org/2001/XMLSchema#date"))
    assert str(metadata.value(source, DF.sha256)) == hashlib.sha256(stored.read_bytes()).hexdigest()
    assert metadata.value(source, DF.documentKind) == DF.WebArticle
    assert run(mini, "build").exit_code == 0


def test_add_source_stores_html_as_its_plain_text(mini: Path, tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text("<html><head><title>Gout</title></head><body><p>Naproxen treats <b>gout</b>."
                    "</p><script>x()</script></body></html>")
    assert run(mini, "add-source", str(page)).exit_code == 0
    assert (mini / "data" / "sources" / "page.txt").read_text() == "Naproxen treats gout.\n"
    assert (SOURCE["gout"], RDF.type, DF.SourceDocument) in parse_turtle(mini / "data" / "sources.ttl")


@pytest.mark.parametrize("second, message", [
    (["--title", "Another title"], "exists already; it is never overwritten"),
    (["--name", "other.txt", "--title", "Another title"], "the same text was added already"),
    (["--name", "other.txt"], "a source with this IRI exists already"),
])
def test_add_source_never_overwrites(mini: Path, article: Path, second: list[str], message: str) -> None:
    assert run(mini, "add-source", str(article)).exit_code == 0
    before = (mini / "data" / "sources.ttl").read_text()
    result = run(mini, "add-source", str(article), *second)
    assert result.exit_code == 2
    assert message in result.stderr
    assert (mini / "data" / "sources.ttl").read_text() == before


@pytest.mark.parametrize("content, options, message", [
    ("Naproxen wird zur Behandlung von Schmerzen und Fieber eingesetzt.", [], "--language"),
    (ARTICLE, ["--retrieved", "21/11/2026"], "not a date"),
    (ARTICLE, ["--url", "not a url"], "not an http(s) URL"),
])
def test_add_source_usage_errors(mini: Path, tmp_path: Path, content: str, options: list[str],
                                 message: str) -> None:
    path = tmp_path / "doc.txt"
    path.write_text(content)
    result = run(mini, "add-source", str(path), *options)
    assert result.exit_code == 2
    assert message in result.stderr
    assert not (mini / "data" / "sources" / "doc.txt").exists()


@pytest.mark.parametrize("name, content, code, message", [
    ("empty.txt", b"", 1, "the document is empty"),
    ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", 1, "a binary file, not text"),
    ("markup.html", b"<html><body><table><tr><td>", 1, "no text once its markup is removed"),
    ("broken.html", b"<html><body><h1>Naproxen</h1><p>Naproxen is used to treat <b>gout</p></div></i>", 0,
     "added"),
])
def test_add_source_bad_input_gets_a_message(mini: Path, tmp_path: Path, name: str, content: bytes,
                                             code: int, message: str) -> None:
    """Bad documents are refused with a message, not a traceback; broken markup is forgiven."""
    path = tmp_path / name
    path.write_bytes(content)
    result = run(mini, "add-source", str(path))
    assert result.exit_code == code
    assert message in result.output
    assert "Traceback" not in result.output
    stored = mini / "data" / "sources" / f"{path.stem}.txt"
    assert stored.exists() == (code == 0)
    if code == 0:
        assert "Naproxen is used to treat gout" in stored.read_text()


def test_add_source_takes_the_language_it_is_given(mini: Path, tmp_path: Path) -> None:
    path = tmp_path / "doc.txt"
    path.write_text("Naproxen wird zur Behandlung von Schmerzen und Fieber eingesetzt.")
    assert run(mini, "add-source", str(path), "--language", "de").exit_code == 0


@pytest.fixture
def drafted(mini: Path, article: Path) -> Path:
    """The mini project with the article added and its drafts extracted."""
    assert run(mini, "add-source", str(article)).exit_code == 0
    result = run(mini, "extract", str(mini / "data" / "sources" / "naproxen.txt"))
    draft = mini / "data" / "claims" / "naproxen-overview.draft.ttl"
    draft.write_text(result.stdout)
    return draft


def _claims(path: Path) -> dict[str, str]:
    return {str(r.object).rsplit("/", 1)[-1]: str(r.status).rsplit("#", 1)[-1]
            for r in read_claims(parse_turtle(path))}


def test_drafts_list_their_claims(drafted: Path) -> None:
    assert _claims(drafted) == {"nonsteroidal-anti-inflammatory-drug": "Draft", "pain": "Draft",
                                "gout": "Draft", "heartburn": "Draft"}


def test_review_accepts_into_the_claim_file_and_the_build(mini: Path, drafted: Path) -> None:
    result = run(mini, "review", str(drafted), input="a\na\ns\nq\n")
    assert result.exit_code == 0, result.output
    accepted = mini / "data" / "claims" / "naproxen-overview.ttl"
    assert _claims(accepted) == {"nonsteroidal-anti-inflammatory-drug": "Accepted", "pain": "Accepted"}
    assert (URIRef(KINDS["drug"].namespace["naproxen"]), RDF.type, DF.Drug) in parse_turtle(
        mini / "data" / "entities" / "candidates.ttl")
    assert _claims(drafted) == {"gout": "Draft", "heartburn": "Draft"}
    assert run(mini, "build").exit_code == 0


def test_review_keeps_a_rejected_claim_with_its_status(mini: Path, drafted: Path) -> None:
    run(mini, "review", str(drafted), input="s\ns\nr\nq\n")
    assert _claims(drafted)["gout"] == "Rejected"
    assert not (mini / "data" / "claims" / "naproxen-overview.ttl").exists()


def test_review_drops_the_extraction_score_of_an_accepted_claim_only(mini: Path, drafted: Path) -> None:
    """The score is extract's judgement: a curated claim has none; a rejected draft keeps it."""
    scores = {str(r.object).rsplit("/", 1)[-1]: r.score for r in read_claims(parse_turtle(drafted))}
    assert all(0 < score <= 1 for score in scores.values())
    run(mini, "review", str(drafted), input="a\ns\nr\nq\n")
    accepted = mini / "data" / "claims" / "naproxen-overview.ttl"
    assert [r.score for r in read_claims(parse_turtle(accepted))] == [None]
    assert "extractionScore" not in accepted.read_text()
    kept = {str(r.object).rsplit("/", 1)[-1]: r for r in read_claims(parse_turtle(drafted))}
    assert kept["gout"].status == DF.Rejected and kept["gout"].score == scores["gout"]


def test_review_edits_then_accepts(mini: Path, drafted: Path) -> None:
    edit = "condition:upset-stomach\nNaproxen may cause heartburn\nmay\naffirmed\n"
    result = run(mini, "review", str(drafted), input="s\ns\ns\ne\nhasSideEffect\n" + edit)
    assert result.exit_code == 0, result.output
    [record] = read_claims(parse_turtle(mini / "data" / "claims" / "naproxen-overview.ttl"))
    assert (record.predicate, record.object, record.hedge, record.status) == (
        DF.hasSideEffect, URIRef(KINDS["condition"].namespace["upset-stomach"]), "may", DF.Accepted)


def test_review_asks_again_for_a_quote_not_in_the_text(mini: Path, drafted: Path) -> None:
    edit = "condition:gout\n{quote}\n-\naffirmed\n"
    result = run(mini, "review", str(drafted),
                 input="s\ns\ne\ntreats\n" + edit.format(quote="not in the text")
                 + "treats\n" + edit.format(quote="used to treat pain and gout") + "q\n")
    assert "the quote is not in the text" in result.stderr
    [record] = read_claims(parse_turtle(mini / "data" / "claims" / "naproxen-overview.ttl"))
    assert record.quotes == ["used to treat pain and gout"]


def test_review_removes_a_draft_file_with_nothing_left(mini: Path, drafted: Path) -> None:
    result = run(mini, "review", str(drafted), input="a\na\na\na\n")
    assert "removed" in result.stdout
    assert not drafted.exists()
    assert run(mini, "build").exit_code == 0


def test_drafts_are_never_built(mini: Path, drafted: Path) -> None:
    records, entities = read_draft_file(drafted)
    assert records and len(entities)
    result = run(mini, "build")
    assert result.exit_code == 0
    assert "drug/naproxen" not in (mini / "dist" / "drugfacts.ttl").read_text()
