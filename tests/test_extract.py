"""Extraction: draft claims with verbatim quotes, polarity, hedges, scores and new entities."""

from __future__ import annotations

import runpy
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import URIRef

from drugfacts.doses import parse_doses
from drugfacts.extract import (
    CUES_FILE,
    document_titles,
    draft_records,
    drug_words,
    extract,
    load_rules,
    relation_features,
)
from drugfacts.lexicon import Lexicon, project_lexicon
from drugfacts.relations import Model
from drugfacts.sources import SourceText
from drugfacts.text import sentences

from conftest import DATA, REPO, run

EXTRACTION = DATA / "extraction" / "data"
HELDOUTS = [DATA / "extraction" / name / "data"
            for name in ("heldout", *(f"heldout{n}" for n in range(2, 203)))]
TEXTS = [*sorted((REPO / "data" / "sources").glob("*.txt")), *sorted((EXTRACTION / "sources").glob("*.txt")),
         *(text for heldout in HELDOUTS for text in sorted((heldout / "sources").glob("*.txt")))]
"""Every evaluation document the extractor has been run on: the seeds, the other-drugs set and
the held-out sets already run."""
NO_MODEL = Model(("none", "treats"), (50.0, 0.0), {})
"""A model that reads no phrase as a claim: extraction by the cues alone."""


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return project_lexicon(sorted((DATA / "mini" / "data" / "entities").glob("*.ttl")))


def claims_of(text: str, lexicon: Lexicon) -> set[tuple[str, str, str, bool, str | None]]:
    return {(c.subject.label, c.predicate, c.object.label, c.negated, c.hedge)
            for c in extract(text, lexicon).claims}


