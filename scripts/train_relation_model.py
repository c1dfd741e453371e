"""Train the learned reading of `drugfacts extract` (src/drugfacts/relation_model.json) on the
curated claims of the development sets.

Every candidate phrase of every sentence of the development documents (every set of
scripts/evaluate_extraction.py but its UNSEEN ones) is an example: labelled with the core
predicate of a curated claim whose quote overlaps the sentence and whose object the phrase names
(one of the object's labels, normalised as the lexicon matches them), else "none". A
multinomial logistic regression (scikit-learn, L2, lbfgs) is fitted on the features that
drugfacts.relations computes, and its weights are written as JSON, rounded, in a fixed order:
the same data give the same file byte for byte. The unseen sets are never read. scikit-learn is needed here only (`pip install -e '.[train]'`); extraction reads
the JSON with no library.

    .venv/bin/python scripts/train_relation_model.py                 # write the shipped model
    .venv/bin/python scripts/train_relation_model.py --leave-out heldout3 --out /tmp/model.json
        # a model that has not seen held-out 3, to measure it there:
    .venv/bin/python scripts/evaluate_extraction.py --sets heldout3 --model /tmp/model.json
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from evaluate_extraction import CORE, REPO, UNSEEN, graph_of
from evaluate_extraction import SETS as EVALUATION_SETS
from rdflib import Graph, URIRef
from rdflib.namespace import PROV, RDF
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

from drugfacts.extract import drug_words, load_rules, named_change, relation_features
from drugfacts.lexicon import LABEL_PROPERTIES, Lexicon, keys
from drugfacts.load import parse_turtle
from drugfacts.project import Project
from drugfacts.relations import MODEL_FILE, NONE
from drugfacts.sources import load_source_texts
from drugfacts.text import sentences
from drugfacts.vocab import DF, OA

SETS = {name: root for name, (_, root) in EVALUATION_SETS.items() if name not in UNSEEN}
"""The development sets: every evaluation set but the unseen ones."""
MIN_COUNT = 2
"""A feature seen in fewer examples is left out: it would only memorise one sentence."""


def object_names(entities: Graph) -> dict[str, set[tuple[str, ...]]]:
    """Each entity's labels, normalised as the lexicon matches them."""
    names: dict[str, set[tuple[str, ...]]] = {}
    for p in LABEL_PROPERTIES:
        for s, o in entities.subject_objects(p):
            names.setdefault(str(s), set()).update(keys(str(o)))
    return names


def gold_spans(claims: Graph, source: str, text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, predicate, object) of the accepted core claims of a source, at each place
    its quote stands in the text."""
    found = []
    for claim in claims.subjects(PROV.wasDerivedFrom, URIRef(source)):
        predicate = str(claims.value(claim, RDF.predicate)).rsplit("#", 1)[-1]
        if predicate not in CORE or claims.value(claim, DF.curationStatus) != DF.Accepted:
            continue
        for evidence in claims.objects(claim, DF.evidence):
            for quote in claims.objects(evidence, OA.exact):
                found += _occurrences(text, str(quote), predicate, str(claims.value(claim, RDF.object)))
    return sorted(set(found))


def _occurrences(text: str, quote: str, predicate: str, obj: str) -> list[tuple[int, int, str, str]]:
    found, at = [], text.find(quote)
    while at >= 0:
        found.append((at, at + len(quote), predicate, obj))
        at = text.find(quote, at + 1)
    return found


def examples(root: Path, lexicon: Lexicon, seed_names: dict[str, set[tuple[str, ...]]]
             ) -> list[tuple[list[str], str]]:
    """The features and label of every candidate phrase of a project's documents."""
    project = Project(root)
    claims = graph_of(project.claim_files())
    names = {**seed_names, **object_names(graph_of(project.entity_files()))}
    texts, problems = load_source_texts(parse_turtle(project.sources_file), project.sources_dir,
                                        project.sources_dir)
    if problems:
        raise SystemExit("\n".join(map(str, problems)))
    rules = load_rules()
    found = []
    for source, source_text in sorted(texts.items()):
        text = source_text.text
        sents = sentences(text)
        read = relation_features(text, sents, drug_words(text, sents, lexicon, rules), rules)
        spans = gold_spans(claims, str(source), text)
        for sentence in sents:
            here = [g for g in spans if g[0] < sentence.end and sentence.start < g[1]]
            for candidate, feats in read.get(sentence.start, []):
                phrase = keys(text[candidate.start:candidate.end])
                if changed := named_change(text, candidate.start, candidate.end, rules):
                    phrase |= keys(changed[0]) | keys(changed[1] or "")  # "raise the potassium": hyperkalaemia
                label = next((p for _, _, p, obj in here if phrase & names.get(obj, set())), NONE)
                found.append((feats, label))
    return found


def train(data: list[tuple[list[str], str]], c: float) -> dict:
    """The fitted model as JSON-ready data: labels, biases, and each kept feature's weights."""
    counts = Counter(f for feats, _ in data for f in set(feats))
    rows = [{f: 1 for f in feats if counts[f] >= MIN_COUNT} for feats, _ in data]
    vectorizer = DictVectorizer()
    x = vectorizer.fit_transform(rows)
    fitted = LogisticRegression(C=c, max_iter=5000, class_weight="balanced").fit(x, [label for _, label in data])
    labels = [str(label) for label in fitted.classes_]
    weights = {name: [round(float(w), 4) for w in fitted.coef_[:, i]]
               for i, name in enumerate(vectorizer.get_feature_names_out())}
    return {"labels": labels, "bias": [round(float(b), 4) for b in fitted.intercept_],
            "weights": {k: v for k, v in sorted(weights.items()) if any(v)}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--leave-out", default="", help="development sets not to train on, comma-separated")
    parser.add_argument("--out", type=Path, default=MODEL_FILE, help="where to write the model")
    parser.add_argument("--c", type=float, default=1.0, help="inverse regularisation strength")
    args = parser.parse_args()
    left_out = {name.strip() for name in args.leave_out.split(",") if name.strip()}
    if unknown := left_out - set(SETS):
        parser.error(f"unknown set {', '.join(sorted(unknown))}: choose from {', '.join(SETS)}")
    seed_entities = graph_of(Project(REPO).entity_files())
    lexicon = Lexicon()
    lexicon.add_graph(seed_entities)
    seed_names = object_names(seed_entities)
    data = [example for name, root in SETS.items() if name not in left_out
            for example in examples(root, lexicon, seed_names)]
    model = train(data, args.c)
    args.out.write_text(json.dumps(model, separators=(",", ":"), sort_keys=True) + "\n", encoding="utf-8")
    labels = Counter(label for _, label in data)
    print(f"{len(data)} examples ({', '.join(f'{k} {v}' for k, v in sorted(labels.items()))}), "
          f"{len(model['weights'])} features → {args.out}")


if __name__ == "__main__":
    main()
