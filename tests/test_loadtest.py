"""scripts/loadtest.py, bounded: `drugfacts serve` on 127.0.0.1 over the seed graph answers
concurrent clients of the realistic mix with no failure, and the figures it reports add up."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from types import ModuleType

import pytest

from drugfacts.project import Project
from drugfacts.query import load_graph
from drugfacts.serve import App, running

from conftest import REPO


@pytest.mark.slow
def test_a_short_load_fails_nothing(built_seed: Project) -> None:
    done = subprocess.run([sys.executable, str(REPO / "scripts" / "loadtest.py"),
                           "--root", str(built_seed.root), "--clients", "4", "--duration", "3",
                           "--json"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    figures = json.loads(done.stdout)
    assert figures["failures"] == 0 and figures["failure_examples"] == []
    assert figures["clients"] == 4 and 3 <= figures["duration_s"] < 3 + 11  # one query's limit
    kinds = figures["by_kind"]
    assert set(kinds) == {"question", "page", "sparql"}
    assert all(kind["count"] > 0 for kind in kinds.values())
    assert sum(kind["count"] for kind in kinds.values()) == figures["requests"] == figures["count"]
    assert figures["queries_per_second"] == pytest.approx(
        figures["requests"] / figures["duration_s"], rel=0.02)
    latency = figures["latency_ms"]
    assert 0 < latency["p50"] <= latency["p95"] <= latency["p99"] <= latency["max"] < 10_000


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("loadtest", REPO / "scripts" / "loadtest.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # for its dataclasses
    spec.loader.exec_module(module)
    return module


def test_failures_are_counted_and_shown(built_seed: Project) -> None:
    """A refused request and an answer of the wrong kind are failures; a right one is not."""
    script = _script()
    right = script.Call("page", "GET", "/condition/drowsiness", {"Accept": "text/turtle"}, None,
                        script._is_turtle)
    refused = script.Call("question", "GET", "/questions/no-such-question", {}, None,
                          script._is_sparql_json)
    wrong = script.Call("sparql", "GET", "/condition/drowsiness", {"Accept": "text/html"}, None,
                        script._is_sparql_json)
    with running(App(built_seed, load_graph(built_seed))) as url:
        outcomes, seconds = script.load(url, {"page": [right], "question": [refused],
                                              "sparql": [wrong]}, 2, 1.0, 1)
    figures = script.Report(url, 2, seconds, None, outcomes).figures()
    kinds = figures["by_kind"]
    assert kinds["page"]["count"] > 0 and kinds["question"]["count"] > 0
    assert figures["failures"] == kinds["question"]["count"] + kinds["sparql"]["count"]
    examples = " ".join(figures["failure_examples"])
    assert "/questions/no-such-question: 404" in examples
    assert "200 but not the answer asked for" in examples
