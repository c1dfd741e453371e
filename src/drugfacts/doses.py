"""Dose regimens in the words of a text: "3 to 10mg orally thrice a day", "4 to 10 mg IV or IM",
"200 to 400 mg by mouth every 4 to 6 hours" → route, amount range, UCUM unit, frequency.

A maximum ("up to 1200 mg a day", "a maximum of 2000 mg") is a limit, not a regimen, and is
left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

UNITS = {"mg": "mg", "milligram": "mg", "milligrams": "mg", "g": "g", "gram": "g", "grams": "g",
         "mcg": "ug", "µg": "ug", "ug": "ug", "microgram": "ug", "micrograms": "ug",
         "ml": "mL", "millilitre": "mL", "milliliter": "mL", "millilitres": "mL",
         "milliliters": "mL", "iu": "[iU]", "units": "[iU]"}
ROUTES = (("oral", r"orally|by mouth|oral|tablets?|capsules?|po"),
          ("intravenous", r"intravenous(?:ly)?|iv|into a vein"),
          ("intramuscular", r"intramuscular(?:ly)?|im|into a muscle"),
          ("rectal", r"rectal(?:ly)?|rectal tubes?|suppositor(?:y|ies)"),
          ("subcutaneous", r"subcutaneous(?:ly)?|under the skin|sc"),
          ("topical", r"topical(?:ly)?|on the skin"),
          ("parenteral", r"parenteral(?:ly)?|by injection|injections?"))
COUNTS = {"once": 1, "one": 1, "twice": 2, "two": 2, "thrice": 3, "three": 3, "four": 4,
          "five": 5, "six": 6}

_NUMBER = r"\d+(?:\.\d+)?"
_AMOUNT = re.compile(
    rf"(?<![\w.])(?P<min>{_NUMBER})\s*(?:(?:to|-|–|or)\s*(?P<max>{_NUMBER})\s*)?"
    rf"(?P<unit>{'|'.join(sorted(map(re.escape, UNITS), key=len, reverse=True))})(?![\w])",
    re.IGNORECASE)
_LIMIT = re.compile(r"(?:up to|maximum(?: dose)? of|max(?:imum)?\.?|no more than|not (?:to )?exceed)\s*$",
                    re.IGNORECASE)
_FREQUENCY = re.compile(
    r"(?P<text>(?:(?P<n>once|twice|thrice|one|two|three|four|five|six|\d+)(?: or (?:twice|two|three|four|\d+))?"
    r"(?: times)? (?:a|per|each|every) day|(?:once |twice )?daily|"
    r"every (?P<hours>\d+(?: (?:to|-) \d+)?) hours?|a day|per day|at (?:night|bedtime)|"
    r"in \d+ (?:to|-) \d+ hours(?: if necessary)?))", re.IGNORECASE)


@dataclass(frozen=True)
class Dose:
    """One dose regimen as the text gives it; `span` is its words in the text."""

    route: str | None
    min: Decimal
    max: Decimal
    unit: str
    frequency: str | None
    times_per_day: int | None
    span: tuple[int, int]

    @property
    def label(self) -> str:
        amount = f"{self.min}" if self.min == self.max else f"{self.min} to {self.max}"
        parts = [self.route, f"{amount} {self.unit}", self.frequency]
        return " ".join(p for p in parts if p)


def parse_doses(text: str, start: int = 0, end: int | None = None) -> list[Dose]:
    """Every dose regimen in text[start:end]: one per amount and route ("IV or IM" is two)."""
    end = len(text) if end is None else end
    doses = []
    amounts = [m for m in _AMOUNT.finditer(text, start, end)
               if not _LIMIT.search(text[max(start, m.start() - 25):m.start()])]
    for i, amount in enumerate(amounts):
        stop = amounts[i + 1].start() if i + 1 < len(amounts) else end
        window_start = max(start, amount.start() - 40)
        before = text[window_start:amount.start()]
        after = text[amount.end():stop]
        routes = _routes(after[:40]) or _routes(re.split(r"[.;]", before)[-1])
        frequency = _FREQUENCY.search(after[:60])
        span_end = amount.end() + (frequency.end() if frequency else 0)
        for route_name, route_end in routes or [(None, 0)]:
            span_end = max(span_end, amount.end() + route_end)
        low = Decimal(amount.group("min"))
        high = Decimal(amount.group("max") or amount.group("min"))
        if high < low:
            continue
        unit = UNITS[amount.group("unit").lower()]
        words = _frequency_words(frequency.group("text")) if frequency else None
        for route_name, _ in routes or [(None, 0)]:
            dose = Dose(route_name, low, high, unit, words, _times(frequency),
                        (amount.start(), span_end))
            earlier = next((i for i, d in enumerate(doses) if _same_amount(d, dose)), None)
            if earlier is None:
                doses.append(dose)
            else:
                doses[earlier] = _repeated(doses[earlier], dose)
    return doses


def _same_amount(a: Dose, b: Dose) -> bool:
    return (a.route, a.min, a.max, a.unit) == (b.route, b.min, b.max, b.unit)


def _repeated(first: Dose, again: Dose) -> Dose:
    """"4 to 10 mg IV, then 4 to 10 mg IV in 2 to 3 hours if necessary" is one regimen whose
    dose is repeated, not two regimens."""
    words = ", ".join(w for w in (first.frequency, "repeated " + (again.frequency or "")) if w)
    return Dose(first.route, first.min, first.max, first.unit, words.strip(), first.times_per_day,
                (first.span[0], max(first.span[1], again.span[1])))


def _routes(window: str) -> list[tuple[str, int]]:
    found = []
    for name, pattern in ROUTES:
        match = re.search(rf"(?<![\w-])(?:{pattern})(?![\w-])", window, re.IGNORECASE)
        if match and name not in [f[0] for f in found]:
            found.append((name, match.end()))
    return found


def _frequency_words(words: str) -> str:
    return re.sub(r"\bthrice\b", "three times", words.lower())


def _times(frequency: re.Match[str] | None) -> int | None:
    """Doses a day, where the text fixes one number ("three times a day", "every 8 hours")."""
    if frequency is None:
        return None
    text = frequency.group("text").lower()
    if " or " in text:
        return None
    if frequency.group("n"):
        n = frequency.group("n")
        return COUNTS.get(n) or (int(n) if n.isdigit() else None)
    hours = frequency.group("hours")
    if hours and hours.isdigit() and 24 % int(hours) == 0:
        return 24 // int(hours)
    return 1 if text.startswith(("daily", "once daily")) else None
