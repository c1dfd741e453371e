"""A learned reading of sentences, beside the cue patterns: which phrase of a sentence the
document states as a use, side effect, risk, contraindication or class of its drug.

Three rounds of cue patterns reached about 0.9 on the documents they were tuned on and 0.6 / 0.4
on each next set of documents: every document brings wordings no pattern has. A statistical
model reads the words around a phrase instead ("for" before it, "Side effects" above it, "can"
and a verb before it), so a wording it was not shown can still resemble one it was.

Each sentence is cut into candidate phrases: runs of words between punctuation and function
words, and the shorter endings of each run ("severe liver problems", "liver problems"). Each
candidate gets sparse features (its words, the words before and after it, the sentence's other
words, the heading and lead-in above it) and a multinomial logistic regression gives the
probability of each predicate and of none. The weights are trained by
`scripts/train_relation_model.py` on the curated claims of the development sets and ship in the
package as `relation_model.json`: nothing is downloaded, and scoring needs no library.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .lexicon import normalise_word
from .text import Sentence

MODEL_FILE = Path(__file__).with_name("relation_model.json")
NONE = "none"
MAX_WORDS = 5
"""The longest candidate phrase: object names are short."""

_WORD = re.compile(r"[0-9A-Za-zÀ-ɏ]+(?:[-'’][0-9A-Za-zÀ-ɏ]+)*")
_BREAK = re.compile(r"[,;:.!?()\[\]\"“”/]|\s[-–—]\s")
STOP = frozenset("""
a an the and or nor but so yet of to for with without by in on at as from into onto about than
then if when while because although though unless until since before after during over under
between against within through is are was were be been am do does did done have has had
having can could may might must shall should will would not no never it its it's this that these
those they them their there here he she his her we our us you your i which who whom whose what
where how why some any all each every many much more most less least few several other another
such also even only just very too still often usually sometimes rarely occasionally commonly
generally normally typically frequently again already quite rather well however including
include includes included like especially particularly e g i e etc up down out off per one
together alongside along around across away instead now far soon later ever else both either
neither whether via won't can't don't doesn't isn't aren't wasn't shouldn't wouldn't couldn't
didn't cannot take takes taken taking took give gives given giving use uses used using prescribe
prescribed help helps helped make makes made get gets got need needs start started stop stopped
keep see seen unlike tend tends settle settles last lasts happen happens occur occurs pass passes
persist persists improve improves
""".split())
"""Words that end a candidate phrase: function words, auxiliaries, pronouns, the verbs that say
how a drug is used and those that say how an effect goes ("headaches tend to settle"), which
name no object."""


@dataclass(frozen=True)
class Candidate:
    """A phrase of a sentence that may be the object of a claim about the document's drug."""

    start: int
    end: int


def candidates(text: str, sentence: Sentence, protected: list[tuple[int, int]]) -> list[Candidate]:
    """The runs of content words of a sentence and their endings, at most MAX_WORDS long, and
    each protected span (a lexicon mention: "alcohol withdrawal syndrome"), which no function
    word or punctuation cuts."""
    words = [(m.start(), m.end()) for m in _WORD.finditer(text, sentence.start, sentence.end)]
    runs: list[list[tuple[int, int]]] = [[]]
    for i, (start, end) in enumerate(words):
        within = any(a < start and end <= b for a, b in protected)
        stop = text[start:end].lower() in STOP and not within
        broken = i > 0 and not within and _BREAK.search(text, words[i - 1][1], start) is not None
        if stop or broken:
            runs.append([])
        if not stop:
            runs[-1].append((start, end))
    found = {Candidate(run[i][0], run[-1][1]) for run in runs for i in range(len(run))
             if len(run) - i <= MAX_WORDS}
    found |= {Candidate(a, b) for a, b in protected if sentence.start <= a and b <= sentence.end}
    return sorted(found, key=lambda c: (c.start, c.end))


def _norms(text: str, start: int, end: int, drugs: list[tuple[int, int]]) -> list[str]:
    """The words of text[start:end] as the features read them, any drug's name as DRUG."""
    out = []
    for m in _WORD.finditer(text, start, end):
        if any(a <= m.start() < b for a, b in drugs):
            if not out or out[-1] != "DRUG":
                out.append("DRUG")
        else:
            out.append(normalise_word(m.group()))
    return out


def features(text: str, sentence: Sentence, candidate: Candidate, drugs: list[tuple[int, int]],
             before_it: Sentence | None = None, sections: tuple[str, ...] = (),
             kinds: tuple[str, ...] = ()) -> list[str]:
    """The sparse features of a candidate in its sentence: what the phrase is, what stands
    before and after it, and what the sentence, its lead-in, its heading and the sentence
    before it (before the lead-in, for a list item) are about; sections are the kinds of
    section ("lead:treats", "heading:hasSideEffect") its lead-in and heading name, a feature
    that carries to headings worded as no training document words them; kinds are those of
    the lexicon's entities the whole phrase names ("condition")."""
    own = _norms(text, candidate.start, candidate.end, [])
    before = _norms(text, sentence.start, candidate.start, drugs)
    after = _norms(text, candidate.end, sentence.end, drugs)
    found = [f"w:{w}" for w in own]
    found += [f"first:{own[0]}", f"last:{own[-1]}", f"suffix:{own[-1][-3:]}", f"len:{min(len(own), 4)}"]
    if text[candidate.start].isupper():
        found.append("capital")
    found += [f"b{i}:{w}" for i, w in enumerate(reversed(before[-3:]), 1)]
    if len(before) >= 2:
        found.append(f"bb:{before[-2]}_{before[-1]}")
    found += [f"a{i}:{w}" for i, w in enumerate(after[:2], 1)]
    found += sorted({f"s:{w}" for w in before + after})
    found += sorted({f"sb:{w}" for w in before[-8:]})
    found += sorted({f"sa:{w}" for w in after[:8]})
    if not before:
        found.append("opens")
    if "DRUG" in before:
        found.append("drug_before")
    if sentence.kind == "item":
        found.append("item")
    for name, context in (("lead", sentence.lead), ("heading", heading_of(sentence)), ("prev", before_it)):
        if context is not None and context is not sentence:
            found += sorted({f"{name}:{w}" for w in _norms(text, context.start, context.end, drugs)})
    found += [f"section:{s}" for s in sections]
    found += [f"known:{k}" for k in kinds]
    return found


def heading_of(sentence: Sentence) -> Sentence | None:
    """The heading the sentence stands under, through its lead-in."""
    lead = sentence.lead
    while lead is not None and not lead.is_heading:
        lead = lead.lead
    return lead


@dataclass(frozen=True)
class Model:
    """A multinomial logistic regression: per feature, one weight per label."""

    labels: tuple[str, ...]
    bias: tuple[float, ...]
    weights: dict[str, tuple[float, ...]]

    def probabilities(self, found: list[str]) -> dict[str, float]:
        scores = list(self.bias)
        for feature in found:
            for i, w in enumerate(self.weights.get(feature, ())):
                scores[i] += w
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return {label: e / total for label, e in zip(self.labels, exps)}


@cache
def load_model(path: Path = MODEL_FILE) -> Model:
    """The model in a JSON file written by scripts/train_relation_model.py (default: the one
    the package ships)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return Model(tuple(data["labels"]), tuple(data["bias"]),
                 {f: tuple(w) for f, w in data["weights"].items()})
