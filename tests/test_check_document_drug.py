"""scripts/check_document_drug.py: how surely extraction keeps a document's drug when its title is
laid out otherwise."""

from __future__ import annotations

import subprocess
import sys

import pytest

from drugfacts.lexicon import Lexicon, keys

from conftest import REPO

sys.path.insert(0, str(REPO / "scripts"))
from check_document_drug import VARIANTS, keeps_its_drug  # noqa: E402

TEXT = "Zorbamide (Zorbex) for itching\n\nZorbamide is a cream. Zorbamide soothes the skin.\n"
DRUG = "https://w3id.org/drugfacts/drug/zorbamide"


@pytest.mark.parametrize("variant, first_line", [
    ("as-stored", "Zorbamide (Zorbex) for itching"),
    ("site", "Skip to content"),
    ("brand-first", "Zorbex (zorbamide) for itching"),
    ("what-is", "What is Zorbamide (Zorbex) for itching?"),
    ("uses-and-warnings", "Zorbamide (Zorbex): uses, side effects and warnings"),
    ("no-title", "Zorbamide is a cream. Zorbamide soothes the skin."),
])
def test_each_variant_lays_the_title_out_its_way(variant: str, first_line: str) -> None:
    rewritten = VARIANTS[variant][1](TEXT)
    assert rewritten.split("\n")[0] == first_line
    assert rewritten.endswith("Zorbamide is a cream. Zorbamide soothes the skin.\n")


def test_a_document_keeps_its_drug_when_its_title_names_it() -> None:
    assert keeps_its_drug(TEXT, DRUG, keys("zorbamide"), Lexicon()) == (True, "zorbamide")


def test_a_document_loses_its_drug_when_only_another_drug_is_named() -> None:
    # without its title, the text names no drug of its own but aspirin
    text = VARIANTS["no-title"][1]("Zorbamide cream\n\nIt is a cream. Do not take aspirin with it. Aspirin can "
                                    "irritate the stomach. Aspirin is a painkiller.\n")
    assert keeps_its_drug(text, DRUG, keys("zorbamide"), Lexicon()) == (False, "aspirin")


def test_the_check_prints_each_variant_s_count() -> None:
    result = subprocess.run([sys.executable, str(REPO / "scripts" / "check_document_drug.py"), "--sets",
                             "heldout", "--variants", "as-stored,site"], capture_output=True, text=True,
                            cwd=REPO, check=True)
    # held-out 1's five documents are curated about the drug each title names
    assert result.stdout.splitlines() == [
        "as-stored (as stored): 5 of 5 documents keep their drug",
        "site (a skip link and a site's name above the title): 5 of 5 documents keep their drug"]


def test_an_unknown_variant_is_a_usage_error() -> None:
    result = subprocess.run([sys.executable, str(REPO / "scripts" / "check_document_drug.py"), "--variants",
                             "upside-down"], capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 2 and "unknown set or variant upside-down" in result.stderr
