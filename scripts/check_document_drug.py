"""How surely `drugfacts extract` finds each document's own drug when its title is laid out as
web pages and leaflets lay it out.

A document drafted about the wrong drug loses every claim it makes, so this is the extractor's
costliest error. Each development document (every set of scripts/evaluate_extraction.py but the
seeds and its UNSEEN ones) is extracted as stored and in each variant of the VARIANTS registry
(a skip link and a site's name above the title, a breadcrumb trail, the brand first, ...); a
document keeps its drug when the main drug drafted is the subject of most of its curated claims
(matched as evaluate_extraction matches a draft's subject: the same IRI, or a candidate named
by one of that entity's labels). Prints, per variant, how many documents keep their drug, and
lists those that do not. Run from the repository root:

    .venv/bin/python scripts/check_document_drug.py [--sets heldout,heldout2] [--variants site,brand-first]
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from evaluate_extraction import (
    REPO,
    SETS,
    UNSEEN,
    gold_claims,
    graph_of,
    label_keys,
    lexicon_of,
    same_entity,
)

from drugfacts.extract import extract
from drugfacts.load import parse_turtle
from drugfacts.project import Project
from drugfacts.sources import load_source_texts


def _first_line(text: str) -> tuple[str, str]:
    title, _, rest = text.partition("\n")
    return title, rest


def _brand_first(text: str) -> str:
    """"Drugname (Brand) for X" → "Brand (drugname) for X"."""
    return _NAME_THEN_BRAND.sub(lambda m: f"{m.group(2)} ({m.group(1).lower()})", text, count=1)


_NAME_THEN_BRAND = re.compile(r"^([A-Z][\w-]+(?: [a-z][\w-]+){0,2}) \(([A-Z][\w-]+)\)")


def _what_is(text: str) -> str:
    title, rest = _first_line(text)
    return f"What is {title}?\n{rest}"


def _uses_and_warnings(text: str) -> str:
    """"Drugname (Brand) for X" → "Drugname (Brand): uses, side effects and warnings"."""
    title, rest = _first_line(text)
    return f"{re.sub(r' for .*', '', title)}: uses, side effects and warnings\n{rest}"


def _without_title(text: str) -> str:
    return _first_line(text)[1].lstrip("\n")


VARIANTS: dict[str, tuple[str, Callable[[str], str]]] = {
    "as-stored": ("as stored", lambda text: text),
    "site": ("a skip link and a site's name above the title",
             lambda text: f"Skip to content\n\nHealth Matters\n\n{text}"),
    "site-section": ("a skip link, a site's name and a section's name above it",
                     lambda text: f"Skip to main content\n\nHealth Matters\n\nMedicines A to Z\n\n{text}"),
    "breadcrumb": ("a skip link, a site's name and a breadcrumb trail above it",
                   lambda text: f"Skip to content\n\nHealth Matters\n\nHome > Medicines > Leaflets\n\n{text}"),
    "brand-first": ("the brand first, the drug in brackets after it", _brand_first),
    "what-is": ("the title as a question, 'What is …?'", _what_is),
    "uses-and-warnings": ("'…: uses, side effects and warnings' for the title's 'for …'", _uses_and_warnings),
    "no-title": ("no title at all", _without_title),
}
"""Ways a page may lay out a document's title: name → (what it is, how it rewrites the text)."""


def development_documents(sets: list[str]) -> list[tuple[str, str, str, str, set[tuple[str, ...]]]]:
    """(set, source, text, drug IRI, its label keys) of every document of the sets that has
    curated claims: the drug is the subject of most of them."""
    found = []
    for name in sets:
        project = Project(SETS[name][1])
        texts, _ = load_source_texts(parse_turtle(project.sources_file), project.sources_dir,
                                     project.sources_dir)
        gold = gold_claims(graph_of(project.claim_files()))
        labels = label_keys(graph_of(project.entity_files()))
        for source, text in sorted(texts.items()):
            subjects = Counter(g.subject for g in gold.get(str(source), []))
            if subjects:
                drug = subjects.most_common(1)[0][0]
                found.append((name, str(source), text.text, drug, labels.get(drug, set())))
    return found


def keeps_its_drug(text: str, drug: str, drug_keys: set[tuple[str, ...]], lexicon) -> tuple[bool, str | None]:
    """Whether extraction's main drug is the document's drug, and the main drug's label."""
    main = extract(text, lexicon).main_drug
    if main is None:
        return False, None
    return same_entity(drug, main, {drug: drug_keys}), main.label


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    development = [name for name in SETS if name != "seeds" and name not in UNSEEN]
    parser.add_argument("--sets", default=",".join(development),
                        help="which sets, comma-separated (default: every development set but the seeds)")
    parser.add_argument("--variants", default=",".join(VARIANTS),
                        help=f"which variants, comma-separated (default: all of {', '.join(VARIANTS)})")
    args = parser.parse_args()
    sets = [s.strip() for s in args.sets.split(",") if s.strip()]
    variants = [v.strip() for v in args.variants.split(",") if v.strip()]
    if unknown := [s for s in sets if s not in SETS or s == "seeds"] + [v for v in variants if v not in VARIANTS]:
        parser.error(f"unknown set or variant {', '.join(unknown)}")
    lexicon = lexicon_of(graph_of(Project(REPO).entity_files()))
    documents = development_documents(sets)
    for variant in variants:
        description, rewrite = VARIANTS[variant]
        lost = []
        for name, source, text, drug, drug_keys in documents:
            kept, label = keeps_its_drug(rewrite(text), drug, drug_keys, lexicon)
            if not kept:
                lost.append(f"    {name} {Path(source).name}: {label} for {Path(drug).name}")
        print(f"{variant} ({description}): {len(documents) - len(lost)} of {len(documents)} documents keep their drug")
        for line in lost:
            print(line)


if __name__ == "__main__":
    main()
