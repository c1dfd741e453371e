"""From a source text to draft claims (`drugfacts extract`), for a curator to review.

    sentences → mentions (lexicon) → cues (cues.yaml) → subject, objects, polarity, hedge
              → the shortest quote → a score → Turtle drafts with df:curationStatus df:Draft

The cue patterns are data (cues.yaml), one entry a predicate; this module only applies them.
Beside them a learned model (relations.py) reads each candidate phrase of a sentence, and a
phrase it gives a core predicate at least LEARNED_THRESHOLD becomes a draft where no cue found
that object: the cues for precision, the model for the wordings they lack. An
object the lexicon does not know is proposed as a candidate new entity, named from the text, so
a document about a drug the graph has never seen still gives drafts. Every quote is a span of
the text itself, so it is verbatim by construction.

Plain regular expressions over sentences with character offsets, not spaCy: a blank spaCy
pipeline has no tagger or parser, so its Matcher would match the same token sequences as these
expressions do, at the price of a 300 MB install and a second tokenisation to map back to
character offsets (measured: see the README).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

import yaml
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS, XSD

from .doses import Dose, parse_doses
from .drafts import ClaimRecord, draft_file
from .errors import DataError
from .lexicon import Entry, Lexicon, Token, normalise_word, project_lexicon, tokenize
from .load import new_graph, parse_turtle
from .project import DRAFT_SUFFIX, Project
from .relations import NONE, STOP, Candidate, Model, candidates, features, heading_of, load_model
from .sources import SourceText
from .text import Sentence, decode, looks_english, read_document, sentences
from .vocab import BASE, DF, KINDS, slugify

CUES_FILE = Path(__file__).with_name("cues.yaml")
KNOWN, CANDIDATE = 1.0, 0.7
EXPLICIT, PRONOUN, IMPLICIT = 1.0, 0.95, 0.85
HEADING_WEIGHT = 0.8
MAX_TEXT = 2_000_000
MAX_QUOTES = 5
"""A claim a long text makes again and again keeps its first five quotes."""
LEARNED_THRESHOLD = 0.5
"""The least probability of a predicate for which a phrase the cues missed becomes a draft."""
COORDINATED_MIN = 0.2
"""The least probability for a phrase listed beside such a draft's to take its predicate."""
LEARNED_WEIGHT = 0.8
"""A learned draft's score is its probability, times this: cues state a claim more surely."""


_HARMS = ("hasSideEffect", "hasRisk")
"""The predicates of a harm the drug does."""
_CORE = ("treats", *_HARMS, "contraindicatedIn", "drugClass")
"""The core predicates: what an article says of its own drug."""


@dataclass(frozen=True)
class Cue:
    predicate: str
    pattern: re.Pattern[str]
    object_side: str
    weight: float
    implies: str | None
    subject_kinds: tuple[str, ...]
    implicit: bool
    negative: bool


@dataclass(frozen=True)
class Predicate:
    name: str
    range: tuple[str, ...]
    cues: tuple[Cue, ...]
    headings: re.Pattern[str] | None
    becomes: tuple[tuple[str, re.Pattern[str]], ...]


@dataclass(frozen=True)
class Rules:
    predicates: tuple[Predicate, ...]
    words: dict[str, re.Pattern[str]]
    hedges: tuple[str, ...]
    feelings: dict[str, str]
    plain_names: dict[str, tuple[str, ...]]
    measure_changes: dict[str, tuple[str, ...]]

    def predicate(self, name: str) -> Predicate:
        return next(p for p in self.predicates if p.name == name)


def _words(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-])(?:{pattern})(?![\w-])", re.IGNORECASE)


_RAW = ("clause_end", "list_separator", "object_prefix", "object_suffix", "class_suffix", "who_clause",
        "two_word_name")
"""Word lists that are whole expressions, not alternatives of words."""


def _harmful_changes(measure_changes: dict[str, list[str]], also_treated: list[str]) -> str:
    """The alternation of the measures whose change a side-effect cue reads, longest first."""
    unknown = set(also_treated) - set(measure_changes)
    if unknown:
        raise ValueError(f"cues.yaml: measures_also_treated names no measure of measure_changes: {sorted(unknown)}")
    harmful = sorted(set(measure_changes) - set(also_treated), key=lambda m: (-len(m), m))
    return "(?:" + "|".join(re.escape(m).replace(r"\ ", " ") for m in harmful) + ")"


@cache
def load_rules(path: Path = CUES_FILE) -> Rules:
    """The cue patterns and shared word lists of cues.yaml, compiled."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    harmful_change = _harmful_changes(data["measure_changes"], data["measures_also_treated"])
    words = {name: (re.compile(value, re.IGNORECASE) if name in _RAW else _words(value))
             for name, value in data["words"].items() if isinstance(value, str)}
    predicates = []
    for name, spec in data["predicates"].items():
        cues = tuple(Cue(name, _words(c["pattern"].replace("{harmful_change}", harmful_change)),
                         c.get("object", "after"),
                         float(c.get("weight", 0.8)), c.get("implies"),
                         tuple(c.get("subject_kinds", ("drug", "drugclass"))),
                         bool(c.get("implicit", False)), bool(c.get("negative", False)))
                     for c in spec["cues"])
        predicates.append(Predicate(
            name, tuple(spec["range"]), cues,
            _words(spec["headings"]) if spec.get("headings") else None,
            tuple((target, _words(p)) for target, p in spec.get("becomes", {}).items())))
    return Rules(tuple(predicates), words, tuple(data["words"]["hedges"]), dict(data["feelings"]),
                 {plain: (names,) if isinstance(names, str) else tuple(names)
                  for plain, names in data["plain_names"].items()},
                 {measure: tuple(names) for measure, names in data["measure_changes"].items()})


# --- what a draft says -------------------------------------------------------------------------

@dataclass(frozen=True)
class Thing:
    """A subject or object: an entity of the lexicon, or a candidate new one named from the text."""

    iri: str
    label: str
    kind: str
    known: bool
    alt_labels: tuple[str, ...] = ()
    dose: Dose | None = None
    route: Thing | None = None
    vocabulary_id: str | None = None
    """For a candidate named by a term of a user's vocabulary: that term's identifier."""

    @classmethod
    def of(cls, entry: Entry) -> Thing:
        """The project's entity; a vocabulary's term (HP:0002315) is not one, so it becomes a
        candidate new entity under the term's name, which `drugfacts link` can map back to it."""
        if entry.iri.startswith(BASE):
            return cls(entry.iri, entry.label, entry.kind, True)
        name = entry.label if entry.label[1:2].isupper() else entry.label[:1].lower() + entry.label[1:]
        return replace(cls.new(entry.kind, name), vocabulary_id=entry.iri)

    @classmethod
    def new(cls, kind: str, label: str, alt_labels: tuple[str, ...] = ()) -> Thing:
        label = " ".join(label.split())
        return cls(str(KINDS[kind].namespace[slugify(label)]), label, kind, False, alt_labels)


@dataclass
class DraftClaim:
    subject: Thing
    predicate: str
    object: Thing
    spans: list[tuple[int, int]]
    score: float
    negated: bool = False
    hedge: str | None = None
    qualifiers: list[str] = field(default_factory=list)

    @property
    def key(self) -> tuple[str, str, str]:
        return self.subject.iri, self.predicate, self.object.iri


@dataclass
class Extraction:
    text: str
    claims: list[DraftClaim]
    main_drug: Thing | None
    warnings: list[str] = field(default_factory=list)

    def candidates(self) -> list[Thing]:
        """The new entities the drafts use, each once."""
        seen: dict[str, Thing] = {}
        for claim in self.claims:
            for thing in (claim.subject, claim.object, claim.object.route):
                if thing is not None and not thing.known and thing.iri not in seen:
                    seen[thing.iri] = thing
        return list(seen.values())


# --- the document's drug -----------------------------------------------------------------------

@dataclass
class DrugWords:
    """The drug names of one document: the lexicon's, and words that look like drug names."""

    lexicon: Lexicon
    words: dict[str, Thing]
    main: Thing | None
    combination: re.Pattern[str] | None = None
    """How the text names the main drug when it is a combination of two ("X with Y")."""

    def in_span(self, text: str, start: int, end: int, kinds: tuple[str, ...]
                ) -> list[tuple[int, int, Thing]]:
        found = []
        if self.combination is not None and self.main is not None and "drug" in kinds:
            found += [(m.start(), m.end(), self.main) for m in self.combination.finditer(text, start, end)]
        for mention in self.lexicon.mentions(text, start, end):
            if any(s <= mention.start < e for s, e, _ in found):
                continue
            entry = mention.of_kind(kinds)
            if entry is not None:
                found.append((mention.start, mention.end, Thing.of(entry)))
        taken = [(s, e) for s, e, _ in found]
        if "drug" in kinds:
            for token in tokenize(text, start, end):
                thing = self.words.get(token.norm)
                if thing and not any(s <= token.start < e for s, e in taken):
                    # "bempedoic acid": a name of two words covers both
                    span = (token.start, min(end, _label_end(text, token, thing.label) or token.end))
                    found.append((*span, thing))
                    taken.append(span)
        return sorted(found, key=lambda f: f[0])


def drug_words(text: str, sents: list[Sentence], lexicon: Lexicon, rules: Rules) -> DrugWords:
    """Find the document's drugs, known or not, and its main drug: the one its title names (one
    of the headings that open it, document_titles), else the one named most often; where no
    drug is in the title, the title's word the text repeats most, if more often than any drug,
    so that a document is not left to another drug it names for want of a known name. A name of
    two words ("alendronic acid", "ferrous fumarate") is found by its first."""
    frequency = Counter(t.norm for t in tokenize(text))
    treated = {normalise_word(m.group(1)) for m in _TREATED.finditer(text)}
    words: dict[str, Thing] = {}
    for sentence in sents:
        for token in tokenize(text, sentence.start, sentence.end):
            word = text[token.start:token.end]
            if token.norm in treated and not rules.words["drug_stems"].fullmatch(word):
                continue  # "used to treat oedema … Oedema is often caused by": a condition
            if token.norm not in words and _looks_like_drug(word, token, text, sentence, lexicon, rules, frequency):
                words[token.norm] = Thing.new("drug", text[token.start:_name_end(text, token, rules)].lower())
    found = DrugWords(lexicon, words, None)
    titles = document_titles(text, sents)
    counts: Counter[str] = Counter()
    things: dict[str, Thing] = {}
    titled: set[str] = set()
    after_for: set[str] = set()
    aliases: dict[str, Thing] = {}
    for sentence in sents:
        in_title = any(sentence is title for title in titles)
        mentions = found.in_span(text, sentence.start, sentence.end, ("drug",))
        if in_title:
            aliases |= _bracketed_aliases(text, mentions)
        for start, _, thing in mentions:
            counts[thing.iri] += 1
            things[thing.iri] = thing
            if in_title and thing.iri not in aliases:
                (after_for if start >= _what_for(text, sentence) else titled).add(thing.iri)
    # a drug the title names comes first, then the one named most often, then the one the
    # lexicon knows, then the one named first
    main = max(things.values(), key=lambda thing: (thing.iri in titled, counts[thing.iri], thing.known),
               default=None)
    for word, thing in list(words.items()):
        if main is not None and aliases.get(thing.iri) == main:
            words[word] = main
    # a drug the title does not name yields to a title word the text repeats more often
    # ("Icosapent ethyl", whose text also names warfarin)
    named = _title_drug(text, titles, lexicon, rules, frequency) if main is None or main.iri not in titled else None
    if named is not None and (main is None or frequency[named.norm] > counts[main.iri] or main.iri in after_for):
        main = words[named.norm] = Thing.new("drug", _title_name(text, named, titles, rules))
    if main is not None and not main.known:
        main = _spelled_out(text, titles, main, words) or _named_in_full(text, titles, main, words, rules)
        _last_word_alone(main, words)
    opening = next((s for s in sents if not s.is_heading), None)
    if main is not None and (named := _named_before_its_brand(text, titles, main, rules)
                             or _named_as_the_opening_subject(text, titles, opening, main, rules)) is not None:
        main = _renamed(words, main, named)
    if (named := _named_beside_its_brand(text, [*titles, *([opening] if opening else [])], main, rules)) is not None:
        main = _renamed(words, main, named)
    combination = None
    if (named_together := _combination(text, titles, found, rules)) is not None:
        combination, name = named_together
        main = Thing.new("drug", name)
    return DrugWords(lexicon, words, main, combination)


def _renamed(words: dict[str, Thing], main: Thing, named: Thing) -> Thing:
    """The drug's better name, which every word that named it now names."""
    for word, thing in list(words.items()):
        if thing == main:
            words[word] = named
    return named


def _bracketed_aliases(text: str, mentions: list[tuple[int, int, Thing]]) -> dict[str, Thing]:
    """"Phenoxymethylpenicillin (Penicillin VK) for sore throat": a drug's name in brackets right
    after another's in a title is another name of that drug, not a drug of its own, however
    often the text writes it. An abbreviation is not: it spells out more than the name before
    it ("Low molecular weight heparin (LMWH)")."""
    return {alias.iri: thing for (_, end, thing), (start, alias_end, alias) in zip(mentions, mentions[1:])
            if alias != thing and _OPENING_BRACKET.fullmatch(text, end, start)
            and not text[start:alias_end].isupper()}


_OPENING_BRACKET = re.compile(r"\s*\(\s*")


def document_titles(text: str, sents: list[Sentence]) -> list[Sentence]:
    """The headings that open the document, before its first sentence of text or lead-in
    ("Uses include:"): its title, and the site's name or a section heading a web page puts with
    it, but not a skip link ("Skip to main content") or a breadcrumb trail ("Home > Medicines"),
    which name no drug of its."""
    found = []
    for sentence in sents:
        if not sentence.is_heading or sentence.text.rstrip().endswith(":"):
            break
        if not _PAGE_FURNITURE.match(text, sentence.start, sentence.end):
            found.append(sentence)
    return found[:_MOST_TITLES]


_PAGE_FURNITURE = re.compile(r"\s*(?:skip (?:to|navigation)\b|home\s*[>/›»|])", re.IGNORECASE)
_MOST_TITLES = 4


def _named_beside_its_brand(text: str, lines: list[Sentence], main: Thing | None, rules: Rules) -> Thing | None:
    """"Tick-borne encephalitis vaccine (TicoVac)", "Eurartesim (dihydroartemisinin and
    piperaquine) for malaria", "CroFab (crotalidae polyvalent immune fab) is an antivenom": a
    title or the text's first sentence that writes the brand taken for the document's drug beside
    the drug's name in brackets names the drug by that name: a vaccine or an immunoglobulin before
    the brand's brackets, or the drug (or the two of a combination) in brackets after a brand that
    the text always writes with a capital."""
    if main is None:
        return None
    for line in lines:
        found = _TITLED_VACCINE.match(text, line.start, line.end)
        if found is not None and main.label == found.group(2).lower():
            return Thing.new("drug", " ".join(found.group(1).lower().split()))
        found = _BRAND_THEN_NAME.match(text, line.start, line.end)
        if (found is not None and main.label == found.group(1).lower()
                and not re.search(rf"\b{re.escape(main.label)}\b", text)
                and _names_a_drug(found.group(2).split(), rules)):
            return Thing.new("drug", " ".join(found.group(2).split()))
    return None


def _named_before_its_brand(text: str, titles: list[Sentence], main: Thing, rules: Rules) -> Thing | None:
    """"Inosine pranobex (Imunovir) for herpes": a main drug found only as the brand in brackets
    after the title's first words, which the text names as a brand ("sold as Imunovir"), yields to
    those words, when they may name a drug and the text writes them again."""
    if main.known:
        return None
    brand = re.escape(main.label)
    named_as_brand = re.compile(rf"[\s:,]*(?:[A-Z][\w-]*[\s,]+){{0,3}}?({brand})\b", re.IGNORECASE)
    cues = [m for m in _product_cues(text, rules)
            if (found := named_as_brand.match(text, m.end())) and found.group(1)[0].isupper()]
    if not cues:
        return None
    for title in titles:
        found = re.match(rf"\s*((?:[A-Za-z][\w'’-]*\s+){{0,3}}[A-Za-z][\w'’-]*)\s*\(\s*{brand}\s*\)",
                         text[title.start:title.end], re.IGNORECASE)
        if found is None or not _names_a_drug(found.group(1).lower().split(), rules):
            continue
        last = re.escape(found.group(1).split()[-1])
        # "Peanut (Arachis hypogaea) allergen powder, sold as Palforzia": the brand is given as the
        # other name of the words that end the title's name
        sold_as_it = any(re.search(rf"\b{last}\W*$", text[max(0, m.start() - 40):m.start()], re.IGNORECASE)
                         for m in cues)
        if sold_as_it or _times_written(text, title.start + found.start(1), title.start + found.end(1)) >= 3:
            return Thing.new("drug", " ".join(found.group(1).lower().split()))
    return None


