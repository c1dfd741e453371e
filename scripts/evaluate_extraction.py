"""Score `drugfacts extract` against curated claims: precision, recall and F1 per predicate.

The sets (the registry SETS below):

- seeds, leave-one-source-out: each of the project's sources is extracted with a lexicon built
  from the entities the *other* sources' claims use, so an entity only the held-out source names
  must be found as a candidate new entity, as in a document the project has never seen;
- other drugs (tests/data/extraction/): short articles about ibuprofen, sertraline, metformin
  and lorazepam, written for this purpose (CC0) and curated by hand before the patterns were run
  on them, extracted with the seed project's lexicon only. The patterns were later adjusted
  after looking at its misses, so it is a development set now, like the seeds;
- held-out, round 1 (tests/data/extraction/heldout/): five more such articles (amoxicillin,
  omeprazole, warfarin, cetirizine, atorvastatin), curated by hand before extraction was ever run
  on them and evaluated once at the end of round 1; in round 2 their misses were used to improve
  the patterns, so they are development data now;
- held-out, round 2 (tests/data/extraction/heldout2/): five new articles (metoprolol,
  levothyroxine, gabapentin, montelukast, ciprofloxacin), written and curated by hand before any
  round-2 change and evaluated once at the end of round 2; in round 3 their misses were used to
  improve the patterns, so they are development data now;
- held-out, round 3 (tests/data/extraction/heldout3/): five new articles (lisinopril,
  prednisolone, amitriptyline, allopurinol, doxycycline), written and curated by hand before any
  round-3 change and evaluated once at the end of round 3; in round 4 they are development data;
- held-out, round 4 (tests/data/extraction/heldout4/): five new articles (losartan,
  propranolol, citalopram, furosemide, codeine), written and curated by hand before any round-4
  change and evaluated once at the end of round 4; in round 5 they are development data;
- held-out, rounds 5 to 8 (tests/data/extraction/heldout5/ to heldout8/): five new articles
  each, written and curated before or while that round's changes were made, by someone who does
  not change the extractor, and evaluated once at the end of their round; in the next round
  they are development data;
- held-out, rounds 9 to 66 (tests/data/extraction/heldout9/ to heldout124/): five new articles
  each, two sets a round, written and curated at the same time by two writers who do not change
  the extractor, and evaluated once at the end of their round; in the next round they are
  development data;
- held-out, rounds 67 to 70 (tests/data/extraction/heldout125/ to heldout154/): five new
  articles each, six sets a round (twelve in round 70) written and curated at the same time by
  as many writers who do not change the extractor, and evaluated once together, by one frozen
  extractor, at the end of their round; in the next round they are development data;
- held-out, round 71 (tests/data/extraction/heldout155/ to heldout166/): the same, twelve sets
  by twelve writers, evaluated once together at the end of round 71; in round 72 they are
  development data;
- held-out, round 72 (tests/data/extraction/heldout167/ to heldout178/): the same, twelve sets
  by twelve writers, evaluated once together at the end of round 72; in round 73 they are
  development data;
- held-out, round 73 (tests/data/extraction/heldout179/ to heldout190/): the same, twelve sets
  by twelve writers, evaluated once together at the end of round 73; in round 74 they are
  development data;
- held-out, round 74 (tests/data/extraction/heldout191/ to heldout202/): the same, twelve sets
  by twelve writers, unseen by the one who changes the extractor, never used to change it nor to
  train its learned model, and evaluated once together, by one frozen extractor, at the end of
  round 74 (the protocol and the result are in those folders' READMEs). They are the last sets
  run (UNSEEN):
  the model that ships was trained without them, and whoever changes the extractor next must
  have new sets written and curated first.

The learned model (drugfacts.relations) is trained on every development set, so its figures
there are in-sample; `--model` evaluates a model trained without a set
(scripts/train_relation_model.py --leave-out). The other-drugs and held-out sets are extracted
with the seed project's lexicon only.

A draft matches a curated claim when the predicate and polarity are the same and its subject and
object are the same entity: the same IRI, or a candidate new entity whose name is one of the
curated entity's labels. Run from the repository root:

    .venv/bin/python scripts/evaluate_extraction.py [--markdown] [--min-score 0.0] [--show]
        [--sets seeds,other,heldout,heldout2,...,heldout202] [--model PATH] [--rows predicate|set]
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import PROV, RDF

from drugfacts.extract import DraftClaim, extract
from drugfacts.lexicon import LABEL_PROPERTIES, Lexicon, keys
from drugfacts.load import parse_turtle
from drugfacts.project import Project
from drugfacts.relations import Model, load_model
from drugfacts.sources import load_source_texts
from drugfacts.vocab import DF

REPO = Path(__file__).resolve().parents[1]
CORE = ("treats", "hasSideEffect", "hasRisk", "contraindicatedIn", "drugClass")


@dataclass(frozen=True)
class Gold:
    subject: str
    predicate: str
    object: str
    negated: bool


@dataclass
class Counts:
    gold: int = 0
    drafts: int = 0
    found: int = 0
    correct: int = 0

    def add(self, other: Counts) -> None:
        self.gold += other.gold
        self.drafts += other.drafts
        self.found += other.found
        self.correct += other.correct

    def row(self) -> tuple[str, str, str]:
        p = self.correct / self.drafts if self.drafts else 0.0
        r = self.found / self.gold if self.gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return f"{p:.2f}", f"{r:.2f}", f"{f:.2f}"


def graph_of(files: list[Path]) -> Graph:
    graph = Graph()
    for path in files:
        graph += parse_turtle(path)
    return graph


def gold_claims(claims: Graph) -> dict[str, list[Gold]]:
    """The accepted claims of each source."""
    by_source: dict[str, list[Gold]] = defaultdict(list)
    for claim in claims.subjects(RDF.type, DF.Claim):
        if claims.value(claim, DF.curationStatus) != DF.Accepted:
            continue
        by_source[str(claims.value(claim, PROV.wasDerivedFrom))].append(Gold(
            str(claims.value(claim, RDF.subject)),
            str(claims.value(claim, RDF.predicate)).rsplit("#", 1)[-1],
            str(claims.value(claim, RDF.object)),
            claims.value(claim, DF.polarity) == DF.Negated))
    return by_source


def label_keys(entities: Graph) -> dict[str, set[tuple[str, ...]]]:
    """Every entity's labels, normalised as the lexicon matches them."""
    found: dict[str, set[tuple[str, ...]]] = defaultdict(set)
    for p in LABEL_PROPERTIES:
        for s, o in entities.subject_objects(p):
            found[str(s)] |= keys(str(o))
    return found


