"""scripts/generate.py makes the same project from the same seed, about the size asked for; and
scripts/bench.py reports a figure stopped at its cap as a lower bound, never as a measurement."""

from __future__ import annotations

from pathlib import Path

import pytest

from drugfacts.build import build_graph
from drugfacts.project import Project
from drugfacts.store import select

from conftest import load_script

generate = load_script("generate")
bench = load_script("bench")


def files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_same_seed_same_project_other_seed_other_project(tmp_path: Path) -> None:
    generate.generate(tmp_path / "a", 20, seed=7)
    generate.generate(tmp_path / "b", 20, seed=7)
    generate.generate(tmp_path / "c", 20, seed=8)
    assert files(tmp_path / "a") == files(tmp_path / "b")
    assert files(tmp_path / "a") != files(tmp_path / "c")


def test_size_is_about_the_triples_asked_for(tmp_path: Path) -> None:
    asked = 20_000
    generate.generate(tmp_path / "p", generate.sources_for(asked), seed=1)
    built = build_graph(Project(tmp_path / "p"))
    assert built.report.conforms
    assert 0.8 * asked < built.data.triples < 1.2 * asked


def test_injections_need_enough_sources(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="at least"):
        generate.generate(tmp_path / "p", generate.MIN_SOURCES_TO_INJECT - 1, injections=["two-preflabels"])


def _figures(seconds: dict[str, float | None], capped: dict[str, float]) -> dict:
    return {"seconds": seconds, "capped": capped, "triples": 1000, "peak_mib": 100.0,
            "whole_lower_bound": sum(capped.get(k, 0.0) if v is None else v for k, v in seconds.items()
                                     if k in bench.BUILD_STEPS)}


def test_bench_table_shows_a_capped_step_as_a_lower_bound() -> None:
    steps = dict.fromkeys(bench.BUILD_STEPS, 1.0)  # one second a step
    fast = _figures({**steps, bench.WHOLE: float(len(steps))}, {})
    baseline = _figures({**steps, "validate": None, bench.WHOLE: None}, {"validate": 600.0})
    table = bench.table({"sizes": {"1000000": {"fast": fast, "baseline": baseline}}})
    validate = next(line for line in table.splitlines() if line.startswith("| validate "))
    assert validate == "| validate | 1.0 s | > 600 s (cap) | > 600x |"
    whole = next(line for line in table.splitlines() if line.startswith(f"| {bench.WHOLE} "))
    at_least = 600 + len(steps) - 1  # the cap, and a second for each other step
    assert whole == f"| {bench.WHOLE} | {len(steps)}.0 s | > {at_least} s | > {at_least / len(steps):.0f}x |"


def test_bench_table_prints_growth_from_a_million_to_ten_million() -> None:
    small = _figures({"validate": 2.0}, {})
    big = {**_figures({"validate": 25.0}, {}), "triples": 10_000}
    table = bench.table({"sizes": {"1000000": {"fast": small}, "10000000": {"fast": big}}})
    assert "growth 10^6→10^7" in table.splitlines()[0]
    assert "| validate | 2.0 s | 25.0 s | 12.5x |" in table
    assert "| triples | 1,000 | 10,000 | 10.0x |" in table


def test_bench_asks_about_the_most_claimed_or_the_median_drug(tmp_path: Path) -> None:
    generate.generate(tmp_path / "p", 40, seed=2)
    built = build_graph(Project(tmp_path / "p"))
    claims = {drug.value: int(n.value) for drug, n in select(built.store, """
        SELECT ?drug (COUNT(?c) AS ?n) WHERE { ?c a df:Claim ; rdf:subject ?drug . ?drug a df:Drug
                                               FILTER EXISTS { ?drug df:hasSideEffect [] } }
        GROUP BY ?drug""")}
    ranked = sorted(claims.values(), reverse=True)
    most, median = (bench.question_inputs(built.store, which)["drug"] for which in bench.DRUG_CHOICES)
    assert claims[most] == ranked[0] and claims[median] == ranked[len(ranked) // 2]
    assert claims[most] > claims[median]


def test_bench_merges_phases_with_each_step_and_the_highest_peaks() -> None:
    build = {**_figures({"load": 1.0}, {}), "parameters": {}, "build_peak_mib": 900.0, "peak_mib": 900.0}
    rebuild = {**_figures({bench.REBUILD: 2.0}, {}), "parameters": {}, "triples": None,
               "build_peak_mib": 1200.0, "peak_mib": 1200.0}
    questions = {**_figures({"question treats": None}, {"question treats": 60.0}), "triples": None,
                 "parameters": {"question treats": ["drug"]}, "build_peak_mib": None, "peak_mib": 2000.0}
    merged = bench.merge_phases([build, rebuild, questions])
    assert merged["seconds"] == {"load": 1.0, bench.REBUILD: 2.0, "question treats": None}
    assert merged["capped"] == {"question treats": 60.0}
    assert (merged["triples"], merged["build_peak_mib"], merged["peak_mib"]) == (1000, 1200.0, 2000.0)
    assert merged["parameters"] == {"question treats": ["drug"]}