def _named_as_the_opening_subject(text: str, titles: list[Sentence], opening: Sentence | None, main: Thing,
                                  rules: Rules) -> Thing | None:
    """"Potassium sodium hydrogen citrate (Uralyt-U) for kidney stones. Potassium sodium hydrogen
    citrate is an alkalinising medicine": the title's name that the text's first sentence takes
    as its subject is the drug's name, when it starts with the main drug's and its other words
    are no dosage form or general word (a salt of four words, "Recombinant zoster vaccine"), nor
    only the salt of a drug's name ("Clobetasone butyrate" stays clobetasone); or when it ends
    with the main drug's and the words before are no such word nor a route ("Esterified
    estrogens", "Pine bark extract"; "Oral zorbitol" stays zorbitol)."""
    if opening is None or main.known:
        return None
    first = main.label.split()
    for title in titles:
        name = _TITLE_NAME.match(text, title.start, _what_for(text, title))
        if name is None:
            continue
        words = name.group(1).split()
        while words and words[0].lower() in STOP:
            words = words[1:]  # "What is esterified estrogens (Menest)?"
        lowered = [w.lower() for w in words]
        if lowered[:len(first)] == first:
            extra = words[len(first):]
            unfit = (all(_SALT_OR_ESTER.search(w) or rules.words["salts"].fullmatch(w) for w in extra)
                     and not rules.words["salts"].fullmatch(first[0]))
        elif lowered[-len(first):] == first:
            extra = words[:-len(first)]
            unfit = any(rules.words["not_class_modifier"].fullmatch(w) for w in lowered[:len(extra)])
        else:
            continue
        if (extra and not unfit
                and not any(rules.words[kind].fullmatch(w) for w in extra for kind in _NOT_IN_A_LONGER_NAME)
                and re.match(r"\s+".join(map(re.escape, words)) + _AS_A_SUBJECT, text[opening.start:opening.end],
                             re.IGNORECASE)):
            return Thing.new("drug", " ".join(words).lower())
    return None


_TITLE_NAME = re.compile(r"\s*([A-Za-z][\w-]*(?:[ \t]+[A-Za-z][\w-]*){1,4})(?=\s*(?:\(|:|$))")
_SALT_OR_ESTER = re.compile(r"\w{3,}ate$", re.IGNORECASE)
"""A salt's or an ester's word: "butyrate", "propionate", "valerate"."""
_AS_A_SUBJECT = r"\s+(?:is|are|was|contains|combines|belongs|works)\b"
_NOT_IN_A_LONGER_NAME = ("not_in_name", "generic", "dosage_forms", "population", "body_parts", "not_a_condition")


def _product_cues(text: str, rules: Rules) -> list[re.Match[str]]:
    """Where the text says what a brand is ("sold as", "brand names include")."""
    return [m for cue in rules.predicate("hasProduct").cues for m in cue.pattern.finditer(text)]


def _names_a_drug(words: list[str], rules: Rules) -> bool:
    """Words that may all name a drug, or two joined by "and" or "with" (a combination)."""
    joined = [i for i, word in enumerate(words) if word in ("and", "with")]
    names = [word for i, word in enumerate(words) if i not in joined]
    return (all(0 < i < len(words) - 1 for i in joined) and len(joined) <= 1
            and all(_may_name_a_drug(word, rules) for word in names))


_TITLED_VACCINE = re.compile(r"((?:[A-Za-z][\w'’-]*\s+){1,4}?(?:vaccine|immunoglobulin))\s*\(\s*([^()]+?)\s*\)",
                             re.IGNORECASE)
_BRAND_THEN_NAME = re.compile(r"([A-Z][\w-]+)\s*\(\s*([a-z][a-z-]{3,}(?:\s+[a-z][a-z-]{2,}){0,3})\s*\)")


_TREATED = re.compile(r"\btreat(?:s|ing|ment of)?\s+(?:the\s+)?([A-Za-z][\w-]+)", re.IGNORECASE)


def _spelled_out(text: str, titles: list[Sentence], main: Thing, words: dict[str, Thing]) -> Thing | None:
    """"Varicella zoster immunoglobulin (VZIG)", "Dimethyl sulfoxide (DMSO) is …": a drug the text
    names by an abbreviation, which the title or a later line spells out before it the first time
    it stands in parentheses, is named by the words whose initials the abbreviation takes, with
    the abbreviation as another name."""
    if not titles:
        return None
    found = re.compile(rf"\(\s*({re.escape(main.label)})\s*\)", re.IGNORECASE).search(text, titles[0].start)
    if found is None or sum(c.isupper() for c in found.group(1)) < 2:
        return None  # "Leflunomide (Arava)": a brand, no abbreviation
    line = text.rfind("\n", 0, found.start()) + 1
    spelled = _initials_of(re.findall(r"[A-Za-z][\w'’-]*", text[line:found.start()]), found.group(1).lower())
    if not spelled:
        return None
    named = Thing.new("drug", " ".join(spelled).lower(), (found.group(1),))
    for word, thing in list(words.items()):
        if thing == main:
            words[word] = named
    words[normalise_word(spelled[0])] = named
    return named


def _initials_of(words: list[str], abbreviation: str) -> list[str]:
    """The last words whose initials the abbreviation takes in order, starting with its first
    letter ("low molecular weight heparin" for "lmwh"); none if they do not."""
    at, taken = len(abbreviation), []
    for word in reversed(words):
        at = abbreviation.rfind(word[0].lower(), 0, at)
        if at < 0:
            break
        taken.insert(0, word)
        if at == 0:
            return taken if len(taken) >= 2 else []
    return []


def _named_in_full(text: str, titles: list[Sentence], main: Thing, words: dict[str, Thing],
                   rules: Rules) -> Thing:
    """"Rabies vaccine", "Silver sulfadiazine cream": a title that names the found drug's word
    with more words (a vaccine or an immunoglobulin by its disease, or a name of two words,
    "Strontium ranelate")
    names the document's drug by all of them, wherever the text uses the word alone."""
    tokens = [t for title in titles for t in tokenize(text, title.start, title.end)]
    at = next((i for i, t in enumerate(tokens) if words.get(t.norm) == main), None)
    if at is None:
        return main
    token = tokens[at]
    end = max(_label_end(text, token, main.label) or 0, _name_end(text, token, rules))
    product = re.match(r"\s+(vaccines?|immunoglobulins?)\b", text[end:], re.IGNORECASE)
    label = (f"{main.label} {_singular(product.group(1).lower())}" if product
             else " ".join(text[token.start:end].lower().split()))
    before = _name_end(text, tokens[at - 1], rules) if at > 0 else 0
    after = tokens[at + 1] if at + 1 < len(tokens) and end <= token.end else None
    if before >= token.end:
        # "Benzathine benzylpenicillin": the word before the drug's names it with it
        label = " ".join(text[tokens[at - 1].start:before].lower().split())
    elif at > 0 and _named_together(text, tokens[at - 1], token, token, rules):
        label = " ".join(text[tokens[at - 1].start:end].lower().split())
    elif (after is not None and not rules.words["salts"].fullmatch(text[after.start:after.end])
          and _named_together(text, token, after, token, rules)):
        # "Strontium ranelate", though "Strontium is a chemical element"; a salt is no part of
        # the name ("Trospium chloride" is trospium)
        label = " ".join(text[token.start:after.end].lower().split())
    elif not label.startswith(f"{main.label} "):
        return main
    named = Thing.new("drug", label)
    for word, thing in list(words.items()):
        if thing == main:
            words[word] = named
    return named


def _label_end(text: str, token: Token, label: str) -> int | None:
    """Where the drug's label, written from the token on, ends in the text ("hepatitis b" in
    "Hepatitis B vaccine"); None where the text words it otherwise."""
    words = r"\s+".join(re.escape(word) for word in label.split())
    found = re.compile(rf"{words}(?![\w-])", re.IGNORECASE).match(text, token.start)
    return found.end() if found else None


def _named_together(text: str, first: Token, second: Token, drug: Token, rules: Rules) -> bool:
    """"Iron sucrose", "Desiccated thyroid", "Strontium ranelate": two title words written next to
    each other, one of them the drug's, name it together when the other may name a drug and the
    text writes them together at least twice, and either in at least half the places it writes
    the drug's word or at the start of two sentences after the title ("Desiccated thyroid is
    used to treat …", where "thyroid" alone also names the gland)."""
    other = first if drug is second else second
    if text[first.end:second.start].strip() or not (
            _may_name_a_drug(text[other.start:other.end], rules)
            or other is first and _salted(text[first.start:first.end], text[second.start:second.end], rules)):
        return False
    pair = rf"{re.escape(text[first.start:first.end])}\s+{re.escape(text[second.start:second.end])}\b"
    together = len(re.findall(rf"\b{pair}", text, re.IGNORECASE))
    alone = _times_written(text, drug.start, drug.end)
    opening = len(re.findall(rf"(?:^|[.!?]\s+){pair}", text[drug.end:], re.IGNORECASE | re.MULTILINE))
    return together >= 2 and (2 * together >= alone or opening >= 2)


def _salted(word: str, salt: str, rules: Rules) -> bool:
    """A word that ends as class words do ("-oid", "steroid") before a salt's word ("mesylate",
    "mesylates"): a class has no salt, so it names a drug ("Ergoloid mesylates")."""
    return (rules.words["class_heads"].fullmatch(word) is not None
            and rules.words["salts"].fullmatch(salt.removesuffix("s")) is not None)


def _last_word_alone(main: Thing, words: dict[str, Thing]) -> None:
    """"Silver sulfadiazine … sulfadiazine absorbed through the wound": the last word of the
    document's drug's name of two words, used alone, names the drug too."""
    name = tokenize(main.label)
    if len(name) == 2 and name[1].norm in words:
        words[name[1].norm] = main


def _combination(text: str, titles: list[Sentence], drugs: DrugWords, rules: Rules
                 ) -> tuple[re.Pattern[str], str] | None:
    """How the text names a tablet of two drugs, and its name as the title words it, when the
    title names one ("Doxylamine and pyridoxine for sickness in pregnancy") and the text names
    it so again: a drug and the word joined to it by "and", "with", "plus" or "/", in any of
    those wordings."""
    for title in titles:
        for start, end, _ in drugs.in_span(text, title.start, title.end, ("drug",)):
            joined = _JOINED_WORD.match(text, end, title.end)
            if joined is None or not _may_name_a_drug(joined.group(1), rules):
                continue
            first, second = re.escape(" ".join(text[start:end].split())), re.escape(joined.group(1))
            pattern = re.compile(rf"\b{first}{_JOINED}{second}\b", re.IGNORECASE)
            if len(pattern.findall(text)) >= 2:
                return pattern, " ".join(text[start:joined.end()].lower().split())
    return None


def _may_name_a_drug(word: str, rules: Rules) -> bool:
    """A word no list of the rules names as something else (a form, class, population, organ)."""
    return word.lower() not in STOP and not any(rules.words[kind].fullmatch(word) for kind in _NOT_A_DRUG_NAME)


_JOINED = r"(?:\s+(?:and|with|plus)\s+|\s*/\s*)"
_JOINED_WORD = re.compile(_JOINED + r"([A-Za-z][\w-]{3,})\b", re.IGNORECASE)


def _title_drug(text: str, titles: list[Sentence], lexicon: Lexicon, rules: Rules,
                frequency: Counter[str]) -> Token | None:
    """The title's word that most likely names the drug, for a document in which no word looks
    like one ("The contraceptive injection (medroxyprogesterone)"): the one the text repeats
    most, of the title's words that no lexicon entry, function word, dosage form, class or
    population names, in the last title that has such words (a site's name, "The Pharmacy
    Counter", comes before the article's)."""
    found: list[Token] = []
    for title in titles:
        end = _what_for(text, title)
        tokens = tokenize(text, title.start, end)
        colon = text.find(":", title.start, end)
        # "Saccharomyces boulardii: a probiotic yeast for …", "Tea tree oil: uses, side effects and
        # warnings": the name is before the colon
        named = [token for token in tokens if colon < 0 or token.end <= colon]
        words = [token for token in tokens
                 if _long_or_capitals(text[token.start:token.end]) and frequency[token.norm] >= 2
                 and not lexicon.lookup(text[token.start:token.end])
                 and _may_name_a_drug(text[token.start:token.end], rules)]
        words = [token for token in words if token in named] or words
        found = words or _short_words_together(text, named, lexicon, rules) or found
    return max(found, key=lambda token: frequency[token.norm], default=None)


def _short_words_together(text: str, tokens: list[Token], lexicon: Lexicon, rules: Rules) -> list[Token]:
    """"Tea tree oil for acne": a title's name of short words, none long enough to name a drug
    alone, names it by all of them when the text writes them together twice more; its first
    word stands for it (_title_name adds the others)."""
    # "What is tea tree oil?"
    while tokens and tokens[0].norm in STOP:
        tokens = tokens[1:]
    names = all(_may_name_a_drug(text[t.start:t.end], rules) and not lexicon.lookup(text[t.start:t.end])
                for t in tokens)
    together = len(tokens) >= 2 and _times_written(text, tokens[0].start, tokens[-1].end) >= 3
    return [tokens[0]] if names and together else []


def _long_or_capitals(word: str) -> bool:
    """A word long enough to name a drug, or an abbreviation in capitals ("BCG vaccine")."""
    return len(word) >= 5 or (len(word) >= 3 and word.isupper())


def _what_for(text: str, title: Sentence) -> int:
    """Where a title's words for what the drug is for begin ("Sodium polystyrene sulfonate
    (Kayexalate) for high potassium"), which name no drug of the document's: the title's end if
    it has none."""
    found = _FOR.search(text, title.start, title.end)
    return found.start() if found else title.end


_FOR = re.compile(r"(?<=\S)\s+(?:for|to (?:treat|prevent|stop|ease|relieve))\s", re.IGNORECASE)


def _title_name(text: str, token: Token, titles: list[Sentence], rules: Rules) -> str:
    """The drug's name that starts at a title's word: with the title's next words while the text
    names them so again ("Pentosan polysulfate sodium for bladder pain syndrome"), and with a
    dosage form the text never leaves out of the name ("Phosphorated carbohydrate solution")."""
    title = next(t for t in titles if t.start <= token.start < t.end)
    end = _name_end(text, token, rules)
    while (word := _NEXT_WORD.match(text, end, title.end)) is not None:
        times, times_longer = _times_written(text, token.start, end), _times_written(text, token.start, word.end())
        names = _may_name_a_drug(word.group(1), rules) or _LETTER_OR_NUMBER.fullmatch(word.group(1))
        always_there = rules.words["dosage_forms"].fullmatch(word.group(1)) and times_longer == times
        if not (names or always_there) or times_longer < 2:
            break
        end = word.end()
    return " ".join(text[token.start:end].lower().split())


def _times_written(text: str, start: int, end: int) -> int:
    """How many times the text writes the words between start and end, in any case."""
    words = " ".join(text[start:end].split())
    return len(re.findall(rf"\b{re.escape(words)}\b", text, re.IGNORECASE))


_NEXT_WORD = re.compile(r"[ \t]+([A-Za-z0-9][\w'’-]*)")
_LETTER_OR_NUMBER = re.compile(r"[A-Z]|\d+")
"""A word of a name that no list would take as one: "Hepatitis B", "Botulinum toxin type A"."""


_NOT_A_DRUG_NAME = ("not_drug", "not_in_name", "generic", "dosage_forms", "class_heads", "population",
                    "body_parts", "not_a_condition")