def same_entity(iri: str, thing, labels: dict[str, set[tuple[str, ...]]]) -> bool:
    if thing.iri == iri:
        return True
    names = {k for label in (thing.label, *thing.alt_labels) for k in keys(label)}
    return not thing.known and bool(names & labels.get(iri, set()))


def score(drafts: list[DraftClaim], gold: list[Gold], labels: dict[str, set[tuple[str, ...]]],
          totals: dict[str, Counts], show: bool = False) -> None:
    def matches(d: DraftClaim, g: Gold) -> bool:
        return (d.predicate == g.predicate and d.negated == g.negated
                and same_entity(g.subject, d.subject, labels) and same_entity(g.object, d.object, labels))

    for predicate in {g.predicate for g in gold} | {d.predicate for d in drafts}:
        mine = [d for d in drafts if d.predicate == predicate]
        theirs = [g for g in gold if g.predicate == predicate]
        counts = Counts(len(theirs), len(mine),
                        sum(any(matches(d, g) for d in mine) for g in theirs),
                        sum(any(matches(d, g) for g in theirs) for d in mine))
        totals[predicate].add(counts)
        if show:
            for g in theirs:
                if not any(matches(d, g) for d in mine):
                    print(f"  missed  {predicate:18} {'NOT ' if g.negated else ''}{_short(g.subject)} → {_short(g.object)}")
            for d in mine:
                if not any(matches(d, g) for g in theirs):
                    print(f"  wrong   {predicate:18} {'NOT ' if d.negated else ''}{_short(d.subject.iri)} → "
                          f"{_short(d.object.iri)}{'' if d.object.known else ' (new)'} {d.score}")