def test_the_mini_fixture_text(lexicon: Lexicon) -> None:
    text = (DATA / "mini" / "data" / "sources" / "a.txt").read_text()
    assert claims_of(text, lexicon) == {
        ("ibuprofen", "drugClass", "nonsteroidal anti-inflammatory drug", False, None),
        ("ibuprofen", "treats", "pain", False, None),
        ("ibuprofen", "treats", "fever", False, None),
        ("ibuprofen", "hasSideEffect", "upset stomach", False, "may"),
        ("ibuprofen", "treats", "anxiety", True, None),
    }


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.name)
def test_every_draft_quote_is_verbatim_in_its_text(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    extraction = extract(text, project_lexicon(sorted((REPO / "data" / "entities").glob("*.ttl"))))
    source = SourceText(None, path, text)
    assert extraction.claims
    for claim in extraction.claims:
        for start, end in claim.spans:
            assert source.locate(text[start:end]) is not None


@pytest.mark.parametrize("sentence, negated, hedge", [
    ("Ibuprofen is used to treat fever.", False, None),
    ("Ibuprofen is not used to treat fever.", True, None),
    ("Ibuprofen is never used for fever.", True, None),
    ("Ibuprofen may be prescribed for fever.", False, "may"),
    ("Ibuprofen can sometimes relieve fever.", False, "can"),
    ("Ibuprofen is often prescribed for fever.", False, "often"),
    ("Ibuprofen isn't used for fever.", True, None),
])
def test_negation_and_hedges(lexicon: Lexicon, sentence: str, negated: bool, hedge: str | None) -> None:
    found = [c for c in extract(sentence, lexicon).claims if c.object.label == "fever"]
    assert [(c.predicate, c.negated, c.hedge) for c in found] == [("treats", negated, hedge)]


@pytest.mark.parametrize("text, expected", [
    # a lead-in that names no predicate gives way to its section's heading; numbered items
    ("Ibuprofen\n\nIbuprofen is used to treat pain.\n\nSide effects\n\nThe ones that do occur are "
     "usually mild:\n\n1. headache\n2. dry mouth\n",
     {("treats", "pain", False), ("hasSideEffect", "headache", False), ("hasSideEffect", "dry mouth", False)}),
    # contraindications: "by anyone who is", "isn't suitable if you have", "women who are", "during"
    ("Ibuprofen should not be taken by anyone who is allergic to aspirin.",
     {("contraindicatedIn", "aspirin allergy", False)}),
    ("Ibuprofen isn't suitable if you have kidney disease.", {("contraindicatedIn", "kidney disease", False)}),
    ("Ibuprofen must not be taken by women who are pregnant or breastfeeding.",
     {("contraindicatedIn", "pregnant", False), ("contraindicatedIn", "breastfeeding", False)}),
    # objects end at their name: "from forming", "the chance of", "to lower", "called"
    ("Ibuprofen is used to prevent blood clots from forming.", {("treats", "blood clots", False)}),
    ("Ibuprofen lowers the chance of a heart attack.", {("treats", "heart attack", False)}),
    ("Ibuprofen is given to people with arthritis to lower their chance of a stroke.",
     {("treats", "arthritis", False), ("treats", "stroke", False)}),
    ("Long courses of ibuprofen raise the risk of a bowel infection called colitis.",
     {("hasRisk", "colitis", False)}),
    ("Ibuprofen can cause thrush, a fungal infection of the mouth.", {("hasSideEffect", "thrush", False)}),
    ("Ibuprofen may make stomach ulcers more likely.", {("hasRisk", "stomach ulcers", False)}),
    ("Bleeding is the most common side effect of ibuprofen.", {("hasSideEffect", "bleeding", False)}),
    ("Ibuprofen does not work for colds.", {("treats", "colds", True)}),
    # coordination: adjectives share a noun, a disease word does not
    ("Ibuprofen is used to treat a runny or blocked nose.",
     {("treats", "runny nose", False), ("treats", "blocked nose", False)}),
    ("Ibuprofen is used to treat sinusitis and urinary tract infections.",
     {("treats", "sinusitis", False), ("treats", "urinary tract infections", False)}),
    ("Ibuprofen is prescribed for stomach and duodenal ulcers.",
     {("treats", "stomach ulcers", False), ("treats", "duodenal ulcers", False)}),
    # interactions: "change how well", "avoid drinking", a drug named after its description
    ("Ibuprofen may change how well warfarin works.", {("interactsWith", "warfarin", False)}),
    ("Avoid drinking grapefruit juice while taking ibuprofen.", {("interactsWith", "grapefruit juice", False)}),
    ("Ibuprofen should not be used with the HIV medicine nelfinavir.", {("interactsWith", "nelfinavir", False)}),
    # brand names in brackets, several
    ("Ibuprofen (Advil, Nurofen)\n\nIbuprofen is used to treat pain.",
     {("hasProduct", "Advil", False), ("hasProduct", "Nurofen", False), ("treats", "pain", False)}),
])
def test_round_two_wordings(lexicon: Lexicon, text: str, expected: set[tuple[str, str, bool]]) -> None:
    """Each a general fix of round 2, from a development miss (tests/data/extraction/heldout2/README.md)."""
    assert {(c.predicate, c.object.label, c.negated) for c in extract(text, lexicon).claims} == expected


TITLE = "Ibuprofen\n\nIbuprofen is used to treat pain.\n\n"
"""A document's start that names its main drug, for text that does not name it again."""


@pytest.mark.parametrize("text, expected", [
    # side effects and risks: a relative clause before "include", "bring on", "has been linked
    # to", rare or lasting harm, a warning lead-in
    (TITLE + "Side effects you might get include nausea.", {("hasSideEffect", "nausea", False)}),
    ("Stopping ibuprofen suddenly can bring on a heart attack.", {("hasRisk", "heart attack", False)}),
    ("Ibuprofen may, rarely, lead to thoughts of suicide.", {("hasRisk", "suicidal thoughts", False)}),
    ("Ibuprofen has been linked to kidney failure.", {("hasRisk", "kidney failure", False)}),
    (TITLE + "In rare cases ibuprofen causes lasting harm:\n\n- kidney damage\n", {("hasRisk", "kidney damage", False)}),
    (TITLE + "Tell a doctor straight away if you or your child notices:\n\n1. agitation\n",
     {("hasRisk", "agitation", False)}),
    # uses: an adverb after "used", "taken for", "Doctors use X to manage", "an option for"
    ("Ibuprofen is now used more often for fever.", {("treats", "fever", False)}),
    ("Ibuprofen is taken for fever.", {("treats", "fever", False)}),
    ("Doctors use ibuprofen to manage gout.", {("treats", "gout", False)}),
    ("Ibuprofen is also an option for gout.", {("treats", "gout", False)}),
    # headings and list items: "Why is it prescribed?", "Who takes it and why", "term – description"
    (TITLE + "Why is it prescribed?\n\n- gout\n", {("treats", "gout", False)}),
    (TITLE + "Who takes it and why\n\n- Gout – every evening, with food\n", {("treats", "gout", False)}),
    # objects: "other kinds of", "sometimes for", "very", "X, known as Y"; no name cut short
    ("Ibuprofen is used for other kinds of gout, and sometimes for fever.",
     {("treats", "gout", False), ("treats", "fever", False)}),
    ("Ibuprofen should not be used by people with a very slow heart rate.",
     {("contraindicatedIn", "slow heart rate", False)}),
    (TITLE + "It is approved for:\n\n- nerve pain after shingles, known as postherpetic neuralgia\n",
     {("treats", "postherpetic neuralgia", False)}),
    (TITLE + "It is approved for:\n\n- fungal infections of the toenails, known medically as onychomycosis\n",
     {("treats", "onychomycosis", False)}),
    (TITLE + "It is approved for:\n\n- gout, on its own or added to other treatment\n", {("treats", "gout", False)}),
    ("Ibuprofen eases the force with which the heart pumps.", set()),
    ("Ibuprofen can lower the heart rate further.", set()),
    # a cue that denies its predicate: "has no effect on", "is safe in"
    ("Ibuprofen has no effect on viral infections.", {("treats", "viral infections", True)}),
    ("Ibuprofen has no place in treating gout on its own.", {("treats", "gout", True)}),
    # a hyphenated word before a known condition names its kind, whatever stands before it
    ("Ibuprofen is prescribed for chronic treatment-resistant anxiety.", {("treats", "treatment-resistant anxiety", False)}),
    # how long a harm lasts is no part of its name
    ("Ibuprofen can cause brief stinging and blurred vision for a short while.",
     {("hasSideEffect", "stinging", False), ("hasSideEffect", "blurred vision", False)}),
    # the harms of another drug the article names are not the article's claims
    (TITLE + "In people who take methadone, methadone can cause chills and yawning.", set()),
    # the places of travel sickness are no conditions
    ("Ibuprofen is used for motion sickness, the queasy feeling some people get in cars, boats and planes.",
     {("treats", "motion sickness", False)}),
    # "especially in people with" names who is more at risk, no harm
    ("Ibuprofen can cause stomach ulcers, especially in people with diabetes or kidney problems.",
     {("hasSideEffect", "stomach ulcers", False)}),
    ("Ibuprofen gives no protection against gout or fever.", {("treats", "gout", True), ("treats", "fever", True)}),
    ("Ibuprofen does not protect you against gout.", {("treats", "gout", True)}),
    ("Ibuprofen is safe in pregnancy.", {("contraindicatedIn", "pregnancy", True)}),
    # contraindications: "are usually advised against" (a class the drug belongs to), "will not
    # prescribe it if", "not recommended for" is no negated use, a relative "whose" ends the object
    (TITLE + "People with asthma are usually advised against beta blockers.", {("contraindicatedIn", "asthma", False)}),
    (TITLE + "Your doctor will not prescribe it if you have gout.", {("contraindicatedIn", "gout", False)}),
    (TITLE + "Do not take it if you have recently had a heart attack.", {("contraindicatedIn", "heart attack", False)}),
    (TITLE + "Do not take these tablets if you have gout.", {("contraindicatedIn", "gout", False)}),
    (TITLE + "Do not use ibuprofen nasal spray if you have gout.", {("contraindicatedIn", "gout", False)}),
    (TITLE + "You should not take the capsules if you have gout.", {("contraindicatedIn", "gout", False)}),
    ("Ibuprofen is not recommended for anyone with gout.", {("contraindicatedIn", "gout", False)}),
    ("Ibuprofen is unsuitable for people who are hypersensitive to any of its ingredients.",
     {("contraindicatedIn", "ibuprofen allergy", False)}),
    # body parts joined by 'and'/'or' each take the words before ("cold hands and feet"), no
    # condition alone; the head after them is shared too ("muscle and bone pain")
    ("Ibuprofen can cause cold hands and feet.",
     {("hasSideEffect", "cold hands", False), ("hasSideEffect", "cold feet", False)}),
    ("Ibuprofen can cause aching muscles or joints.",
     {("hasSideEffect", "aching muscles", False), ("hasSideEffect", "aching joints", False)}),
    ("Ibuprofen can cause muscle and bone pain.",
     {("hasSideEffect", "muscle pain", False), ("hasSideEffect", "bone pain", False)}),
    ("Ibuprofen can cause swelling of the legs or feet.",
     {("hasSideEffect", "leg swelling", False), ("hasSideEffect", "foot swelling", False)}),
    # yellow skin and eyes are one sign; swelling of the face or lips is left to its allergy
    ("Ibuprofen can cause yellow skin or eyes.", {("hasSideEffect", "yellow skin or eyes", False)}),
    ("Ibuprofen can cause swelling of the face or lips.", set()),
    ("Ibuprofen can cause raised liver enzymes on blood tests.", {("hasSideEffect", "raised liver enzymes", False)}),
    # what one does, as the noun that names the harm
    ("Ibuprofen can make you bleed or bruise more easily.",
     {("hasSideEffect", "bleeding", False), ("hasSideEffect", "bruising", False)}),
    # a spaced dash ends the harm: what follows describes it
    ("Ibuprofen can cause parkinsonism – stiffness, shaking and slow movements.",
     {("hasSideEffect", "parkinsonism", False)}),
    ("Ibuprofen can cause bleeding in the stomach or gut.",
     {("hasSideEffect", "bleeding in the stomach or gut", False)}),
    # an infection named by where it is, and each body part listed after it an infection there
    ("Ibuprofen can cause infections of the nose, chest or bladder.",
     {("hasSideEffect", "nose infection", False), ("hasSideEffect", "chest infection", False),
      ("hasSideEffect", "bladder infection", False)}),
    ("Ibuprofen can cause a dry mouth and constipation.",
     {("hasSideEffect", "dry mouth", False), ("hasSideEffect", "constipation", False)}),
    ("Ibuprofen should not be used by people with poor blood flow to the hands and feet.", set()),
    # denied uses: "does not help ordinary ...", "won't stop ... once it has begun"; "developed for"
    ("Ibuprofen does not help ordinary headaches.", {("treats", "headaches", True)}),
    ("Ibuprofen won't stop an asthma attack once it has begun.", {("treats", "asthma attack", True)}),
    ("Ibuprofen was first developed for gout.", {("treats", "gout", False)}),
    # side effects: "The effects reported most often are", under "Unwanted effects"
    (TITLE + "The effects reported most often are nausea.", {("hasSideEffect", "nausea", False)}),
    (TITLE + "Unwanted effects\n\nChildren may also get a fever.", {("hasSideEffect", "fever", False)}),
    ("Ibuprofen can make you short of breath or cause depression.",
     {("hasSideEffect", "shortness of breath", False), ("hasSideEffect", "depression", False)}),
    (TITLE + "Your skin may also become more sensitive to sunlight.", {("hasSideEffect", "sensitive to sunlight", False)}),
    (TITLE + "Side effects\n\nSome people notice temporary hair thinning in the first few months.",
     {("hasSideEffect", "hair thinning", False)}),
    ("Ibuprofen can also slow your breathing.", {("hasRisk", "slow breathing", False)}),
    ("Ibuprofen can cause a fast or pounding heartbeat.",
     {("hasSideEffect", "fast heartbeat", False), ("hasSideEffect", "pounding heartbeat", False)}),
    # but a participle with an adverb is a verb's phrase, sharing nothing
    ("Common side effects of ibuprofen include feeling restless or sleeping badly.",
     {("hasSideEffect", "restlessness", False), ("hasSideEffect", "sleeping badly", False)}),
    # the parts a condition affects name no use of their own
    ("Ibuprofen is used to treat:\n\n- gout affecting the end of the small intestine (the ileum) or the "
     "start of the large bowel\n- fever\n", {("treats", "gout", False), ("treats", "fever", False)}),
    # ", meaning" explains the name before it and is no part of it
    ("Ibuprofen is licensed for resistant gout, meaning gout that other medicines have not eased.",
     {("treats", "resistant gout", False)}),
    # "slight" is a severity, no part of the name
    ("Ibuprofen can cause a slight fever.", {("hasSideEffect", "fever", False)}),
    # an apposition with "the" ends the list
    ("Ibuprofen is used to manage gout and angina, the chest pain that comes with exercise.",
     {("treats", "gout", False), ("treats", "angina", False)}),
    ("Ibuprofen can cause a tear in the aorta, the main artery of the body.",
     {("hasSideEffect", "tear in the aorta", False)}),
    # objects the sentence adds after a clause, with the cue's preposition again
    ("Ibuprofen is generally avoided in children whose bones are growing, and in pregnancy.",
     {("contraindicatedIn", "children", False), ("contraindicatedIn", "pregnancy", False)}),
    ("Ibuprofen can be used for gout that has not responded to other medicines, for fever.",
     {("treats", "gout", False), ("treats", "fever", False)}),
    ("Ibuprofen is given to people with gout, and to people who have had a fever.",
     {("treats", "gout", False), ("treats", "fever", False)}),
    ("Ibuprofen is prescribed for many infections, for example chest infections.",
     {("treats", "infections", False), ("treats", "chest infections", False)}),
    ("Ibuprofen is given to people with gout to ease it.", {("treats", "gout", False)}),
    # a known condition after one modifying word names a narrower condition
    ("Ibuprofen is used to treat traveller's fever.", {("treats", "traveller's fever", False)}),
    ("Ibuprofen is used to treat severe fever.", {("treats", "fever", False)}),
    (TITLE + "Doctors also recommend it to people at high risk of gout.", {("treats", "gout", False)}),
])
def test_round_three_wordings(lexicon: Lexicon, text: str, expected: set[tuple[str, str, bool]]) -> None:
    """Each a general fix of round 3, from a miss on held-out 2, development data since round 3
    (tests/data/extraction/heldout2/README.md lists them)."""
    found = {(c.predicate, c.object.label, c.negated) for c in extract(text, lexicon).claims}
    assert found - {("treats", "pain", False)} == expected


@pytest.mark.parametrize("text, expected", [
    # a function word before a known condition narrows nothing (held-out 1: "but drowsiness")
    (TITLE + "Side effects\n\nIt is less likely to make you sleepy, but fever still happens in some people.",
     {("hasSideEffect", "fever", False)}),
])
def test_round_four_wordings(lexicon: Lexicon, text: str, expected: set[tuple[str, str, bool]]) -> None:
    """Each a general fix of round 4, from a miss on the development sets."""
    found = {(c.predicate, c.object.label, c.negated) for c in extract(text, lexicon).claims}
    assert found - {("treats", "pain", False)} == expected


INFECTIONS = Model(("none", "treats"), (3.0, 0.0), {"w:infection": (0.0, 8.0)})
"""A model that reads "viral infections" as a use (p ≈ 0.99) and nothing else (p ≈ 0.05)."""


@pytest.mark.parametrize("sentence, negated", [
    ("Like all painkillers, ibuprofen is useless against viral infections.", True),
    ("Ibuprofen is of no use for viral infections.", True),
    ("Ibuprofen does nothing for viral infections.", True),
    ("Ibuprofen helps with viral infections.", False),
])
def test_useless_of_no_use_and_nothing_deny_what_the_model_reads(lexicon: Lexicon, sentence: str,
                                                                 negated: bool) -> None:
    """Round 4: "useless", "of no use" and "nothing" deny a claim as "not" does."""
    found = {(c.predicate, c.object.label, c.negated) for c in extract(sentence, lexicon, model=INFECTIONS).claims}
    assert found == {("treats", "viral infections", negated)}


@pytest.mark.parametrize("text, expected", [
    ("Tell your doctor if you have gout.", "gout"),
    ("Ibuprofen is cleared by the kidneys, so people with reduced kidney function need a smaller dose.",
     "reduced kidney function"),
    ("If you have gout, you will usually start on a low dose.", "gout"),
    ("Anyone with a history of gout should talk it through with their doctor first.", "gout"),
    # under a heading of who must not take it, a sentence asking to tell "them" is still a caution
    ("Who should not take it\n\nLet them know too if you have gout.", "gout"),
])
def test_round_three_cautions(lexicon: Lexicon, text: str, expected: str) -> None:
    """Cautions as held-out 2 words them, about the document's drug when the sentence names none."""
    assert {(c.predicate, c.object.label) for c in extract(TITLE + text, lexicon).claims} == {
        ("treats", "pain"), ("cautionIn", expected)}


@pytest.mark.parametrize("text, expected", [
    # the document's drug after the cue: the drugs it interacts with are the clause's subject
    (TITLE + "Verapamil and diltiazem can lower the heart rate when combined with ibuprofen.",
     {"verapamil", "diltiazem"}),
    ("Some antidepressants, such as fluoxetine, raise the level of ibuprofen in the blood.",
     {"antidepressants", "fluoxetine"}),
    ("Some antibiotics raise ibuprofen levels.", {"antibiotics"}),
    ("Phenobarbital and rifampicin can make ibuprofen less effective.", {"phenobarbital", "rifampicin"}),
    ("Calcium supplements and antacids stop ibuprofen being absorbed properly.", {"calcium supplements", "antacids"}),
    ("Alcohol can add to the drowsiness, so do not drink while taking ibuprofen.", {"alcohol"}),
    # the other drug after the cue
    ("Ibuprofen raises the level of theophylline in the blood.", {"theophylline"}),
    ("Ibuprofen can strengthen the effect of warfarin.", {"warfarin"}),
    ("Do not take ibuprofen at the same time as milk or antacids.", {"milk", "antacids"}),
    ("Ibuprofen must never be combined with tizanidine.", {"tizanidine"}),
    (TITLE + "It can slow breathing when it is taken with opioid painkillers.", {"opioid painkillers"}),
])
def test_round_three_interactions(lexicon: Lexicon, text: str, expected: set[str]) -> None:
    """Interactions as held-out 2 words them, affirmed, and no class claim about the other drugs."""
    found = extract(text, lexicon).claims
    assert {(c.object.label, c.negated) for c in found if c.predicate == "interactsWith"} == {
        (label, False) for label in expected}
    assert not [c for c in found if c.predicate == "drugClass"]


@pytest.mark.parametrize("text", [
    "Ibuprofen is sold as Advil and, in a slow-release form, as Nurofen.",
    TITLE + "Brands include Advil and Nurofen.",
    TITLE + "Advil and Nurofen are two of its brand names.",
    TITLE + "Brand names include Advil and Nurofen.",  # the document's drug, not named in the sentence
    TITLE + "Its brand names are:\n\n- Advil\n- Nurofen\n",
])
def test_round_three_brand_lists(lexicon: Lexicon, text: str) -> None:
    """Brand names as held-out 2 lists them: each brand, nothing of the words between."""
    assert {c.object.label for c in extract(text, lexicon).claims if c.predicate == "hasProduct"} == {
        "Advil", "Nurofen"}


def test_a_brand_name_in_parentheses_ends_at_the_bracket(lexicon: Lexicon) -> None:
    found = extract("Ibuprofen (brand name Nurofen) is a painkiller.", lexicon).claims
    assert {c.object.label for c in found if c.predicate == "hasProduct"} == {"Nurofen"}


def test_a_brand_name_of_three_words(lexicon: Lexicon) -> None:
    """A brand's own capitalised words are its name, though "less" names nothing elsewhere."""
    found = extract(TITLE + "Brand names: Advil, Nurofen Less Drowsy, Nuromol.", lexicon).claims
    assert {c.object.label for c in found if c.predicate == "hasProduct"} == {"Advil", "Nurofen Less Drowsy", "Nuromol"}


@pytest.mark.parametrize("text, expected", [
    ("Amoxicillin belongs to a class of antibiotics called penicillins.", {"antibiotics", "penicillins"}),
    ("Amoxicillin is an antibiotic from a group of medicines called penicillins.", {"antibiotic", "penicillins"}),
    # a class named by its group after a class word, and class words of other endings
    ("Amoxicillin is an antipsychotic from the benzamide group of medicines.", {"antipsychotic", "benzamide"}),
    ("Amoxicillin is a calcium channel blocker of the dihydropyridine type.", {"calcium channel blocker", "dihydropyridine"}),
    ("Amoxicillin is an anthelmintic.", {"anthelmintic"}),
    ("Amoxicillin is a vitamin D receptor activator.", {"vitamin D receptor activator"}),
])
def test_a_class_named_after_called(lexicon: Lexicon, text: str, expected: set[str]) -> None:
    found = extract(text, lexicon).claims
    assert {(c.predicate, c.object.label) for c in found} == {("drugClass", label) for label in expected}


@pytest.mark.parametrize("text, expected", [
    ("Ibuprofen is a long-acting bronchodilator.", ("long-acting bronchodilator", ("bronchodilator",))),
    ("Amoxicillin belongs to a group of medicines called long-acting muscarinic antagonists.",
     ("long-acting muscarinic antagonists", ("muscarinic antagonists",))),
])
def test_how_long_a_class_acts_is_part_of_its_name(lexicon: Lexicon, text: str,
                                                    expected: tuple[str, tuple[str, ...]]) -> None:
    """Curators name a class with it ("long-acting muscarinic antagonist") or without it."""
    found = extract(text, lexicon).claims
    assert {(c.object.label, c.object.alt_labels) for c in found if c.predicate == "drugClass"} == {expected}


def test_a_chemical_named_after_called_is_no_class(lexicon: Lexicon) -> None:
    found = extract("Ibuprofen blocks a chemical called prostaglandin.", lexicon).claims
    assert not [c for c in found if c.predicate == "drugClass"]


def test_a_negative_cue_is_not_a_negated_claim(lexicon: Lexicon) -> None:
    found = extract("Ibuprofen should not be used by people with anxiety.", lexicon).claims
    assert [(c.predicate, c.object.label, c.negated) for c in found] == [
        ("contraindicatedIn", "anxiety", False)]


def test_unknown_drug_and_conditions_become_candidates(lexicon: Lexicon) -> None:
    text = ("Zolpidem guide\n\nZolpidem is a sedative. Zolpidem is used to treat insomnia. "
            "Side effects include headache, nausea and daytime drowsiness.")
    found = extract(text, lexicon)
    assert found.main_drug.label == "zolpidem" and not found.main_drug.known
    assert {(c.predicate, c.object.label) for c in found.claims} == {
        ("drugClass", "sedative"), ("treats", "insomnia"), ("hasSideEffect", "headache"),
        ("hasSideEffect", "nausea"), ("hasSideEffect", "daytime drowsiness")}
    assert {t.label for t in found.candidates()} >= {"zolpidem", "insomnia", "headache"}


def test_list_items_under_a_side_effects_heading(lexicon: Lexicon) -> None:
    text = "Ibuprofen\n\nIbuprofen is used to treat pain.\n\nSide effects\n\n- rash\n- upset stomach\n"
    found = {(c.predicate, c.object.label) for c in extract(text, lexicon).claims}
    assert {("hasSideEffect", "rash"), ("hasSideEffect", "upset stomach")} <= found


@pytest.mark.parametrize("text, expected", [
    ("Ibuprofen should not be used by people with liver or kidney disease.", {"liver disease", "kidney disease"}),
    # two states share the words after the second one
    ("Ibuprofen can cause a sore or blocked nose.", {"sore nose", "blocked nose"}),
    ("Ibuprofen can cause a fast or irregular heart rhythm.", {"fast heart rhythm", "irregular heart rhythm"}),
    # a name with "and" in it stays one; feeling hot is how one feels
    ("Ibuprofen can cause tingling or pins and needles.", {"tingling", "pins and needles"}),
    ("Ibuprofen can cause sweating or feeling hot.", {"sweating", "feeling hot"}),
    # a condition of its own, a plural or an abbreviation takes no head (development sets 102-137)
    ("Ibuprofen should not be used by people with asthma or heart disease.", {"asthma", "heart disease"}),
    ("Ibuprofen can cause colds and sinus infections.", {"colds", "sinus infections"}),
    ("Ibuprofen can cause ADHD or panic disorder.", {"ADHD", "panic disorder"}),
])
def test_coordinated_items_share_their_head(lexicon: Lexicon, text: str, expected: set[str]) -> None:
    assert {c.object.label for c in extract(text, lexicon, model=NO_MODEL).claims} == expected


def test_each_claim_keeps_its_shortest_quote(lexicon: Lexicon) -> None:
    text = "Some text first. Ibuprofen is used to treat pain, fever and swelling. Then more."
    found = {c.object.label: text[c.spans[0][0]:c.spans[0][1]] for c in extract(text, lexicon).claims}
    assert found["pain"] == "Ibuprofen is used to treat pain"
    assert found["fever"] == "Ibuprofen is used to treat pain, fever"


def test_scores_rank_known_objects_over_candidates(lexicon: Lexicon) -> None:
    found = {c.object.label: c.score for c in extract("Ibuprofen is used to treat pain and gout.", lexicon).claims}
    assert 0 < found["gout"] < found["pain"] <= 1


@pytest.mark.parametrize("text, doses", [
    ("Oral: 3 to 10mg orally thrice a day.", [("oral", "3", "10", "mg", "three times a day", 3)]),
    ("4 to 10 mg IV or IM, then 4 to 10 mg IV or IM in 2 to 3 hours if necessary.",
     [("intravenous", "4", "10", "mg", "repeated in 2 to 3 hours if necessary", None),
      ("intramuscular", "4", "10", "mg", "repeated in 2 to 3 hours if necessary", None)]),
    ("200 to 400 mg by mouth every 4 to 6 hours, up to 1200 mg a day.",
     [("oral", "200", "400", "mg", "every 4 to 6 hours", None)]),
    ("Adults take 500 mg once or twice a day.", [(None, "500", "500", "mg", "once or twice a day", None)]),
    ("Take 250 mcg daily by mouth.", [("oral", "250", "250", "ug", "daily", 1)]),
    ("Give 0.5 mg every 8 hours.", [(None, "0.5", "0.5", "mg", "every 8 hours", 3)]),
    ("Do not take more than a maximum of 2000 mg.", []),
])
def test_dose_parser(text: str, doses: list[tuple]) -> None:
    found = [(d.route, str(d.min), str(d.max), d.unit, d.frequency, d.times_per_day)
             for d in parse_doses(text)]
    assert found == doses
    assert all(isinstance(d.min, Decimal) for d in parse_doses(text))


def test_extract_command_prints_drafts_and_candidates(mini: Path) -> None:
    result = run(mini, "extract", str(mini / "data" / "sources" / "a.txt"))
    assert result.exit_code == 0
    assert result.stdout.count("df:curationStatus df:Draft") == 5
    assert "df:extractionScore 0." in result.stdout
    assert "5 draft claims, 0 candidate new entities" in result.stderr


def test_extract_warns_about_a_text_that_is_not_a_source(mini: Path, tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text("<p>Ibuprofen is used to treat <b>fever</b>.</p>")
    result = run(mini, "extract", str(page))
    assert result.exit_code == 0
    assert "is not a source of data/sources.ttl" in result.stderr
    assert 'oa:exact "Ibuprofen is used to treat fever"' in result.stdout


@pytest.mark.parametrize("content, code, message", [
    (b"", 1, "the document is empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", 1, "a binary file, not text"),
    (b"Ibuprofen wird zur Behandlung von Schmerzen eingesetzt.", 0, "does not look like English"),
    (b"<html><body><p>Ibuprofen is used to treat <b>fever</p></div></i>", 0, "1 draft claims"),
    (b"<html><body><table><tr><td>", 1, "no text once its markup is removed"),
    (b"\xff\xfe\x00\x00\x01\x02", 1, "a binary file, not text"),
])
def test_extract_never_crashes(mini: Path, tmp_path: Path, content: bytes, code: int, message: str) -> None:
    path = tmp_path / ("input.html" if content.startswith(b"<html") else "input.txt")
    path.write_bytes(content)
    result = run(mini, "extract", str(path))
    assert result.exit_code == code
    assert message in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.slow
def test_extract_a_large_text_in_bounded_time(mini: Path, tmp_path: Path) -> None:
    seed = (REPO / "data" / "sources" / "003_8927e89a12a04e49.txt").read_text()
    path = tmp_path / "large.txt"
    path.write_text(seed * 100 + "x" * 200_000)
    assert run(mini, "extract", str(path)).exit_code == 0


def test_extract_refuses_a_huge_text_with_a_message(mini: Path, tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_text("Ibuprofen treats pain. " * 100_000)
    assert path.stat().st_size > 2_000_000
    result = run(mini, "extract", str(path))
    assert result.exit_code == 1
    assert "split the document" in result.stderr
    assert "Traceback" not in result.output


def test_the_table_by_set_gives_each_set_s_core_figures() -> None:
    """`--rows set`: core P / R / F1 pooled over the core predicates, then each one's F1."""
    evaluation = runpy.run_path(str(REPO / "scripts" / "evaluate_extraction.py"))
    counts = evaluation["Counts"]
    results = {"A": {"treats": counts(gold=4, drafts=2, found=2, correct=2),
                     "hasRisk": counts(gold=4, drafts=4, found=1, correct=1),
                     "cautionIn": counts(gold=9, drafts=9, found=9, correct=9)}}
    header, rows = evaluation["by_set"](results, True)
    # core: 3 of 6 drafts right, 3 of 8 claims found; treats P 1, R 0.5; hasRisk P and R 0.25
    assert dict(zip(header, rows[0])) == {
        "set": "A", "core gold": "8", "core P": "0.50", "core R": "0.38", "core F1": "0.43",
        "treats F1": "0.67", "hasSideEffect F1": "0.00", "hasRisk F1": "0.25",
        "contraindicatedIn F1": "0.00", "drugClass F1": "0.00"}


def test_extraction_meets_its_targets_on_documents_about_other_drugs() -> None:
    """Precision and recall of at least 0.8 on the core predicates (scripts/evaluate_extraction.py)
    on the other-drugs *development* set. It guards against regressions; it is not the issue's
    target, which is measured on the unseen sets (UNSEEN in that script; README table)."""
    evaluation = runpy.run_path(str(REPO / "scripts" / "evaluate_extraction.py"))
    lexicon = evaluation["lexicon_of"](evaluation["graph_of"](sorted((REPO / "data" / "entities").glob("*.ttl"))))
    totals = evaluation["evaluate_project"](DATA / "extraction", lambda *_: lexicon, 0.0)
    core = evaluation["Counts"]()
    for predicate in evaluation["CORE"]:
        core.add(totals[predicate])
    precision, recall, _ = map(float, core.row())
    assert precision >= 0.8 and recall >= 0.8


@pytest.mark.parametrize("text, expected", [
    # no cue: the learned model reads the phrase as a side effect
    (TITLE + "Side effects\n\nExpect some restlessness and a dry mouth.",
     ("hasSideEffect", "dry mouth", False)),
])
def test_the_learned_model_finds_claims_no_cue_states(lexicon: Lexicon, text: str,
                                                      expected: tuple[str, str, bool]) -> None:
    found = {(c.predicate, c.object.label, c.negated) for c in extract(text, lexicon).claims}
    blind = {(c.predicate, c.object.label, c.negated) for c in extract(text, lexicon, model=NO_MODEL).claims}
    assert expected in found and expected not in blind


def test_no_learned_claim_repeats_a_phrase_the_cues_read(lexicon: Lexicon) -> None:
    """"nerve pain after shingles, known as postherpetic neuralgia": the cues name the object
    and keep the words before as its synonym; the model does not add "nerve pain"."""
    text = TITLE + "It is approved for:\n\n- nerve pain after shingles, known as postherpetic neuralgia\n"
    assert "nerve pain" not in {c.object.label for c in extract(text, lexicon).claims}


@pytest.mark.parametrize("path", sorted((EXTRACTION / "sources").glob("*.txt")), ids=lambda p: p.name)
def test_extraction_is_deterministic(lexicon: Lexicon, path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    first, second = extract(text, lexicon).claims, extract(text, lexicon).claims
    assert [(c.key, c.spans, c.score, c.negated) for c in first] == [
        (c.key, c.spans, c.score, c.negated) for c in second]


@pytest.mark.parametrize("heading, section", [
    ("What it is for", "section:heading:treats"),
    ("Conditions it helps with", "section:heading:treats"),
    ("Why you might be prescribed it", "section:heading:treats"),
    ("Serious but uncommon", "section:heading:hasRisk"),
    ("Who it isn't suitable for", "section:heading:contraindicatedIn"),
    ("Conditions it helps", "section:heading:treats"),
    ("When it could be more serious", "section:heading:hasRisk"),
    ("Medicines to watch", "section:heading:interactsWith"),
    ("Reasons people are given it", "section:heading:treats"),
    ("When to worry", "section:heading:hasRisk"),
    ("Not for everyone", "section:heading:contraindicatedIn"),
    ("Medicines that don't mix", "section:heading:interactsWith"),
])
def test_the_model_reads_what_kind_of_section_a_phrase_stands_in(lexicon: Lexicon, heading: str,
                                                                section: str) -> None:
    """A heading worded as no training document words it still names its kind of section."""
    found = _features_of(lexicon, TITLE + heading + "\n\nSome people have swollen ankles.\n", "swollen ankles")
    assert [f for f in found if f.startswith("section:heading:")] == [section]


def _features_of(lexicon: Lexicon, text: str, phrase: str) -> list[str]:
    """The learned model's features of a candidate phrase of text."""
    sents = sentences(text)
    read = relation_features(text, sents, drug_words(text, sents, lexicon, load_rules()), load_rules())
    return next(f for found in read.values() for c, f in found if text[c.start:c.end] == phrase)


def test_a_vocabulary_term_becomes_a_candidate_entity_of_the_project(tmp_path: Path) -> None:
    """A term of a user's vocabulary is no entity of the project: the draft proposes one under
    the term's name, in the project's namespace, and says which term named it."""
    lexicon = project_lexicon([], [(DATA / "link" / "vocabulary.obo", "condition")])
    extraction = extract("Ibuprofen\n\nIbuprofen is used to treat pyrexia.", lexicon)
    claim = next(c for c in extraction.claims if c.predicate == "treats")
    assert claim.object.iri == "https://w3id.org/drugfacts/condition/fever"
    assert (claim.object.label, claim.object.known, claim.object.vocabulary_id) == ("fever", False, "HP:0001945")
    records, entities = draft_records(extraction, URIRef("https://w3id.org/drugfacts/source/s"))
    note = next(note for record, note in records if record.object == URIRef(claim.object.iri))
    assert "HP:0001945" in note
    assert not any(str(o).startswith("HP:") for o in entities.objects()) and \
        not any(str(t).startswith("HP:") for r, _ in records for t in (r.subject, r.object))


@pytest.mark.parametrize("heading", ["Medicines that affect ibuprofen", "Other medicines"])
def test_what_the_medicines_under_a_heading_of_interactions_treat_is_no_use(lexicon: Lexicon, heading: str) -> None:
    text = (f"{heading}\n\nSome medicines speed up how quickly the liver breaks down ibuprofen. These include:\n\n"
            "- rifampicin, a medicine for chest infections\n")
    found = extract(TITLE + text, lexicon, model=INFECTIONS).claims
    assert {c.object.label for c in found if c.predicate == "treats"} == {"pain"}


LISTING = Model(("hasSideEffect", "none"), (0.0, 3.0), {"w:cramp": (8.0, 0.0), "w:thirst": (2.0, 0.0)})
"""Muscle cramps read surely as a side effect (p ≈ 0.99), thirst weakly (p ≈ 0.27), any other
phrase hardly (p ≈ 0.05)."""


@pytest.mark.parametrize("sentence, drafted", [
    ("People report thirst and muscle cramps.", True),
    ("People report thirst, and some get muscle cramps.", False),
])
def test_a_phrase_listed_beside_an_object_takes_its_predicate(lexicon: Lexicon, sentence: str,
                                                              drafted: bool) -> None:
    claims = extract(TITLE + sentence, lexicon, model=LISTING).claims
    side_effects = {c.object.label for c in claims if c.predicate == "hasSideEffect"}
    assert "muscle cramps" in side_effects and ("thirst" in side_effects) == drafted


@pytest.mark.parametrize("phrase, known", [
    ("upset stomach", ["known:condition"]),  # the lexicon names the whole phrase
    ("swollen ankles", []),  # it names nothing here
    ("stomach", []),  # a part of a name is not the name
])
def test_the_model_reads_whether_the_lexicon_names_a_phrase(lexicon: Lexicon, phrase: str,
                                                            known: list[str]) -> None:
    found = _features_of(lexicon, TITLE + "Some people have swollen ankles or an upset stomach.\n", phrase)
    assert [f for f in found if f.startswith("known:")] == known


@pytest.mark.parametrize("sentence, expected", [
    ("It should never be taken by anyone with asthma.", ("contraindicatedIn", "asthma", False)),
    ("It is not for people born with heart disease.", ("contraindicatedIn", "heart disease", False)),
    ("It is also ruled out for people who have gout.", ("contraindicatedIn", "gout", False)),
    ("It is off limits during pregnancy.", ("contraindicatedIn", "pregnancy", False)),
    ("It is used to treat a wide range of infections.", ("treats", "infections", False)),
    ("It can make you feel dizzy.", ("hasSideEffect", "dizziness", False)),  # how one feels, as a noun
    ("Do not take it if you have had heart disease in the past.", ("contraindicatedIn", "heart disease", False)),
    ("It is ruled out in active heart disease.", ("contraindicatedIn", "heart disease", False)),
    ("Check with a pharmacist first if you have asthma.", ("cautionIn", "asthma", False)),
    ("Your doctor will need to know if you have gout.", ("cautionIn", "gout", False)),
    ("It also soothes hives.", ("treats", "hives", False)),
    ("It can cause serious skin reactions, usually within the first weeks.", ("hasRisk", "serious skin reactions", False)),
    # a description too long for a name, and the term after it
    ("Do not take it if you have a narrowing of the arteries to both of the kidneys (renal artery stenosis).",
     ("contraindicatedIn", "renal artery stenosis", False)),
])
def test_wordings_of_rounds_five_to_seven(lexicon: Lexicon, sentence: str, expected: tuple[str, str, bool]) -> None:
    """Cues and word lists of rounds 5 to 7, from misses on held-out 3 to 6 (development data)."""
    found = {(c.predicate, c.object.label, c.negated) for c in extract(TITLE + sentence, lexicon, model=NO_MODEL).claims}
    assert found - {("treats", "pain", False)} == {expected}


def test_a_list_item_that_is_a_term_a_colon_and_its_description_names_the_term(lexicon: Lexicon) -> None:
    text = TITLE + "Side effects include:\n\n- Pancreatitis: severe pain in the stomach and back.\n- rash\n"
    found = extract(text, lexicon, model=NO_MODEL).claims
    assert {c.object.label for c in found if c.predicate == "hasSideEffect"} == {"pancreatitis", "rash"}


@pytest.mark.parametrize("text, expected", [
    ("Side effects include:\n\n- pain, redness or itching where you injected\n",
     {"injection-site pain", "injection-site redness", "injection-site itching"}),
    # a named harm before the list's last item is no reaction at the site
    ("Side effects include a headache, a dry mouth and swelling where the injection was given.",
     {"headache", "dry mouth", "injection-site swelling"}),
    ("Side effects include pain, redness or swelling where the drip goes in.",  # an infusion's site too
     {"injection-site pain", "injection-site redness", "injection-site swelling"}),
])
def test_reactions_said_to_be_where_the_injection_went_in_are_at_the_injection_site(
        lexicon: Lexicon, text: str, expected: set[str]) -> None:
    found = extract(TITLE + text, lexicon, model=NO_MODEL).claims
    assert {c.object.label for c in found if c.predicate == "hasSideEffect"} == expected


@pytest.mark.parametrize("sentence, expected", [
    ("It can cause a blocked nose.", ("hasSideEffect", "blocked nose", ("nasal congestion",))),
    # an organ's inflammation keeps its words, not only the organ's
    ("It can cause inflammation of the pancreas.", ("hasSideEffect", "inflammation of the pancreas", ("pancreatitis",))),
    ("Side effects include severe inflammation of the liver.",
     ("hasSideEffect", "inflammation of the liver", ("hepatitis",))),
    ("Side effects include a high temperature.", ("hasSideEffect", "high temperature", ("fever",))),
    ("Side effects include a poor appetite.", ("hasSideEffect", "poor appetite", ("loss of appetite",))),
    ("It can cause blood clots in the lungs.",
     ("hasSideEffect", "lung blood clot", ("blood clots in the lungs", "pulmonary embolism"))),
    # plain words that curators name in more than one way have each name
    ("Side effects include a lower sex drive.", ("hasSideEffect", "lower sex drive", ("reduced libido", "decreased libido"))),
    # a class keeps its plain words
    ("It is an antihistamine.", ("drugClass", "antihistamine", ())),
])
def test_plain_words_of_a_condition_have_its_name_as_a_synonym(lexicon: Lexicon, sentence: str,
                                                  expected: tuple[str, str, tuple[str, ...]]) -> None:
    found = {(c.predicate, c.object.label, c.object.alt_labels)
             for c in extract(TITLE + sentence, lexicon, model=NO_MODEL).claims}
    assert found - {("treats", "pain", ())} == {expected}


READER = Model(("drugClass", "hasRisk", "none"), (0.0, 0.0, 3.0),
               {"w:fatal": (0.0, 8.0, 0.0), "w:confusion": (0.0, 8.0, 0.0), "w:nothing": (0.0, 8.0, 0.0),
                "w:children": (0.0, 8.0, 0.0), "w:liver": (0.0, 8.0, 0.0), "w:skin": (0.0, 8.0, 0.0),
                "w:blocker": (8.0, 0.0, 0.0)})
"""A model that reads any phrase with "fatal", "confusion", "nothing", "children", "liver" or "skin" as
a risk and any with "blocker" as a class."""


@pytest.mark.parametrize("sentence, expected", [
    ("It can be fatal.", set()),  # an adjective names no condition
    ("Some older adults drift off, causing confusion.", {("hasRisk", "confusion")}),  # "causing" starts no name
    ("Most people notice nothing at all.", set()),
    ("Children get it.", set()),  # a population is no condition
    ("Some get severe liver problems.", {("hasRisk", "liver problems")}),  # severity apart
    ("Some get severe skin reactions.", {("hasRisk", "severe skin reactions")}),  # a name graded by its severity
    ("Ibuprofen is from the beta blocker family.", {("drugClass", "beta blocker")}),  # "family" apart
    ("Ibuprofen is one of the oldest beta blockers.", {("drugClass", "beta blockers")}),  # "oldest" is no part of the name
])
def test_what_the_model_reads_is_trimmed_to_a_name(lexicon: Lexicon, sentence: str,
                                                   expected: set[tuple[str, str]]) -> None:
    found = {(c.predicate, c.object.label) for c in extract(TITLE + sentence, lexicon, model=READER).claims}
    assert found - {("treats", "pain")} == expected


APNOEA = Model(("contraindicatedIn", "none"), (0.0, 3.0), {"w:apnea": (8.0, 0.0)})
"""A model that reads any phrase with "apnoea" as a contraindication."""


def test_the_negation_a_contraindication_is_worded_with_does_not_deny_it(lexicon: Lexicon) -> None:
    claims = extract(TITLE + "People with sleep apnoea cannot use it.", lexicon, model=APNOEA).claims
    assert {(c.predicate, c.object.label, c.negated) for c in claims if c.predicate != "treats"} == {
        ("contraindicatedIn", "sleep apnoea", False)}


@pytest.mark.parametrize("sentence, model", [
    ("It can cause stomach bleeding.", NO_MODEL),  # a cue's claim
    ("Some people get viral infections.", INFECTIONS),  # a phrase the model reads
])
@pytest.mark.parametrize("heading, drafted", [("Side effects", True), ("Interactions", False)])
def test_under_interactions_only_interactions_are_drafted(lexicon: Lexicon, sentence: str, model: Model,
                                                          heading: str, drafted: bool) -> None:
    """Under "Interactions", a harm is the combination's and a class is the other drug's."""
    claims = extract(TITLE + heading + "\n\n" + sentence, lexicon, model=model).claims
    assert any((c.predicate, c.object.label) != ("treats", "pain") for c in claims) == drafted


@pytest.mark.parametrize("sentence, expected", [
    ("You should not take it if you are allergic to codeine.", {("contraindicatedIn", "codeine allergy", False)}),
    ("You must not use it if you have gout.", {("contraindicatedIn", "gout", False)}),
    # an allergy listed after another is an allergy too
    ("You should not take it if you are allergic to codeine or to morphine.",
     {("contraindicatedIn", "codeine allergy", False), ("contraindicatedIn", "morphine allergy", False)}),
    ("It is not normally recommended in pregnancy.", {("contraindicatedIn", "pregnancy", False)}),
    ("It is not usually given to anyone with gout.", {("contraindicatedIn", "gout", False)}),
    ("It is not prescribed if you have gout.", {("contraindicatedIn", "gout", False)}),
    # "or" before the clause "while ..." is no part of the name
    ("It is not used in pregnancy or while breastfeeding.", {("contraindicatedIn", "pregnancy", False)}),
    # a list item after "if:" opens with its subject
    ("You should not take it if:\n\n- you have severe kidney problems\n", {("contraindicatedIn", "kidney problems", False)}),
])
def test_wordings_of_round_eight(lexicon: Lexicon, sentence: str, expected: set[tuple[str, str, bool]]) -> None:
    """Cues of round 8, from misses on held-out 4 to 7 (development data)."""
    found = {(c.predicate, c.object.label, c.negated) for c in extract(TITLE + sentence, lexicon, model=NO_MODEL).claims}
    assert found - {("treats", "pain", False)} == expected


def test_a_frequency_in_parentheses_is_no_other_name(lexicon: Lexicon) -> None:
    claims = extract(TITLE + "Do not take it if you have gout (rare).", lexicon, model=NO_MODEL).claims
    assert [(c.object.label, c.object.alt_labels) for c in claims if c.predicate == "contraindicatedIn"] == [
        ("gout", ())]


ERECTION = Model(("hasRisk", "none"), (0.0, 3.0), {"w:erection": (8.0, 0.0)})
"""A model that reads any phrase with "erection" as a risk."""


@pytest.mark.parametrize("sentence, label, alt_labels", [
    ("Some men get a painful erection that lasts for hours (priapism).", "priapism", ("painful erection",)),
    ("Some men get a painful erection (priapism).", "priapism", ("painful erection",)),
    ("Some men get a painful erection (rare).", "painful erection", ()),  # a frequency is no term
    ("Some men get a painful erection (PE).", "painful erection", ("PE",)),  # an abbreviation is no name
])
def test_the_term_in_parentheses_after_a_phrase_the_model_reads_names_it(
        lexicon: Lexicon, sentence: str, label: str, alt_labels: tuple[str, ...]) -> None:
    claims = [c for c in extract(TITLE + sentence, lexicon, model=ERECTION).claims if c.predicate == "hasRisk"]
    assert [(c.object.label, c.object.alt_labels) for c in claims] == [(label, alt_labels)]


@pytest.mark.parametrize("sentence, expected", [
    ("Rarely it causes a painful erection that lasts for hours (priapism).", {("priapism", ("painful erection",))}),
    # the term after the last item of a list is that item's only
    ("It can cause rashes and low blood pressure (hypotension).",
     {("rashes", ()), ("low blood pressure", ("hypotension",))}),
    # the next list item's term is its own
    ("It can cause:\n\n- a racing heartbeat\n- shaking hands (tremor)\n",
     {("racing heartbeat", ()), ("shaking hands", ("tremor",))}),
])
def test_the_term_in_parentheses_after_a_cue_s_object_names_it(lexicon: Lexicon, sentence: str,
                                                                expected: set[tuple[str, tuple[str, ...]]]) -> None:
    found = extract(TITLE + sentence, lexicon, model=NO_MODEL).claims
    assert {(c.object.label, c.object.alt_labels) for c in found if c.predicate != "treats"} == expected


def test_the_model_reads_the_words_after_a_phrase(lexicon: Lexicon) -> None:
    """"numbness – signs of nerve damage": what follows a phrase says what it is."""
    text = TITLE + "Some people get numbness, a sign of nerve damage.\n"
    found = _features_of(lexicon, text, "numbness")
    assert {"sa:sign", "sa:nerve", "sa:damage"} <= set(found)


@pytest.mark.parametrize("text, expected", [
    # a name of two words ending in "acid", the drug it is also called by between commas
    ("Tranexamic acid\n\nTranexamic acid, also called Cyklokapron, is an antifibrinolytic. Tranexamic acid "
     "is used to treat heavy periods. Do not take it with ibuprofen. Tranexamic acid can cause headaches.\n",
     "tranexamic acid"),
    # the title after a line of page furniture counts as the title
    ("Skip to main content\n\nTranexamic acid\n\nIt is used to treat heavy periods. Tranexamic acid is "
     "taken as tablets. Ibuprofen and tranexamic acid can be taken together. Ibuprofen is also a pain "
     "killer. Ibuprofen is sold everywhere.\n", "tranexamic acid"),
    # a salt of a metal is a name of two words, and the title names the drug however often the
    # text names the element it supplies
    ("Ferrous fumarate\n\nFerrous fumarate is an iron supplement. Your body needs iron. Iron is "
     "stored in the liver. Too much iron is harmful. Iron can stain teeth. Ferrous fumarate can cause "
     "constipation.\n", "ferrous fumarate"),
    # the title's word before the drug's is part of its name when the text writes them together
    # in most places; a word the text writes alone is not
    ("Iron sucrose injection\n\nIron sucrose is given into a vein. Iron sucrose can cause a "
     "metallic taste. Your doctor checks your iron levels before iron sucrose is given.\n", "iron sucrose"),
    ("Botulinum toxin injections\n\nBotulinum toxin relaxes muscles. The toxin wears off. Botulinum "
     "toxin can cause weakness. The toxin is injected.\n", "botulinum toxin"),
    # or when sentences open with the two, though the text writes the second alone more often
    ("Desiccated thyroid tablets\n\nDesiccated thyroid is made from dried thyroid glands. It "
     "replaces the hormones of the thyroid gland. Desiccated thyroid can cause palpitations. Thyroid "
     "tests check the dose. The thyroid needs iodine.\n", "desiccated thyroid"),
    # a route is no part of the name, however often the text writes it after the name
    ("Sodium cromoglicate nasal spray for hay fever\n\nSodium cromoglicate (also spelt cromoglycate, and "
     "called cromolyn sodium in the US) is a spray. Sodium cromoglicate steadies mast cells. Do not use "
     "sodium cromoglicate nasal spray if you are allergic to it.\n", "sodium cromoglicate"),
    ("Oral terbinafine for nail infections\n\nTerbinafine is an antifungal. Terbinafine can cause a "
     "headache. Oral terbinafine is taken daily. Terbinafine also comes as a cream.\n", "terbinafine"),
    # a salt of a drug is named by the drug
    ("Trospium chloride\n\nTrospium chloride is used for an overactive bladder. Trospium can cause a "
     "dry mouth. Trospium is taken before food.\n", "trospium"),
    # and a salt between the name and its verb does not hide the drug behind another one named
    ("Hyoscine hydrobromide\n\nHyoscine hydrobromide is used for travel sickness. Hyoscine hydrobromide "
     "can cause a dry mouth. Do not drive. Hyoscine hydrobromide works fast. Promethazine is another "
     "choice.\n", "hyoscine"),
    # an iron salt whose second word has no salt's ending
    ("Ferric carboxymaltose infusion\n\nFerric carboxymaltose is a type of intravenous iron. Your "
     "body needs iron. Iron is stored in the liver. Ferric carboxymaltose can cause headaches.\n",
     "ferric carboxymaltose"),
    # an ester, named by both words
    ("Dimethyl fumarate for psoriasis\n\nDimethyl fumarate is a tablet for psoriasis. Dimethyl fumarate can "
     "cause flushing. Take dimethyl fumarate with food.\n", "dimethyl fumarate"),
    # a salt of ammonium, named by both words as a metal's is (held-out 188, round 73, was drafted
    # about "ammonium")
    ("Ammonium lactate for dry skin\n\nAmmonium lactate is lactic acid neutralised with ammonium hydroxide. "
     "Ammonium lactate softens thick skin. Ammonium lactate can sting.\n", "ammonium lactate"),
    # a salt of two metals is a name of three words; "Your potassium" names no drug "your"
    ("Sodium zirconium cyclosilicate (Qwelma)\n\nSodium zirconium cyclosilicate is a potassium binder. "
     "Qwelma is prescribed for high potassium. Your potassium is checked often. Your potassium can "
     "drop too low. Your potassium may rise again. Do not take sodium zirconium cyclosilicate if you "
     "are allergic to it.\n", "sodium zirconium cyclosilicate"),
    # a salt of a drug is named by the drug, whatever the salt ("hippurate"); urine names no drug
    ("Methenamine hippurate to prevent urine infections\n\nMethenamine hippurate is a urinary "
     "antiseptic. Urine infections can come back. Urine is made acid by it. Methenamine hippurate is "
     "taken twice a day. Urine should be tested.\n", "methenamine"),
    # a drug with the salt that makes it long-acting before it, named in the title by both
    ("Benzathine benzylpenicillin injection\n\nBenzathine benzylpenicillin is a long-acting "
     "penicillin. It releases benzylpenicillin slowly. Benzylpenicillin kills bacteria.\n",
     "benzathine benzylpenicillin"),
    # a hormone named by its INN stem, though no sentence opens with it
    ("The contraceptive injection (medroxyprogesterone)\n\nThe injection contains medroxyprogesterone "
     "acetate, a progestogen. It is given every 13 weeks. Tell your doctor if you take ibuprofen.\n",
     "medroxyprogesterone"),
    # a title word the text repeats more often than the drug it names, with the title's next words
    # as long as the text names them so again
    ("Qwertonin ethyl for high blood fats\n\nQwertonin ethyl is used with a statin. Take qwertonin ethyl "
     "with food. Qwertonin ethyl can make ibuprofen work more strongly.\n", "qwertonin ethyl"),
    # … all of them, however many ("Evening primrose oil")
    ("Evening primrose oil for eczema\n\nEvening primrose oil is a supplement. Evening primrose oil can "
     "cause headaches. Take evening primrose oil with food.\n", "evening primrose oil"),
    # a letter is a word of the name ("Hepatitis B"), and a vaccine is named with the word
    ("Hepatitis B vaccine\n\nHepatitis B vaccine protects against hepatitis B. Hepatitis B vaccine is "
     "given as three injections. Hepatitis B vaccine can cause a sore arm.\n", "hepatitis b vaccine"),
    # an immunoglobulin whose name already ends with the word gets it once
    ("Anti-D immunoglobulin in pregnancy\n\nAnti-D immunoglobulin is given to rhesus-negative women. "
     "Anti-D immunoglobulin can cause a fever. Anti-D immunoglobulin is made from blood.\n",
     "anti-d immunoglobulin"),
    ("Hydrogen peroxide cream\n\nHydrogen peroxide is an antiseptic. Hydrogen peroxide can sting. "
     "Hydrogen peroxide kills germs.\n", "hydrogen peroxide"),
    # an abbreviation the title spells out names the drug by the words it abbreviates
    ("Varicella zoster immunoglobulin (VZIG) after contact with chickenpox\n\nVZIG is a blood product. "
     "VZIG is given after contact with chickenpox. VZIG can cause headaches.\n",
     "varicella zoster immunoglobulin"),
    ("Low molecular weight heparin (LMWH) injections\n\nLMWH is given to prevent clots. LMWH can cause "
     "bruising. LMWH is injected under the skin.\n", "low molecular weight heparin"),
    # … or the first line that puts it in parentheses, where the title gives it alone
    ("DMSO for bladder pain\n\nDimethyl sulfoxide (DMSO) is a clear liquid. DMSO is put into the bladder. "
     "DMSO can cause a garlic taste.\n", "dimethyl sulfoxide"),
    # a title word the text writes only once more, over a drug the text names once; the site's
    # name before the title is no title; a form the text never leaves out is part of the name
    ("Skip to content\n\nThe Pharmacy Counter\n\nZorbated carbohydrate solution (Zemetrol) for nausea\n\n"
     "Zorbated carbohydrate solution is a syrup for nausea. Buy it from a pharmacy. Ask at the pharmacy "
     "counter. Do not take it with metformin. The pharmacy can advise.\n", "zorbated carbohydrate solution"),
    # an abbreviation in capitals, over a drug the text names once
    ("Family Health Guide\n\nZCV vaccine for zorbosis prevention\n\nThe ZCV vaccine protects against "
     "zorbosis. ZCV is given as one injection. Tell the nurse if you take infliximab.\n", "zcv vaccine"),
    # but not one the text repeats less often than the drug
    ("Zorbic aches\n\nIbuprofen is a painkiller. Ibuprofen eases zorbic aches. Ibuprofen can cause "
     "nausea. Zorbic aches come back. Take ibuprofen with food.\n", "ibuprofen"),
])
def test_the_main_drug_of_a_document(lexicon: Lexicon, text: str, expected: str) -> None:
    sents = sentences(text)
    assert drug_words(text, sents, lexicon, load_rules()).main.label == expected


def test_a_condition_the_drug_treats_is_no_drug_though_it_stands_as_a_subject(lexicon: Lexicon) -> None:
    text = ("Torasemide for swelling\n\nTorasemide is used to treat oedema. Oedema is often caused by "
            "heart failure. Oedema is common. Torasemide is a tablet. Torasemide can cause gout.\n")
    assert ("torasemide", "treats", "oedema", False, None) in claims_of(text, lexicon)


@pytest.mark.parametrize("lead, uses", [
    # the causes of the condition treated are no uses of the drug
    ("Ibuprofen is used to treat swelling. Swelling is often caused by:", {"swelling"}),
    # the causes of what a use eases are uses
    ("Ibuprofen can ease pain in the mouth caused by:", {"gout", "fever"}),
])
def test_a_list_of_causes_gives_uses_only_after_a_use(lexicon: Lexicon, lead: str, uses: set[str]) -> None:
    text = f"Ibuprofen\n\nWhat it is used for\n\n{lead}\n\n- gout\n- fever\n"
    assert {c.object.label for c in extract(text, lexicon).claims if c.predicate == "treats"} == uses


@pytest.mark.parametrize("text, drug", [
    # a vaccine the title names by its disease
    ("Zorbitis vaccine\n\nZorbitis is an infection spread by bites. The zorbitis vaccine is an "
     "inactivated vaccine. Zorbitis is rare. It can cause a headache.\n", "zorbitis vaccine"),
    # a name of two words that the text first uses by its first word
    ("Silver zorbicide cream\n\nSilver helps to kill germs. Silver zorbicide is an antibacterial cream. "
     "Silver zorbicide is rare. It can cause a headache.\n", "silver zorbicide"),
    # ... and then by its second word
    ("Silver zorbicide cream\n\nSilver helps to kill germs. Silver zorbicide is an antibacterial cream. "
     "Silver zorbicide is rare. Zorbicide can cause a headache.\n", "silver zorbicide"),
    # the title's word after the drug's, which the text writes with it in most places
    ("Zorbium ranelate (Zorbelos) for brittle bones\n\nZorbium is a chemical element like calcium. "
     "Zorbium ranelate is used for brittle bones. Zorbium ranelate can cause a headache. Take zorbium "
     "ranelate at bedtime.\n", "zorbium ranelate"),
])
def test_a_title_that_names_the_drug_in_full_names_the_document_s_drug(text: str, drug: str) -> None:
    extraction = extract(text, Lexicon())
    assert extraction.main_drug.label == drug
    assert {(c.subject.label, c.object.label) for c in extraction.claims if c.predicate == "hasSideEffect"} == {
        (drug, "headache")}


def test_a_brand_the_text_names_as_a_drug_is_the_document_s_drug() -> None:
    text = ("Zorbicillin (ZORBEX)\n\nZorbicillin is an antifibrotic medicine. Zorbicillin comes as capsules "
            "under the brand name Zorbex.\n\nZorbex is prescribed for lung fibrosis.\n")
    found = extract(text, Lexicon()).claims
    assert {(c.subject.label, c.object.label) for c in found if c.predicate == "treats"} == {
        ("zorbicillin", "lung fibrosis")}


@pytest.mark.parametrize("body, expected", [
    # the title names a tablet of two drugs, and the text names it so again: one drug
    ("Amlodipine with valsartan is used to treat high blood pressure. Each tablet contains amlodipine and "
     "valsartan.\n", {("amlodipine with valsartan", "treats", "high blood pressure")}),
    # the text never names the two together again: the title's first drug
    ("Amlodipine is used to treat high blood pressure. Valsartan is another choice.\n",
     {("amlodipine", "treats", "high blood pressure")}),
])
def test_a_combination_the_title_names_is_the_document_s_drug(body: str, expected: set[tuple[str, str, str]]) -> None:
    found = extract("Amlodipine with valsartan\n\n" + body, Lexicon()).claims
    assert {(c.subject.label, c.predicate, c.object.label) for c in found if c.predicate == "treats"} == expected


def test_a_drug_no_sentence_names_as_a_drug_is_the_title_s_word() -> None:
    """A name with no known stem that never opens a sentence: the title's word the text repeats
    most, of those that name no form, class, population or part of the body."""
    text = ("Skin patches with qwertonin\n\nThe patches contain qwertonin. They release qwertonin slowly. "
            "Side effects of qwertonin include a rash.\n")
    found = extract(text, Lexicon())
    assert found.main_drug.label == "qwertonin"
    assert {(c.subject.label, c.predicate, c.object.label) for c in found.claims} == {
        ("qwertonin", "hasSideEffect", "rash")}


@pytest.mark.parametrize("heading, predicate", [
    ("Serious side effects", "hasRisk"),  # a serious kind of side effect is a risk
    ("Side effects", "hasSideEffect"),
])
def test_a_lead_in_that_names_two_predicates_is_read_as_its_heading_reads_it(
        lexicon: Lexicon, heading: str, predicate: str) -> None:
    """"Call your doctor straight away if you get:" names risks and ("you get") side effects."""
    text = TITLE + heading + "\n\nCall your doctor straight away if you get:\n\n- fainting\n- jaundice\n"
    found = {(c.predicate, c.object.label) for c in extract(text, lexicon, model=NO_MODEL).claims}
    assert found - {("treats", "pain")} == {(predicate, "fainting"), (predicate, "jaundice")}


@pytest.mark.parametrize("sentence, expected", [
    # a population after the cue's clause, with another preposition than the cue's
    ("It is not recommended in pregnancy or while breastfeeding, or for children under 10.",
     {"pregnancy", "children under 10"}),
    ("It is not for children.", {"children"}),
    ("It is not for teenagers under 16.", {"teenagers under 16"}),
])
def test_populations_a_drug_is_not_for(lexicon: Lexicon, sentence: str, expected: set[str]) -> None:
    found = extract(TITLE + sentence, lexicon, model=NO_MODEL).claims
    assert {c.object.label for c in found if c.predicate == "contraindicatedIn" and not c.negated} == expected


@pytest.mark.parametrize("sentence, expected", [
    ("Do not take it if you are allergic to it or to other piperidine medicines.",
     {"ibuprofen allergy", "piperidine allergy"}),
    ("Do not take it if you have had an allergic reaction to it or to any other gliptin.",
     {"ibuprofen allergy", "gliptin allergy"}),
    ("Do not take it if you have had an allergic reaction to it or to similar medicines such as tinidazole.",
     {"ibuprofen allergy", "tinidazole allergy"}),  # the example names the allergen
    ("Do not take it if you are allergic to sulfonamide antibiotics.", {"sulfonamide allergy"}),
])
def test_an_allergy_is_named_by_its_allergen(lexicon: Lexicon, sentence: str, expected: set[str]) -> None:
    found = extract(TITLE + sentence, lexicon, model=NO_MODEL).claims
    assert {c.object.label for c in found if c.predicate == "contraindicatedIn"} == expected


MEDICINE = Model(("drugClass", "none"), (0.0, 3.0), {"w:medicine": (8.0, 0.0)})
"""A model that reads any phrase with "medicine" as a class."""


def test_a_class_the_model_reads_must_read_as_one(lexicon: Lexicon) -> None:
    found = extract(TITLE + "Ibuprofen is a prescription medicine.", lexicon, model=MEDICINE).claims
    assert not [c for c in found if c.predicate == "drugClass"]


def test_one_of_is_no_part_of_a_class_name(lexicon: Lexicon) -> None:
    text = TITLE + "Ibuprofen is a pain medicine and one of the SGLT2 inhibitors."
    found = extract(text, lexicon, model=NO_MODEL).claims
    assert "SGLT2 inhibitors" in {c.object.label for c in found if c.predicate == "drugClass"}


@pytest.mark.parametrize("text, expected", [
    ("Common side effects include:\n\n- feeling or being sick\n- a dry mouth\n", {"nausea", "vomiting", "dry mouth"}),
    ("Common side effects include feeling sick and headaches.", {"nausea", "headaches"}),
    ("Side effects\n\nLess often people get headaches, feel sick, or feel irritable.", {"headaches", "nausea", "irritability"}),
])
def test_feeling_sick_is_nausea_and_being_sick_vomiting(lexicon: Lexicon, text: str, expected: set[str]) -> None:
    found = extract(TITLE + text, lexicon, model=NO_MODEL).claims
    assert {c.object.label for c in found if c.predicate == "hasSideEffect"} == expected


@pytest.mark.parametrize("sentence, expected", [
    ("Ibuprofen belongs to the nitroimidazole group and kills bacteria.", {"nitroimidazole"}),
    ("Ibuprofen is an antifungal medicine from the allylamine group.", {"allylamine"}),
    ("Ibuprofen is an antibiotic from the cephalosporin group.", {"cephalosporin"}),
    # the group's members named after it; a bracket before "from the"; a chemical's number
    ("Ibuprofen belongs to the nitroimidazole group of antimicrobials.", {"nitroimidazole"}),
    ("Ibuprofen is a medicine (an antiemetic) from the phenothiazine family.", {"phenothiazine"}),
    ("Ibuprofen is a medicine from the 4-aminoquinoline family.", {"4-aminoquinoline"}),
])
def test_a_group_names_a_class(lexicon: Lexicon, sentence: str, expected: set[str]) -> None:
    found = extract(TITLE + sentence, lexicon, model=NO_MODEL).claims
    assert {c.object.label for c in found if c.predicate == "drugClass"} == expected


@pytest.mark.parametrize("sentence, expected", [
    ("It is a retinoid.", {"retinoid"}),  # a class of one word, known by its ending
    ("It is a progestogen.", {"progestogen"}),
    ("It is an iron supplement.", {"iron supplement"}),
    ("It is a phosphate binder.", {"phosphate binder"}),
    ("It is a mucolytic.", {"mucolytic"}),
    ("It is an antipsychotic medicine.", {"antipsychotic"}),  # a class's own name before "medicine"
    ("It is a prescription-only medicine.", set()),
    ("It is not an amphetamine.", {"amphetamine"}),
    ("It is a selective oestrogen receptor modulator.", {"selective oestrogen receptor modulator"}),
    ("It is a thyroid.", set()),  # "-oid" that names an organ
    ("It is a uricosuric.", {"uricosuric"}),
    ("It is a keratolytic.", {"keratolytic"}),  # "-lytic", as "mucolytic" and "thrombolytic"
    ("It is a mast cell stabiliser.", {"mast cell stabiliser"}),
    ("Chemically it is a thienodiazepine.", {"thienodiazepine"}),
    ("It is an antisense oligonucleotide.", {"antisense oligonucleotide"}),
    ("It is a herbal remedy.", {"herbal remedy"}),
    ("It is a popular remedy.", set()),  # a remedy named by no kind
    # a product's form after the class: the class
    ("It is an antihistamine eye drop.", {"antihistamine"}),
    ("It is an antiseptic mouthwash.", {"antiseptic"}),
    ("It is a white cream.", set()),
    ("Unlike older beta blockers such as propranolol, it also widens blood vessels.", set()),  # a contrast
])
def test_a_class_known_by_its_last_word(lexicon: Lexicon, sentence: str, expected: set[str]) -> None:
    found = extract(TITLE + sentence, lexicon, model=NO_MODEL).claims
    assert {c.object.label for c in found if c.predicate == "drugClass"} == expected


@pytest.mark.parametrize("sentence, negated", [("It is not a painkiller.", True), ("It is a painkiller.", False)])
def test_is_not_a_denies_a_class(lexicon: Lexicon, sentence: str, negated: bool) -> None:
    found = extract(TITLE + sentence, lexicon, model=NO_MODEL).claims
    assert [(c.object.label, c.negated) for c in found if c.predicate == "drugClass"] == [("painkiller", negated)]


HARMS = Model(("hasRisk", "none"), (0.0, 3.0), {"w:warm": (8.0, 0.0), "w:pancreas": (8.0, 0.0), "w:fever": (8.0, 0.0)})
"""A model that reads any phrase with "warm", "pancreas" or "fever" as a risk."""


@pytest.mark.parametrize("sentence, expected", [
    ("It can make you feel warm.", set()),  # an adjective names no condition
    ("It can inflame the pancreas.", set()),  # nor does a body part
    ("A fever is possible.", {"fever"}),
])
def test_an_adjective_or_a_body_part_is_no_condition(lexicon: Lexicon, sentence: str, expected: set[str]) -> None:
    found = extract(TITLE + sentence, lexicon, model=HARMS).claims
    assert {c.object.label for c in found if c.predicate == "hasRisk"} == expected


@pytest.mark.parametrize("text, predicate, expected", [
    # "focal" alone describes; the term in parentheses names the seizures
    ("Ibuprofen is used to control focal (partial-onset) seizures.", "treats", {"pain", "partial-onset seizures"}),
    ("Ibuprofen is prescribed for:\n\n- insomnia in adults aged 55 and over\n", "treats", {"pain"}),
    ("Common side effects include headache and feeling aggressive.", "hasSideEffect", {"headache", "aggression"}),
])
def test_a_describing_word_an_age_or_a_function_word_names_no_condition(
        lexicon: Lexicon, text: str, predicate: str, expected: set[str]) -> None:
    found = extract(TITLE + text, lexicon, model=NO_MODEL).claims
    assert {c.object.label for c in found if c.predicate == predicate} == expected


@pytest.mark.parametrize("sentence", [
    "Serotonin syndrome, with fever and shaking, is rare.",
    "A fever can be a sign of an infection.",
    "An infection can show up as a fever.",
    "Call a doctor if you get a fever – a sign of infection.",
])
def test_a_sign_of_a_harm_is_no_harm_of_its_own(lexicon: Lexicon, sentence: str) -> None:
    found = extract(TITLE + sentence, lexicon, model=HARMS).claims
    assert "fever" not in {c.object.label for c in found if c.predicate == "hasRisk"}


def test_the_features_after_a_harm_and_with_are_no_harms_of_their_own(lexicon: Lexicon) -> None:
    text = TITLE + "Serious side effects\n\n- liver problems, with a fever or yellow skin\n- a rash, with blisters\n"
    found = extract(text, lexicon, model=NO_MODEL).claims
    assert {c.object.label for c in found if c.predicate in ("hasRisk", "hasSideEffect")} == {"liver problems", "rash"}


@pytest.mark.parametrize("text, expected", [
    ("Ibuprofen is not suitable for anyone allergic to it or to aspirin.", {"ibuprofen allergy", "aspirin allergy"}),
    ("Ibuprofen is not for anyone who has had an allergic reaction to it.", {"ibuprofen allergy"}),
    ("Do not take ibuprofen if you:\n\n* are allergic to naproxen or aspirin\n", {"naproxen allergy", "aspirin allergy"}),
    ("People who have had a serious reaction to it before must never take it again.", {"ibuprofen allergy"}),
    ("Doctors avoid it in people who have had a bad reaction to it before.", {"ibuprofen allergy"}),
    ("Do not take it if you are allergic to another painkiller.", {"painkiller allergy"}),
])
def test_allergy_wordings_name_allergies(lexicon: Lexicon, text: str, expected: set[str]) -> None:
    found = extract(TITLE + text, lexicon, model=NO_MODEL).claims
    assert {c.object.label for c in found if c.predicate == "contraindicatedIn"} == expected


DIET = Model(("treats", "none"), (0.0, 3.0), {"w:diet": (8.0, 0.0)})
"""A model that reads any phrase with "diet" as a use."""


@pytest.mark.parametrize("sentence, expected", [
    ("It is taken for gout alongside a healthy diet.", set()),
    ("It can replace a strict diet.", {"strict diet"}),  # the same phrase, not beside the treatment
])
def test_what_goes_alongside_a_treatment_is_no_use(lexicon: Lexicon, sentence: str, expected: set[str]) -> None:
    found = extract(TITLE + sentence, lexicon, model=DIET).claims
    assert {c.object.label for c in found if c.predicate == "treats"} - {"pain", "gout"} == expected


INSOMNIA = Model(("treats", "none"), (0.0, 3.0), {"w:insomnia": (8.0, 0.0)})
"""A model that reads any phrase with "insomnia" as a use."""


@pytest.mark.parametrize("sentence, expected", [
    ("It does not cure insomnia, but it helps.", set()),  # no cure is still a use, or none stated
    ("It does not help with insomnia.", {("insomnia", True)}),
])
def test_denying_a_cure_denies_no_use(lexicon: Lexicon, sentence: str, expected: set[tuple[str, bool]]) -> None:
    found = extract(TITLE + sentence, lexicon, model=INSOMNIA).claims
    assert {(c.object.label, c.negated) for c in found if c.predicate == "treats"} - {("pain", False)} == expected


def test_no_use_for_denies_a_use(lexicon: Lexicon) -> None:
    found = extract(TITLE + "It is no use for insomnia.", lexicon, model=INSOMNIA).claims
    assert {(c.object.label, c.negated) for c in found if c.predicate == "treats"} - {("pain", False)} == {("insomnia", True)}


@pytest.mark.parametrize("sentence, expected", [
    ("The capsules are not licensed for children under 12.", {("contraindicatedIn", "children under 12", False)}),
    ("Pharmacy tablets are not for children under 12.", {("contraindicatedIn", "children under 12", False)}),
    ("It is not licensed for nerve pain.", set()),  # a use not licensed is no contraindication
])
def test_a_dosage_form_stands_for_the_drug_and_a_licence_for_a_population(
        lexicon: Lexicon, sentence: str, expected: set[tuple[str, str, bool]]) -> None:
    found = extract(TITLE + sentence, lexicon, model=NO_MODEL).claims
    assert {(c.predicate, c.object.label, c.negated) for c in found if c.predicate == "contraindicatedIn"} == expected


@pytest.mark.parametrize("sentence, expected", [
    ("Let your dermatologist know if you have ever had depression.", {"depression"}),
    ("Tell your transplant team if you have high cholesterol.", {"high cholesterol"}),
])
def test_telling_a_specialist_first_is_a_caution(lexicon: Lexicon, sentence: str, expected: set[str]) -> None:
    found = extract(TITLE + sentence, lexicon, model=NO_MODEL).claims
    assert {c.object.label for c in found if c.predicate == "cautionIn"} == expected
    assert not [c for c in found if c.predicate == "contraindicatedIn"]


@pytest.mark.parametrize("text, expected", [
    ("Side effects\n\nVery common (may affect more than 1 in 10 people): sweating, headache.\n", {"sweating", "headache"}),
    ("Side effects\n\nUncommon: confusion, hallucinations.\n", {"confusion", "hallucinations"}),
    ("Very common side effects (more than 1 in 10 people) are sweating and headache.", {"sweating", "headache"}),
])
def test_side_effects_after_a_frequency_label(lexicon: Lexicon, text: str, expected: set[str]) -> None:
    found = extract(TITLE + text, lexicon, model=NO_MODEL).claims
    assert {c.object.label for c in found if c.predicate == "hasSideEffect"} == expected


@pytest.mark.parametrize("text, expected", [
    # a list item names other medicines: their classes are not the article's claims
    ("Bleeding\n\nThe risk of bleeding is higher with:\n\n- other anticoagulants, such as warfarin\n", set()),
    # nor in a sentence: an article's core claims are about its own drug
    ("Other anticoagulants, such as warfarin, are used for clots.\n", set()),
])
def test_the_classes_of_other_drugs_are_no_claims(lexicon: Lexicon, text: str,
                                                             expected: set[tuple[str, str]]) -> None:
    found = extract(TITLE + text, lexicon, model=NO_MODEL).claims
    assert {(c.subject.label, c.object.label) for c in found if c.predicate == "drugClass"} == expected


DISEASE = Model(("contraindicatedIn", "none"), (0.0, 3.0), {"w:disease": (8.0, 0.0)})
"""A model that reads any phrase with "disease" as a contraindication."""


@pytest.mark.parametrize("text", [
    "Tell the doctor before starting if your child:\n\n- has heart disease\n",
    "Tell your doctor first if you:\n\n- have heart disease\n",
])
def test_what_to_tell_the_doctor_first_is_no_contraindication(lexicon: Lexicon, text: str) -> None:
    found = extract(TITLE + text, lexicon, model=DISEASE).claims
    assert not [c for c in found if c.predicate == "contraindicatedIn"]


@pytest.mark.parametrize("sentence, predicate, expected", [
    ("It can cause a skin reaction, with itching and fever.", "hasSideEffect", {"skin reaction"}),
    # a withdrawal's symptoms are harms of stopping, which curators record
    ("Stopping it suddenly can cause withdrawal symptoms such as anxiety.", "hasRisk", {"withdrawal symptoms", "anxiety"}),
])
def test_the_cues_leave_out_the_features_of_a_reaction(
        lexicon: Lexicon, sentence: str, predicate: str, expected: set[str]) -> None:
    found = extract(TITLE + sentence, lexicon, model=NO_MODEL).claims
    assert {c.object.label for c in found if c.predicate == predicate} == expected


@pytest.mark.parametrize("text, predicate, expected", [
    ("Common side effects\n\nTell your care team if you have any of these:\n\n- diarrhoea\n- a sore mouth\n",
     "hasSideEffect", {"diarrhoea", "sore mouth"}),
    # under no heading of harms, what to tell first stays a caution
    ("Before you start\n\nTell your doctor if you have:\n\n- a sore mouth\n", "hasSideEffect", set()),
    # asked about the time before the first dose, it asks what one has, whatever the heading
    ("Side effects\n\nCheck with your doctor before starting if you have:\n\n- asthma\n- a stomach ulcer\n",
     "hasSideEffect", set()),
    ("Side effects\n\nCheck with your doctor before starting if you have:\n\n- asthma\n- a stomach ulcer\n",
     "cautionIn", {"asthma", "stomach ulcer"}),
    # "When not to use it" heads contraindications, not uses
    ("When not to use it\n\n- genital herpes\n", "contraindicatedIn", {"genital herpes"}),
    # what the reader uses, under "Other medicines", is a medicine it interacts with: no use
    ("Other medicines\n\nTell your doctor if you use:\n\n- beta-blockers\n- theophylline\n",
     "treats", {"pain"}),
    ("Other medicines\n\nTell your doctor if you use:\n\n- beta-blockers\n- theophylline\n",
     "interactsWith", {"beta-blockers", "theophylline"}),
    # "before using ibuprofen" asks what one has, as "before using it" does, under any heading
    ("Warnings\n\nTalk to your doctor before using ibuprofen if you have:\n\n- epilepsy\n- diabetes\n",
     "cautionIn", {"epilepsy", "diabetes"}),
    ("Warnings\n\nTalk to your doctor before using ibuprofen if you have:\n\n- epilepsy\n- diabetes\n",
     "hasRisk", set()),
    # "a lower dose" is no use: what the drug lowers is not said
    ("Uses\n\nIt may not be suitable, or you may need a lower dose, if you have:\n\n- kidney disease\n",
     "treats", {"pain"}),
])
def test_the_predicate_a_list_s_lead_in_or_heading_names(
        lexicon: Lexicon, text: str, predicate: str, expected: set[str]) -> None:
    found = extract(TITLE + text, lexicon, model=NO_MODEL).claims
    assert {c.object.label for c in found if c.predicate == predicate} == expected


@pytest.mark.parametrize("text, expected", [
    # a behaviour listed after a compulsive one is compulsive too
    ("Side effects include compulsive gambling, shopping, eating or sexual behaviour.",
     {"compulsive gambling", "compulsive shopping", "compulsive eating", "compulsive sexual behaviour"}),
    # ... but not a state after an excessive one
    ("Side effects include excessive worry, restlessness and tension.",
     {"excessive worry", "restlessness", "tension"}),
    # "seeing or hearing things ... (term)" is one harm, named by its term
    ("Side effects include:\n\n- seeing or hearing things that are not there (hallucinations)\n- headache\n",
     {"hallucinations", "headache"}),
    ("Side effects include:\n\n- swelling or itching where the injection was given\n",
     {"injection-site swelling", "injection-site itching"}),
    ("Side effects include tightness in the chest or throat.", {"chest tightness", "throat tightness"}),
])
def test_the_names_of_harms_listed_together(lexicon: Lexicon, text: str, expected: set[str]) -> None:
    found = extract(TITLE + text, lexicon, model=NO_MODEL).claims
    assert {c.object.label for c in found if c.predicate == "hasSideEffect"} == expected


@pytest.mark.parametrize("sentence, expected", [
    ("It is not recommended for children and teenagers under 18.", {"children and teenagers under 18"}),
    # but a group named with its own head word takes the age alone
    ("It is not recommended for children or adults over 65.", {"children", "adults over 65"}),
    ("It is not recommended for children or people over 65.", {"children", "people over 65"}),
    ("It is not recommended for children or teenagers.", {"children", "teenagers"}),  # no age to share
])
def test_an_age_after_two_groups_bounds_both(lexicon: Lexicon, sentence: str, expected: set[str]) -> None:
    found = extract(TITLE + sentence, lexicon, model=NO_MODEL).claims
    assert {c.object.label for c in found if c.predicate == "contraindicatedIn"} == expected


SUPPLEMENTS = Model(("contraindicatedIn", "none"), (0.0, 3.0), {"w:supplement": (8.0, 0.0), "w:wort": (8.0, 0.0)})
"""A model that reads any phrase with "supplement(s)" or "wort" as a contraindication."""


@pytest.mark.parametrize("text, model", [
    ("Do not take ibuprofen if you are taking an MAOI such as phenelzine.", NO_MODEL),  # the cues
    ("It is unsuitable if you take potassium supplements.", SUPPLEMENTS),  # the learned model
    # what the reader must not take the drug with, however far along the sentence
    ("You must not take it with strong CYP3A4 inhibitors such as ketoconazole, clarithromycin or "
     "ritonavir, or with strong CYP3A4 inducers such as rifampicin, phenytoin or St John's wort.", SUPPLEMENTS),
    ("Who cannot take it\n\n- People taking potassium supplements.\n", NO_MODEL),  # an item under a heading
    ("It is unsuitable for people taking potassium supplements.", SUPPLEMENTS),
    ("Do not take it if you:\n\n- take a medicine such as ciclosporin or gemfibrozil\n", NO_MODEL),  # the item's verb
])
def test_a_medicine_the_reader_takes_is_no_contraindication(lexicon: Lexicon, text: str, model: Model) -> None:
    found = extract(TITLE + text, lexicon, model=model).claims
    assert not [c for c in found if c.predicate == "contraindicatedIn"]


SWEATING = Model(("none", "treats"), (3.0, 0.0), {"w:sweating": (0.0, 8.0)})
"""A model that reads any phrase with "sweating" as a use."""


@pytest.mark.parametrize("model", [NO_MODEL, SWEATING], ids=["cues", "model"])
def test_no_use_under_a_heading_of_harms(lexicon: Lexicon, model: Model) -> None:
    text = TITLE + "Side effects\n\nIbuprofen also reduces sweating, so you can overheat in hot weather."
    assert [c.object.label for c in extract(text, lexicon, model=model).claims if c.predicate == "treats"] == ["pain"]


def test_no_side_effect_under_a_heading_of_risks_alone(lexicon: Lexicon) -> None:
    """What to get help for at once is a risk, or the sign of one; no side effect."""
    text = TITLE + "Get medical help straight away\n\nIbuprofen can cause fainting."
    assert not [c for c in extract(text, lexicon, model=NO_MODEL).claims if c.predicate == "hasSideEffect"]


def test_core_claims_about_another_drug_are_no_drafts(lexicon: Lexicon) -> None:
    text = "Ibuprofen does not affect diazepam. Diazepam is used to treat anxiety."
    found = extract(TITLE + text, lexicon, model=NO_MODEL).claims
    assert {c.subject.label for c in found if c.predicate in ("treats", "hasSideEffect", "hasRisk")} == {"ibuprofen"}


BREASTFEEDING = Model(("contraindicatedIn", "none"), (0.0, 3.0), {"w:breastfeeding": (8.0, 0.0)})
"""A model that reads any phrase with "breastfeeding" as a contraindication."""


def test_an_imperative_avoid_is_no_part_of_the_name(lexicon: Lexicon) -> None:
    found = extract(TITLE + "Avoid breastfeeding while you take it.", lexicon, model=BREASTFEEDING).claims
    assert {c.object.label for c in found if c.predicate == "contraindicatedIn"} == {"breastfeeding"}


NEW_AND_MEMBERS = Model(("hasRisk", "none"), (0.0, 3.0), {"w:new": (8.0, 0.0), "w:member": (8.0, 0.0)})
"""A model that reads any phrase with "new" or "member(s)" as a risk."""


@pytest.mark.parametrize("sentence", ["Some of the moles are new.", "It can upset family members."])
def test_an_ordinal_or_new_and_people_are_no_harm(lexicon: Lexicon, sentence: str) -> None:
    found = extract(TITLE + sentence, lexicon, model=NEW_AND_MEMBERS).claims
    assert {c.object.label for c in found if c.predicate == "hasRisk"} == set()


ORGANS = Model(("hasRisk", "none"), (0.0, 3.0), {"w:liver": (8.0, 0.0), "w:kidneys": (8.0, 0.0)})
"""A model that reads any phrase with "liver" or "kidneys" as a risk."""


@pytest.mark.parametrize("sentence, expected", [
    ("It can damage the liver.", {"liver damage"}),
    ("It can harm the kidneys.", {"kidney damage"}),
    ("Its liver is large.", set()),  # a part of the body the drug does not harm names no harm
])
def test_a_part_of_the_body_the_drug_damages_names_its_damage(lexicon: Lexicon, sentence: str, expected: set[str]) -> None:
    found = extract(TITLE + sentence, lexicon, model=ORGANS).claims
    assert {c.object.label for c in found if c.predicate == "hasRisk"} == expected


NONE_WORD = Model(("hasSideEffect", "none"), (0.0, 3.0), {"w:none": (8.0, 0.0)})
"""A model that reads the word "none" as a side effect."""


def test_none_names_no_side_effect(lexicon: Lexicon) -> None:
    found = extract(TITLE + "Side effects\n\nMost people have none.", lexicon, model=NONE_WORD).claims
    assert not [c for c in found if c.predicate == "hasSideEffect"]


@pytest.mark.parametrize("text, expected", [
    # "for example because of" opens the example, and "of" after "and" is no part of the name
    ("Do not take it if you:\n\n- already have too much iron in your body, for example because of "
     "haemochromatosis\n", {("contraindicatedIn", "haemochromatosis")}),
    ("It raises the risk of stroke and of death.", {("hasRisk", "stroke"), ("hasRisk", "death")}),
    ("It lowers the chance of another heart attack.", {("treats", "heart attack")}),
    # "any of the other ingredients" is the document's drug
    ("Do not take it if you are allergic to ibuprofen or any of the other ingredients.",
     {("contraindicatedIn", "ibuprofen allergy")}),
])
def test_the_words_around_a_list_item_are_no_part_of_its_name(lexicon: Lexicon, text: str,
                                                                expected: set[tuple[str, str]]) -> None:
    found = extract(TITLE + text, lexicon, model=NO_MODEL).claims
    assert {(c.predicate, c.object.label) for c in found} - {("treats", "pain")} == expected


THOUGHTS = Model(("hasRisk", "none"), (0.0, 3.0), {"w:thoughts": (8.0, 0.0), "w:itself": (8.0, 0.0)})
"""A model that reads any phrase with "thoughts" or "itself" as a risk."""


@pytest.mark.parametrize("sentence, expected", [
    ("It has been linked to anxiety and, rarely, suicidal thoughts.", {"anxiety", "suicidal thoughts"}),
    ("It is not a painkiller itself.", set()),
])
def test_how_often_and_itself_are_no_part_of_a_name(lexicon: Lexicon, sentence: str, expected: set[str]) -> None:
    found = extract(TITLE + sentence, lexicon, model=THOUGHTS).claims
    assert {c.object.label for c in found if c.predicate == "hasRisk"} == expected


POTASSIUM = Model(("hasRisk", "none"), (0.0, 3.0), {"w:potassium": (8.0, 0.0), "w:blood": (8.0, 0.0),
                                                     "w:weight": (8.0, 0.0), "w:appetite": (8.0, 0.0),
                                                     "w:folate": (8.0, 0.0), "w:sperm": (8.0, 0.0)})
"""A model that reads any phrase with "potassium", "blood", "weight", "appetite", "folate" or
"sperm" as a risk."""


@pytest.mark.parametrize("sentence, expected", [
    ("It can raise the potassium in your blood.", {("hyperkalaemia", ("high potassium",))}),
    ("It can push up the level of potassium.", {("hyperkalaemia", ("high potassium",))}),
    ("The tablets wash out potassium.", {("hypokalaemia", ("low potassium",))}),
    ("It can make your potassium level rise too high.", {("hyperkalaemia", ("high potassium",))}),
    ("Some people put on weight.", {("weight gain", ())}),
    ("After a year, potassium levels in the blood can fall.", {("hypokalaemia", ("low potassium",))}),
    ("You may lose your appetite.", {("loss of appetite", ())}),
    ("It can lower the number of red blood cells.", {("anaemia", ("low red cell count",))}),
    ("Your white blood cell count may drop.", {("leucopenia", ("low white cell count",))}),
    ("It can lower your folate level.", {("folate deficiency", ("low folate",))}),
    ("It can lower the sperm count.", {("reduced sperm count", ("low sperm count",))}),
    ("It can also raise blood fats.", {("hyperlipidaemia", ("high blood fats",))}),
    ("It can raise the level of prolactin.", {("hyperprolactinaemia", ("high prolactin",))}),
    ("Bananas are rich in potassium.", set()),  # no change of the measure: no condition
])
def test_a_measure_the_drug_raises_or_lowers_names_its_condition(
        lexicon: Lexicon, sentence: str, expected: set[tuple[str, tuple[str, ...]]]) -> None:
    found = extract(TITLE + sentence, lexicon, model=POTASSIUM).claims
    assert {(c.object.label, c.object.alt_labels) for c in found if c.predicate in ("hasRisk", "hasSideEffect")} == expected


@pytest.mark.parametrize("sentence, expected", [
    ("Side effects\n\nMood changes and depression have been reported.",
     {("hasSideEffect", "mood changes", ()), ("hasSideEffect", "depression", ())}),
    ("It can damage the liver.", {("hasRisk", "liver damage", ())}),  # the damage of an organ is a risk
    # not an organ: named by the text's words, not "unborn baby damage"
    ("It can harm an unborn baby.", {("hasRisk", "harm an unborn baby", ())}),
])
def test_harms_worded_by_what_is_reported_or_damaged(lexicon: Lexicon, sentence: str,
                                                     expected: set[tuple[str, str, tuple[str, ...]]]) -> None:
    found = extract(TITLE + sentence, lexicon, model=NO_MODEL).claims
    assert {(c.predicate, c.object.label, c.object.alt_labels) for c in found} - {("treats", "pain", ())} == expected


@pytest.mark.parametrize("sentence, expected", [
    # a harm a cue names by a measure the drug changes
    ("It can cause your blood pressure to drop.", {("hasSideEffect", "hypotension", ("low blood pressure",))}),
    # a blood count the drug lowers is no use of it
    ("It can lower the number of white cells.", {("hasSideEffect", "leucopenia", ("low white cell count",))}),
    ("It can also lower the level of calcium in your blood.", {("hasSideEffect", "hypocalcaemia", ("low calcium",))}),
    ("It can lower your blood pressure.", set()),  # what a drug may be taken to lower: no harm by itself
    # the measure is no other drug the document's drug interacts with
    ("It can also raise the amount of uric acid.", {("hasSideEffect", "hyperuricaemia", ("high uric acid",))}),
    ("It can also lower the level of sodium in the blood.", {("hasSideEffect", "hyponatraemia", ("low sodium",))}),
    # every measure of measure_changes but those also treated, the change said "slightly"
    ("It can lower thyroid hormone levels slightly.",
     {("hasSideEffect", "hypothyroidism", ("low thyroid hormone",))}),
    ("It can lower the number of lymphocytes.", {("hasSideEffect", "lymphopenia", ("low lymphocyte count",))}),
    ("It can raise the level of the hormone prolactin.",  # the measure named by its kind
     {("hasSideEffect", "hyperprolactinaemia", ("high prolactin",))}),
    # a measure named out of range is the condition, for a harm or a caution; a use keeps its words
    ("It can cause a low level of calcium in the blood.", {("hasSideEffect", "hypocalcaemia", ("low calcium",))}),
    ("It can cause a low level of neutrophils.", {("hasSideEffect", "neutropenia", ("low neutrophil count",))}),
    ("It can cause a rise in blood sugar.", {("hasSideEffect", "hyperglycaemia", ("high blood sugar",))}),
    ("Do not take it if you have low potassium levels.", {("contraindicatedIn", "hypokalaemia", ("low potassium",))}),
    ("It is not used for raised uric acid.", {("treats", "raised uric acid", ())}),
    # each measure of a list, the verb said once before them, with no modal; "rarely" makes them risks
    ("Rarely it lowers the number of white blood cells or platelets.",
     {("hasRisk", "leucopenia", ("low white cell count",)), ("hasRisk", "thrombocytopenia", ("low platelet count",))}),
])
def test_a_measure_a_cue_names(lexicon: Lexicon, sentence: str, expected: set[tuple[str, str, tuple[str, ...]]]) -> None:
    found = extract(TITLE + sentence, lexicon, model=NO_MODEL).claims
    assert {(c.predicate, c.object.label, c.object.alt_labels) for c in found} - {("treats", "pain", ())} == expected


def test_a_measure_also_treated_must_be_a_measure(tmp_path: Path) -> None:
    """A misspelt measure in measures_also_treated would silently let its harm cue read it."""
    cues = tmp_path / "cues.yaml"
    cues.write_text(CUES_FILE.read_text(encoding="utf-8").replace(
        "measures_also_treated: [blood sugar,", "measures_also_treated: [blood suger,"), encoding="utf-8")
    with pytest.raises(ValueError, match=r"blood suger"):
        load_rules(cues)


@pytest.mark.parametrize("sentence, expected", [
    # a negation in a clause of someone or something else denies nothing of the drug
    ("It is taken with other epilepsy medicines when they do not control your seizures.", {("seizures", False)}),
    ("It is used for angina when other medicines do not help.", {("angina", False)}),
    ("It is not used for angina.", {("angina", True)}),
    ("It is not used for angina when it is stable.", {("angina", True)}),
])
def test_a_negation_in_a_clause_of_others_denies_no_use(lexicon: Lexicon, sentence: str,
                                                         expected: set[tuple[str, bool]]) -> None:
    found = extract(TITLE + sentence, lexicon, model=NO_MODEL).claims
    assert {(c.object.label, c.negated) for c in found if c.predicate == "treats"} - {("pain", False)} == expected


@pytest.mark.parametrize("sentence", [
    "It is widely used in Central and Eastern Europe and Asia.",
    "It is also used in some other Asian countries.",
    "It has been used for decades in Russia.",
])
def test_where_and_how_long_it_is_used_are_no_uses(lexicon: Lexicon, sentence: str) -> None:
    found = extract(TITLE + sentence, lexicon, model=NO_MODEL).claims
    assert {c.object.label for c in found if c.predicate == "treats"} == {"pain"}


def test_a_measure_with_its_place_is_no_use(lexicon: Lexicon) -> None:
    """"can lower the level of sodium in the blood" says what the drug changes, not what it treats."""
    found = extract(TITLE + "It can also lower the level of sodium in the blood.", lexicon, model=NO_MODEL).claims
    assert {c.object.label for c in found if c.predicate == "treats"} == {"pain"}


@pytest.mark.parametrize("sentence, expected", [
    ("It can usually be taken in pregnancy.", {("contraindicatedIn", "pregnancy", True)}),  # a denied contraindication
    ("It is fine to use in pregnancy.", {("contraindicatedIn", "pregnancy", True)}),
    ("It is not recommended for children.", {("contraindicatedIn", "children", False)}),  # and no denied use
])
def test_what_a_drug_can_be_taken_in(lexicon: Lexicon, sentence: str, expected: set[tuple[str, str, bool]]) -> None:
    found = {(c.predicate, c.object.label, c.negated) for c in extract(TITLE + sentence, lexicon, model=NO_MODEL).claims}
    assert found - {("treats", "pain", False)} == expected


@pytest.mark.parametrize("sentence, expected", [
    # a harm told as a worsening names the condition that worsens
    ("It can also make heart failure worse.", {("hasRisk", "heart failure")}),
    ("It may make the symptoms of Parkinson's disease worse.", {("hasRisk", "parkinson's disease")}),
    ("It can cause a new rash or make an existing one worse.", {("hasSideEffect", "rash")}),
    # a slower heartbeat is bradycardia, a risk in every set that says so
    ("It may slow the heartbeat too much.", {("hasRisk", "bradycardia")}),
    # a use told as what the drug does to the condition
    ("It is used to lighten melasma and freckles.", {("treats", "melasma"), ("treats", "freckles")}),
    ("It helps to stop new cystine stones forming.", {("treats", "cystine stones")}),
    ("It helps with symptoms such as chills and stomach cramps.", {("treats", "chills"), ("treats", "stomach cramps")}),
    ("It helps people with narcolepsy stay awake during the day.", {("treats", "narcolepsy")}),
    ("It can help adults with obesity lose weight.", {("treats", "obesity")}),
    # a plain adjective with the medical one in parentheses: the medical one names the condition
    ("It is used to treat sudden (acute) diarrhoea in adults.", {("treats", "acute diarrhoea")}),
    # how long a drug is used for names no use: the list after it is what the drug can do
    ("Warnings\n\nUsed for a long time or at high doses, it can lead to:\n\n- cataracts\n", {("hasRisk", "cataracts")}),
    ("A low dose may be given to stop attacks coming back.", set()),  # "attacks" alone names nothing
    # an abbreviation inside a class's name leaves the name whole
    ("It belongs to a group of medicines called phosphodiesterase 4 (PDE4) inhibitors.",
     {("drugClass", "phosphodiesterase 4 inhibitors")}),
    ("It belongs to a group of medicines called sphingosine 1-phosphate (S1P) receptor modulators.",
     {("drugClass", "sphingosine 1-phosphate receptor modulators")}),
    ("It is a corticosteroid (steroid) medicine.", {("drugClass", "corticosteroid")}),  # a synonym ends it
])
def test_what_a_drug_does_to_a_condition(lexicon: Lexicon, sentence: str, expected: set[tuple[str, str]]) -> None:
    found = {(c.predicate, c.object.label) for c in extract(TITLE + sentence, lexicon, model=NO_MODEL).claims}
    assert found - {("treats", "pain")} == expected


def test_an_abbreviation_inside_a_class_name_is_its_synonym(lexicon: Lexicon) -> None:
    text = TITLE + "It belongs to a group of medicines called phosphodiesterase 4 (PDE4) inhibitors."
    found = [c.object for c in extract(text, lexicon, model=NO_MODEL).claims if c.predicate == "drugClass"]
    assert [o.alt_labels for o in found] == [("PDE4 inhibitors",)]


def test_a_cue_that_names_the_drug_gives_the_subject(lexicon: Lexicon) -> None:
    """"Do not take ibuprofen if …": not the drugs named later in the sentence."""
    text = TITLE + "Do not take ibuprofen if you are allergic to it, or if you are taking warfarin or diazepam."
    found = {(c.subject.label, c.object.label) for c in extract(text, lexicon, model=NO_MODEL).claims
             if c.predicate == "contraindicatedIn"}
    assert found == {("ibuprofen", "ibuprofen allergy")}


@pytest.mark.parametrize("section", ["Who should not use it\n\n", "Do not use it if:\n\n"])
def test_a_section_on_who_should_not_use_it_lists_no_uses(lexicon: Lexicon, section: str) -> None:
    text = TITLE + section + "- people with severe kidney disease\n- anyone allergic to aspirin\n"
    found = {(c.predicate, c.object.label) for c in extract(text, lexicon, model=NO_MODEL).claims}
    assert found - {("treats", "pain")} == {("contraindicatedIn", "kidney disease"),
                                            ("contraindicatedIn", "aspirin allergy")}


@pytest.mark.parametrize("before, predicate", [
    ("Some side effects can be serious.", "hasRisk"),
    ("Most side effects are not serious.", "hasSideEffect"),  # what the paragraph denies says nothing
    # the words of the side effect it names are no circumstance of the list
    ("The main side effect is sudden withdrawal in people who are dependent.", "hasSideEffect"),
])
def test_what_a_lead_in_s_paragraph_says_before_it_counts(lexicon: Lexicon, before: str, predicate: str) -> None:
    text = (TITLE + f"Side effects\n\n{before} If you have any of the following, call your doctor:\n\n"
            "- fainting\n- chest pain\n")
    found = {(c.predicate, c.object.label) for c in extract(text, lexicon, model=NO_MODEL).claims}
    assert found - {("treats", "pain")} == {(predicate, "fainting"), (predicate, "chest pain")}


SEEING = Model(("hasSideEffect", "none"), (0.0, 3.0), {"w:hallucination": (8.0, 0.0), "w:drowsiness": (8.0, 0.0)})
"""A model that reads any phrase with "hallucinations" or "drowsiness" as a side effect."""


@pytest.mark.parametrize("sentence, negated", [
    # the negation describes the harm
    ("Less often, people see or hear things that are not there (hallucinations).", False),
    ("It does not usually cause drowsiness.", True),  # the negation denies the harm
    ("People in the studies did not show signs of drowsiness.", True),
])
def test_a_negation_that_describes_a_harm_does_not_deny_it(lexicon: Lexicon, sentence: str, negated: bool) -> None:
    found = [c for c in extract(TITLE + sentence, lexicon, model=SEEING).claims if c.predicate == "hasSideEffect"]
    assert [c.negated for c in found] == [negated]


PREGNANT = Model(("contraindicatedIn", "none"), (0.0, 3.0), {"w:pregnant": (8.0, 0.0)})
"""A model that reads any phrase with "pregnant" as a contraindication."""


@pytest.mark.parametrize("sentence, drafted", [
    ("Check with a pharmacist first if you have asthma, or if you are pregnant.", False),
    ("Ask your doctor whether it is suitable for you if you are pregnant.", False),
    ("Some people who are pregnant must stop.", True),
])
def test_what_a_caution_names_is_no_contraindication(lexicon: Lexicon, sentence: str, drafted: bool) -> None:
    found = extract(TITLE + sentence, lexicon, model=PREGNANT).claims
    assert any(c.predicate == "contraindicatedIn" for c in found) == drafted


@pytest.mark.parametrize("sentence", [
    "It may also lower a man's sperm count for a while.",  # a phrase ending in an article is cut short
    "Take it daily to stop attacks coming back.",  # "coming" is no part of a name
])
def test_a_phrase_cut_short_names_nothing(lexicon: Lexicon, sentence: str) -> None:
    found = extract(TITLE + sentence, lexicon, model=NO_MODEL).claims
    assert {c.object.label for c in found} == {"pain"}


def test_a_class_in_quotes_before_type(lexicon: Lexicon) -> None:
    found = extract(TITLE + 'Ibuprofen belongs to the older, "sedating" type.', lexicon, model=NO_MODEL).claims
    assert {c.object.label for c in found if c.predicate == "drugClass"} == {"sedating"}


@pytest.mark.parametrize("sentence, expected", [
    ("Do not take it if you are allergic to carbimazole or methimazole.",
     {("contraindicatedIn", "carbimazole allergy", False), ("contraindicatedIn", "methimazole allergy", False)}),
    # an allergy to a class the lexicon knows is still an allergy, named in the singular
    ("Do not take it if you are allergic to it or to other NSAIDs.",
     {("contraindicatedIn", "ibuprofen allergy", False), ("contraindicatedIn", "nsaid allergy", False)}),
    ("It is generally considered safe during pregnancy.", {("contraindicatedIn", "pregnancy", True)}),
    ("Side effects include a feeling of warmth.", {("hasSideEffect", "feeling of warmth", False)}),
    ("It is not a contraceptive.", {("drugClass", "contraceptive", True)}),
    # the condition repeated after ", or", and a hyphen left hanging
    ("Do not take it if you are allergic to it, or if you have second- or third-degree heart block.",
     {("contraindicatedIn", "ibuprofen allergy", False), ("contraindicatedIn", "second-degree heart block", False),
      ("contraindicatedIn", "third-degree heart block", False)}),
    # the condition repeated after "or" with no comma, or its verb alone (held-out 136, 143, 151)
    ("Do not take it if you have uveitis or if you are allergic to it.",
     {("contraindicatedIn", "uveitis", False), ("contraindicatedIn", "ibuprofen allergy", False)}),
    ("You should not take it if you have liver disease or are allergic to it.",
     {("contraindicatedIn", "liver disease", False), ("contraindicatedIn", "ibuprofen allergy", False)}),
    ("Common side effects include:\n\n- feeling sick or being sick\n",  # no "sick sick"
     {("hasSideEffect", "nausea", False), ("hasSideEffect", "vomiting", False)}),
    ("Ibuprofen should not use the capsules.", set()),  # a dosage form is no condition
    ("Ibuprofen is a prostaglandin analogue.", {("drugClass", "prostaglandin analogue", False)}),
    # "belongs" is a verb: it ends the list the class is in
    ("Ibuprofen is a prostaglandin analogue and belongs to a group of medicines called NSAIDs.",
     {("drugClass", "prostaglandin analogue", False), ("drugClass", "nonsteroidal anti-inflammatory drug", False)}),
    # a pain named by where it is, and the body parts listed after it
    ("Side effects include stiffness in your bones, muscles or joints.",
     {("hasSideEffect", "bone stiffness", False), ("hasSideEffect", "muscle stiffness", False),
      ("hasSideEffect", "joint stiffness", False)}),
    # two parts joined in one item; a clot in the legs is deep vein thrombosis (a synonym)
    ("It can cause swelling in the ankles or legs.",
     {("hasSideEffect", "ankle swelling", False), ("hasSideEffect", "leg swelling", False)}),
    ("It can cause blood clots in the legs or lungs.",
     {("hasSideEffect", "leg blood clot", False), ("hasSideEffect", "lung blood clot", False)}),
    ("It is prescribed for severe zorbitis in women.", {("treats", "zorbitis", False)}),  # who has it is no part of it
])
def test_wordings_of_round_ten(lexicon: Lexicon, sentence: str, expected: set[tuple[str, str, bool]]) -> None:
    """Cues of round 10, from misses on held-out 9 and 10 (development data)."""
    found = {(c.predicate, c.object.label, c.negated) for c in extract(TITLE + sentence, lexicon, model=NO_MODEL).claims}
    assert found - {("treats", "pain", False)} == expected


EYES = Model(("hasRisk", "none"), (0.0, 3.0), {"w:eye": (8.0, 0.0), "w:glaucoma": (8.0, 0.0), "w:pregnant": (8.0, 0.0)})
"""A model that reads any phrase with "eye", "glaucoma" or "pregnant" as a risk."""


@pytest.mark.parametrize("text", [
    "Glaucoma is a known risk; signs include eye pain and red eyes.",
    "Glaucoma is a known risk; watch for eye pain and red eyes.",  # what to watch for
])
def test_the_signs_of_a_harm_are_no_harm_of_their_own(lexicon: Lexicon, text: str) -> None:
    found = extract(TITLE + text, lexicon, model=EYES).claims
    assert {c.object.label for c in found if c.predicate == "hasRisk"} == {"glaucoma"}


def test_items_under_a_caution_lead_in_are_no_contraindications(lexicon: Lexicon) -> None:
    text = TITLE + "Tell your doctor before you start if you:\n\n- are pregnant\n"
    assert not [c for c in extract(text, lexicon, model=PREGNANT).claims if c.predicate == "contraindicatedIn"]


@pytest.mark.parametrize("text, expected", [
    # an item that goes on from "if you:" starts with its verb, which is no part of the name
    ("Do not take it if you:\n\n- have heart failure\n- have had a stroke\n",
     {("contraindicatedIn", "heart failure", False), ("contraindicatedIn", "stroke", False)}),
    ("Ask your doctor's advice first if you:\n\n- have asthma\n", {("cautionIn", "asthma", False)}),
    ("Do not take it if:\n- you have heart failure of any severity\n", {("contraindicatedIn", "heart failure", False)}),
    ("Side effects\n\nDizziness and headaches are very common.",
     {("hasSideEffect", "dizziness", False), ("hasSideEffect", "headaches", False)}),
    ("Side effects are uncommon.", set()),  # how often names no harm
    ("It does not slow down joint damage.", {("treats", "joint damage", True)}),
    ("It is a medicine for hot flushes and night sweats.",
     {("treats", "hot flushes", False), ("treats", "night sweats", False)}),
    ("Side effects\n\nTaking it for a long time can cause constipation.", {("hasRisk", "constipation", False)}),
    ("Some people develop strong urges they find hard to resist.", {("hasRisk", "impulse control disorder", False)}),
    ("Side effects\n\nWith longer use, it may cause acne.", {("hasRisk", "acne", False)}),
    ("Pregnancy does not rule out this medicine.", {("contraindicatedIn", "pregnancy", True)}),  # no capital
    # stopping smoking is not stopping the drug: its side effects stay side effects
    ("Side effects\n\nSome are hard to tell apart from the effects of stopping smoking. The ones people "
     "notice most are:\n\n- headaches\n", {("hasSideEffect", "headaches", False)}),
    ("Do not give the drops to children under 12.", {("contraindicatedIn", "children under 12", False)}),
    ("It is used in epilepsy.", {("treats", "epilepsy", False)}),
    ("It is used in pregnancy.", set()),  # a population: no use
    ("Chemically it is a sulfonamide.", {("drugClass", "sulfonamide", False)}),
    ("It is a monoclonal antibody.", {("drugClass", "monoclonal antibody", False)}),
    ("Taken regularly, it cuts down wheezing.", {("treats", "wheezing", False)}),
    ("It is often chosen for migraine.", {("treats", "migraine", False)}),
    # how long or how alone it is taken names no harm and no use
    ("Side effects\n\nSide effects are usually mild and short-lived.", set()),
    ("Side effects\n\nSide effects are most likely.", set()),
    ("It is licensed to treat migraine, alone or with a painkiller.", {("treats", "migraine", False)}),
    # periods stopping is a side effect, not stopping the drug
    ("Side effects include spotting and periods stopping altogether.",
     {("hasSideEffect", "spotting", False), ("hasSideEffect", "periods stopping altogether", False)}),
])
def test_a_wording_drafts_its_claims(lexicon: Lexicon, text: str, expected: set[tuple[str, str, bool]]) -> None:
    found = {(c.predicate, c.object.label, c.negated) for c in extract(TITLE + text, lexicon, model=NO_MODEL).claims}
    assert found - {("treats", "pain", False)} == expected


LOW = Model(("contraindicatedIn", "none"), (0.0, 3.0), {"w:low": (8.0, 0.0)})
"""A model that reads any phrase with "low" as a contraindication."""


@pytest.mark.parametrize("sentence, expected", [
    ("You should not have it if your calcium level is low.", {"hypocalcaemia"}),  # the state of a measure
    ("Do not take it if your mood is low.", {"low mood"}),  # no measure: a feeling
])
def test_low_after_a_measure_is_its_state(lexicon: Lexicon, sentence: str, expected: set[str]) -> None:
    found = extract(TITLE + sentence, lexicon, model=LOW).claims
    assert {c.object.label for c in found if c.predicate == "contraindicatedIn"} == expected


@pytest.mark.parametrize("sentence, expected", [
    ("You should not have this treatment if you have an infection in the eye or gout.",
     {("contraindicatedIn", "eye infection", False), ("contraindicatedIn", "gout", False)}),
    ("Do not receive it if you have gout.", {("contraindicatedIn", "gout", False)}),
    ("You must not be given it if you are pregnant.", {("contraindicatedIn", "pregnant", False)}),
])
def test_a_treatment_one_has_or_is_given_is_ruled_out_in_the_words_of_having_it(
        lexicon: Lexicon, sentence: str, expected: set[tuple[str, str, bool]]) -> None:
    """Injections and infusions are things one "has" or "is given", not takes (held-out 82)."""
    found = {(c.predicate, c.object.label, c.negated) for c in extract(TITLE + sentence, lexicon, model=NO_MODEL).claims}
    assert found - {("treats", "pain", False)} == expected


@pytest.mark.parametrize("sentence, label", [
    ("Ibuprofen is an antidote that reverses the effects of opioids.", "antidote"),
    ("Ibuprofen is a hormone therapy, given as an injection.", "hormone therapy"),
    ("Ibuprofen is a prodrug: the body turns it into the active medicine.", "prodrug"),
    ("Ibuprofen is a pediculicide, meaning a medicine that kills lice.", "pediculicide"),
    ("Ibuprofen is a sympathomimetic.", "sympathomimetic"),
])
def test_more_words_end_a_class_name(lexicon: Lexicon, sentence: str, label: str) -> None:
    found = extract(TITLE + sentence, lexicon, model=NO_MODEL).claims
    assert label in {c.object.label for c in found if c.predicate == "drugClass"}


def test_suicide_ends_no_class_name(lexicon: Lexicon) -> None:
    found = extract(TITLE + "Ibuprofen may, rarely, lead to thoughts of suicide.", lexicon, model=NO_MODEL).claims
    assert {(c.predicate, c.object.label) for c in found} - {("treats", "pain")} == {("hasRisk", "suicidal thoughts")}


def test_a_child_who_is_allergic_rules_it_out(lexicon: Lexicon) -> None:
    """"Do not give it to a child who is allergic to it": one child, as children are (held-out 83)."""
    text = TITLE + "Do not give ibuprofen to a child who is allergic to it or to any other painkiller.\n"
    found = extract(text, lexicon, model=NO_MODEL).claims
    assert {c.object.label for c in found if c.predicate == "contraindicatedIn"} == {
        "ibuprofen allergy", "painkiller allergy"}


def test_one_word_items_after_a_cancer_of_the_part_share_its_head(lexicon: Lexicon) -> None:
    text = TITLE + ("Do not take it if you have:\n\n- a tumour of the pituitary gland or hypothalamus\n"
                    "- cancer of the ovary, womb or breast\n")
    found = extract(text, lexicon, model=NO_MODEL).claims
    assert {c.object.label for c in found if c.predicate == "contraindicatedIn"} == {
        "tumour of the pituitary gland", "tumour of the hypothalamus", "cancer of the ovary",
        "cancer of the womb", "cancer of the breast"}


def test_what_to_see_a_doctor_about_first_is_a_caution_even_under_who_must_not(lexicon: Lexicon) -> None:
    text = TITLE + ("Who should not use it\n\nSee a GP before trying any colic remedy if your baby's crying "
                    "comes with:\n\n- a high temperature\n- vomiting\n")
    found = {(c.predicate, c.object.label) for c in extract(text, lexicon, model=NO_MODEL).claims}
    assert {p for p, _ in found if p == "contraindicatedIn"} == set()
    assert ("cautionIn", "vomiting") in found


def test_an_allergy_to_any_other_ingredient_is_no_claim(lexicon: Lexicon) -> None:
    """A warning of every medicine, which curators do not record (held-out 87 and 88)."""
    text = TITLE + "Do not use it if you are allergic to aspirin or any other ingredient.\n"
    found = extract(text, lexicon, model=NO_MODEL).claims
    assert {c.object.label for c in found if c.predicate == "contraindicatedIn"} == {"aspirin allergy"}


def test_a_term_and_its_abbreviation_in_parentheses_are_two_names(lexicon: Lexicon) -> None:
    text = TITLE + ("It is prescribed to relieve the symptoms of an enlarged prostate gland (benign prostatic "
                    "hyperplasia, or BPH) in men.\n")
    found = [c for c in extract(text, lexicon, model=NO_MODEL).claims if c.predicate == "treats"
             and c.object.label != "pain"]
    assert len(found) == 1
    assert {"benign prostatic hyperplasia", "BPH"} <= {found[0].object.label, *found[0].object.alt_labels}


def test_a_cue_does_not_cut_a_drug_of_two_words(lexicon: Lexicon) -> None:
    text = ("Bempedoic acid\n\nBempedoic acid lowers cholesterol. Bempedoic acid is a tablet. "
            "You should not take bempedoic acid if you have kidney failure.\n")
    found = {c.object.label for c in extract(text, lexicon, model=NO_MODEL).claims if c.predicate == "contraindicatedIn"}
    assert found == {"kidney failure"}


def test_a_harm_cue_in_a_lead_in_outranks_its_word_use(lexicon: Lexicon) -> None:
    text = TITLE + "Long-term use raises the chance of:\n\n- cataracts\n- thinning bones\n"
    found = {(c.predicate, c.object.label) for c in extract(text, lexicon, model=NO_MODEL).claims}
    assert found - {("treats", "pain")} == {("hasRisk", "cataracts"), ("hasRisk", "thinning bones")}


def test_who_should_not_breastfeed_are_breastfeeding_women(lexicon: Lexicon) -> None:
    reads_breastfeed = Model(("contraindicatedIn", "none"), (0.0, 3.0), {"w:breastfeed": (8.0, 0.0)})
    found = [c.object for c in extract(TITLE + "You should not breastfeed while taking it.", lexicon,
                                       model=reads_breastfeed).claims
             if c.predicate == "contraindicatedIn"]
    assert [(o.kind, o.label, o.alt_labels) for o in found] == [
        ("population", "breastfeeding", ("breastfeeding women", "breastfeed"))]


def test_an_allergy_to_the_drug_is_named_by_each_of_its_names(lexicon: Lexicon) -> None:
    text = ("DMSO for bladder pain\n\nDimethyl sulfoxide (DMSO) is a clear liquid. DMSO is put into the "
            "bladder. Do not use DMSO if you are allergic to it.\n")
    found = [c.object for c in extract(text, lexicon, model=NO_MODEL).claims if c.predicate == "contraindicatedIn"]
    assert [(o.label, o.alt_labels[:1]) for o in found] == [("dimethyl sulfoxide allergy", ("DMSO allergy",))]


@pytest.mark.parametrize("sentence, expected", [
    ("Ibuprofen is used to treat both migraine and cluster headaches.",
     {("treats", "migraine", False), ("treats", "cluster headaches", False)}),
    ("Ibuprofen does not treat acid reflux either.", {("treats", "acid reflux", True)}),
])
def test_both_and_either_are_no_part_of_a_name(lexicon: Lexicon, sentence: str,
                                               expected: set[tuple[str, str, bool]]) -> None:
    found = {(c.predicate, c.object.label, c.negated) for c in extract(TITLE + sentence, lexicon, model=NO_MODEL).claims}
    assert found - {("treats", "pain", False)} == expected


@pytest.mark.parametrize("sentence, expected", [
    ("You should not take ibuprofen if you have glucose-6-phosphate dehydrogenase (G6PD) deficiency.",
     ("contraindicatedIn", "glucose-6-phosphate dehydrogenase deficiency", ("G6PD deficiency",))),
    # a head of a condition's name by its ending ("-itis")
    ("It is used to treat cytomegalovirus (CMV) retinitis, an infection of the eye.",
     ("treats", "cytomegalovirus retinitis", ("CMV retinitis",))),
])
def test_an_abbreviation_inside_a_condition_s_name_keeps_the_name_whole(
        lexicon: Lexicon, sentence: str, expected: tuple[str, str, tuple[str, ...]]) -> None:
    found = {(c.predicate, c.object.label, c.object.alt_labels)
             for c in extract(TITLE + sentence, lexicon, model=NO_MODEL).claims}
    assert expected in found


@pytest.mark.parametrize("sentence, expected", [
    ("The risk is higher if you get a serious infection or an irregular heartbeat.",
     {("cautionIn", "infection"), ("cautionIn", "irregular heartbeat")}),
    ("Bleeding is more likely if you have kidney disease.", {("cautionIn", "kidney disease")}),
])
def test_what_makes_a_harm_more_likely_is_a_caution(lexicon: Lexicon, sentence: str,
                                                    expected: set[tuple[str, str]]) -> None:
    found = {(c.predicate, c.object.label) for c in extract(TITLE + sentence, lexicon, model=NO_MODEL).claims}
    assert found - {("treats", "pain")} == expected


@pytest.mark.parametrize("text, expected", [
    ("Side effects include:\n\n- hives (urticaria), an itchy, raised rash\n- headache\n",
     {("hasSideEffect", "hives"), ("hasSideEffect", "headache")}),
    ("Ibuprofen may also cause a pounding heartbeat (palpitations) or, in some people, a slow heartbeat.",
     {("hasSideEffect", "pounding heartbeat"), ("hasSideEffect", "slow heartbeat")}),
])
def test_a_description_after_a_comma_in_a_list_with_no_and_or_or_is_no_item(
        lexicon: Lexicon, text: str, expected: set[tuple[str, str]]) -> None:
    found = {(c.predicate, c.object.label) for c in extract(TITLE + text, lexicon, model=NO_MODEL).claims}
    assert found - {("treats", "pain")} == expected


def test_a_lead_in_that_sends_the_reader_to_a_doctor_first_lists_cautions_under_any_heading(lexicon: Lexicon) -> None:
    text = ("Who should not take ibuprofen\n\nAsk a doctor or pharmacist before taking it if:\n"
            "- you have long QT syndrome\n- you are pregnant\n")
    found = {(c.predicate, c.object.label) for c in extract(TITLE + text, lexicon, model=NO_MODEL).claims}
    assert found - {("treats", "pain")} == {("cautionIn", "long qt syndrome"), ("cautionIn", "pregnant")}


@pytest.mark.parametrize("lead_in", [
    "Your doctor will take extra care if you:",
    "Special care is needed if you:",
    "See a doctor rather than buying it from a pharmacy if you:",
])
def test_a_lead_in_asking_for_extra_care_or_a_doctor_instead_lists_cautions(lexicon: Lexicon, lead_in: str) -> None:
    text = f"Who should not use ibuprofen\n\n{lead_in}\n- have diabetes\n- have heart disease\n"
    found = {(c.predicate, c.object.label) for c in extract(TITLE + text, lexicon, model=NO_MODEL).claims}
    assert found - {("treats", "pain")} == {("cautionIn", "diabetes"), ("cautionIn", "heart disease")}


def test_a_vaccine_the_title_names_before_its_brand_is_the_document_s_drug(lexicon: Lexicon) -> None:
    text = ("Tick-borne encephalitis vaccine (TicoVac)\n\nThe tick-borne encephalitis (TBE) vaccine protects "
            "against a viral infection of the brain. In the UK it is available as TicoVac. Side effects of "
            "TicoVac include headache.\n")
    found = {(c.subject.label, c.predicate, c.object.label) for c in extract(text, lexicon, model=NO_MODEL).claims}
    assert ("tick-borne encephalitis vaccine", "hasSideEffect", "headache") in found


@pytest.mark.parametrize("title, body, drug", [
    # a brand the text always writes with a capital, the combination it is in brackets after
    ("Zorbartesim (zorbimisinin and piperaquone) for malaria",
     "Zorbartesim combines zorbimisinin and piperaquone. Zorbartesim is a tablet. Zorbartesim can "
     "cause headache.", "zorbimisinin and piperaquone"),
    ("Zorbartesim (zorbimisinin) for malaria",
     "Zorbartesim contains zorbimisinin. Zorbartesim is a tablet. Zorbartesim can cause headache.",
     "zorbimisinin"),
    # a drug the text also writes in lower case is no brand: the brackets give another spelling
    ("Zorbosemide (zorbosamide) for swelling",
     "Zorbosemide is a water tablet. Take zorbosemide in the morning. Zorbosemide can cause "
     "headache.", "zorbosemide"),
    # or the text's first sentence, with a name of several words the text does not write again
    ("Zorbofab for snake bites",
     "Zorbofab (crotalidae zorbivalent immune fab) is an antivenom. Zorbofab is given in hospital. "
     "Zorbofab can cause headache.", "crotalidae zorbivalent immune fab"),
    # words in brackets that name no drug name none
    ("Zorbartesim for malaria",
     "Zorbartesim (also called the malaria tablet) is a tablet. Zorbartesim is taken for three days. "
     "Zorbartesim can cause headache.", "zorbartesim"),
])
def test_a_drug_named_in_brackets_after_its_brand_is_the_document_s_drug(title: str, body: str, drug: str) -> None:
    found = {(c.subject.label, c.predicate, c.object.label)
             for c in extract(f"{title}\n\n{body}\n", Lexicon(), model=NO_MODEL).claims}
    assert (drug, "hasSideEffect", "headache") in found


def test_a_drug_word_in_what_the_title_says_the_drug_is_for_is_not_the_document_s_drug(lexicon: Lexicon) -> None:
    text = ("Sodium polystyrene sulfonate (Kayexalate) for high potassium\n\n"
            "Sodium polystyrene sulfonate is a potassium binder. It brings down high potassium. "
            "Potassium then leaves the body. Low potassium can follow. Sodium polystyrene sulfonate "
            "is a powder.\n\nSide effects include constipation.\n")
    found = {(c.subject.label, c.predicate, c.object.label) for c in extract(text, lexicon, model=NO_MODEL).claims}
    assert ("sodium polystyrene sulfonate", "hasSideEffect", "constipation") in found


def test_a_drug_named_in_brackets_after_another_in_the_title_is_that_drug() -> None:
    text = ("Zorbomethylcillin (Zorbocillin VK) for sore throat\n\n"
            "Zorbomethylcillin, often called zorbocillin V, is an antibiotic. Zorbocillin kills "
            "bacteria. Zorbocillin is taken four times a day. Zorbocillin can cause headache.\n")
    found = {(c.subject.label, c.predicate, c.object.label)
             for c in extract(text, Lexicon(), model=NO_MODEL).claims}
    assert ("zorbomethylcillin", "hasSideEffect", "headache") in found
    assert not {claim for claim in found if claim[0] != "zorbomethylcillin"}


@pytest.mark.parametrize("sentence, harm", [
    ("Ibuprofen may harm an unborn baby.", "harm an unborn baby"),
    ("It can seriously harm your unborn baby.", "harm your unborn baby"),
    ("Pregnancy: ibuprofen could harm the developing baby.", "harm the developing baby"),
    ("In animal studies ibuprofen harmed the developing baby.", "harmed the developing baby"),
])
def test_a_harm_to_an_unborn_baby_is_a_risk_named_in_the_text_s_words(lexicon: Lexicon, sentence: str, harm: str) -> None:
    found = {(c.predicate, c.object.label) for c in extract(f"{TITLE}{sentence}\n", lexicon, model=NO_MODEL).claims}
    assert ("hasRisk", harm) in found


@pytest.mark.parametrize("page_top", [
    "",
    "Skip to content\n\nThe Pharmacy Counter\n\n",
    "Skip to main content\n\nThe Pharmacy Counter\n\nMedicines A to Z\n\n",
    "Skip to content\n\nThe Pharmacy Counter\n\nHome > Medicines > Creams\n\n",
])
def test_the_document_s_drug_is_read_from_its_title_under_a_web_page_s_top_lines(page_top: str) -> None:
    text = (f"{page_top}BCG vaccine for tuberculosis prevention\n\nThe BCG vaccine protects babies against "
            "tuberculosis. It is given as an injection. Some babies get a sore arm.\n\nSide effects\n\n"
            "Side effects include headache.\n")
    assert drug_words(text, sentences(text), Lexicon(), load_rules()).main.label == "bcg vaccine"


@pytest.mark.parametrize("line, title", [
    ("Skip to main content", False),
    ("Skip navigation", False),
    ("Home > Medicines > Leaflets", False),
    ("The Pharmacy Counter", True),
])
def test_a_skip_link_or_a_breadcrumb_trail_is_no_title(line: str, title: bool) -> None:
    text = f"{line}\n\nZorbamide cream\n\nZorbamide is a cream.\n"
    assert [text[s.start:s.end] for s in document_titles(text, sentences(text))] == [line] * title + ["Zorbamide cream"]


@pytest.mark.parametrize("page_top", ["", "Skip to content\n\nThe Pharmacy Counter\n\n"])
def test_the_title_under_a_web_page_s_top_lines_gives_its_claims(lexicon: Lexicon, page_top: str) -> None:
    text = f"{page_top}Ibuprofen (Nurofen) for pain\n\nIbuprofen is a painkiller.\n"
    found = {(c.predicate, c.object.label) for c in extract(text, lexicon, model=NO_MODEL).claims}
    assert ("hasProduct", "Nurofen") in found


@pytest.mark.parametrize("sentence, harm", [
    ("Ibuprofen can cause birth defects.", "birth defects"),
    ("Taken in pregnancy, ibuprofen may cause heart defects.", "heart defects"),
])
def test_a_harm_to_a_pregnancy_is_a_risk_not_a_side_effect(lexicon: Lexicon, sentence: str, harm: str) -> None:
    found = {(c.predicate, c.object.label) for c in extract(f"{TITLE}{sentence}\n", lexicon, model=NO_MODEL).claims}
    assert ("hasRisk", harm) in found and ("hasSideEffect", harm) not in found


@pytest.mark.parametrize("brand_line, drug", [
    # the text names the word in brackets as a brand: the title's words before it are the drug
    ("In the UK, zorbosine pranobex is sold as Zorbovir.", "zorbosine pranobex"),
    # nothing says it is a brand: the drug word stays the document's drug
    ("Zorbovir acts on the virus.", "zorbovir"),
])
def test_a_brand_in_brackets_after_the_title_s_first_words_yields_to_them(brand_line: str, drug: str) -> None:
    text = ("Zorbosine pranobex (Zorbovir) for herpes\n\nZorbosine pranobex is a tablet for viral infections. "
            f"Zorbosine pranobex strengthens the immune response. {brand_line} Zorbovir can cause headache.\n")
    assert drug_words(text, sentences(text), Lexicon(), load_rules()).main.label == drug


@pytest.mark.parametrize("document, drug", [
    # the opening sentence takes the title's whole name as its subject: a salt of four words
    ("heldout139/data/sources/doc4.txt", "potassium sodium hydrogen citrate"),
    # a vaccine's name with "vaccine" in it
    ("heldout141/data/sources/doc4.txt", "recombinant zoster vaccine"),
    # the salt or ester of a drug's name is no part of it
    ("heldout133/data/sources/doc2.txt", "clobetasone"),
    # words before the drug's word: round 72 drafted these about "estrogens" and "bark extract"
    ("heldout168/data/sources/doc4.txt", "esterified estrogens"),
    ("heldout174/data/sources/doc5.txt", "pine bark extract"),
    # a title's name of short words only (round 72 found no drug in it)
    ("heldout167/data/sources/doc2.txt", "tea tree oil"),
    # a salt of ammonium (round 73 drafted it about "ammonium")
    ("heldout188/data/sources/doc4.txt", "ammonium lactate"),
    # the name before the title's colon, not the description after it (round 74 drafted it about "yeast")
    ("heldout194/data/sources/doc4.txt", "saccharomyces boulardii"),
])
def test_the_title_s_name_the_opening_sentence_takes_as_its_subject_is_the_drug_s(document: str, drug: str,
                                                                                  lexicon: Lexicon) -> None:
    text = (DATA / "extraction" / document).read_text(encoding="utf-8")
    assert drug_words(text, sentences(text), lexicon, load_rules()).main.label == drug


def test_a_title_s_name_is_before_its_colon() -> None:
    text = ("Zorbomyces zorbardii: a friendly yeast for diarrhoea\n\nZorbomyces zorbardii is a probiotic. The yeast "
            "settles in the gut. The yeast is taken as capsules. The yeast can cause wind. Take Z. zorbardii with "
            "water. Z. zorbardii is sold in sachets. Keep the yeast cool.\n")
    assert drug_words(text, sentences(text), Lexicon(), load_rules()).main.label == "zorbomyces zorbardii"


def test_a_route_before_the_drug_s_name_in_the_title_is_no_part_of_it() -> None:
    text = ("Oral zorbuprofen (Zorbofen) for pain\n\nOral zorbuprofen is a painkiller. Zorbuprofen eases "
            "pain. Zorbuprofen can cause headache.\n")
    assert drug_words(text, sentences(text), Lexicon(), load_rules()).main.label == "zorbuprofen"


def test_a_dosage_form_after_the_drug_s_name_in_the_title_is_no_part_of_it() -> None:
    text = ("Zorbuprofen tablets (Zorbofen) for pain\n\nZorbuprofen tablets are painkillers. Zorbuprofen eases "
            "pain. Zorbuprofen can cause headache.\n")
    assert drug_words(text, sentences(text), Lexicon(), load_rules()).main.label == "zorbuprofen"


@pytest.mark.parametrize("lead, uses", [
    # a lead-in that names its own use before the examples of it gives that use too
    ("Ibuprofen is used to treat bacterial infections, including:", {"bacterial infections", "gout", "fever"}),
    ("It relieves the symptoms of hay fever and other allergies, such as:", {"hay fever", "allergies", "gout", "fever"}),
    # a lead-in of causes gives the list's items only
    ("Ibuprofen can ease pain in the mouth caused by:", {"gout", "fever"}),
])
def test_a_lead_in_that_names_its_use_before_examples_of_it_gives_that_use(lexicon: Lexicon, lead: str,
                                                                          uses: set[str]) -> None:
    text = f"Ibuprofen\n\nWhat it is used for\n\n{lead}\n\n- gout\n- fever\n"
    assert {c.object.label for c in extract(text, lexicon, model=NO_MODEL).claims if c.predicate == "treats"} == uses


@pytest.mark.parametrize("sentence, expected", [
    ("Ibuprofen can lengthen the QT interval.", {("hasRisk", "QT prolongation")}),
    ("It may slightly prolong the QT interval on an ECG.", {("hasRisk", "QT prolongation")}),
    ("Ibuprofen can shorten the QT interval.", {("hasRisk", "QT shortening")}),
    # another medicine's harm, in a clause of its own, is not the document drug's
    ("Do not take it with other medicines that can prolong the QT interval.", set()),
    ("It can make your blood pressure drop when you stand up.", {("hasRisk", "orthostatic hypotension")}),
    ("Ibuprofen can cause low blood pressure when you stand up.", {("hasSideEffect", "orthostatic hypotension")}),
    ("Less often, it can cause:\n\n- low blood pressure when you stand up\n- hallucinations\n",
     {("hasSideEffect", "orthostatic hypotension"), ("hasSideEffect", "hallucinations")}),
    ("A few people taking it have had thoughts of harming or killing themselves.", {("hasRisk", "suicidal thoughts")}),
    ("Some people have had suicidal thoughts or behaviour.",
     {("hasRisk", "suicidal thoughts"), ("hasRisk", "suicidal behaviour")}),
    ("Ibuprofen can affect the heart's rhythm.", {("hasRisk", "arrhythmia")}),
    ("Ibuprofen can narrow the airways.", {("hasRisk", "bronchospasm")}),
    ("In rare cases it can slow the heart.", {("hasRisk", "bradycardia")}),
    ("Rarely, it may cause a bowel infection called Clostridioides difficile.",
     {("hasRisk", "clostridioides difficile infection")}),
    ("It can cause a dangerously irregular heartbeat.", {("hasSideEffect", "irregular heartbeat")}),
    ("Ibuprofen can sometimes make it hard to pass urine.", {("hasRisk", "urinary retention")}),
    ("It may make it harder or impossible to empty your bladder.", {("hasRisk", "urinary retention")}),
    ("Ibuprofen is poisonous if swallowed.", {("hasRisk", "poisoning")}),
    ("Ibuprofen can be poisonous, so keep it away from children.", {("hasRisk", "poisoning")}),
    ("Ibuprofen is poisonous in overdose.", set()),  # curators name the overdose, not poisoning
    # how a fall in blood pressure on standing feels (held-out 92 to 163); "especially when" is no such fall
    ("Common side effects include:\n\n- feeling dizzy or faint when you stand up\n",
     {("hasSideEffect", "orthostatic hypotension")}),
    ("You might notice:\n\n- dizziness or light-headedness when you stand up\n",
     {("hasSideEffect", "orthostatic hypotension")}),
    ("It may make you feel faint when you stand up.", {("hasSideEffect", "orthostatic hypotension")}),
    ("Side effects include dizziness, especially when standing up.", {("hasSideEffect", "dizziness")}),
    # a harm that hides another's signs (held-out 26 to 174); a level "in your body" is the blood's
    ("It can hide the warning signs of low blood sugar.", {("hasRisk", "masked hypoglycaemia")}),
    ("Ibuprofen can lower the level of phosphate in your body.", {("hasSideEffect", "hypophosphataemia")}),
])
def test_a_harm_named_by_its_term_where_the_text_describes_it(lexicon: Lexicon, sentence: str,
                                                              expected: set[tuple[str, str]]) -> None:
    """Curators name a lengthened QT interval and a fall in blood pressure on standing by their
    terms, as in held-out 4 to 166 (development data)."""
    found = {(c.predicate, c.object.label) for c in extract(f"{TITLE}{sentence}\n", lexicon, model=NO_MODEL).claims}
    assert found - {("treats", "pain")} == expected


@pytest.mark.parametrize("sentence, expected", [
    # a use named with its cause, which the lexicon knows: the use, in the text's words
    ("Ibuprofen is used to treat sleeplessness caused by anxiety.", {"sleeplessness caused by anxiety"}),
    # a list of uses given as verbs: the verb is no part of the name
    ("Ibuprofen is used for:\n\n- heal erosive oesophagitis\n- relieve heartburn\n", {"erosive oesophagitis", "heartburn"}),
])
def test_what_a_use_is_named(lexicon: Lexicon, sentence: str, expected: set[str]) -> None:
    found = extract(f"{TITLE}{sentence}\n", lexicon, model=NO_MODEL).claims
    assert {c.object.label for c in found if c.predicate == "treats"} - {"pain"} == expected


def test_a_term_after_the_cause_names_the_cause_not_the_use(lexicon: Lexicon) -> None:
    found = extract(f"{TITLE}Ibuprofen is used to treat heartburn caused by reflux disease (GORD).\n", lexicon,
                    model=NO_MODEL).claims
    [use] = [c.object for c in found if c.predicate == "treats" and c.object.label != "pain"]
    assert (use.label, "GORD" in use.alt_labels) == ("heartburn caused by reflux disease", False)


def test_only_the_first_sentence_of_a_list_item_is_an_item(lexicon: Lexicon) -> None:
    """Under a heading of harms, "- Sunlight. Use a sunscreen and avoid sunbeds." names no harm in
    its second sentence, which says more of the item (held-out 131, development data)."""
    text = f"{TITLE}Warnings\n\n- Seizures. Use a sunscreen and avoid sunbeds.\n"
    found = extract(text, lexicon, model=NO_MODEL).claims
    assert {c.object.label for c in found if c.predicate == "hasRisk"} == {"seizures"}


def test_signs_to_report_in_a_sentence_are_no_harms(lexicon: Lexicon) -> None:
    """"Tell your doctor straight away if you get a sore throat or mouth ulcers": the signs of a
    harm, which curators do not record; as a list's lead-in the words still name harms."""
    text = f"{TITLE}Tell your doctor straight away if you get a sore throat, mouth ulcers or a high temperature.\n"
    assert {c.predicate for c in extract(text, lexicon, model=NO_MODEL).claims} == {"treats"}


@pytest.mark.parametrize("sentence, predicate, label, medical", [
    ("Common side effects include:\n\n- difficulty getting an erection\n", "hasSideEffect",
     "difficulty getting an erection", "erectile dysfunction"),
    ("Common side effects include:\n\n- a change in how food tastes\n", "hasSideEffect",
     "change in how food tastes", "taste disturbance"),
    ("Do not take it if you have a blockage in your bowel.", "contraindicatedIn",
     "blockage in your bowel", "bowel obstruction"),
    ("You may bruise more easily.", "hasSideEffect", "bruising", "bruising"),
    ("Your urine may turn a bright orange colour.", "hasSideEffect", "urine discolouration", "urine discolouration"),
    ("It is used to treat:\n\n- needing to pass urine often\n", "treats", "needing to pass urine often", "urinary frequency"),
])
def test_plain_words_for_a_condition_name_it_with_its_medical_name(
        lexicon: Lexicon, sentence: str, predicate: str, label: str, medical: str) -> None:
    """Plain words the rules know (cues.yaml, plain_names) name a condition even where they read
    as no name ("getting", "how"), with the medical name as a synonym (development sets)."""
    found = extract(f"{TITLE}{sentence}\n", lexicon, model=NO_MODEL).claims
    [thing] = [c.object for c in found if c.predicate == predicate and c.object.label != "pain"]
    assert (thing.label, medical in (thing.label, *thing.alt_labels)) == (label, True)


@pytest.mark.parametrize("item, expected", [
    ("could become pregnant", "women who could become pregnant"),
    ("are on kidney dialysis", "people on dialysis"),
    ("are under 18", "people under 18"),
    ("have active TB", "TB"),  # two capitals are a name
])
def test_who_an_item_rules_out(lexicon: Lexicon, item: str, expected: str) -> None:
    """Items of "Do not take it if you:" that name people by what they are or do, named as
    curators name them (development sets)."""
    found = extract(f"{TITLE}Do not take it if you:\n\n- {item}\n", lexicon, model=NO_MODEL).claims
    assert {c.object.label for c in found if c.predicate == "contraindicatedIn"} == {expected}


def test_children_younger_than_an_age_are_children_under_it(lexicon: Lexicon) -> None:
    found = extract(f"{TITLE}It is not for children younger than 12.\n", lexicon, model=NO_MODEL).claims
    assert {c.object.label for c in found if c.predicate == "contraindicatedIn"} == {"children under 12"}


@pytest.mark.parametrize("sentence", [
    "Do not drive, cycle or use machinery if you feel sleepy.",
    "Stop taking it and see a doctor if you get a sore throat.",
])
def test_what_you_get_in_an_if_clause_is_no_side_effect(lexicon: Lexicon, sentence: str) -> None:
    """"Do not drive if you feel sleepy": advice under a condition, neither a side effect nor a
    denied one (six development sets had it drafted as "not sleepiness"); "if you get:" ending a
    lead-in still lists effects."""
    found = extract(f"{TITLE}{sentence}\n", lexicon, model=NO_MODEL).claims
    assert {c.predicate for c in found} == {"treats"}


@pytest.mark.parametrize("opening, drug", [
    # the brand is given as the other name of the words that end the title's name, written once
    ("Zorbic (Arachis) allergen powder, sold as Zorbforzia, is an oral immunotherapy.", "zorbic allergen powder"),
    # the brand is given of something else: the drug word stays the document's drug
    ("Zorbforzia is an oral immunotherapy, sold as Zorbforzia.", "zorbforzia"),
])
def test_a_brand_given_as_the_other_name_of_the_title_s_words_yields_to_them(opening: str, drug: str) -> None:
    """"Peanut allergen powder (Palforzia)": held-out 151's document was drafted about the brand."""
    text = (f"Zorbic allergen powder (Zorbforzia) for peanut allergy\n\n{opening} Zorbforzia is taken every day. "
            "Zorbforzia can cause itching.\n")
    assert drug_words(text, sentences(text), Lexicon(), load_rules()).main.label == drug


@pytest.mark.parametrize("name, drug", [
    ("Zorboloid mesylates", "zorboloid mesylates"),
    ("Zorboloid mesylate", "zorboloid"),  # one salt is no part of the name ("Trospium chloride")
])
def test_a_word_ending_like_a_class_names_the_drug_before_a_salt(name: str, drug: str) -> None:
    """"Ergoloid mesylates (Hydergine)": held-out 163's document was drafted about "mesylates",
    since "-oid" ends class words ("steroid"); a class has no salt, so the word before one is the
    drug's."""
    text = (f"{name} (Zorbergine) for memory problems\n\n{name} is a mixture of three medicines. It is sold "
            f"under the brand name Zorbergine. {name} is prescribed for confusion. {name} can slow the heartbeat.\n")
    assert drug_words(text, sentences(text), Lexicon(), load_rules()).main.label == drug


@pytest.mark.parametrize("sentence, use", [
    ("It relieves symptoms of the menopause, such as hot flushes.", "symptoms of the menopause"),
    ("It is taken to ease the symptoms of menopause.", "symptoms of menopause"),
    ("It relieves the symptoms of gout.", "gout"),  # the symptoms of a disease are the disease's
])
def test_the_symptoms_of_the_menopause_are_the_use_not_the_menopause(lexicon: Lexicon, sentence: str,
                                                                     use: str) -> None:
    """The menopause is no illness to treat: curators name its symptoms (held-out 123, 127 and 146
    had "menopause" drafted)."""
    uses = {c.object.label for c in extract(f"{TITLE}{sentence}\n", lexicon, model=NO_MODEL).claims
            if c.predicate == "treats" and not c.negated}
    assert use in uses and "menopause" not in uses


@pytest.mark.parametrize("sentence, denied", [
    ("It is not used for other kinds of dementia, such as vascular dementia.", {"vascular dementia"}),
    ("It is not licensed for other types of vasculitis.", set()),
    ("It is not used for vasculitis.", {"vasculitis"}),
])
def test_a_denial_of_other_kinds_of_a_condition_denies_only_the_kinds_it_names(lexicon: Lexicon, sentence: str,
                                                                                denied: set[str]) -> None:
    """"Not used for other kinds of dementia" says it is used for one kind: curators record the
    other kinds named, not "not dementia" (held-out 103, 105, 114, 116 and 141)."""
    found = extract(f"{TITLE}{sentence}\n", lexicon).claims
    assert {c.object.label for c in found if c.predicate == "treats" and c.negated} == denied


@pytest.mark.parametrize("sentence, uses", [
    ("It is used to prevent nausea and vomiting caused by cancer chemotherapy.",
     {"chemotherapy-induced nausea and vomiting"}),
    ("It can be given to prevent feeling and being sick after an operation.", {"postoperative nausea and vomiting"}),
    ("It is given to prevent postoperative nausea and vomiting and migraine.",
     {"postoperative nausea and vomiting", "migraine"}),
    ("It is used for nausea and vomiting.", {"nausea", "vomiting"}),  # with no cause, each is a use
])
def test_sickness_named_with_its_cause_is_one_use_named_by_its_term(lexicon: Lexicon, sentence: str,
                                                                   uses: set[str]) -> None:
    """Held-out 113 to 167 (development data) had "nausea" and "vomiting caused by cancer
    chemotherapy" drafted where curators gave one condition by its term."""
    found = extract(f"{TITLE}{sentence}\n", lexicon, model=NO_MODEL).claims
    assert {c.object.label for c in found if c.predicate == "treats"} - {"pain"} == uses


@pytest.mark.parametrize("title, drug", [
    ("What is zorb tree oil?", "zorb tree oil"),
    ("Zorb tree oil: uses, side effects and warnings", "zorb tree oil"),
])
def test_a_title_s_name_of_short_words_holds_as_a_question_or_before_a_colon(title: str, drug: str) -> None:
    """The title's name of short words (round 72's "Tea tree oil") is read past "What is" and
    up to the colon that pages put before "uses, side effects and warnings"."""
    text = f"{title}\n\nZorb tree oil is an essential oil. Zorb tree oil is used for acne. Zorb tree oil can sting.\n"
    assert drug_words(text, sentences(text), Lexicon(), load_rules()).main.label == drug


def test_the_opening_subject_names_the_drug_under_a_title_that_asks_what_it_is(lexicon: Lexicon) -> None:
    """Held-out 168's "Esterified estrogens (Menest)" document, its title asked as a question."""
    stored = (DATA / "extraction" / "heldout168" / "data" / "sources" / "doc4.txt").read_text(encoding="utf-8")
    title, rest = stored.split("\n", 1)
    text = f"What is {title.split(' for ')[0].lower()}?\n{rest}"
    assert drug_words(text, sentences(text), lexicon, load_rules()).main.label == "esterified estrogens"