def _looks_like_drug(word: str, token, text: str, sentence: Sentence, lexicon: Lexicon,
                     rules: Rules, frequency: Counter[str]) -> bool:
    if lexicon.lookup(word) or rules.words["not_drug"].fullmatch(word) or len(word) < 4:
        return False
    if rules.words["drug_stems"].fullmatch(word):
        return True
    if re.fullmatch(r"\w+ing", word, re.IGNORECASE):
        return False  # "Bleeding is the most common side effect": a gerund names no drug
    at_start = token.start == sentence.start or text[sentence.start:token.start].strip() in ("",)
    name_end = _name_end(text, token, rules)
    salt = _SALT_AFTER.match(text, name_end)
    if salt and rules.words["salts"].fullmatch(salt.group(1)):
        name_end = salt.end()
    after = text[name_end:name_end + 60]
    stands_as_subject = at_start and word[0].isupper() and re.match(
        r"(?:\s+\([^)]{1,30}\))?(?:,\s+(?:also |often )?(?:called|known as) [\w-]+,)?"
        r"(?:,\s+sold as\b|\s+(?:is|was|belongs|works|acts|can|may|should|"
        r"must|comes|reduces|relieves|boosts|increases|helps|lowers)\b|\s*:)", after, re.IGNORECASE)
    return bool(stands_as_subject) and frequency[token.norm] >= 3


_SALT_AFTER = re.compile(r"[ \t]+(\w+)")


def _name_end(text: str, token, rules: Rules) -> int:
    """Where the drug name that starts with `token` ends: after its second word if it is a name
    of two ("ferrous fumarate", "alendronic acid")."""
    match = rules.words["two_word_name"].match(text, token.start)
    return match.end() if match and match.end() > token.end else token.end


# --- extraction --------------------------------------------------------------------------------

def extract(text: str, lexicon: Lexicon, rules: Rules | None = None, model: Model | None = None
            ) -> Extraction:
    """Draft claims for every cue the text's sentences match, and for every phrase the learned
    model reads as a claim where no cue found one, merged by (subject, predicate, object) with
    all their quotes."""
    if len(text) > MAX_TEXT:
        raise DataError(f"the text has {len(text):,} characters; extraction reads at most "
                        f"{MAX_TEXT:,} at once: split the document")
    rules = rules or load_rules()
    model = model or load_model()
    sents = sentences(text)
    warnings = [] if looks_english(text) else [(
        "the text does not look like English: the cue patterns are English, so few or no "
        "claims will be found")]
    drugs = drug_words(text, sents, lexicon, rules)
    read = {start: [(c, model.probabilities(f)) for c, f in found]
            for start, found in relation_features(text, sents, drugs, rules).items()}
    found: list[DraftClaim] = []
    # the title, under a web page's skip link and site name too, but not a section's heading
    titles = [sents[0], *(t for t in document_titles(text, sents) if not _names_a_section(t, rules))]
    for sentence in sents:
        if sentence.is_heading and not any(sentence is title for title in titles) and not _LEADS_EXAMPLES.search(sentence.text):
            continue
        claims = _sentence_claims(text, sentence, drugs, rules)
        found.extend(claims)
        if not _under_interactions(sentence, rules):
            found.extend(_learned_claims(text, sentence, read.get(sentence.start, []), claims, drugs,
                                         rules))
    return Extraction(text, _merge(_about_its_drug(_brands_as_the_drug(found, drugs.main), drugs.main)),
                      drugs.main, warnings)


def _about_its_drug(claims: list[DraftClaim], main: Thing | None) -> list[DraftClaim]:
    """An article's core claims are about its own drug: what it says in passing of another drug
    or a class it names ("flumazenil reverses diazepam, a benzodiazepine") is no draft."""
    return [c for c in claims if main is None or c.predicate not in _CORE or c.subject == main]


def _brands_as_the_drug(claims: list[DraftClaim], main: Thing | None) -> list[DraftClaim]:
    """"It comes under the brand name Ofev. Ofev is prescribed for …": a brand of the document's
    drug that the text names as a drug of its own says what the drug does."""
    brands = {c.object.label.lower() for c in claims if c.predicate == "hasProduct" and c.subject == main}
    return [replace(c, subject=main) if c.subject.kind == "drug" and not c.subject.known
            and c.subject.label.lower() in brands else c for c in claims]


Read = tuple[Candidate, list[str]]
"""A candidate phrase and its features."""
Scored = tuple[Candidate, dict[str, float]]
"""A candidate phrase and the model's probability of each predicate (and of none)."""


def relation_features(text: str, sents: list[Sentence], drugs: DrugWords, rules: Rules
                      ) -> dict[int, list[Read]]:
    """The candidate phrases of each sentence (by its start) and their features, as the learned
    model reads them: at extraction and in training (scripts/train_relation_model.py) alike."""
    named: dict[int, list[tuple[int, int]]] = {}

    def drugs_in(sentence: Sentence | None) -> list[tuple[int, int]]:
        if sentence is None:
            return []
        if sentence.start not in named:
            named[sentence.start] = [(s, e) for s, e, _ in drugs.in_span(text, sentence.start, sentence.end, ("drug",))]
        return named[sentence.start]

    read: dict[int, list[Read]] = {}
    index = {s.start: i for i, s in enumerate(sents)}
    for i, sentence in enumerate(sents):
        if sentence.is_heading:
            continue
        anchor = index.get(sentence.lead.start, i) if sentence.kind == "item" and sentence.lead else i
        before_it = sents[anchor - 1] if anchor > 0 else None
        context = [*drugs_in(sentence), *drugs_in(sentence.lead), *drugs_in(heading_of(sentence)),
                   *drugs_in(before_it)]
        mentions = drugs.lexicon.mentions(text, sentence.start, sentence.end)
        protected = [(m.start, m.end) for m in mentions]
        kinds = {(m.start, m.end): tuple(sorted({e.kind for e in m.entries})) for m in mentions}
        sections = _sections(sentence, rules)
        read[sentence.start] = [
            (c, features(text, sentence, c, context, before_it, sections, kinds.get((c.start, c.end), ())))
            for c in candidates(text, sentence, protected)
            if not any(s < c.end and c.start < e for s, e in drugs_in(sentence))]
    return read


def _sections(sentence: Sentence, rules: Rules) -> tuple[str, ...]:
    """The predicates whose headings name the sentence's lead-in and heading, as "lead:treats"
    and "heading:treats"."""
    found = []
    for name, context in (("lead", sentence.lead), ("heading", heading_of(sentence))):
        if context is not None:
            found += [f"{name}:{p.name}" for p in rules.predicates
                      if p.headings and p.headings.search(context.text)]
    return tuple(found)


def _learned_claims(text: str, sentence: Sentence, read: list[Scored], found: list[DraftClaim],
                    drugs: DrugWords, rules: Rules) -> list[DraftClaim]:
    """Claims about the document's drug for the phrases the model reads as objects, best first,
    none overlapping another or naming an object the cues already found in the sentence."""
    if drugs.main is None or _lists_causes(sentence, rules):
        return []
    scored = []
    for candidate, probabilities in read:
        label, p = max(((k, v) for k, v in sorted(probabilities.items()) if k != NONE),
                       key=lambda kv: kv[1])
        if p >= LEARNED_THRESHOLD:
            scored.append((p, candidate, label))
    scored += _coordinated(text, read, scored)
    scored.sort(key=lambda x: (-x[0], x[1].start, x[1].end))
    taken = {c.object.iri for c in found}
    cued = {t.norm for c in found for name in (c.object.label, *c.object.alt_labels) for t in tokenize(name)}
    kept: list[Candidate] = []
    claims = []
    for p, candidate, label in scored:
        if any(k.start < candidate.end and candidate.start < k.end for k in kept):
            continue
        if any(t.norm in cued for t in tokenize(text, candidate.start, candidate.end)):
            continue  # the cues read this phrase already ("urinary tract infections")
        predicate = rules.predicate(label)
        if predicate.name == "contraindicatedIn" and _after_a_caution(text, sentence, candidate, rules):
            continue  # "check with a pharmacist first if you ... are pregnant": to raise first, not ruled out
        if predicate.name in _HARMS and _after_signs(text, sentence, candidate):
            continue
        if predicate.name == "treats" and (_ALONGSIDE.search(text, sentence.start, candidate.start)
                                           or _under_harms(sentence, rules)):
            continue  # "alongside a healthy diet", or under "Side effects": no use of it
        thing = _learned_object(text, candidate, predicate, drugs, rules)
        if thing is None or thing.iri in taken or thing.iri == drugs.main.iri:
            continue
        kept.append(candidate)
        taken.add(thing.iri)
        quote = _balanced(text, sentence.lead.start if sentence.kind == "item" and sentence.lead
                          else sentence.start, max(candidate.end, sentence.end), sentence)
        # "do not take it if you have ...": a contraindication is worded with a negation
        clause = _clause_start(text, sentence.start, candidate.start)
        negated = predicate.name != "contraindicatedIn" and _denies(text, (clause, candidate.start), rules)
        if negated and predicate.name in _HARMS and not _HARM_DENIED.search(text, clause, candidate.start):
            negated = False  # "cannot move or speak … (sleep paralysis)": the negation describes the harm
        if negated and predicate.name == "treats" and _CURE.search(text, clause, candidate.end):
            continue  # "it does not cure insomnia" denies a cure, not a use
        if negated and _of_other_kinds(text, candidate.start):
            continue
        claims.append(_claim(text, sentence, drugs.main, predicate, thing, quote,
                             LEARNED_WEIGHT * p * (KNOWN if thing.known else CANDIDATE),
                             negated, None, rules))
    return claims


def _after_a_caution(text: str, sentence: Sentence, candidate: Candidate, rules: Rules) -> bool:
    """Whether a cue of cautionIn stands before the phrase in its sentence, or in the lead-in of
    its list ("Tell your doctor before you start if you:")."""
    spans = [(sentence.start, candidate.start)]
    if sentence.kind == "item" and sentence.lead is not None:
        spans.append((sentence.lead.start, sentence.lead.end))
    return any(cue.pattern.search(text, *span) for cue in rules.predicate("cautionIn").cues for span in spans)


def _after_signs(text: str, sentence: Sentence, candidate: Candidate) -> bool:
    """Whether the phrase is listed as the sign of a harm ("signs include eye pain", "serotonin
    syndrome, with agitation", "muscle pain can be a sign of muscle damage"), which curators do
    not record as a harm of its own."""
    return (_SIGNS.search(text, sentence.start, candidate.start) is not None
            or _SIGN_OF.match(text, candidate.end, sentence.end) is not None)


_HARM_DENIED = re.compile(r"\b(?:not|n't|never|no longer)\s+(?:\w+\s+)?(?:cause[sd]?|make|makes|lead|leads|give|gives|"
                          r"affect|affects|addictive|habit[- ]forming|linked|show(?:s|ed)?)\b|\bno (?:risk|evidence|link)\b|"
                          r"\b(?:is|are) not (?:a |an )?(?:known|common|usual)\b", re.IGNORECASE)
"""How a harm is denied ("does not usually cause drowsiness", "is not addictive", "did not show
signs of dependence"), as against a negation that describes the harm ("things that are not there
(hallucinations)")."""
_CURE = re.compile(r"\bcur(?:e|es|ed|ing)\b", re.IGNORECASE)
_ALONGSIDE = re.compile(r"\b(?:alongside|along with|together with|in addition to)\s+(?:[\w'-]+\s+){0,3}$",
                        re.IGNORECASE)
_FEATURES = re.compile(r"\b(?:syndrome|reaction)s?,?\s+with\b|\bshows?(?: up)? as\b|\w\)?,\s+with\b", re.IGNORECASE)
"""What introduces the features of a harm: "serotonin syndrome, with agitation", "shows up as",
"liver problems, with yellowing of the skin"."""
_SIGNS = re.compile(r"\b(?:warning )?(?:signs?|symptoms?)\s+(?:include|includes|are|such as|like)\b|"
                    r"\b(?:watch|look)(?: out)? for\b|"
                    + _FEATURES.pattern, re.IGNORECASE)
_SIGN_OF = re.compile(r"[^.;:!?]{0,60}?(?:\b(?:can|may|might|could) be|\bare|\bis|\s[-–—]) (?:an? |the )?"
                      r"(?:early |warning )?signs? of\b", re.IGNORECASE)


_LIST_JOIN = re.compile(r"\s*(?:,\s*|(?:,\s*)?(?:and|or)\s+(?:(?:a|an|the|some)\s+)?)")
"""What joins the items of a list: a comma, "and" or "or"; not ", a" ("thrush, a fungal
infection" names one thing twice)."""


def _coordinated(text: str, read: list[Scored], scored: list[tuple[float, Candidate, str]]
                 ) -> list[tuple[float, Candidate, str]]:
    """The phrases listed beside a phrase the model reads as an object ("thirst,
    light-headedness and muscle cramps"), given its predicate when the model gives them that
    predicate at least COORDINATED_MIN: a list names objects of one kind. Of the phrases that
    end (or start) at the same place, the likeliest, then the shortest, is the listed one."""
    chosen = {c: label for _, c, label in scored}
    added: list[tuple[float, Candidate, str]] = []
    queue = list(chosen)
    while queue:
        other = queue.pop()
        label = chosen[other]
        listed = [(probabilities[label], candidate) for candidate, probabilities in read
                  if candidate not in chosen and probabilities.get(label, 0.0) >= COORDINATED_MIN
                  and _listed_together(text, candidate, other)]
        for side in (True, False):
            beside = [(p, c) for p, c in listed if (c.end <= other.start) == side]
            if beside:
                p, candidate = max(beside, key=lambda pc: (pc[0], pc[1].start - pc[1].end))
                chosen[candidate] = label
                added.append((p, candidate, label))
                queue.append(candidate)
    return added


def _listed_together(text: str, one: Candidate, other: Candidate) -> bool:
    a, b = (one, other) if one.end <= other.start else (other, one)
    return a.end <= b.start and _LIST_JOIN.fullmatch(text, a.end, b.start) is not None


def _learned_object(text: str, candidate: Candidate, predicate: Predicate, drugs: DrugWords,
                    rules: Rules) -> Thing | None:
    """The entity a phrase names: the lexicon's, else a candidate new one when it reads as a
    name of the predicate's range."""
    start, end, _ = _strip(text, candidate.start, candidate.end, rules)
    suffix = rules.words["class_suffix"].search(text, start, end) if predicate.name == "drugClass" else None
    if suffix and suffix.start() > start:
        end = suffix.start()
    name = text[start:end]
    name = (_compulsion(text, start, name, rules) if predicate.name in _HARMS else None) or name
    term = _term_after(text, candidate.end)
    if predicate.name == "contraindicatedIn" and _taken(text, start):
        return None
    aliases: tuple[str, ...] = ()
    condition = _condition_named(text, start, end, predicate, rules)
    if condition is not None:
        name, aliases = condition[0], tuple(a for a in condition[1:] if a)
    elif predicate.name in _HARMS and _measure(name, rules) is not None:
        return None  # "rich in potassium": a measure that does not change names no harm
    entry = _entry_in_range(drugs.lexicon, (name, *aliases, *term), predicate)
    if entry is not None:
        return Thing.of(entry)
    if drugs.lexicon.lookup(name):
        return None
    if "population" not in predicate.range and rules.words["population"].search(name):
        return None  # "children" is no condition a drug treats
    # a class must read as one ("beta blocker"): "a prescription medicine" names none
    return _candidate(*_named_by_term(name, aliases, term), predicate, drugs, rules)


def _condition_named(text: str, start: int, end: int, predicate: Predicate, rules: Rules
                     ) -> tuple[str, str | None] | None:
    """The condition a phrase names by a measure or a part of the body, for the predicate: the
    state of a measure for any condition ("if your calcium level is low"), what the drug does to
    a measure or an organ for a harm ("can lower your potassium", "can damage the liver")."""
    if "condition" not in predicate.range:
        return None
    return (measure_state(text, start, end, rules)
            # a use keeps the text's words, which name the narrower condition ("raised uric acid")
            or (measure_named(text, start, end, rules) if predicate.name != "treats" else None)
            or (named_change(text, start, end, rules) if predicate.name in _HARMS else None))


def named_change(text: str, start: int, end: int, rules: Rules) -> tuple[str, str | None] | None:
    """The condition a phrase names by what the drug does to it: a measure it raises or lowers,
    a part of the body it damages; with the plain words for it, if any."""
    return changed_measure(text, start, end, rules) or damaged_part(text, start, end, rules)


