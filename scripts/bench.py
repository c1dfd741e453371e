"""Benchmark `drugfacts build` and the saved questions on generated projects, beside the plain
rdflib + pyshacl pipeline measured in the same run.

    .venv/bin/python scripts/bench.py --sizes 1e5,1e6 --json bench.json
    .venv/bin/python scripts/bench.py --sizes 1e7 --no-baseline

The baseline is the pipeline as rdflib and pyshacl make it: rdflib parses every file, the same
quote finder (claims.mint_claims) checks the quotes and its claims are parsed into the rdflib
graph, rdflib's SPARQL materialises the facts, pyshacl validates, rdflib writes and answers.

For each size a project is generated (scripts/generate.py) into a temporary folder, then each
pipeline runs in subprocesses of its own, so that each peak memory (the child's ru_maxrss) is its
own: the baseline in one, drugfacts in three as a user runs it (cold build, rebuild, questions;
"peak memory, builds only" is the higher of the two builds' peaks). The build is cold (no .drugfacts-cache); "rebuild, one claim file changed" is the
incremental build after one claim file changes. A saved question runs with one drug bound (the
drug with the most claims, or with --drug median the median one, and for the questions that
need them, one of its side effects, df:hasSideEffect, its class, and a word of its quotes); its
figure is the median of --repeats runs. A baseline step that runs past --baseline-cap seconds
is stopped and shown as "> cap", its ratio as a lower bound; so is a question whose first run
takes more than --question-cap.
Output: a Markdown table on stdout, and JSON with --json.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BUILD_STEPS = ["load", "quote check", "link", "materialise", "sort", "validate", "write turtle", "write ntriples"]
WHOLE = "whole build"
REBUILD = "rebuild, one claim file changed"
QUESTIONS_LOAD = "load dist/ for questions"
# How the engine itself grows: one pass over every triple, no join, no grouping; and parsing
# the graph's N-Triples, then loading them into an empty store, with nothing of ours around it.
SCAN = "engine floor: count every triple"
PARSE = "engine floor: parse the N-Triples"
INSERT = "engine floor: load the N-Triples into an empty store"


# ---------------------------------------------------------------------------------------------
# In the child: one pipeline on one project, figures as JSON on stdout
# ---------------------------------------------------------------------------------------------


class CapReached(BaseException):
    """A baseline step ran past its time cap (a BaseException, so that no `except Exception`
    of the code it stops takes it for an error of its own)."""


@contextmanager
def capped(seconds: float | None) -> Iterator[None]:
    """Stop the block with CapReached after `seconds` (rdflib and pyshacl are Python, so the
    alarm interrupts them)."""
    def stop(signum: int, frame: object) -> None:
        raise CapReached
    if seconds is None:
        yield
        return
    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class Timer:
    """Seconds per step (None where the cap stopped it), and what the figures are of."""

    def __init__(self, cap: float | None = None):
        self.cap = cap
        self.seconds: dict[str, float | None] = {}
        self.triples: int | None = None
        self.given: dict[str, str] = {}
        self.parameters: dict[str, list[str]] = {}
        self.capped: dict[str, float] = {}
        self.build_peak_mib: float | None = None

    def run(self, name: str, step: Callable[[], object]) -> object:
        start = time.perf_counter()
        try:
            with capped(self.cap):
                value = step()
        except CapReached:
            self.seconds[name] = None
            self.capped[name] = self.cap
            return None
        self.seconds[name] = time.perf_counter() - start
        return value


DRUG_CHOICES = ("most", "median")


def question_inputs(store: object, which: str = "most") -> dict[str, str]:
    """Parameter values for every saved question, all about one drug with a side effect: the one
    with the most claims (the worst case: a few drugs have thousands), or the one with the
    median number of claims (a typical drug)."""
    from drugfacts.store import select
    ranked = select(store, """SELECT ?drug WHERE { ?c a df:Claim ; rdf:subject ?drug . ?drug a df:Drug
                                                   FILTER EXISTS { ?drug df:hasSideEffect [] } }
                             GROUP BY ?drug ORDER BY DESC(COUNT(?c)) ?drug""")
    drug, = ranked[0 if which == "most" else len(ranked) // 2]
    _, effect, cls, quote, source = select(store, """SELECT ?d ?effect ?class ?quote ?source WHERE {
        ?d df:hasSideEffect ?effect . OPTIONAL { ?d df:drugClass ?class }
        ?c rdf:subject ?d ; df:evidence/oa:exact ?quote ; prov:wasDerivedFrom ?source }
        ORDER BY ?effect ?class ?quote ?source LIMIT 1""", {"d": drug}, with_ontology=True)[0]
    given = {"drug": drug.value, "predicate": "df:hasSideEffect", "object": effect.value,
             "entity": drug.value, "text": quote.value.split()[1], "source": source.value}
    return given | ({"class": cls.value} if cls is not None else {})


def _questions(project: object, graph: object, repeats: int, cap: float, timer: Timer,
               texts_for: Callable[[str], object]) -> None:
    """Each saved question, timed: the median of `repeats` runs with its parameters bound,
    after a first run in a child process that is stopped at the cap (Oxigraph's evaluation
    cannot be interrupted from Python)."""
    from drugfacts.errors import TimeLimitError
    from drugfacts.query import bind_parameters, run_query, saved_queries
    for name, saved in saved_queries(project).items():
        mine = {p.name: timer.given[p.name] for p in saved.parameters if p.name in timer.given}
        timer.parameters[name] = sorted(mine)
        bindings = bind_parameters(graph, saved, mine)
        query, step = texts_for(saved.text), f"question {name}"
        try:
            run_query(graph, query, bindings, timeout=cap)
        except TimeLimitError:
            timer.seconds[step], timer.capped[step] = None, cap
            continue
        runs = []
        for _ in range(repeats):
            start = time.perf_counter()
            run_query(graph, query, bindings)
            runs.append(time.perf_counter() - start)
        timer.seconds[step] = statistics.median(runs)


def run_fast_build(root: Path, args: argparse.Namespace) -> Timer:
    """The cold drugfacts build (Oxigraph, the fast validator), its steps timed."""
    from drugfacts.project import Project
    timer = Timer()
    ntriples = _first_build(Project(root), _store(root, args.on_disk), timer)
    timer.build_peak_mib = _peak_mib()
    _engine_floors(ntriples, timer)
    return timer


def _engine_floors(ntriples: Path, timer: Timer) -> None:
    """Oxigraph alone on the built graph, once the build's store is gone (after the build's
    peak is read): parsing its N-Triples, and loading them into an empty in-memory store."""
    import pyoxigraph as ox
    timer.run(PARSE, lambda: sum(1 for _ in ox.parse(path=ntriples, format=ox.RdfFormat.N_TRIPLES)))
    timer.run(INSERT, lambda: ox.Store().bulk_load(path=ntriples, format=ox.RdfFormat.N_TRIPLES, lenient=True))


def run_fast_rebuild(root: Path, args: argparse.Namespace) -> Timer:
    """The incremental build after one claim file changed, from the cold build's cache."""
    from drugfacts.build import build_graph, write_dist
    from drugfacts.project import Project
    project = Project(root)
    timer = Timer()
    changed = project.claim_files()[len(project.claim_files()) // 2]
    changed.write_text(changed.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    store = _store(root, args.on_disk)
    timer.run(REBUILD, lambda: write_dist(project, build_graph(project, store=store)))
    timer.build_peak_mib = _peak_mib()
    return timer


def run_fast_questions(root: Path, args: argparse.Namespace) -> Timer:
    """dist/ loaded into a store, and every saved question asked of it."""
    from drugfacts.project import Project
    from drugfacts.query import load_store
    project = Project(root)
    timer = Timer()
    graph = timer.run(QUESTIONS_LOAD, lambda: load_store(project))
    timer.given = question_inputs(graph, args.drug)
    _questions(project, graph, args.repeats, args.question_cap, timer, lambda text: text)
    return timer


def _store(root: Path, on_disk: bool) -> Path | None:
    return root / "store" if on_disk else None


def _first_build(project: object, store: Path | None, timer: Timer) -> Path:
    """The cold build, its steps timed, and the engine floor on its store; the N-Triples it
    wrote to dist/."""
    from drugfacts.build import build_graph, write_dist
    from drugfacts.store import count_triples
    result = build_graph(project, store=store)
    assert result.report.conforms, result.report.violations[:3]
    timer.run(SCAN, lambda: count_triples(result.store))
    write_dist(project, result)
    ntriples = project.dist_dir / "drugfacts.nt"
    timer.run("write ntriples", lambda: shutil.copyfile(result.data.ntriples_file, ntriples))
    timer.seconds |= result.steps.seconds
    timer.triples = result.data.triples
    return ntriples


def run_baseline(root: Path, args: argparse.Namespace) -> Timer:
    """The same steps with rdflib for the graph and pyshacl for validation."""
    repeats, cap, question_cap, drug = args.baseline_repeats, args.baseline_cap, args.question_cap, args.drug
    import pyoxigraph as ox
    from rdflib import Graph

    from drugfacts.build import _source_records
    from drugfacts.claims import mint_claims
    from drugfacts.link import mapping_set_graph, read_mapping_sets
    from drugfacts.load import new_graph, parse_turtle
    from drugfacts.project import Project
    from drugfacts.query import prepare
    from drugfacts.sources import check_source_texts
    from drugfacts.sparql import internal_query
    from drugfacts.store import from_rdflib, parse_file, store_of
    from drugfacts.validate import validate_graph
    project = Project(root)
    timer = Timer(cap)
    data, claim_graphs = new_graph(), {}

    def load() -> tuple[Graph, Graph]:
        for path in [project.sources_file, *project.entity_files()]:
            data.parse(path, format="turtle")
        for path in project.claim_files():
            claim_graphs[path] = parse_turtle(path)
        return parse_turtle(project.ontology_file), parse_turtle(project.shapes_file)

    def quote_check() -> None:
        records = _source_records(parse_file(project.sources_file))
        texts, problems = check_source_texts(records, project.sources_dir, Path("data/sources"))
        for path, graph in claim_graphs.items():
            curated = [ox.Triple(*(from_rdflib(t) for t in triple)) for triple in graph]
            minted = mint_claims(curated, texts, path)
            problems += minted.problems
            data.parse(data="".join(minted.ntriples), format="nt")
        assert not problems, problems[:3]

    def link() -> None:
        for mapping_set in read_mapping_sets(project):
            for triple in mapping_set_graph(mapping_set):
                data.add(triple)

    def materialise() -> None:
        for triple in data.query(internal_query("materialise-facts")):
            data.add(triple)

    loaded = timer.run("load", load)
    if loaded is None:
        return timer
    ontology, shapes = loaded
    for name, step in (("quote check", quote_check), ("link", link), ("materialise", materialise)):
        timer.run(name, step)
        if timer.seconds[name] is None:
            return timer
    timer.triples = len(data)
    timer.run("validate", lambda: validate_graph(data, shapes, ontology, "pyshacl"))
    timer.run("write turtle", lambda: (root / "baseline.ttl").write_bytes(data.serialize(format="turtle",
                                                                                        encoding="utf-8")))
    timer.run("write ntriples", lambda: (root / "baseline.nt").write_bytes(data.serialize(format="nt",
                                                                                         encoding="utf-8")))
    graph = timer.run(QUESTIONS_LOAD, lambda: parse_turtle(root / "baseline.ttl") + ontology)
    if graph is None:
        return timer
    timer.given = question_inputs(store_of(graph), drug)
    _questions(project, graph, repeats, question_cap, timer, prepare)
    return timer


# Each runs in a process of its own, so that each peak memory is its own. The drugfacts pipeline
# is three: the cold build, the rebuild, the questions (what a user runs, one command each).
PHASES: dict[str, Callable[[Path, argparse.Namespace], Timer]] = {
    "fast:build": run_fast_build, "fast:rebuild": run_fast_rebuild, "fast:questions": run_fast_questions,
    "baseline": run_baseline}
PIPELINES = {"fast": ["fast:build", "fast:rebuild", "fast:questions"], "baseline": ["baseline"]}


def child(phase: str, root: Path, args: argparse.Namespace) -> None:
    timer = PHASES[phase](root, args)
    json.dump({"seconds": timer.seconds, "triples": timer.triples, "parameters": timer.parameters,
               "capped": timer.capped, "build_peak_mib": timer.build_peak_mib, "peak_mib": _peak_mib()},
              sys.stdout)


def _peak_mib() -> float:
    """The most memory this process has held so far (its high-water resident set)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024



# ---------------------------------------------------------------------------------------------
# In the parent: generate, run each pipeline in a subprocess, tabulate
# ---------------------------------------------------------------------------------------------


def measure(size: int, pipeline: str, project: Path, args: argparse.Namespace) -> dict:
    """One pipeline on a fresh copy of the generated project, each phase in a subprocess."""
    root = project.parent / f"{project.name}-{pipeline}"
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(project, root)
    phases = []
    asked = size in args.question_sizes
    for phase in (p for p in PIPELINES[pipeline] if asked or p != "fast:questions"):
        command = [sys.executable, __file__, "--child", phase, str(root), "--repeats", str(args.repeats),
                   "--baseline-repeats", str(args.baseline_repeats), "--baseline-cap", str(args.baseline_cap),
                   "--question-cap", str(args.question_cap), "--drug", args.drug]
        command += ["--on-disk"] if args.on_disk else []
        print(f"[{time.strftime('%H:%M:%S')}] {phase} at {size:.0e}", file=sys.stderr, flush=True)
        phases.append(json.loads(subprocess.run(command, check=True, stdout=subprocess.PIPE).stdout))
    shutil.rmtree(root, ignore_errors=True)
    figures = merge_phases(phases)
    seconds = figures["seconds"]
    build = [seconds.get(step, 0.0) for step in BUILD_STEPS]
    seconds[WHOLE] = None if None in build else sum(build)
    # A capped step took at least its cap.
    figures["whole_lower_bound"] = sum(figures["capped"].get(step, 0.0) if s is None else s
                                       for step, s in zip(BUILD_STEPS, build))
    return figures


def merge_phases(phases: list[dict]) -> dict:
    """The figures of a pipeline's phases as one: every step's seconds, and the highest peaks."""
    builds = [f["build_peak_mib"] for f in phases if f.get("build_peak_mib")]
    return {"seconds": {k: v for f in phases for k, v in f["seconds"].items()},
            "capped": {k: v for f in phases for k, v in f["capped"].items()},
            "parameters": {k: v for f in phases for k, v in f["parameters"].items()},
            "triples": next((f["triples"] for f in phases if f.get("triples")), None),
            "build_peak_mib": max(builds) if builds else None,
            "peak_mib": max(f["peak_mib"] for f in phases)}


def _parse_size(text: str) -> int:
    return int(float(text))


def run(args: argparse.Namespace) -> dict:
    results: dict = {"command": " ".join(["scripts/bench.py", *sys.argv[1:]]), "sizes": {}}
    with tempfile.TemporaryDirectory(prefix="drugfacts-bench-", dir=args.workdir) as work:
        for size in args.sizes:
            project = Path(work) / f"p{size:.0e}"
            subprocess.run([sys.executable, str(REPO / "scripts" / "generate.py"), str(project),
                            "--triples", str(size), "--seed", str(args.seed)], check=True,
                           stdout=subprocess.DEVNULL)
            shutil.copytree(REPO / "queries", project / "queries")
            entry = {"fast": measure(size, "fast", project, args)}
            if size in args.baseline_sizes:
                entry["baseline"] = measure(size, "baseline", project, args)
            shutil.rmtree(project)
            results["sizes"][str(size)] = entry
            print(table(results), file=sys.stderr, flush=True)
    return results


def _seconds(value: float) -> str:
    return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.1f} s"


def _shown(value: float | None, cap: float | None) -> str:
    """A figure, or "> cap" where the cap stopped it."""
    if value is not None:
        return _seconds(value)
    return f"> {cap:g} s (cap)" if cap is not None else ""


def _lower(ratio: str) -> str:
    return f"> {ratio}" if ratio else ""


def _ratio(fast: float | None, baseline: float | None, baseline_known: bool) -> str:
    if not baseline_known or fast is None or fast == 0:
        return ""
    return f"{baseline / fast:.0f}x" if baseline / fast >= 10 else f"{baseline / fast:.1f}x"


def table(results: dict) -> str:
    """The figures as a Markdown table: each size's fast figure, baseline and ratio, and the
    growth of the fast figures from 10^6 to 10^7 where both were measured."""
    sizes = results["sizes"]
    steps: list[str] = []
    for entry in sizes.values():
        for figures in entry.values():
            steps += [s for s in figures["seconds"] if s not in steps]
    order = BUILD_STEPS + [WHOLE, REBUILD, QUESTIONS_LOAD, SCAN, PARSE, INSERT]
    steps = [s for s in order if s in steps] + sorted(s for s in steps if s not in order)
    header = ["step"]
    for size, entry in sizes.items():
        header += [f"{int(size):.0e} drugfacts"] + ([f"{int(size):.0e} rdflib+pyshacl", "ratio"]
                                                    if "baseline" in entry else [])
    growth = "1e+06" in [f"{int(s):.0e}" for s in sizes] and "1e+07" in [f"{int(s):.0e}" for s in sizes]
    header += ["growth 10^6→10^7"] if growth else []
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]

    def row(name: str, cell: Callable[[dict], tuple[str, str, str]]) -> None:
        cells = [name]
        for entry in sizes.values():
            fast, base, ratio = cell(entry)
            cells += [fast] + ([base, ratio] if "baseline" in entry else [])
        if growth:
            big, small = (sizes[k]["fast"] for k in (str(10**7), str(10**6)))
            cells.append(_growth(big, small, name))
        lines.append("| " + " | ".join(cells) + " |")

    row("triples", lambda e: (f"{e['fast']['triples']:,}", f"{(e.get('baseline') or {}).get('triples') or '':,}"
                              if e.get("baseline", {}).get("triples") else "", ""))
    row("peak memory", lambda e: (f"{e['fast']['peak_mib']:,.0f} MiB",
                                  f"{e.get('baseline', {}).get('peak_mib', 0):,.0f} MiB", ""))
    row("peak memory, builds only", lambda e: (f"{e['fast']['build_peak_mib']:,.0f} MiB"
                                               if e["fast"].get("build_peak_mib") else "", "", ""))
    for step in steps:
        def cell(entry: dict, step: str = step) -> tuple[str, str, str]:
            fast = entry["fast"]["seconds"].get(step)
            shown = _shown(fast, entry["fast"]["capped"].get(step))
            if "baseline" not in entry:
                return shown, "", ""
            base_figures = entry["baseline"]
            known = step in base_figures["seconds"]
            base = base_figures["seconds"].get(step)
            if step == WHOLE and base is None:
                base = base_figures["whole_lower_bound"]
                return shown, f"> {base:.0f} s", _lower(_ratio(fast, base, known))
            if known and base is None:
                cap = base_figures["capped"][step]
                return shown, _shown(None, cap), _lower(_ratio(fast, cap, True))
            return shown, _seconds(base) if known else "not run", _ratio(fast, base, known)
        row(step, cell)
    return "\n".join(lines)


def _growth(big: dict, small: dict, name: str) -> str:
    if name == "triples":
        return f"{big['triples'] / small['triples']:.1f}x"
    if name.startswith("peak memory"):
        key = "peak_mib" if name == "peak memory" else "build_peak_mib"
        return f"{big[key] / small[key]:.1f}x" if big.get(key) and small.get(key) else ""
    a, b = big["seconds"].get(name), small["seconds"].get(name)
    return f"{a / b:.1f}x" if a and b else ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=lambda s: [_parse_size(x) for x in s.split(",")],
                        default=[10**5, 10**6], help="triples, comma-separated: 1e5,1e6,1e7")
    parser.add_argument("--baseline-sizes", type=lambda s: [_parse_size(x) for x in s.split(",") if x],
                        default=None, help="the sizes to run rdflib + pyshacl at (default: every size "
                                           "up to 1e6)")
    parser.add_argument("--no-baseline", action="store_true", help="run no baseline at all")
    parser.add_argument("--question-sizes", type=lambda s: [_parse_size(x) for x in s.split(",") if x],
                        default=None, help="the sizes to ask the saved questions at (default: every size up "
                                           "to 1e6, the size of the target; at 1e7 the questions' process "
                                           "outgrew a 24 GiB machine)")
    parser.add_argument("--baseline-cap", type=float, default=600, help="seconds a baseline step may take")
    parser.add_argument("--question-cap", type=float, default=60,
                        help="seconds the first run of a question may take, on either pipeline")
    parser.add_argument("--repeats", type=int, default=5, help="runs of each question (median)")
    parser.add_argument("--baseline-repeats", type=int, default=3)
    parser.add_argument("--on-disk", action="store_true", help="build in an on-disk store (--store)")
    parser.add_argument("--drug", choices=DRUG_CHOICES, default="most",
                        help="the drug the questions ask about: the one with the most claims, or the median one")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", type=Path, default=None, help="where the temporary projects go")
    parser.add_argument("--json", type=Path, help="write the figures here as JSON")
    parser.add_argument("--child", nargs=2, metavar=("PHASE", "ROOT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]), args)
        return
    if args.no_baseline:
        args.baseline_sizes = []
    elif args.baseline_sizes is None:
        args.baseline_sizes = [s for s in args.sizes if s <= 10**6]
    if args.question_sizes is None:
        args.question_sizes = [s for s in args.sizes if s <= 10**6]
    results = run(args)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"`{results['command']}`\n\n{table(results)}")


if __name__ == "__main__":
    main()