def _short(iri: str) -> str:
    return iri.removeprefix("https://w3id.org/drugfacts/")


def evaluate_project(root: Path, lexicon_for, min_score: float, show: bool = False,
                     model: Model | None = None) -> dict[str, Counts]:
    """Extract every source of the project at root and score it against its curated claims;
    lexicon_for(source IRI) gives the lexicon to extract that source with."""
    project = Project(root)
    entities = graph_of(project.entity_files())
    claims = graph_of(project.claim_files())
    texts, problems = load_source_texts(parse_turtle(project.sources_file), project.sources_dir,
                                        project.sources_dir)
    if problems:
        sys.exit("\n".join(map(str, problems)))
    labels = label_keys(entities)
    gold = gold_claims(claims)
    totals: dict[str, Counts] = defaultdict(Counts)
    for source, text in sorted(texts.items()):
        drafts = [d for d in extract(text.text, lexicon_for(str(source), entities, claims),
                                     model=model).claims
                  if d.score >= min_score]
        if show:
            print(f"== {_short(str(source))}")
        score(drafts, gold.get(str(source), []), labels, totals, show)
    return totals


def lexicon_of(entities: Graph, leave_out: set[str] = frozenset()) -> Lexicon:
    graph = Graph()
    for triple in entities:
        if str(triple[0]) not in leave_out:
            graph.add(triple)
    lexicon = Lexicon()
    lexicon.add_graph(graph)
    return lexicon


def leave_one_source_out(source: str, entities: Graph, claims: Graph) -> Lexicon:
    """The seed lexicon without the entities only the held-out source's claims use."""
    used: dict[str, set[str]] = defaultdict(set)
    for claim in claims.subjects(RDF.type, DF.Claim):
        origin = str(claims.value(claim, PROV.wasDerivedFrom))
        for p in (RDF.subject, RDF.object):
            used[str(claims.value(claim, p))].add(origin)
    only_here = {iri for iri, origins in used.items() if origins == {source}}
    return lexicon_of(entities, only_here)


def core_counts(result: dict[str, Counts]) -> Counts:
    """The micro-average over the core predicates."""
    counts = Counts()
    for p in CORE:
        counts.add(result.get(p, Counts()))
    return counts


def by_predicate(results: dict[str, dict[str, Counts]], markdown: bool) -> tuple[list[str], list[list[str]]]:
    """A row per predicate, four columns per set: gold, P, R, F1."""
    names = list(results)
    predicates = sorted({p for r in results.values() for p in r},
                        key=lambda p: (p not in CORE, CORE.index(p) if p in CORE else 0, p))
    header = ["predicate"] + [f"{n} {m}" for n in names for m in ("gold", "P", "R", "F1")]
    rows = []
    for predicate in [*predicates, "core (micro)"]:
        cells = [predicate if predicate not in CORE else f"**{predicate}**" if markdown else predicate]
        for name in names:
            counts = (core_counts(results[name]) if predicate == "core (micro)"
                      else results[name].get(predicate, Counts()))
            cells += [str(counts.gold), *counts.row()]
        rows.append(cells)
    return header, rows


def by_set(results: dict[str, dict[str, Counts]], markdown: bool) -> tuple[list[str], list[list[str]]]:
    """A row per set: its core claims, core P / R / F1, and the F1 of each core predicate; a
    table that stays readable however many sets there are."""
    header = ["set", "core gold", "core P", "core R", "core F1", *(f"{p} F1" for p in CORE)]
    rows = [[name, str(core_counts(result).gold), *core_counts(result).row(),
             *(result.get(p, Counts()).row()[2] for p in CORE)]
            for name, result in results.items()]
    return header, rows


LAYOUTS = {"predicate": by_predicate, "set": by_set}
"""The table's layouts, by what its rows are."""