def damaged_part(text: str, start: int, end: int, rules: Rules) -> tuple[str, None] | None:
    """"can damage the liver": liver damage, when the phrase is a part of the body and a verb of
    harm stands just before it."""
    part = re.sub(r"^(?:the|your|their|its)\s+", "", " ".join(text[start:end].lower().split()))
    if not rules.words["body_parts"].fullmatch(part) or not _HARMED.search(text, max(0, start - 30), start):
        return None
    return f"{_singular(part)} damage", None


_HARMED = re.compile(r"\b(?:damag|harm|injur)(?:e|es|ed|ing|s)?\s+(?:the\s+|your\s+|their\s+)?$", re.IGNORECASE)


def changed_measure(text: str, start: int, end: int, rules: Rules) -> tuple[str, str | None] | None:
    """The condition a phrase names when it is a measure the text says goes up or down ("can
    raise the potassium in your blood": hyperkalaemia), and the plain words for it ("high
    potassium"). A verb the phrase ends in ("your potassium level rise") says which way, else
    the nearest one before the phrase in its clause, else one just after it."""
    words = " ".join(text[start:end].split())
    head, _, last = words.rpartition(" ")
    way = _way(last, rules) if head else None
    measure = _measure(words if way is None else head, rules)
    if measure is None or _FURTHER.search(words) or _FURTHER.match(text, end):
        return None  # "can lower the heart rate further": adds to another drug's effect, names no harm
    if way is None:
        before = text[_clause_before(text, start, _MEASURE_REACH):start]
        verbs = sorted((m.end(), way) for way, kind in enumerate(("rise", "fall"))
                       for m in rules.words[kind].finditer(before))
        after = re.findall(r"[\w'-]+", _BETWEEN_MEASURE_AND_VERB.sub("", text[end:end + _MEASURE_REACH]))
        way = verbs[-1][1] if verbs else _way(after[0], rules) if after else None
    if way is None:
        return None
    return _change_of(measure, way, rules)


def measure_state(text: str, start: int, end: int, rules: Rules) -> tuple[str, str | None] | None:
    """The condition "low" or "high" names after the measure it describes ("if your calcium
    level is low": hypocalcaemia), which is otherwise a feeling ("feeling low")."""
    way = _STATES.get(text[start:end].lower())
    before = _STATE_OF.search(text, max(0, start - 60), start)
    measure = _measure(before.group(1), rules) if way is not None and before else None
    if measure is None:
        return None
    return _change_of(measure, way, rules)


def measure_named(text: str, start: int, end: int, rules: Rules) -> tuple[str, str | None] | None:
    """The condition a phrase names as a measure out of range ("a low level of calcium in the
    blood": hypocalcaemia; "a drop in blood pressure": hypotension), with the plain words for
    it; unless the text names the condition itself in parentheses after it."""
    named = None if _term_after(text, end) else _OUT_OF_RANGE.fullmatch(" ".join(text[start:end].split()))
    measure = _measure(named.group(2), rules) if named else None
    if measure is None:
        return None
    return _change_of(measure, 1 if named.group(1).lower() in _LOWERED else 0, rules)


_OUT_OF_RANGE = re.compile(r"(?:an?\s+)?(high|raised|increased|elevated|low|reduced|decreased|lowered|"
                           r"(?:rise|increase|fall|drop|decrease|reduction) in)\s+(.+)", re.IGNORECASE)
_LOWERED = ("low", "reduced", "decreased", "lowered", "fall in", "drop in", "decrease in", "reduction in")


def _change_of(measure: str, way: int, rules: Rules) -> tuple[str, str | None]:
    """The condition of a measure gone up (way 0) or down (1), and its plain words if any."""
    names = rules.measure_changes[measure]
    return names[way], names[2 + way] if len(names) == 4 else None


_STATES = {"high": 0, "low": 1}
_STATE_OF = re.compile(r"(?:the|your|their)\s+([\w ]+?)\s+(?:is|are)\s+(?:already\s+|too\s+|very\s+)?$",
                       re.IGNORECASE)


def _way(word: str, rules: Rules) -> int | None:
    """0 when the word says a measure goes up ("raises", "rise"), 1 when down."""
    return next((way for way, kind in enumerate(("rise", "fall")) if rules.words[kind].fullmatch(word)), None)


def _measure(words: str, rules: Rules) -> str | None:
    """The measure a phrase names ("your potassium levels", "the level of blood sugar")."""
    measure = _MEASURE_WORDS.sub("", " ".join(words.lower().split()))
    # "platelet count" is the count of platelets
    return next((m for m in (measure, f"{measure}s") if m in rules.measure_changes), None)


_MEASURE_WORDS = re.compile(r"^(?:(?:the|your|their|its)\s+)?(?:(?:levels?|number|count|amount)\s+of\s+(?:the\s+|your\s+)?)?"
                            r"(?:hormone\s+)?"
                            r"|(?:\s+(?:levels?|counts?))?(?:\s+in (?:the|your) (?:blood|body))?(?:\s+(?:further|slightly))?(?:\s+to)?$")
_FURTHER = re.compile(r"\s+further\b", re.IGNORECASE)
_BETWEEN_MEASURE_AND_VERB = re.compile(r"^\s*(?:in (?:the|your) blood\s+)?(?:(?:can|may|might|could|will|to)\s+)?(?:also\s+)?",
                                       re.IGNORECASE)
"""What may stand between a measure and its verb: "magnesium levels in the blood can fall"."""
_MEASURE_REACH = 60
"""How far from a measure its verb may stand: "can push up the level of potassium"."""


_INFECTION_CALLED = re.compile(r"\binfection\s+(?:often |also |sometimes )?called\s+$", re.IGNORECASE)
_INFECTION_NAME = re.compile(r"(?:infection|itis|osis|iasis|fever|pox|flu|virus)$", re.IGNORECASE)


def _entry_in_range(lexicon: Lexicon, names: tuple[str, ...], predicate: Predicate) -> Entry | None:
    """The first entity the lexicon names by one of the names whose kind the predicate takes."""
    return next((e for name in names for e in lexicon.lookup(name) if e.kind in predicate.range), None)


def _on_standing(text: str, start: int, end: int, name: str) -> str | None:
    """"low blood pressure when you stand up": orthostatic hypotension, which curators name by its
    term; the text's words (up to "up") are given back as its synonym."""
    words = " ".join(name.split())
    low = _LOW_BLOOD_PRESSURE.match(words)
    if low is not None and (within := _ON_STANDING.match(words, low.end())) is not None:
        return words[:within.end()]  # a list item, not cut at "when": "- low blood pressure when you stand up"
    after = _ON_STANDING.match(text, end)
    if after is None or low is None or low.end() != len(words):
        return None
    return " ".join(text[start:after.end()].split())


_LOW_BLOOD_PRESSURE = re.compile(r"(?:low|lowered|a (?:sudden )?(?:drop|fall) in) blood pressure|hypotension|"
                                 r"(?:feel(?:ing)? )?(?:dizziness|dizzy|faint|light-headedness|light-headed)"
                                 r"(?: or (?:dizzy|faint|light-headedness|light-headed))?", re.IGNORECASE)
"""A fall in blood pressure, or how it feels ("feeling dizzy or faint when you stand up")."""
_ON_STANDING = re.compile(r"(?:[ \t]+(?:suddenly|quickly))?[ \t]*,?[ \t]*(?:which happens[ \t]+)?(?:when|as|after|on)[ \t]+"
                          r"(?:you[ \t]+)?(?:stand(?:ing)?|get(?:ting)?[ \t]+up|sit(?:ting)?[ \t]+up)(?:[ \t]+up)?",
                          re.IGNORECASE)


def _named_by_term(name: str, aliases: tuple[str, ...], term: tuple[str, ...]) -> tuple[str, tuple[str, ...]]:
    """"a painful erection (priapism)": the name is the medical term, the text's words its
    synonym; an abbreviation ("(PE)") is a synonym only."""
    if not term or term[0] in aliases:
        return name, aliases
    if _MEDICAL_TERM.fullmatch(term[0]):
        return term[0], (*aliases, name)
    return name, (*aliases, *term)


_NOT_A_TERM = r"(?:see|about|around|such|for|e\.g|i\.e|rare|common|uncommon|very|usually|often|also|or|and)\b"
"""What a parenthesis opens with when it names no term: "(see below)", "(rare)"."""
_TERM_AFTER = re.compile(rf"(?:[ \t]+(?!(?:and|or|nor)\b)[A-Za-z'’-]+){{0,6}}?[ \t]*\((?!{_NOT_A_TERM})"
                         r"([a-z][a-z'’ -]{2,40}|[A-Z]{2,6})\)")


_MEDICAL_TERM = re.compile(r"[a-z][a-z'’ -]{2,40}")
"""A term in parentheses that is no abbreviation or brand name."""


def _term_after(text: str, end: int) -> tuple[str, ...]:
    """The medical term in parentheses that ends the phrase's clause: "a painful erection that
    lasts for hours (priapism)", "poor circulation in your legs (peripheral vascular disease)"."""
    found = _TERM_AFTER.match(text, end)
    return (found.group(1),) if found else ()


def _merge(claims: list[DraftClaim]) -> list[DraftClaim]:
    merged: dict[tuple[str, str, str, bool], DraftClaim] = {}
    for claim in claims:
        key = (*claim.key, claim.negated)
        if key not in merged:
            merged[key] = claim
            continue
        kept = merged[key]
        if claim.score > kept.score:
            claim.spans, kept = kept.spans + claim.spans, claim
            merged[key] = kept
        else:
            kept.spans.extend(claim.spans)
    for claim in merged.values():
        claim.spans = _without_nested(claim.spans)[:MAX_QUOTES]
    return sorted(merged.values(), key=lambda c: (c.spans[0], c.predicate, c.object.iri))


