"""The learned reading of extraction: candidate phrases, the model's probabilities, the shipped
model and its training."""

from __future__ import annotations

import math
import subprocess
import sys
from pathlib import Path

import pytest

from drugfacts.relations import MODEL_FILE, Model, candidates, load_model
from drugfacts.text import sentences

from conftest import REPO

CORE = ("treats", "hasSideEffect", "hasRisk", "contraindicatedIn", "drugClass")


def phrases(text: str, protected: list[tuple[int, int]] = ()) -> set[str]:
    sentence = sentences(text)[0]
    return {text[c.start:c.end] for c in candidates(text, sentence, list(protected))}


@pytest.mark.parametrize("text, present, absent", [
    # a run and its endings: the name may lose a severity word
    ("It can cause severe liver problems.", {"severe liver problems", "liver problems"}, {"can", "cause"}),
    # punctuation and function words end a phrase
    ("It treats gout, fever and pain in adults.", {"gout", "fever", "pain", "adults"}, {"gout fever", "pain in adults"}),
    # no phrase longer than five words
    ("It eases gout pain swelling heat redness stiffness.", {"pain swelling heat redness stiffness"},
     {"gout pain swelling heat redness stiffness"}),
    # a verb that says how an effect goes ends a phrase too
    ("Headaches tend to settle.", {"Headaches"}, {"Headaches tend"}),
    ("Unlike a decongestant, it works.", {"decongestant"}, {"Unlike"}),
])
def test_candidate_phrases(text: str, present: set[str], absent: set[str]) -> None:
    found = phrases(text)
    assert present <= found and not absent & found


def test_a_lexicon_mention_is_never_cut() -> None:
    """"alcohol withdrawal syndrome", a name the lexicon knows, keeps its words together even
    across a word that would end a phrase."""
    text = "It eases withdrawal from alcohol syndrome quickly."
    start = text.index("withdrawal")
    assert "withdrawal from alcohol syndrome" in phrases(text, [(start, text.index(" quickly"))])


def test_probabilities_are_a_softmax_of_the_weighted_features() -> None:
    model = Model(("none", "treats"), (0.0, -1.0), {"w:gout": (0.0, 3.0)})
    found = model.probabilities(["w:gout", "w:unseen"])
    assert math.isclose(sum(found.values()), 1.0)
    assert math.isclose(found["treats"], 1 / (1 + math.exp(-2.0)))


def test_the_shipped_model_reads_every_core_predicate() -> None:
    assert set(load_model().labels) == {"none", *CORE}


@pytest.mark.slow
def test_training_reproduces_the_shipped_model_byte_for_byte(tmp_path: Path) -> None:
    """The shipped weights are what scripts/train_relation_model.py gives for the development
    sets: nobody edited them by hand, and the same data give the same file."""
    pytest.importorskip("sklearn")
    out = tmp_path / "model.json"
    subprocess.run([sys.executable, str(REPO / "scripts" / "train_relation_model.py"), "--out", str(out)],
                   check=True, capture_output=True)
    assert out.read_bytes() == MODEL_FILE.read_bytes()