def print_table(results: dict[str, dict[str, Counts]], markdown: bool, layout: str = "predicate") -> None:
    header, rows = LAYOUTS[layout](results, markdown)
    if markdown:
        print("| " + " | ".join(header) + " |")
        print("|" + "---|" * len(header))
        for row in rows:
            print("| " + " | ".join(row) + " |")
    else:
        widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
        for row in [header, *rows]:
            print("  ".join(c.ljust(w) for c, w in zip(row, widths)))


EXTRACTION = REPO / "tests" / "data" / "extraction"
SETS = {
    "seeds": ("seeds (LOSO)", REPO),
    "other": ("other drugs", EXTRACTION),
    "heldout": ("held-out 1 (dev)", EXTRACTION / "heldout"),
    "heldout2": ("held-out 2 (dev)", EXTRACTION / "heldout2"),
    "heldout3": ("held-out 3 (dev)", EXTRACTION / "heldout3"),
    "heldout4": ("held-out 4 (dev)", EXTRACTION / "heldout4"),
    "heldout5": ("held-out 5 (dev)", EXTRACTION / "heldout5"),
    "heldout6": ("held-out 6 (dev)", EXTRACTION / "heldout6"),
    "heldout7": ("held-out 7 (dev)", EXTRACTION / "heldout7"),
    "heldout8": ("held-out 8 (dev)", EXTRACTION / "heldout8"),
    "heldout9": ("held-out 9 (dev)", EXTRACTION / "heldout9"),
    "heldout10": ("held-out 10 (dev)", EXTRACTION / "heldout10"),
    "heldout11": ("held-out 11 (dev)", EXTRACTION / "heldout11"),
    "heldout12": ("held-out 12 (dev)", EXTRACTION / "heldout12"),
    "heldout13": ("held-out 13 (dev)", EXTRACTION / "heldout13"),
    "heldout14": ("held-out 14 (dev)", EXTRACTION / "heldout14"),
    "heldout15": ("held-out 15 (dev)", EXTRACTION / "heldout15"),
    "heldout16": ("held-out 16 (dev)", EXTRACTION / "heldout16"),
    "heldout17": ("held-out 17 (dev)", EXTRACTION / "heldout17"),
    "heldout18": ("held-out 18 (dev)", EXTRACTION / "heldout18"),
    "heldout19": ("held-out 19 (dev)", EXTRACTION / "heldout19"),
    "heldout20": ("held-out 20 (dev)", EXTRACTION / "heldout20"),
    "heldout21": ("held-out 21 (dev)", EXTRACTION / "heldout21"),
    "heldout22": ("held-out 22 (dev)", EXTRACTION / "heldout22"),
    "heldout23": ("held-out 23 (dev)", EXTRACTION / "heldout23"),
    "heldout24": ("held-out 24 (dev)", EXTRACTION / "heldout24"),
    "heldout25": ("held-out 25 (dev)", EXTRACTION / "heldout25"),
    "heldout26": ("held-out 26 (dev)", EXTRACTION / "heldout26"),
    "heldout27": ("held-out 27 (dev)", EXTRACTION / "heldout27"),
    "heldout28": ("held-out 28 (dev)", EXTRACTION / "heldout28"),
    "heldout29": ("held-out 29 (dev)", EXTRACTION / "heldout29"),
    "heldout30": ("held-out 30 (dev)", EXTRACTION / "heldout30"),
    "heldout31": ("held-out 31 (dev)", EXTRACTION / "heldout31"),
    "heldout32": ("held-out 32 (dev)", EXTRACTION / "heldout32"),
    "heldout33": ("held-out 33 (dev)", EXTRACTION / "heldout33"),
    "heldout34": ("held-out 34 (dev)", EXTRACTION / "heldout34"),
    "heldout35": ("held-out 35 (dev)", EXTRACTION / "heldout35"),
    "heldout36": ("held-out 36 (dev)", EXTRACTION / "heldout36"),
    "heldout37": ("held-out 37 (dev)", EXTRACTION / "heldout37"),
    "heldout38": ("held-out 38 (dev)", EXTRACTION / "heldout38"),
    "heldout39": ("held-out 39 (dev)", EXTRACTION / "heldout39"),
    "heldout40": ("held-out 40 (dev)", EXTRACTION / "heldout40"),
    "heldout41": ("held-out 41 (dev)", EXTRACTION / "heldout41"),
    "heldout42": ("held-out 42 (dev)", EXTRACTION / "heldout42"),
    "heldout43": ("held-out 43 (dev)", EXTRACTION / "heldout43"),
    "heldout44": ("held-out 44 (dev)", EXTRACTION / "heldout44"),
    "heldout45": ("held-out 45 (dev)", EXTRACTION / "heldout45"),
    "heldout46": ("held-out 46 (dev)", EXTRACTION / "heldout46"),
    "heldout47": ("held-out 47 (dev)", EXTRACTION / "heldout47"),
    "heldout48": ("held-out 48 (dev)", EXTRACTION / "heldout48"),
    "heldout49": ("held-out 49 (dev)", EXTRACTION / "heldout49"),
    "heldout50": ("held-out 50 (dev)", EXTRACTION / "heldout50"),
    "heldout51": ("held-out 51 (dev)", EXTRACTION / "heldout51"),
    "heldout52": ("held-out 52 (dev)", EXTRACTION / "heldout52"),
    "heldout53": ("held-out 53 (dev)", EXTRACTION / "heldout53"),
    "heldout54": ("held-out 54 (dev)", EXTRACTION / "heldout54"),
    "heldout55": ("held-out 55 (dev)", EXTRACTION / "heldout55"),
    "heldout56": ("held-out 56 (dev)", EXTRACTION / "heldout56"),
    "heldout57": ("held-out 57 (dev)", EXTRACTION / "heldout57"),
    "heldout58": ("held-out 58 (dev)", EXTRACTION / "heldout58"),
    "heldout59": ("held-out 59 (dev)", EXTRACTION / "heldout59"),
    "heldout60": ("held-out 60 (dev)", EXTRACTION / "heldout60"),
    "heldout61": ("held-out 61 (dev)", EXTRACTION / "heldout61"),
    "heldout62": ("held-out 62 (dev)", EXTRACTION / "heldout62"),
    "heldout63": ("held-out 63 (dev)", EXTRACTION / "heldout63"),
    "heldout64": ("held-out 64 (dev)", EXTRACTION / "heldout64"),
    "heldout65": ("held-out 65 (dev)", EXTRACTION / "heldout65"),
    "heldout66": ("held-out 66 (dev)", EXTRACTION / "heldout66"),
    "heldout67": ("held-out 67 (dev)", EXTRACTION / "heldout67"),
    "heldout68": ("held-out 68 (dev)", EXTRACTION / "heldout68"),
    "heldout69": ("held-out 69 (dev)", EXTRACTION / "heldout69"),
    "heldout70": ("held-out 70 (dev)", EXTRACTION / "heldout70"),
    "heldout71": ("held-out 71 (dev)", EXTRACTION / "heldout71"),
    "heldout72": ("held-out 72 (dev)", EXTRACTION / "heldout72"),
    "heldout73": ("held-out 73 (dev)", EXTRACTION / "heldout73"),
    "heldout74": ("held-out 74 (dev)", EXTRACTION / "heldout74"),
    "heldout75": ("held-out 75 (dev)", EXTRACTION / "heldout75"),
    "heldout76": ("held-out 76 (dev)", EXTRACTION / "heldout76"),
    "heldout77": ("held-out 77 (dev)", EXTRACTION / "heldout77"),
    "heldout78": ("held-out 78 (dev)", EXTRACTION / "heldout78"),
    "heldout79": ("held-out 79 (dev)", EXTRACTION / "heldout79"),
    "heldout80": ("held-out 80 (dev)", EXTRACTION / "heldout80"),
    "heldout81": ("held-out 81 (dev)", EXTRACTION / "heldout81"),
    "heldout82": ("held-out 82 (dev)", EXTRACTION / "heldout82"),
    "heldout83": ("held-out 83 (dev)", EXTRACTION / "heldout83"),
    "heldout84": ("held-out 84 (dev)", EXTRACTION / "heldout84"),
    "heldout85": ("held-out 85 (dev)", EXTRACTION / "heldout85"),
    "heldout86": ("held-out 86 (dev)", EXTRACTION / "heldout86"),
    "heldout87": ("held-out 87 (dev)", EXTRACTION / "heldout87"),
    "heldout88": ("held-out 88 (dev)", EXTRACTION / "heldout88"),
    "heldout89": ("held-out 89 (dev)", EXTRACTION / "heldout89"),
    "heldout90": ("held-out 90 (dev)", EXTRACTION / "heldout90"),
    "heldout91": ("held-out 91 (dev)", EXTRACTION / "heldout91"),
    "heldout92": ("held-out 92 (dev)", EXTRACTION / "heldout92"),
    "heldout93": ("held-out 93 (dev)", EXTRACTION / "heldout93"),
    "heldout94": ("held-out 94 (dev)", EXTRACTION / "heldout94"),
    "heldout95": ("held-out 95 (dev)", EXTRACTION / "heldout95"),
    "heldout96": ("held-out 96 (dev)", EXTRACTION / "heldout96"),
    "heldout97": ("held-out 97 (dev)", EXTRACTION / "heldout97"),
    "heldout98": ("held-out 98 (dev)", EXTRACTION / "heldout98"),
    "heldout99": ("held-out 99 (dev)", EXTRACTION / "heldout99"),
    "heldout100": ("held-out 100 (dev)", EXTRACTION / "heldout100"),
    "heldout101": ("held-out 101 (dev)", EXTRACTION / "heldout101"),
    "heldout102": ("held-out 102 (dev)", EXTRACTION / "heldout102"),
    "heldout103": ("held-out 103 (dev)", EXTRACTION / "heldout103"),
    "heldout104": ("held-out 104 (dev)", EXTRACTION / "heldout104"),
    "heldout105": ("held-out 105 (dev)", EXTRACTION / "heldout105"),
    "heldout106": ("held-out 106 (dev)", EXTRACTION / "heldout106"),
    "heldout107": ("held-out 107 (dev)", EXTRACTION / "heldout107"),
    "heldout108": ("held-out 108 (dev)", EXTRACTION / "heldout108"),
    "heldout109": ("held-out 109 (dev)", EXTRACTION / "heldout109"),
    "heldout110": ("held-out 110 (dev)", EXTRACTION / "heldout110"),
    "heldout111": ("held-out 111 (dev)", EXTRACTION / "heldout111"),
    "heldout112": ("held-out 112 (dev)", EXTRACTION / "heldout112"),
    "heldout113": ("held-out 113 (dev)", EXTRACTION / "heldout113"),
    "heldout114": ("held-out 114 (dev)", EXTRACTION / "heldout114"),
    "heldout115": ("held-out 115 (dev)", EXTRACTION / "heldout115"),
    "heldout116": ("held-out 116 (dev)", EXTRACTION / "heldout116"),
    "heldout117": ("held-out 117 (dev)", EXTRACTION / "heldout117"),
    "heldout118": ("held-out 118 (dev)", EXTRACTION / "heldout118"),
    "heldout119": ("held-out 119 (dev)", EXTRACTION / "heldout119"),
    "heldout120": ("held-out 120 (dev)", EXTRACTION / "heldout120"),
    "heldout121": ("held-out 121 (dev)", EXTRACTION / "heldout121"),
    "heldout122": ("held-out 122 (dev)", EXTRACTION / "heldout122"),
    "heldout123": ("held-out 123 (dev)", EXTRACTION / "heldout123"),
    "heldout124": ("held-out 124 (dev)", EXTRACTION / "heldout124"),
    "heldout125": ("held-out 125 (dev)", EXTRACTION / "heldout125"),
    "heldout126": ("held-out 126 (dev)", EXTRACTION / "heldout126"),
    "heldout127": ("held-out 127 (dev)", EXTRACTION / "heldout127"),
    "heldout128": ("held-out 128 (dev)", EXTRACTION / "heldout128"),
    "heldout129": ("held-out 129 (dev)", EXTRACTION / "heldout129"),
    "heldout130": ("held-out 130 (dev)", EXTRACTION / "heldout130"),
    "heldout131": ("held-out 131 (dev)", EXTRACTION / "heldout131"),
    "heldout132": ("held-out 132 (dev)", EXTRACTION / "heldout132"),
    "heldout133": ("held-out 133 (dev)", EXTRACTION / "heldout133"),
    "heldout134": ("held-out 134 (dev)", EXTRACTION / "heldout134"),
    "heldout135": ("held-out 135 (dev)", EXTRACTION / "heldout135"),
    "heldout136": ("held-out 136 (dev)", EXTRACTION / "heldout136"),
    "heldout137": ("held-out 137 (dev)", EXTRACTION / "heldout137"),
    "heldout138": ("held-out 138 (dev)", EXTRACTION / "heldout138"),
    "heldout139": ("held-out 139 (dev)", EXTRACTION / "heldout139"),
    "heldout140": ("held-out 140 (dev)", EXTRACTION / "heldout140"),
    "heldout141": ("held-out 141 (dev)", EXTRACTION / "heldout141"),
    "heldout142": ("held-out 142 (dev)", EXTRACTION / "heldout142"),
    "heldout143": ("held-out 143 (dev)", EXTRACTION / "heldout143"),
    "heldout144": ("held-out 144 (dev)", EXTRACTION / "heldout144"),
    "heldout145": ("held-out 145 (dev)", EXTRACTION / "heldout145"),
    "heldout146": ("held-out 146 (dev)", EXTRACTION / "heldout146"),
    "heldout147": ("held-out 147 (dev)", EXTRACTION / "heldout147"),
    "heldout148": ("held-out 148 (dev)", EXTRACTION / "heldout148"),
    "heldout149": ("held-out 149 (dev)", EXTRACTION / "heldout149"),
    "heldout150": ("held-out 150 (dev)", EXTRACTION / "heldout150"),
    "heldout151": ("held-out 151 (dev)", EXTRACTION / "heldout151"),
    "heldout152": ("held-out 152 (dev)", EXTRACTION / "heldout152"),
    "heldout153": ("held-out 153 (dev)", EXTRACTION / "heldout153"),
    "heldout154": ("held-out 154 (dev)", EXTRACTION / "heldout154"),
    "heldout155": ("held-out 155 (dev)", EXTRACTION / "heldout155"),
    "heldout156": ("held-out 156 (dev)", EXTRACTION / "heldout156"),
    "heldout157": ("held-out 157 (dev)", EXTRACTION / "heldout157"),
    "heldout158": ("held-out 158 (dev)", EXTRACTION / "heldout158"),
    "heldout159": ("held-out 159 (dev)", EXTRACTION / "heldout159"),
    "heldout160": ("held-out 160 (dev)", EXTRACTION / "heldout160"),
    "heldout161": ("held-out 161 (dev)", EXTRACTION / "heldout161"),
    "heldout162": ("held-out 162 (dev)", EXTRACTION / "heldout162"),
    "heldout163": ("held-out 163 (dev)", EXTRACTION / "heldout163"),
    "heldout164": ("held-out 164 (dev)", EXTRACTION / "heldout164"),
    "heldout165": ("held-out 165 (dev)", EXTRACTION / "heldout165"),
    "heldout166": ("held-out 166 (dev)", EXTRACTION / "heldout166"),
    "heldout167": ("held-out 167 (dev)", EXTRACTION / "heldout167"),
    "heldout168": ("held-out 168 (dev)", EXTRACTION / "heldout168"),
    "heldout169": ("held-out 169 (dev)", EXTRACTION / "heldout169"),
    "heldout170": ("held-out 170 (dev)", EXTRACTION / "heldout170"),
    "heldout171": ("held-out 171 (dev)", EXTRACTION / "heldout171"),
    "heldout172": ("held-out 172 (dev)", EXTRACTION / "heldout172"),
    "heldout173": ("held-out 173 (dev)", EXTRACTION / "heldout173"),
    "heldout174": ("held-out 174 (dev)", EXTRACTION / "heldout174"),
    "heldout175": ("held-out 175 (dev)", EXTRACTION / "heldout175"),
    "heldout176": ("held-out 176 (dev)", EXTRACTION / "heldout176"),
    "heldout177": ("held-out 177 (dev)", EXTRACTION / "heldout177"),
    "heldout178": ("held-out 178 (dev)", EXTRACTION / "heldout178"),
    "heldout179": ("held-out 179 (dev)", EXTRACTION / "heldout179"),
    "heldout180": ("held-out 180 (dev)", EXTRACTION / "heldout180"),
    "heldout181": ("held-out 181 (dev)", EXTRACTION / "heldout181"),
    "heldout182": ("held-out 182 (dev)", EXTRACTION / "heldout182"),
    "heldout183": ("held-out 183 (dev)", EXTRACTION / "heldout183"),
    "heldout184": ("held-out 184 (dev)", EXTRACTION / "heldout184"),
    "heldout185": ("held-out 185 (dev)", EXTRACTION / "heldout185"),
    "heldout186": ("held-out 186 (dev)", EXTRACTION / "heldout186"),
    "heldout187": ("held-out 187 (dev)", EXTRACTION / "heldout187"),
    "heldout188": ("held-out 188 (dev)", EXTRACTION / "heldout188"),
    "heldout189": ("held-out 189 (dev)", EXTRACTION / "heldout189"),
    "heldout190": ("held-out 190 (dev)", EXTRACTION / "heldout190"),
    "heldout191": ("held-out 191", EXTRACTION / "heldout191"),
    "heldout192": ("held-out 192", EXTRACTION / "heldout192"),
    "heldout193": ("held-out 193", EXTRACTION / "heldout193"),
    "heldout194": ("held-out 194", EXTRACTION / "heldout194"),
    "heldout195": ("held-out 195", EXTRACTION / "heldout195"),
    "heldout196": ("held-out 196", EXTRACTION / "heldout196"),
    "heldout197": ("held-out 197", EXTRACTION / "heldout197"),
    "heldout198": ("held-out 198", EXTRACTION / "heldout198"),
    "heldout199": ("held-out 199", EXTRACTION / "heldout199"),
    "heldout200": ("held-out 200", EXTRACTION / "heldout200"),
    "heldout201": ("held-out 201", EXTRACTION / "heldout201"),
    "heldout202": ("held-out 202", EXTRACTION / "heldout202"),
}
"""The evaluation sets, in the order of the table's columns: each one's title and project."""
UNSEEN = tuple(f"heldout{n}" for n in range(191, 203))
"""The sets the extractor has never been changed for, to leave out while working on it."""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sets", default=",".join(SETS),
                        help=f"which sets to evaluate, comma-separated (default: all of {', '.join(SETS)}); "
                             f"leave out {', '.join(UNSEEN)} while working on the extractor")
    parser.add_argument("--min-score", type=float, default=0.0, help="leave out drafts scored lower")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    parser.add_argument("--rows", choices=sorted(LAYOUTS), default="predicate",
                        help="a row per predicate (four columns per set), or a row per set (core figures)")
    parser.add_argument("--show", action="store_true", help="list each missed and wrong draft")
    parser.add_argument("--model", type=Path, help="the learned model to extract with (default: "
                        "the shipped one; see scripts/train_relation_model.py)")
    args = parser.parse_args()
    chosen = [name.strip() for name in args.sets.split(",") if name.strip()]
    if unknown := [name for name in chosen if name not in SETS]:
        parser.error(f"unknown set {', '.join(unknown)}: choose from {', '.join(SETS)}")
    seed_lexicon = lexicon_of(graph_of(Project(REPO).entity_files()))
    model = load_model(args.model) if args.model else None
    results = {title: evaluate_project(root, leave_one_source_out if name == "seeds" else lambda *_: seed_lexicon,
                                       args.min_score, args.show, model)
               for name, (title, root) in SETS.items() if name in chosen}
    print_table(results, args.markdown, args.rows)


if __name__ == "__main__":
    main()