def _without_nested(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Quotes that do not contain another quote of the same claim: the shortest ones. Spans
    sorted by start, a span contains another only if one of the next starts is inside it."""
    unique = sorted(set(spans), key=lambda s: (s[0], -s[1]))
    kept = []
    for i, (start, end) in enumerate(unique):
        inner = (o for o in unique[i + 1:] if o[0] < end)
        if not any(o[1] <= end for o in inner):
            kept.append((start, end))
    return kept


def _sentence_claims(text: str, sentence: Sentence, drugs: DrugWords, rules: Rules
                     ) -> list[DraftClaim]:
    claims: list[DraftClaim] = []
    for predicate in rules.predicates:
        for cue in predicate.cues:
            for match in cue.pattern.finditer(text, sentence.start, sentence.end):
                claims.extend(_cue_claims(text, sentence, match, cue, predicate, drugs, rules))
    claims.extend(_brand_claims(text, sentence, drugs, rules))
    claims.extend(_dose_claims(text, sentence, drugs))
    term = _term_end(text, sentence)
    if (not claims or term) and sentence.lead is not None and sentence.kind == "item":
        claims.extend(_item_claims(text, sentence, drugs, rules, term or sentence.end))
    if sentence.kind == "item" and drugs.main is not None:
        # "- other anticoagulants, such as warfarin": a list item names other medicines, whose
        # classes the article does not claim
        claims = [c for c in claims if c.predicate != "drugClass" or c.subject == drugs.main]
    if _under_interactions(sentence, rules):
        # a harm of a combination is the interaction's, and the classes named are the other drugs'
        claims = [c for c in claims if c.predicate == "interactsWith"]
    elif any(c.predicate == "interactsWith" for c in claims):
        # "Some antidepressants, such as fluoxetine, raise the level of metoprolol": the class
        # names the drugs the document's drug interacts with; the article claims nothing of theirs
        claims = [c for c in claims if c.predicate == "interactsWith" or c.subject == drugs.main]
    if _under_harms(sentence, rules):
        claims = [c for c in claims if c.predicate != "treats"]
    if _heading_names(sentence, rules) == {"hasRisk"}:
        claims = [c for c in claims if c.predicate != "hasSideEffect"]
    if drugs.main is not None:
        # "withdrawal symptoms in people taking methadone": the article records harms of its own
        # drug (before a brand named as a drug is read as the drug, unlike _about_its_drug)
        claims = [c for c in claims if not (c.predicate in _HARMS and c.subject.kind == "drug" and c.subject != drugs.main)]
    return _best_per_object(claims)


def _under_harms(sentence: Sentence, rules: Rules) -> bool:
    """Whether the sentence stands under a heading of harms, not of uses ("Side effects"): what
    the drug "reduces" there ("it also reduces sweating, so you can overheat") is no use of it."""
    named = _heading_names(sentence, rules)
    return bool(named & set(_HARMS)) and "treats" not in named


def _heading_names(sentence: Sentence, rules: Rules) -> set[str]:
    """The predicates the heading the sentence stands under names."""
    heading = heading_of(sentence)
    return {p.name for p in rules.predicates if heading is not None and p.headings and p.headings.search(heading.text)}


_LEADS_EXAMPLES = re.compile(r",\s*(?:including|such as|like|for example):\s*$", re.IGNORECASE)
"""A lead-in that names its own object before the list of examples of it: "It treats bacterial
infections, including:"."""


def _names_a_section(heading: Sentence, rules: Rules) -> bool:
    """"What it is used for", "Side effects": a heading that names a predicate's section."""
    return any(p.headings and p.headings.search(heading.text) for p in rules.predicates)


def _under_interactions(sentence: Sentence, rules: Rules) -> bool:
    """Whether the sentence stands in a section on interactions ("Other medicines")."""
    return any(section.endswith(":interactsWith") for section in _sections(sentence, rules))


def _best_per_object(claims: list[DraftClaim]) -> list[DraftClaim]:
    """Within one sentence, one predicate per (subject, object): the best-scored. Two cues that
    read the same words ("can cause" and "risk of") do not both become claims."""
    best: dict[tuple[str, str], DraftClaim] = {}
    for claim in claims:
        key = (claim.subject.iri, claim.object.iri)
        if key not in best or claim.score > best[key].score:
            best[key] = claim
    return list(best.values())


def _cue_claims(text: str, sentence: Sentence, match: re.Match[str], cue: Cue,
                predicate: Predicate, drugs: DrugWords, rules: Rules) -> list[DraftClaim]:
    if cue.object_side == "after":
        who = rules.words["who_clause"].match(text, match.end(), sentence.end)
        begin = who.end() if who else match.end()
        scope = (begin, _clause_end(text, begin, sentence.end, rules))
        zone = (sentence.start, match.start())
    else:
        scope = (_clause_start(text, sentence.start, match.start()), match.start())
        zone = (match.end(), _clause_end(text, match.end(), sentence.end, rules))
    if cue.object_side == "after" and _after_relative_pronoun(text, zone, match.start(), drugs):
        return []
    # "should not take bempedoic acid if you have": the cue's word for the drug took only the
    # first of two, and not the condition after them
    named_end = next((e for s, e, _ in drugs.in_span(text, sentence.start, sentence.end, ("drug",))
                      if s < scope[0] < e), None)
    if named_end is not None:
        condition = _IF_YOU.match(text, named_end, sentence.end)
        begin = condition.end() if condition else named_end
        scope = (begin, _clause_end(text, begin, sentence.end, rules))
    # "Do not take quetiapine if you are": the cue itself may name the drug
    subjects = (_subjects(text, zone, cue, drugs, rules) or _subjects(text, match.span(), cue, drugs, rules)
                or _subjects(text, (sentence.start, sentence.end), cue, drugs, rules, outside=scope))
    if not subjects and drugs.main is not None and (
            cue.implicit or rules.words["drug_use"].search(text, *zone)
            or _in_section(sentence, predicate)):
        subjects = [(None, drugs.main, IMPLICIT)]
    if cue.implies or match.groupdict().get("object"):
        name = cue.implies or " ".join(match.group("object").lower().split())
        entry = _entry_in_range(drugs.lexicon, (name,), predicate)
        objects = [(match.start(), match.end(), Thing.of(entry) if entry else
                    Thing.new(predicate.range[0], name), None)]
    elif predicate.name == "hasMechanism":
        objects = _mechanism(text, match, scope)
    else:
        objects = [found for part in (scope, *_parallel_scopes(text, match, scope[0], sentence.end, cue, rules))
                   for found in _objects(text, part, predicate, drugs, rules)]
    reverse = _reversed_interaction(text, sentence, match, scope, predicate, objects, drugs, rules)
    if reverse is not None:
        subjects, objects = reverse
    claims = []
    for span, subject, subject_weight in subjects:
        for start, end, thing, severity in objects:
            if thing.iri == subject.iri or (predicate.name == "drugClass" and subject.kind != "drug"):
                continue
            points = [match.start(), match.end(), start, end, *(span or ())]
            quote = _balanced(text, min(points), max(points), sentence)
            gap = (min(span[1], match.start()) if span else zone[0], match.end())
            negated = _negated(text, gap, cue, rules)
            if negated and _of_other_kinds(text, start):
                continue
            claims.append(_claim(text, sentence, subject, predicate, thing, quote,
                                 cue.weight * subject_weight * (KNOWN if thing.known else CANDIDATE),
                                 negated, severity, rules))
    return claims


def _of_other_kinds(text: str, start: int) -> bool:
    """"It is not used for other kinds of dementia": a denial of other kinds of a condition
    says the drug is used for one kind; curators record the other kinds it names, not the
    condition (development sets 103 to 141)."""
    return bool(_OTHER_KINDS.match(text, start) or _OTHER_KINDS_BEFORE.search(text, max(0, start - 40), start))


_OTHER_KINDS = re.compile(r"\bother (?:types?|kinds?|forms?|sorts?) of\s+", re.IGNORECASE)
_OTHER_KINDS_BEFORE = re.compile(_OTHER_KINDS.pattern + "$", re.IGNORECASE)


Found = tuple[int, int, Thing, str | None]
"""An object found in the text: its span, the entity, its severity."""


def _reversed_interaction(text: str, sentence: Sentence, match: re.Match[str], scope: tuple[int, int],
                          predicate: Predicate, objects: list[Found], drugs: DrugWords, rules: Rules
                          ) -> tuple[list[tuple[tuple[int, int], Thing, float]], list[Found]] | None:
    """"Verapamil can lower the heart rate when combined with metoprolol", "Some antidepressants
    raise the level of metoprolol": the document's drug stands after an interaction cue, so the
    drugs it interacts with are the clause's subject, before the cue. None when the cue's
    objects are other drugs."""
    if predicate.name != "interactsWith" or drugs.main is None or scope[0] >= scope[1]:
        return None
    if any(thing.iri != drugs.main.iri for _, _, thing, _ in objects):
        return None
    named = [(s, e) for s, e, thing in drugs.in_span(text, *scope, ("drug",)) if thing.iri == drugs.main.iri]
    if not named:
        return None
    start = _clause_start(text, sentence.start, match.start())
    before = (start, _clause_end(text, start, match.start(), rules))
    return [(named[0], drugs.main, EXPLICIT)], _objects(text, before, predicate, drugs, rules)


def _parallel_scopes(text: str, match: re.Match[str], start: int, limit: int, cue: Cue, rules: Rules
                     ) -> list[tuple[int, int]]:
    """The objects a sentence adds, after a clause that ended the cue's, with the cue's last
    preposition again or a description of people: "used for X that ..., for Y and for Z",
    "avoided in children whose bones are growing, and in pregnancy", "given to people with X,
    and to people who have had Y"."""
    last = re.search(r"\b(?:for|in|during|with)$", match.group(), re.IGNORECASE)
    conditional = _CONDITIONAL.search(match.group())
    if cue.object_side != "after" or (last is None and conditional is None):
        return []
    again = re.compile(rf"{last.group()}\s+(?!example|instance)", re.IGNORECASE) if last else _CONDITION_AGAIN
    scopes = []
    for found in (_AND_THEN if last else _OR_IF).finditer(text, start, limit):
        opening = (again.match(text, found.end(), limit) or rules.words["who_clause"].match(text, found.end(), limit)
                   or _PEOPLE_WITH.match(text, found.end(), limit))
        if opening:
            scopes.append((opening.end(), _clause_end(text, opening.end(), limit, rules)))
    return scopes


_CONDITION_VERB = r"(?:have|has|are|is)(?: ever had| had| already have)?"
_IF_YOU = re.compile(rf"\s+if (?:you|they) {_CONDITION_VERB}\s+", re.IGNORECASE)
_CONDITIONAL = re.compile(rf"\bif (?:you|they) {_CONDITION_VERB}$", re.IGNORECASE)
"""A cue that ends in a condition ("do not take it if you have"), which a parallel clause
repeats: ", or if you have heart block"."""
_AND_THEN = re.compile(r",\s*(?:and\s+|or\s+)?")
_OR_IF = re.compile(_AND_THEN.pattern + r"|\s+(?:and|or)\s+(?=(?:if|are|is|have|has)\b)", re.IGNORECASE)
"""Where a condition's parallel clause starts, with or without a comma: "if you have gout or
if you are allergic to it", "if you have liver disease or are allergic to it"."""
_CONDITION_AGAIN = re.compile(rf"(?:if (?:you|they) )?{_CONDITION_VERB}\s+", re.IGNORECASE)
_PEOPLE_WITH = re.compile(r"(?:to|for|in|by) (?:(?:people|patients|those|anyone|children|adults) with\s+|"
                          r"(?=(?:children|babies|infants|teenagers|adolescents|anyone under|people under)\b))",
                          re.IGNORECASE)


def _in_section(sentence: Sentence, predicate: Predicate) -> bool:
    """Whether the sentence stands under a heading about the predicate ("Side effects"), where
    a cue with no drug named is about the document's drug."""
    return bool(sentence.lead and predicate.headings and predicate.headings.search(sentence.lead.text))


def _balanced(text: str, start: int, end: int, sentence: Sentence) -> tuple[int, int]:
    """A quote that does not open or close a parenthesis halfway: "Diazepam (Valium) is
    classified as", not "Valium) is classified as"."""
    while text.count(")", start, end) > text.count("(", start, end):
        opening = text.rfind("(", sentence.start, start)
        if opening < 0:
            break
        word = re.search(r"[\w’'-]+\s*$", text[sentence.start:opening])
        start = sentence.start + word.start() if word else opening
    while text.count("(", start, end) > text.count(")", start, end):
        closing = text.find(")", end, sentence.end)
        if closing < 0:
            break
        end = closing + 1
    return start, end


def _after_relative_pronoun(text: str, zone: tuple[int, int], cue_start: int,
                            drugs: DrugWords) -> bool:
    """"the nerves that cause seizures": the cue's subject is the noun before 'that', which
    is no drug. "a medication that belongs to" is the drug itself, named by its head word."""
    before = re.search(r"(\w+),?\s+(?:that|which|who)\s+(?:\w+\s+)?$", text[zone[0]:cue_start])
    if not before or re.fullmatch(r"medications?|medicines?|drugs?|agents?", before.group(1), re.IGNORECASE):
        return False
    word_start = zone[0] + before.start(1)
    return not drugs.in_span(text, word_start, zone[0] + before.end(1), ("drug", "drugclass"))


def _claim(text: str, sentence: Sentence, subject: Thing, predicate: Predicate, obj: Thing,
           quote: tuple[int, int], score: float, negated: bool, severity: str | None,
           rules: Rules) -> DraftClaim:
    name = predicate.name
    context = text[sentence.start:sentence.end] + " " + (_lead_paragraph(text, sentence.lead, rules)
                                                         if sentence.lead else "")
    qualifiers = [severity] if severity else []
    for target, pattern in predicate.becomes:
        hit = pattern.search(context) or pattern.search(obj.label)
        if hit:
            name = target
            if pattern.search(text, sentence.start, sentence.end):
                qualifiers.append(pattern.search(text, sentence.start, sentence.end).group().lower())
    hedge = next((h for h in _hedges(text, quote, rules)), None)
    return DraftClaim(subject, name, obj, [quote], round(min(score, 1.0), 2), negated, hedge,
                      qualifiers)


_NAMING_SIDE_EFFECT = re.compile(
    r"[^.\n]*\b(?:main|commonest|most common|usual) side[- ]effects? (?:is|are)\b[^.\n]*", re.IGNORECASE)
"""A sentence that names the side effect ("The main side effect is sudden opioid withdrawal"):
its words are the harm's, not the circumstances that make the list after it risks."""


def _lead_paragraph(text: str, lead: Sentence, rules: Rules) -> str:
    """A lead-in with what its paragraph says before it, unless that denies: "Some side effects
    can be serious. If you have any of the following, call your doctor:" leads to risks."""
    start = text.rfind("\n\n", 0, lead.start)
    before = _NAMING_SIDE_EFFECT.sub("", text[start + 2 if start >= 0 else 0:lead.start])
    return lead.text if rules.words["negation"].search(before) else before + lead.text


def _hedges(text: str, span: tuple[int, int], rules: Rules):
    for hedge in rules.hedges:
        found = re.search(rf"(?<![\w-]){re.escape(hedge)}(?![\w-])", text[span[0]:span[1]], re.IGNORECASE)
        if found:
            yield found.group().lower()


def _negated(text: str, gap: tuple[int, int], cue: Cue, rules: Rules) -> bool:
    """Whether a negation stands between the subject and the end of the cue — unless the cue
    itself is negative ("should not be used by" states a contraindication). A cue that denies
    its predicate ("has no effect on", "is safe in") is negated by itself."""
    if cue.negative:
        return True
    if rules.words["negation"].search(cue.pattern.pattern):
        return False
    return _denies(text, gap, rules)


def _denies(text: str, gap: tuple[int, int], rules: Rules) -> bool:
    """Whether a negation stands in text[gap] ("not only" is none), and not in a clause of
    someone or something else ("in people whose angina is not controlled", "when they do not
    control your seizures")."""
    window = rules.words["not_negation"].sub(" ", text[gap[0]:gap[1]])
    return any(_OTHERS_CLAUSE.search(window, 0, negation.start()) is None
               for negation in rules.words["negation"].finditer(window))


_OTHERS_CLAUSE = re.compile(r"\b(?:who|whose|whom|when|where)\b(?!\s+(?:it|this medicine|the medicine)\b)", re.IGNORECASE)


def _clause_end(text: str, start: int, limit: int, rules: Rules) -> int:
    found = rules.words["clause_end"].search(text, start, limit)
    return found.start() if found else limit


def _taken(text: str, start: int) -> bool:
    """Whether the clause says the reader takes what follows ("if you are taking an MAOI such as
    phenelzine", "must not take it with St John's wort"): a medicine taken with the drug is an
    interaction, no contraindication."""
    return _TAKING.search(text, _clause_before(text, start, 200), start) is not None


def _clause_before(text: str, start: int, reach: int) -> int:
    """Where the clause, or line, that text[start] stands in begins, at most reach back."""
    limit = max(0, start - reach)
    return max(limit, *(text.rfind(mark, limit, start) + 1 for mark in ".;:\n"))


_TAKING = re.compile(r"\b(?:are|is|'re|were|people|patients|anyone|those)\s+(?:already\s+|currently\s+|also\s+|still\s+)?(?:taking|using)\b"
                     r"|\byou\s+(?:already\s+|also\s+)?(?:take|use)\b"
                     r"|(?<![^\n])[ \t]*(?:[-•*][ \t]+)?(?:take|use|are (?:already )?(?:taking|using))\s"
                     r"|\b(?:take|use|combine|mix)\s+(?:it|this\s+\w+|\w+)\s+(?:together\s+)?with\b", re.IGNORECASE)


def _clause_start(text: str, limit: int, end: int) -> int:
    cut = max(text.rfind(mark, limit, end) for mark in (";", ":", ". "))
    return cut + 1 if cut >= limit else limit


def _subjects(text: str, zone: tuple[int, int], cue: Cue, drugs: DrugWords, rules: Rules,
              outside: tuple[int, int] | None = None
              ) -> list[tuple[tuple[int, int] | None, Thing, float]]:
    """The drugs the cue is about: the drug named or pronoun nearest to the cue in the zone,
    with the drugs listed together with it ("benzodiazepines such as Xanax and Valium"). A
    class in apposition to a drug ("Diazepam, a benzodiazepine commonly prescribed") gives way
    to the drug."""
    near_end = cue.object_side == "after"
    named = [(s, e, thing, EXPLICIT) for s, e, thing in drugs.in_span(text, *zone, cue.subject_kinds)]
    if drugs.main is not None:
        named += [(m.start(), m.end(), drugs.main, PRONOUN)
                  for m in rules.words["pronouns"].finditer(text, *zone)]
    if outside is not None:
        named = [n for n in named if n[1] <= outside[0] or n[0] >= outside[1]]
    if not named:
        return []
    named.sort(key=lambda n: n[0])
    at = len(named) - 1 if near_end else 0
    group = [named[at]]
    step = -1 if near_end else 1
    i = at + step
    while 0 <= i < len(named):
        left, right = sorted([named[i], group[-1]], key=lambda n: n[0])
        joint = text[left[1]:right[0]]
        if rules.words["list_separator"].fullmatch(joint) or re.fullmatch(r",\s*(?:an?\s+)?", joint):
            if re.fullmatch(r",\s*an?\s+", joint) and right[2].kind == "drugclass":
                group = [g for g in group if g is not right] + [left]
            else:
                group.append(named[i])
            i += step
        else:
            break
    return [((s, e), thing, weight) for s, e, thing, weight in group]


def _objects(text: str, scope: tuple[int, int], predicate: Predicate, drugs: DrugWords,
             rules: Rules) -> list[tuple[int, int, Thing, str | None]]:
    """The objects of a cue: each item of the list in its scope, as a lexicon entity of the
    predicate's range, else as a candidate new entity when it reads as a name."""
    if predicate.name == "treats" and (sickness := _sickness_named(text, scope, predicate, drugs)) is not None:
        rest = _objects(text, (sickness[1], scope[1]), predicate, drugs, rules) if sickness[1] < scope[1] else []
        return [sickness, *rest]
    found = []
    main = (drugs.main.label, *drugs.main.alt_labels) if drugs.main else ()
    items = _items(text, scope, drugs.lexicon, rules, main, hypernyms=predicate.name == "drugClass")
    site = _injection_site(text, items) if predicate.name in _HARMS else None
    at_site = _at_the_site(items) if site else 0
    for i, (start, end, name, aliases, severity) in enumerate(items):
        if i >= at_site and site is not None:
            name = re.split(r"\s+(?:where|at the)\s", name)[0].strip()
            thing = _candidate(f"injection-site {name}", (*aliases, f"{name} {site}"), predicate, drugs, rules)
            if thing is not None:
                found.append((start, end, thing, severity))
            continue
        name, aliases = _named_by_term(name, aliases, _term_after(text, end))
        changed = _condition_named(text, start, end, predicate, rules)
        if changed is not None:
            name, aliases = changed[0], tuple(a for a in changed[1:] if a)
        elif ("condition" in predicate.range or predicate.name == "interactsWith") and (
                rules.words["measures"].fullmatch(" ".join(name.split())) or _measure(name, rules) is not None):
            continue  # "lowers blood sugar", "can lower the level of sodium in the blood": no use, no other drug
        if _INFECTION_CALLED.search(text, max(0, start - 40), start) and not _INFECTION_NAME.search(name):
            name, aliases = f"{name} infection", (*aliases, name)  # "a bowel infection called C. difficile"
        standing = _on_standing(text, start, end, name) if "condition" in predicate.range else None
        if standing is not None:
            name, aliases = "orthostatic hypotension", (*aliases, "postural hypotension", standing)
            entry = _entry_in_range(drugs.lexicon, (name,), predicate)
            thing = Thing.of(entry) if entry else _candidate(name, aliases, predicate, drugs, rules)
            if thing is not None:
                found.append((start, end, thing, severity))
            continue
        if predicate.name == "contraindicatedIn" and _taken(text, start):
            continue
        if predicate.name in _HARMS and _FEATURES.search(text, scope[0], start):
            continue  # "can trigger a reaction, with itching, fever …": the reaction's features
        mentions = drugs.lexicon.mentions(text, start, end)
        link = rules.words["modifier_link"].search(text, start, end)
        if link is not None:
            aliases = ()  # "heartburn caused by reflux disease (GORD)": the term is the cause's
        known = [(m, m.of_kind(predicate.range)) for m in mentions
                 if link is None or m.end <= link.start()]
        known = [(m, e) for m, e in known if e is not None]
        # "partial seizures", "traveller's diarrhoea": one word before a known condition names
        # a narrower one, which a curator names as a whole
        before = _INNER_PARENTHESES.sub("", text[start:known[0][0].start]).strip() if known else ""
        compound = _COMPOUND_MODIFIER.search(before)
        # "muscle and bone pain": the item named with the shared head is narrower than the head
        shared = (bool(known) and " ".join(text[start:end].split()).lower() != name.lower()
                  and len(name.split()) > 1 and name.lower().split()[-1] == known[0][0].text.lower().split()[-1])
        modified = (len(known) == 1 and known[0][0].end == end and known[0][0].start > start
                    and link is None and "condition" in predicate.range
                    and (_modifier(before, rules) or compound is not None or shared))
        if modified:
            if compound is not None and not shared and not _modifier(before, rules):
                # "chronic open-angle glaucoma", "a sudden attack of angle-closure glaucoma": the
                # compound before the condition names its kind
                name = f"{compound.group()} {known[0][0].text}"
            thing = _candidate(name, aliases, predicate, drugs, rules)
            if thing is not None:
                found.append((start, end, thing, severity))
                continue
        if known:
            found.extend((m.start, m.end, Thing.of(e), severity) for m, e in known)
            continue
        alias = _entry_in_range(drugs.lexicon, (name, *aliases), predicate)
        drug = [d for d in drugs.in_span(text, start, end, ("drug",)) if d[2].iri != (drugs.main and drugs.main.iri)]
        if alias is not None:
            found.append((start, end, Thing.of(alias), severity))
        elif "drug" in predicate.range and drug:
            found.append((start, end, drug[-1][2], severity))
        elif (not [m for m in mentions if link is None or m.end <= link.start()]
              or predicate.name in ("drugClass", "interactsWith") or _ALLERGY_NAME.search(name)):
            called = re.search(r"([\w-]+)" + _CALLED.pattern + "$", text[max(0, start - 60):start], re.IGNORECASE)
            named = called is not None and rules.words["class_heads"].fullmatch(called.group(1)) is not None
            suffix = rules.words["class_suffix"].search(name) if predicate.name == "drugClass" else None
            if suffix and 0 < len(name[:suffix.start()].split()) <= 2:
                # "the nitroimidazole group", 'the "sedating" type' name a class
                name, named = name[:suffix.start()].strip("\"'“”‘’ "), True
            thing = _candidate(name, aliases, predicate, drugs, rules, named)
            if thing is not None:
                found.append((start, end, thing, severity))
    return found


def _sickness_named(text: str, scope: tuple[int, int], predicate: Predicate, drugs: DrugWords) -> Found | None:
    """"nausea and vomiting caused by cancer chemotherapy", "feeling and being sick after an
    operation", "postoperative nausea and vomiting": sickness named with its cause is one
    condition, which curators name by its term (held-out 113 to 167), the text's words kept as
    its synonym. The cause may stand past the scope ("after" ends a clause)."""
    found = _SICKNESS.match(text, scope[0])
    if found is None or not (found.group("chemo") or found.group("operation")
                             or (found.group("post") and found.group("sick").lower().startswith("nausea"))):
        return None
    term = "chemotherapy-induced nausea and vomiting" if found.group("chemo") else "postoperative nausea and vomiting"
    start = found.start("post") if found.group("post") else found.start("sick")
    words = " ".join(text[start:found.end()].split())
    entry = _entry_in_range(drugs.lexicon, (term,), predicate)
    return start, found.end(), Thing.of(entry) if entry else Thing.new("condition", term, (words,)), None


_SICKNESS = re.compile(
    r"\s*(?:the\s+)?(?P<post>post-?operative\s+)?(?P<sick>nausea\s+(?:and|or)\s+vomiting|feeling\s+(?:sick\s+)?(?:and|or)"
    r"\s+being\s+sick|sickness)(?:\s+(?:caused\s+by|after|with|from|due\s+to|brought\s+on\s+by)\s+(?:cancer\s+)?"
    r"(?P<chemo>chemotherapy)|\s+(?:after|following)\s+(?P<operation>an\s+operation|surgery|an\s+anaesthetic|"
    r"a\s+general\s+anaesthetic))?", re.IGNORECASE)


_COMPOUND_MODIFIER = re.compile(r"(?<![\w-])[a-z]+-[a-z]+$")
"""A hyphenated word just before a known condition, which names a kind of it ("open-angle")."""


_INJECTION_SITE = re.compile(
    r"\s+(?:where (?:the |your )?(?:injection|needle|jab|infusion|drip|cannula)s? (?:was |were |is |are )?(?:given|went in|goes in|go in|"
    r"put in)|where you (?:inject(?:ed)?|had (?:the |your )?injection)|at the (?:injection|infusion) site)\b", re.IGNORECASE)


def _injection_site(text: str, items: list[Item]) -> str | None:
    """"pain, redness or itching where you injected": the place said after a list's last item,
    which makes the items it covers (see _at_the_site) reactions at the injection site."""
    if not items:
        return None
    start, end = items[-1][:2]
    site = _INJECTION_SITE.search(text, start, min(len(text), end + 40))
    return site.group().strip() if site and site.start() <= end else None


def _at_the_site(items: list[Item]) -> int:
    """Where the items at the injection site start: the last item, and the one-word items
    before it ("pain, redness or itching where you injected"; not "headache, dizziness and
    skin reactions where you inject")."""
    first = len(items) - 1
    while first > 0 and len(items[first - 1][2].split()) == 1:
        first -= 1
    return first


def _modifier(word: str, rules: Rules) -> bool:
    """Whether the word before a known condition narrows it ("partial" seizures); a function
    word ("but drowsiness still happens") does not."""
    return re.fullmatch(r"[\w'’-]+", word) is not None and not rules.words["not_in_name"].fullmatch(word)


Item = tuple[int, int, str, tuple[str, ...], str | None]
"""An item of a list: (start, end, name, other names, severity)."""


def _items(text: str, scope: tuple[int, int], lexicon: Lexicon, rules: Rules, main: tuple[str, ...] = (),
           hypernyms: bool = False) -> list[Item]:
    """The items of a list as (start, end, name, other names, severity), the other names being
    the short parentheses after an item ("obsessive-compulsive disorder (OCD)"). A lexicon
    label that contains a separator ("problems with muscle movement or balance") stays one
    item. An item "a bowel infection called C. difficile colitis" is the name after "called";
    with `hypernyms` ("a class of antibiotics called penicillins") the one before it too."""
    start, end = scope
    protected = [*((m.start, m.end) for m in lexicon.mentions(text, start, end)),
                 *(m.span() for m in rules.words["one_name"].finditer(text, start, end))]
    pieces: list[tuple[int, int, tuple[str, ...]]] = []
    cut = start
    separators = [(m.start(), m.end()) for m in rules.words["list_separator"].finditer(text, start, end)
                  if m.end() > m.start() and not any(a < m.start() and m.end() < b for a, b in protected)
                  and not _in_parentheses(text, start, m.start())]
    for s, e in [*separators, (end, end)]:
        if s < cut:
            continue
        piece_start, piece_end = cut, s
        if _defining_apposition(text, piece_start, s, scope, bool(pieces)):
            break
        aliases = tuple(name for p in re.finditer(r"\(([^()]{1,60})\)", text[piece_start:piece_end])
                        if not re.match(_NOT_A_TERM, p.group(1).strip(), re.IGNORECASE)
                        for name in _term_or_abbreviation(p.group(1).strip()))
        close = text.find(")", piece_start, piece_end)
        if close >= 0 and "(" not in text[piece_start:close]:
            piece_end = close  # "(brand name Emgality) is": the parenthesis the item stands in ends it
        first_paren = text.find("(", piece_start, piece_end)
        inner = _INNER_ABBREVIATION.match(text, first_paren, piece_end) if first_paren >= 0 else None
        if inner and any(rules.words[kind].fullmatch(inner.group(2).split()[-1]) for kind in ("class_heads", "condition_heads")):
            aliases = (f"{inner.group(1)} {inner.group(2)}",)
        elif first_paren >= 0 and (term := _INNER_TERM.match(text, first_paren, piece_end)) \
                and not any(rules.words[kind].fullmatch(term.group(2)) for kind in ("class_heads", "generic")):
            aliases = ()  # "sudden (acute) diarrhoea": the piece stays whole, named by its term
        elif first_paren >= 0:
            piece_end = first_paren
        called = _CALLED.search(text, piece_start, piece_end)
        if called:
            if hypernyms:
                pieces.append((*_strip(text, piece_start, called.start(), rules)[:2], (), None))
            piece_start = called.end()
        known_as = _KNOWN_AS.match(text, piece_start, piece_end)
        if known_as and pieces:
            before = pieces.pop()
            aliases = (*aliases, text[before[0]:before[1]])
            piece_start = known_as.end()
        piece_start, piece_end, severity = _strip(text, piece_start, piece_end, rules)
        if piece_start < piece_end:
            pieces.append((piece_start, piece_end, aliases, severity))
        cut = e
    pieces = _body_parts_joined(text, pieces, rules)
    items = [_expanded(text, pieces, i, rules) for i in range(len(pieces)) if pieces[i][0] < pieces[i][1]]
    return _allergies(text, _ages_shared(text, _compulsions(text, _located(items, rules), rules), rules), main)


def _compulsions(text: str, items: list[Item], rules: Rules) -> list[Item]:
    """"compulsive gambling, shopping, eating or sexual behaviour": a behaviour listed after one
    named as out of control is out of control too, so "shopping" is compulsive shopping."""
    return [(start, end, _compulsion(text, start, name, rules) or name, aliases, severity)
            for start, end, name, aliases, severity in items]


def _compulsion(text: str, start: int, name: str, rules: Rules) -> str | None:
    """The name of a behaviour listed after a compulsive one, with the compulsion's word."""
    words = name.split()
    if not 1 <= len(words) <= 2 or not _BEHAVIOUR.fullmatch(words[-1]):
        return None
    before = re.search(rf"\b({rules.words['compulsive'].pattern})\s+[a-z]+ing"
                       rf"(?:\s*,\s*(?:[a-z]+\s+)?[a-z]+ing)*\s*(?:,\s*)?(?:(?:and|or)\s+)?$",
                       text[max(0, start - 150):start], re.IGNORECASE)
    return f"{before.group(1)} {name}" if before else None


_BEHAVIOUR = re.compile(r"[a-z]{2,}ing|behaviou?rs?")


def _ages_shared(text: str, items: list[Item], rules: Rules) -> list[Item]:
    """"children and teenagers under 18": the age bounds both groups, so they are one population,
    named as the text names it, not "children" and "teenagers under 18". "children or people over
    65" are two: "people" starts a group of its own."""
    found: list[Item] = []
    for item in items:
        if found and _AGE.search(item[2]) and not _OWN_GROUP.match(item[2]) \
                and rules.words["population"].fullmatch(found[-1][2].strip()) \
                and re.fullmatch(r"\s+(?:and|or)\s+", text[found[-1][1]:item[0]]):
            start = found.pop()[0]
            item = (start, item[1], text[start:item[1]], item[3], item[4])
        found.append(item)
    return found


_AGE = re.compile(r"\b(?:under|over|younger than|older than|aged|below)\s+\d+", re.IGNORECASE)
_OWN_GROUP = re.compile(r"\s*(?:people|anyone|those|patients|individuals|adults)\b", re.IGNORECASE)


def _located(items: list[Item], rules: Rules) -> list[Item]:
    """"pain in your back, muscles or joints" is back pain, muscle pain and joint pain: a pain
    (or an infection) named by where it is, and the body parts listed after it, each a pain of
    its own."""
    found: list[Item] = []
    feeling = None
    for start, end, name, aliases, severity in items:
        where = _PAIN_IN.fullmatch(" ".join(name.split()))
        parts = _PARTS_JOINED.split(where.group(2)) if where else []
        if parts and all(rules.words["body_parts"].fullmatch(part) for part in parts):
            feeling = re.sub(r"^(infection|blood clot)s$", r"\1", where.group(1).lower())
            # "blood clots in the legs or lungs": the parts joined in one item, each a harm of its own
            found += [(start, end, f"{_singular(part)} {feeling}", (*aliases, name), severity) for part in parts[1:]]
            name, aliases = f"{_singular(parts[0])} {feeling}", (*aliases, name)
        elif feeling and rules.words["body_parts"].fullmatch(name.strip()):
            name = f"{_singular(name.strip())} {feeling}"
        else:
            feeling = None
            shared = _MODIFIED_PARTS.fullmatch(" ".join(name.split()))
            if (shared and all(rules.words["body_parts"].fullmatch(shared.group(g)) for g in (2, 3))
                    and not _JAUNDICE.fullmatch(name)):
                # "aching muscles or joints", "a sore mouth or tongue": each part with the words before
                found.append((start, end, f"{shared.group(1)} {shared.group(2)}", (*aliases, name), severity))
                name, aliases = f"{shared.group(1)} {shared.group(3)}", (*aliases, name)
        found.append((start, end, name, aliases, severity))
    return found


_JAUNDICE = re.compile(r"yellow(?:ing)?(?: of)? (?:the )?(?:skin|eyes) (?:and|or) (?:the )?(?:skin|eyes)", re.IGNORECASE)
"""Yellow skin and eyes are one sign, of jaundice, not two."""
_MODIFIED_PARTS = re.compile(r"([a-z]+(?: [a-z]+)?) ([a-z]+) (?:and|or) ([a-z]+)", re.IGNORECASE)


_PARTS_JOINED = re.compile(r"\s+(?:or|and)\s+(?:in\s+)?(?:your\s+|the\s+|their\s+)?")
_PAIN_IN = re.compile(r"(pain|aches?|stiffness|tightness|swelling|cramps?|infections?|blood clots?) (?:in|of) (?:your |the |their )?"
                      rf"([\w-]+(?:{_PARTS_JOINED.pattern}[\w-]+)?)", re.IGNORECASE)


def _singular(word: str) -> str:
    if word.lower() in _IRREGULAR_PLURALS:
        return _IRREGULAR_PLURALS[word.lower()]
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


_IRREGULAR_PLURALS = {"feet": "foot", "teeth": "tooth"}


def _body_parts_joined(text: str, pieces: list[tuple[int, int, tuple[str, ...], str | None]],
                       rules: Rules) -> list[tuple[int, int, tuple[str, ...], str | None]]:
    """"cold hands and feet", "swollen ankles and feet": a body part alone after 'and'/'or'
    shares the words before the one it is joined to, so the phrase is one name."""
    joined = pieces[:1]
    for start, end, aliases, severity in pieces[1:]:
        before = joined[-1]
        if (rules.words["body_parts"].fullmatch(text[start:end])
                and text[before[0]:before[1]].count(" ") >= 1
                and rules.words["body_parts"].fullmatch(text[before[0]:before[1]].split()[-1])
                and text[before[1]:start].strip().lower() in ("and", "or")):
            joined[-1] = (before[0], end, before[2], before[3])
        else:
            joined.append((start, end, aliases, severity))
    return joined


_CALLED = re.compile(r"\s(?:often |also |sometimes |commonly |usually )?called\s+", re.IGNORECASE)
_KNOWN_AS = re.compile(r"\s*(?:also |often |usually )?(?:known (?:medically |to doctors )?as|(?:medically )?called)\s+", re.IGNORECASE)
""""nerve pain after shingles, known as postherpetic neuralgia": the piece after the comma is
the item's name, the words before it a synonym."""
_ALLERGY = re.compile(r"(?:(?:are|is) )?(?:an? )?(?:(?:rare|known) )?(?:allergic(?: reaction)?|allergy|hypersensitive|"
                      r"hypersensitivity|(?:bad |serious |severe )?reaction) to "
                      r"(?:an? |the )?(.+)", re.IGNORECASE)
_ITSELF = re.compile(r"it|(?:(?:any of )?(?:its|the) )?(?:other )?(?:ingredients|components)|this (?:medicine|medication|drug)",
                     re.IGNORECASE)
"""The document's drug, as an allergy names it: "allergic to it", "to any of its ingredients"."""


def _allergies(text: str, items: list[Item], main: tuple[str, ...]) -> list[Item]:
    """Each item named as an allergy where it is one; "allergic to hydroxychloroquine or to
    chloroquine", "allergic to similar medicines such as tinidazole": an item "to chloroquine"
    after an allergy, or one that gives an example of it, is an allergy too."""
    found: list[Item] = []
    allergy = False
    for start, end, name, aliases, severity in items:
        if allergy:
            to = re.fullmatch(r"to (.+)", " ".join(name.split()), re.IGNORECASE)
            if to or _EXAMPLE.fullmatch(text, found[-1][1], start) or _ALLERGEN_ALONE.fullmatch(name):
                name = f"allergic to {to.group(1) if to else name}"
        allergy = _ALLERGY.fullmatch(" ".join(name.split())) is not None
        found.append(_allergy(start, end, name, aliases, severity, main))
    return found


_ALLERGEN_ALONE = re.compile(r"(?!(?:if|you|have|has|are|is|had|they|or|and|nor|to|with)\b)[\w-]+(?: [\w-]+){0,2}",
                             re.IGNORECASE)
"""An item of at most three words after an allergy, not a clause of its own: "allergic to
carbimazole or methimazole"."""
_EXAMPLE = re.compile(r",?\s*(?:such as|like|including|e\.g\.,?)\s+", re.IGNORECASE)


def _allergy(start: int, end: int, name: str, aliases: tuple[str, ...], severity: str | None,
             main: tuple[str, ...]) -> Item:
    """"allergic to penicillin", "an allergic reaction to an antihistamine": the condition is
    named as a curator names it, "penicillin allergy", the words of the text kept as a synonym;
    "hypersensitive to any of its ingredients" is an allergy to the document's drug, by each of
    its names ("dimethyl sulfoxide allergy", "DMSO allergy")."""
    found = _ALLERGY.fullmatch(" ".join(name.split()))
    if found is None:
        return start, end, name, aliases, severity
    itself = main and _ITSELF.fullmatch(found.group(1))
    allergen = main[0] if itself else _ALLERGEN.fullmatch(found.group(1)).group(1)
    if not allergen or _OTHER_INGREDIENTS.search(allergen):
        # "similar medicines" names no allergen of its own, nor does "any other ingredient", a
        # warning of every medicine that curators do not record ("any of its ingredients" is _ITSELF)
        return start, end, "", aliases, severity
    other_names = tuple(f"{other} allergy" for other in main[1:]) if itself else ()
    head, _, last = allergen.rpartition(" ")
    if not re.search(r"(?:ss|us|is)$", last):
        allergen = f"{head} {_singular(last)}".strip()  # "other benzodiazepines": a benzodiazepine allergy
    return start, end, f"{allergen} allergy", (*aliases, *other_names, found.group()), severity


_ALLERGY_NAME = re.compile(r"\S allergy$")
"""A name _allergy gave: "benzodiazepine allergy" names an allergy even where the lexicon knows
the class it is to."""
_OTHER_INGREDIENTS = re.compile(r"\bingredients?\b", re.IGNORECASE)
_ALLERGEN = re.compile(r"(?:any )?(?:(?:other|another|similar|related) )?(.*?) ?(?:medicines|drugs|medications|antibiotics)?",
                       re.IGNORECASE)
"""What is no part of an allergen's name: "(any) other piperidine medicines" is a piperidine allergy."""


def _defining_apposition(text: str, start: int, at: int, scope: tuple[int, int], after_another: bool) -> bool:
    """"status epilepticus, a seizure that will not stop", "thrush, a fungal infection of the
    mouth", "angina, the chest pain that comes when", "the aorta, the main artery of the body":
    a piece after a comma that opens with "a" or "the" and is ended by a relative clause or
    names a part "of" something (the last piece), or says what kind of thing the item before
    is, defines that item and ends the list; so does a piece that opens with "a" in a list with
    no "and" or "or" ("hives (urticaria), an itchy, raised rash")."""
    if not (after_another and text[:start].rstrip().endswith(",")):
        return False
    end = scope[1]
    return (_APPOSITION.match(text, start, end) is not None
            or (re.match(r"\s*an?\s", text[start:at]) is not None
                and re.search(r"\b(?:and|or|as well as)\b", text[scope[0]:end]) is None)
            or (at == end and re.match(r"\s*(?:an?|the)\s", text[start:at]) is not None
                and (re.match(r",?\s*(?:that|which|who)\b", text[end:end + 12]) is not None
                     or re.match(r"\s*the\s.*\sof\s", text[start:at]) is not None)))


_APPOSITION = re.compile(
    r"\s*an?\s+(?:[\w-]+\s+){0,3}?(?:form|type|kind|sort|cause|condition|infection|inflammation|"
    r"swelling|disease|disorder|complication)\s+(?:of|in|that|which)\b", re.IGNORECASE)


def _in_parentheses(text: str, start: int, at: int) -> bool:
    return text.count("(", start, at) > text.count(")", start, at)


def _expanded(text: str, pieces: list[tuple[int, int, tuple[str, ...], str | None]], i: int,
              rules: Rules) -> Item:
    """A one-word item joined by 'or'/'and' to a longer one shares its last word: "liver or
    kidney disease" is liver disease and kidney disease, "high or low blood pressure" is high
    blood pressure and low blood pressure. The quote is then the whole phrase."""
    start, end, aliases, severity = pieces[i]
    if i + 1 < len(pieces) and len(text[start:end].split()) == 1:
        nxt_start, nxt_end, _, _ = pieces[i + 1]
        between = text[end:nxt_start].strip().lower()
        words = text[nxt_start:nxt_end].split()
        first = text[start:end].strip()
        shares = (between in ("or", "and") and len(words) >= 2 and first.lower() != words[-1].lower()
                  and ((rules.words["shared_heads"].fullmatch(words[-1]) and not _DISEASE_WORD.search(first))
                       or (rules.words["located_heads"].fullmatch(words[-1])
                           and rules.words["body_parts"].fullmatch(first))))
        if text[end:end + 1] == "-" and text[end + 1:nxt_start].strip().lower() in ("or", "and") and "-" in words[0]:
            # "second- or third-degree heart block": the suspended hyphen takes the next compound's end
            rest = " ".join([words[0].split("-", 1)[1], *words[1:]])
            return start, nxt_end, f"{first}-{rest}", aliases, severity
        adjective = (between in ("or", "and", ",") and len(words) == 2 and first.islower()
                     and not (_PARTICIPLE.fullmatch(words[0]) and words[-1].lower().endswith("ly"))
                     and (_ADJECTIVE.search(first) is not None
                          or (between == "or" and _PARTICIPLE.fullmatch(words[0]) is not None)))
        if shares or adjective:
            return start, nxt_end, f"{first} {words[-1]}", aliases, severity
        if (between in ("or", "and") and len(words) >= 2 and pieces[i + 1][2]
                and _PARTICIPLE.fullmatch(first) and _PARTICIPLE.fullmatch(words[0])):
            # "seeing or hearing things that are not there (hallucinations)": one harm, by its term
            return start, nxt_end, " ".join([first, *words[1:]]), pieces[i + 1][2], severity
        if between in ("or", "and") and len(words) >= 2 and all(
                rules.words["state"].fullmatch(word) for word in (first, words[0])):
            # "high or low blood pressure": the first state takes the second one's head
            return start, nxt_end, " ".join([first, *words[1:]]), aliases, severity
    if (head := _head_before(text, pieces, i)) is not None:
        return start, end, f"{head} {' '.join(text[start:end].split())}", aliases, severity
    termed = _TERMED.fullmatch(" ".join(text[start:end].split()))
    if termed:
        return start, end, f"{termed.group(2)} {termed.group(3)}", (*aliases, f"{termed.group(1)} {termed.group(3)}"), severity
    return start, end, _INNER_PARENTHESES.sub("", text[start:end]), aliases, severity


def _head_before(text: str, pieces: list[tuple[int, int, tuple[str, ...], str | None]], i: int) -> str | None:
    """"cancer of the ovary, womb or breast", "a tumour of the pituitary gland or hypothalamus":
    the one-word items after a first "cancer of the …" share its head ("cancer of the"), as
    the items before a shared last word share it (_expanded)."""
    if i == 0 or len(text[pieces[i][0]:pieces[i][1]].split()) != 1:
        return None
    for j in range(i - 1, -1, -1):
        between = text[pieces[j][1]:pieces[j + 1][0]].strip().lower()
        if between not in (",", "or", "and", ", or", ", and"):
            return None
        first = _OF_HEAD.match(" ".join(text[pieces[j][0]:pieces[j][1]].split()))
        if first is not None:
            return first.group(1)
        if len(text[pieces[j][0]:pieces[j][1]].split()) != 1:
            return None
    return None


_OF_HEAD = re.compile(r"((?:cancers?|tumou?rs?|infections?|inflammation) of (?:the )?)\S", re.IGNORECASE)


def _term_or_abbreviation(term: str) -> tuple[str, ...]:
    """"(benign prostatic hyperplasia, or BPH)": a term and its abbreviation, two names."""
    found = _OR_ABBREVIATION.fullmatch(term)
    return (found.group(1), found.group(2)) if found else (term,)


_OR_ABBREVIATION = re.compile(r"(.+?),? or ([A-Z][A-Z0-9-]{1,8})")
_INNER_TERM = re.compile(r"\(([a-z][a-z-]{2,})\)\s+([\w-]+)\s*$")
_TERMED = re.compile(r"([\w-]+) \(([a-z][a-z-]{2,})\) ([\w-]+)")
"""A plain adjective with the medical one in parentheses before the head: "sudden (acute)
diarrhoea" is acute diarrhoea, also called sudden diarrhoea."""
_INNER_ABBREVIATION = re.compile(r"\(((?=[^()\s]*[A-Z])[^()\s]{2,12})\)\s+((?:[\w-]+\s+){0,2}[\w-]+)\s*$")
"""An abbreviation inside a name, before its head: "phosphodiesterase 4 (PDE4) inhibitors",
"sphingosine 1-phosphate (S1P) receptor modulators"."""
_INNER_PARENTHESES = re.compile(r"\s*\([^()]*\)(?=\s)")

_DISEASE_WORD = re.compile(r"(?:itis|osis|aemia|emia|ia|ism|ma|pathy)$|[a-z][^su]s$|^[A-Z]{2,}$")
"""A one-word item that names a condition of its own: "sinusitis and urinary tract infections",
"asthma or heart disease", "colds and sinus infections", "ADHD or obsessive-compulsive disorder"."""
_ADJECTIVE = re.compile(r"[a-z]{2}(?:y|ed)$")
"""A one-word item that is an adjective sharing the next item's noun: "runny or blocked nose"."""
_PARTICIPLE = re.compile(r"[a-z]{3,}ing")
"""An adjective by its place: "fast or pounding heartbeat" is a fast heartbeat (but "restless or
sleeping badly" shares no adverb)."""


def _strip(text: str, start: int, end: int, rules: Rules) -> tuple[int, int, str | None]:
    """Trim an item to the name it gives: no leading article or quantifier, severity apart."""
    severity = None
    while True:
        while start < end and not text[start].isalnum():
            start += 1
        while end > start and not text[end - 1].isalnum() and text[end - 1] != ")":
            end -= 1
        prefix = rules.words["object_prefix"].match(text, start, end)
        if prefix and prefix.end() < end and not _felt_in_body_parts(text, prefix, end, rules):
            if _plain_name(text, start, end, rules) and not _plain_name(text, prefix.end(), end, rules):
                return start, end, severity  # "inflammation of the pancreas" names more than "pancreas"
            start = prefix.end()
            continue
        suffix = rules.words["object_suffix"].search(text, start, end)
        if suffix and suffix.start() > start:
            end = suffix.start()
            continue
        level = rules.words["severity"].match(text, start, end)
        if (level and level.end() < end and text[level.end()].isspace()
                and not rules.words["graded_names"].fullmatch(text[level.end():end].strip())):
            severity = level.group().lower()
            start = level.end()
            continue
        return start, end, severity


def _plain_name(text: str, start: int, end: int, rules: Rules) -> bool:
    return " ".join(text[start:end].split()).lower() in rules.plain_names


def _felt_in_body_parts(text: str, prefix: re.Match, end: int, rules: Rules) -> bool:
    """"swelling of the legs": a feeling in a body part is the item's name, not a prefix before it.
    Swelling of the face, lips, tongue or throat is left to the allergy it is a sign of."""
    parts = _PARTS_JOINED.split(re.sub(r"^(?:the|your|their)\s+", "", text[prefix.end():end].strip(), flags=re.I))
    return (_FELT_OF.search(prefix.group()) is not None and "(" not in text[prefix.end():end]
            and all(rules.words["body_parts"].fullmatch(part) and not _ALLERGY_SIGN_PARTS.fullmatch(part)
                    for part in parts))


_FELT_OF = re.compile(r"(?:pain|swelling|stiffness|discomfort) (?:of|from)\s+$", re.IGNORECASE)
_ALLERGY_SIGN_PARTS = re.compile(r"face|lips?|tongue|throat|mouth", re.IGNORECASE)


_CHEMICAL_NUMBER = re.compile(r"\d+-[A-Za-z]")
"""A number that starts a chemical name ("4-aminoquinoline", "5-HT3 receptor antagonist"), not
an amount ("5 mg")."""


def _candidate(label: str, aliases: tuple[str, ...], predicate: Predicate, drugs: DrugWords,
               rules: Rules, named: bool = False) -> Thing | None:
    """A candidate new entity named by an item, when the item reads as a name of the right kind;
    `named` when the text says it is a name ("a class of antibiotics called penicillins")."""
    label = " ".join(label.split())
    if "population" in predicate.range and (group := _group_named(label)) is not None:
        return Thing.new("population", group, (*aliases, label) if group != label else aliases)
    if aliases and (len(label.split()) > 6 or any(rules.words["not_in_name"].fullmatch(w) for w in label.split())):
        # "a narrowing of the arteries to both kidneys (renal artery stenosis)", "seeing things
        # that are not there (hallucinations)": the name is the term
        label, aliases = aliases[0], (*aliases[1:], label)
    if label.lower() in rules.feelings and predicate.name != "drugClass":
        label, aliases = rules.feelings[label.lower()], (*aliases, label)
    if label.lower() in rules.plain_names and "condition" in predicate.range:
        # "difficulty getting an erection": plain words the rules know as a condition's name
        return Thing.new("condition", label.lower(), (*aliases, *rules.plain_names[label.lower()]))
    words = label.split()
    if not words or len(words) > 6 or not (re.search(r"[A-Za-z]{3}", label) or re.fullmatch(r"[A-Z]{2}", label)):
        return None  # "TB" is a name
    brand_word = predicate.name == "hasProduct" and words[0][0].isupper()  # "Dramamine Less Drowsy"
    if any(rules.words["not_in_name"].fullmatch(w) and not (brand_word and i and w.istitle())
           for i, w in enumerate(words)) or (words[0][0].isdigit() and not _CHEMICAL_NUMBER.match(words[0])):
        return None
    kinds = predicate.range
    if label.lower() == "breastfeed":  # "you should not breastfeed while taking it"
        label, aliases = "breastfeeding", (*aliases, "breastfeeding women", label)
    if rules.words["population"].search(label):
        if "population" not in kinds or rules.words["generic_population"].fullmatch(label):
            return None  # "not recommended for children" denies no use
        if words[0].istitle() and rules.words["population"].fullmatch(words[0]):
            label = label[0].lower() + label[1:]  # "Pregnancy does not rule it out": capital of the sentence only
        return Thing.new("population", label, aliases)
    if all(rules.words["generic"].fullmatch(w) or (len(w) < 3 and not w.isupper()) for w in words):
        return None
    if re.match(r"\S+ (?:the|a|an|your|their|its|his|her) ", label) or re.match(
            r"(?:in|on|at|for|to|during|after|before|from|than|as)\b", label, re.IGNORECASE):
        return None
    if (_PREPOSITION.fullmatch(words[-1]) or words[-1].lower() in ("a", "an", "the")
            or (len(words) > 1 and re.fullmatch(r"\w+ed", words[0]) and _PREPOSITION.fullmatch(words[1]))):
        return None  # "the force with", "a sperm count for a", "added to other treatment": cut short, no name
    if predicate.name == "drugClass":
        form = _FORM_AFTER_CLASS.search(label)
        if form and _names_a_class(label[:form.start()].split(), rules):
            # "an antihistamine eye drop", "an antiseptic mouthwash": the class, not the product
            label, aliases = label[:form.start()], (*aliases, label)
            words = label.split()
        if not (named or _names_a_class(words, rules)):
            return None
        if (len(words) == 2 and rules.words["generic"].fullmatch(words[-1])
                and rules.words["class_heads"].fullmatch(words[0])):
            label, aliases = words[0], (*aliases, label)  # "an antipsychotic medicine" is an antipsychotic
        acting = _ACTING.match(label)  # "long-acting bronchodilator" is a bronchodilator too
        return Thing.new("drugclass", label, (*aliases, acting.group(1)) if acting else aliases)
    if predicate.name == "interactsWith":
        if len(words) > 1 and _PREPOSITION.fullmatch(words[1]):
            words, label = words[:1], words[0]  # "theophylline in the blood"
            if rules.words["generic"].fullmatch(label):
                return None
        if rules.words["class_heads"].search(words[-1]):
            return Thing.new("drugclass", label if label.isupper() else label.lower(), aliases)
        if len(words) == 1:
            return Thing.new("drug", label.lower(), aliases)
        if len(words) <= 3 and not rules.words["generic"].search(label):
            return Thing.new("substance", label.lower(), aliases)
        return None
    if any(normalise_word(w) in drugs.words for w in words) and not label.endswith(" allergy"):
        return None
    if predicate.name == "hasProduct":
        return Thing.new("product", label, aliases) if words[0][0].isupper() and len(words) <= 3 else None
    if rules.words["class_heads"].fullmatch(words[-1]) or rules.words["not_a_condition"].fullmatch(words[-1]):
        return None
    if (len(words) == 1 and rules.words["adjective"].fullmatch(label)) or words[-1].isdigit() or all(
            w.lower() in STOP for w in words):
        return None  # "seasonal", "aged 55", "over": no name of a condition
    if rules.words["not_condition_start"].fullmatch(words[0]) or rules.words["body_parts"].fullmatch(label):
        return None
    return Thing.new(kinds[0], label if label.isupper() else label.lower(), aliases)


def _group_named(label: str) -> str | None:
    """The people an item names by what they are or do, as curators name them: "could become
    pregnant" (women who could become pregnant), "on kidney dialysis" (people on dialysis),
    "under 18" (people under 18), "children younger than 12" (children under 12)."""
    if _COULD_BE_PREGNANT.fullmatch(label):
        return "women who could become pregnant"
    if _ON_DIALYSIS.fullmatch(label):
        return "people on dialysis"
    age = _UNDER_AGE.fullmatch(label)
    if age is not None:
        return f"{age.group(1) or 'people'} under {age.group(2)}"
    return None


_COULD_BE_PREGNANT = re.compile(r"(?:(?:women|anyone|someone) who )?(?:are or )?(?:could|might|may|can) (?:still )?"
                                r"(?:become|get|be) pregnant", re.IGNORECASE)
_ON_DIALYSIS = re.compile(r"(?:people )?(?:(?:are|who are) )?(?:on|having|receiving|need(?:ing)?) (?:kidney |renal )?dialysis",
                          re.IGNORECASE)
_UNDER_AGE = re.compile(r"(?:(?:are|is) )?(?:(children|teenagers|adults|people|anyone|babies|young people) )?"
                        r"(?:under|younger than|aged under|below the age of|less than) (?:the age of )?(\d{1,2})"
                        r"(?: years?(?: of age| old)?)?", re.IGNORECASE)


_PREPOSITION = re.compile(r"with|to|of|for|in|on|by|from|at|as|into|against", re.IGNORECASE)
_FORM_AFTER_CLASS = re.compile(r"\s+(?:(?:eye|ear|nose|nasal|skin|vaginal)\s+)?(?:drop|cream|gel|ointment|spray|mouthwash|lotion|"
                               r"shampoo|tablet|capsule|injection|inhaler|patch)$", re.IGNORECASE)
"""A product's form after a class, in the singular of "is an antihistamine eye drop"; "beta blocker
tablets, such as …" name what the drug interacts with."""
_ACTING = re.compile(r"(?:long|short|fast|slow|rapid)-acting\s+(.+)", re.IGNORECASE)


def _names_a_class(words: list[str], rules: Rules) -> bool:
    """"selective serotonin reuptake inhibitor", "anti-inflammatory drug", "biguanide"; not
    "oral medicine" or "versatile medication"."""
    if not rules.words["class_heads"].fullmatch(words[-1]):
        return False
    if not rules.words["generic"].fullmatch(words[-1]):
        return True
    modifiers = " ".join(words[:-1])
    return bool(modifiers) and not rules.words["not_class_modifier"].fullmatch(modifiers)


def _mechanism(text: str, match: re.Match[str], scope: tuple[int, int]
               ) -> list[tuple[int, int, Thing, str | None]]:
    """A mechanism is the cue and the clause after it, as the source words it."""
    start, end = match.start(), scope[1]
    phrase = " ".join(text[start:end].split())
    if len(phrase.split()) < 3 or len(phrase) > 150:
        return []
    return [(start, end, Thing.new("mechanism", phrase), None)]


_TERM = re.compile(r"\s[–—]\s|\s-\s")
""""Asthma – taken every evening to prevent ...": a list item that is a term and its description."""
_TERM_COLON = re.compile(r"([^:\n]{3,50}?[\w)]):\s")
""""Ketoacidosis: a dangerous build-up of acids …": a short term, a colon and its description."""


def _term_end(text: str, sentence: Sentence) -> int | None:
    """Where a list item's term ends, when the item is a term and its description."""
    dash = _TERM.search(text, sentence.start, sentence.end)
    if dash:
        return dash.start()
    colon = _TERM_COLON.match(text, sentence.start, sentence.end)
    return colon.end(1) if colon else None


def _item_claims(text: str, sentence: Sentence, drugs: DrugWords, rules: Rules, until: int
                 ) -> list[DraftClaim]:
    """A bare list item under a heading or lead-in that names a predicate ("Side effects",
    "Typical side effects include:") is an object of that predicate; an item "term – its
    description" up to the dash."""
    if sentence.lead is None or drugs.main is None or _lists_causes(sentence, rules):
        return []
    found = _governing_predicate(sentence.lead, rules)
    if found is None:
        return []
    lead, predicate, cue = found
    if predicate.name != "interactsWith" and not _opens_its_item(text, sentence):
        return []  # a medicine named in a later sentence of an item under "Interactions" is one
    weight = (cue.weight if cue else HEADING_WEIGHT) * IMPLICIT
    return [_claim(text, sentence, drugs.main, predicate, thing, (lead.start, end),
                   weight * (KNOWN if thing.known else CANDIDATE), False, severity, rules)
            for start, end, thing, severity in _objects(text, (sentence.start, _where_it_affects(text, sentence.start, until)),
                                                        predicate, drugs, rules)]


def _opens_its_item(text: str, sentence: Sentence) -> bool:
    """Whether the sentence is the first of its list item: the later ones ("- Sunlight. Use a
    sunscreen and avoid sunbeds.") say more of it and are no items of the list themselves."""
    line = text.rfind("\n", 0, sentence.start) + 1
    return _BULLET.fullmatch(text, line, sentence.start) is not None


_BULLET = re.compile(r"[ \t]*(?:[-*•·‣–]|\d{1,2}[.)])?[ \t]*")


def _where_it_affects(text: str, start: int, end: int) -> int:
    """Where an item's words on the parts a condition affects begin ("Crohn's disease affecting
    the end of the small intestine or the start of the large bowel"): no objects of their own."""
    found = _AFFECTING.search(text, start, end)
    return found.start() if found else end


_AFFECTING = re.compile(r"\s(?:affecting|involving)\s", re.IGNORECASE)


def _governing_predicate(lead: Sentence, rules: Rules
                         ) -> tuple[Sentence, Predicate, Cue | None] | None:
    """The predicate a list's lead-in names ("Typical side effects include:"), else the one its
    heading names, when the lead-in names none ("Most people have none, but you might notice:"
    under "Side effects"). A lead-in that names two ("Call your doctor straight away if you
    get:" under "Serious side effects") is read as its heading reads it."""
    for governing in (lead, lead.lead):
        if governing is None:
            continue
        named = [(predicate, next((c for c in predicate.cues if c.pattern.search(governing.text)), None))
                 for predicate in rules.predicates]
        named = [(predicate, cue) for predicate, cue in named
                 if cue is not None or (predicate.headings and predicate.headings.search(governing.text))]
        # "Long-term use increases the risk of:": a harm's cue, not the word "use", names it
        if any(p.name in _HARMS and c is not None for p, c in named):
            named = [(p, c) for p, c in named if not (p.name == "treats" and c is None)]
        heading = heading_of(lead)
        if len(named) > 1 and heading is not None:
            named.sort(key=lambda pc: not (pc[0].headings and pc[0].headings.search(heading.text)))
        if ([p.name for p, _ in named] == ["cautionIn"] and heading is not None
                and not rules.words["before_starting"].search(governing.text)):
            # "Tell your cancer team if you have any of these:" under "Common side effects"
            harms = [p for p in rules.predicates if p.name in _HARMS and p.headings and p.headings.search(heading.text)]
            named = [(harms[0], None)] if harms else named
        if named:
            return lead, *named[0]
    return None



def _lists_causes(sentence: Sentence, rules: Rules) -> bool:
    """Whether the sentence is an item of a list of the causes of a condition ("Oedema is often
    caused by:"): what brings on the condition treated, no claim about the drug. Causes after a
    use ("It eases soreness of the mouth caused by:") are the uses."""
    lead = sentence.lead
    return (sentence.kind == "item" and lead is not None and bool(_CAUSES_LEAD.search(lead.text))
            and not any(c.pattern.search(lead.text) for c in rules.predicate("treats").cues))


_CAUSES_LEAD = re.compile(r"\b(?:(?:caused|brought on|triggered) by|causes (?:include|are))\s*:$", re.IGNORECASE)


def _brand_claims(text: str, sentence: Sentence, drugs: DrugWords, rules: Rules) -> list[DraftClaim]:
    """"Diazepam (Valium)": a capitalised name in brackets after a drug is a brand of it."""
    claims = []
    for start, end, thing in drugs.in_span(text, sentence.start, sentence.end, ("drug",)):
        brands = _BRANDS.match(text, end, min(end + 80, sentence.end))
        if not brands:
            continue
        for name in re.finditer(_BRAND, brands.group(1)):
            label = name.group().title() if name.group().isupper() else name.group()
            entry = next((e for e in drugs.lexicon.lookup(label) if e.kind == "product"), None)
            if entry is None and drugs.lexicon.lookup(label):
                continue
            product = Thing.of(entry) if entry else Thing.new("product", label)
            quote = (start, brands.start(1) + name.end())
            claims.append(DraftClaim(thing, "hasProduct", product, [_balanced(text, *quote, sentence)],
                                     round(0.85 * (KNOWN if product.known else CANDIDATE), 2)))
    return claims


_BRAND = r"[A-Z][A-Za-z]+(?:[ -][A-Z][A-Za-z]+)?"
_BRANDS = re.compile(rf"\s*\(({_BRAND}(?:(?:, |,? and |,? or ){_BRAND})*)\)")
"""Brand names in brackets after a drug: "Diazepam (Valium)", "Omeprazole (Prilosec, Losec)"."""


def _dose_claims(text: str, sentence: Sentence, drugs: DrugWords) -> list[DraftClaim]:
    if drugs.main is None:
        return []
    claims = []
    for dose in parse_doses(text, sentence.start, sentence.end):
        route = None
        if dose.route:
            entry = next((e for e in drugs.lexicon.lookup(dose.route) if e.kind == "route"), None)
            route = Thing.of(entry) if entry else Thing.new("route", dose.route)
        thing = Thing(str(KINDS["dose"].namespace[slugify(dose.label)]), dose.label, "dose",
                      False, dose=dose, route=route)
        claims.append(DraftClaim(drugs.main, "hasDoseRegimen", thing, [dose.span], 0.8))
    return claims



# --- drafts ------------------------------------------------------------------------------------

def draft_records(extraction: Extraction, source: URIRef) -> tuple[list[tuple[ClaimRecord, str | None]], Graph]:
    """The drafts as claim records, each with a note where it uses a new entity, and the
    descriptions of the candidate new entities."""
    records = []
    for claim in extraction.claims:
        new = [t.label + (f" ({t.vocabulary_id} in a vocabulary)" if t.vocabulary_id else "")
               for t in (claim.subject, claim.object) if not t.known]
        records.append((ClaimRecord(
            URIRef(claim.subject.iri), DF[claim.predicate], URIRef(claim.object.iri), source,
            [extraction.text[s:e] for s, e in claim.spans], DF.Draft, claim.negated, claim.hedge,
            claim.qualifiers, claim.score),
            f"new entity: {', '.join(new)}" if new else None))
    return records, candidate_graph(extraction.candidates())


def candidate_graph(things: list[Thing]) -> Graph:
    """Descriptions of candidate new entities in the shape data/entities/ holds them."""
    graph = new_graph()
    for thing in things:
        iri = URIRef(thing.iri)
        graph.add((iri, RDF.type, KINDS[thing.kind].cls))
        graph.add((iri, SKOS.prefLabel, Literal(thing.label, lang="en")))
        for alias in thing.alt_labels:
            graph.add((iri, SKOS.altLabel, Literal(alias, lang="en")))
        dose = thing.dose
        if dose is not None:
            if thing.route is not None:
                graph.add((iri, DF.route, URIRef(thing.route.iri)))
            graph.add((iri, DF.doseMin, Literal(dose.min, datatype=XSD.decimal)))
            graph.add((iri, DF.doseMax, Literal(dose.max, datatype=XSD.decimal)))
            graph.add((iri, DF.doseUnit, Literal(dose.unit)))
            if dose.frequency:
                graph.add((iri, DF.frequency, Literal(dose.frequency)))
            if dose.times_per_day:
                graph.add((iri, DF.timesPerDay, Literal(dose.times_per_day, datatype=XSD.integer)))
    return graph


# --- a source of the project -------------------------------------------------------------------

@dataclass
class SourceDrafts:
    source: URIRef
    turtle: str
    extraction: Extraction


def extract_file(project: Project, path: Path, vocabularies: list[tuple[Path, str | None]] = ()
                 ) -> SourceDrafts:
    """Draft claims for a text: a source of data/sources.ttl (its stored text, so every quote is
    verbatim in it), or any .txt, .md or .html file, named after the file with a warning."""
    source, text, warnings = _source_text(project, path)
    lexicon = project_lexicon(project.entity_files(), vocabularies)
    extraction = extract(text, lexicon)
    extraction.warnings[:0] = warnings
    checker = SourceText(source, path, text)
    for claim in extraction.claims:
        for start, end in claim.spans:
            assert checker.locate(text[start:end]) is not None, "a draft quote is not in its text"
    records, entities = draft_records(extraction, source)
    header = (f"Draft claims of {project.relative(path)} ({source}),\n"
              f"proposed by drugfacts extract: {len(records)} claims, "
              f"{len(extraction.candidates())} candidate new entities.\n"
              "Drafts are not built. Review them with: drugfacts review "
              f"{project.relative(project.claims_dir)}/{source.rsplit('/', 1)[-1]}{DRAFT_SUFFIX}\n"
              "Each df:extractionScore is how surely the cue states the claim (0 to 1).")
    return SourceDrafts(source, draft_file(header, records, entities), extraction)


def _source_text(project: Project, path: Path) -> tuple[URIRef, str, list[str]]:
    if project.sources_file.is_file():
        metadata = parse_turtle(project.sources_file, project.relative(project.sources_file))
        for source in metadata.subjects(DF.fileName, Literal(path.name)):
            stored = project.sources_dir / path.name
            if stored.resolve() == path.resolve():
                return URIRef(source), decode(path.read_bytes(), project.relative(path)), []
    document = read_document(path)
    source = KINDS["source"].namespace[slugify(path.stem) or "source"]
    return URIRef(source), document.text, [
        f"{project.relative(path)} is not a source of {project.relative(project.sources_file)}: "
        "the drafts name it " + source.rsplit("/", 1)[-1] + "; add it with drugfacts add-source "
        "before review, so the quotes are checked against the stored text"]
