"""The embedded engine: Oxigraph gives rdflib's answers, the build is incremental and can run
in an on-disk store.

- Every saved question in queries/*.rq gets the same answer from Oxigraph (what `drugfacts
  query` runs on) as from rdflib, on the seed data and on a generated graph.
- After a first build, a changed claim file is the only one minted again; a re-curated source
  text sends the claims that quote it through minting again; the output is byte for byte that
  of a clean build.
- `drugfacts build --store PATH` builds in an on-disk store and writes the same graph.
"""

from __future__ import annotations

import hashlib
import io
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.plugins.sparql import prepareQuery

from drugfacts import build as build_module
from drugfacts.build import CACHE_DIR, build
from drugfacts.errors import UsageError
from drugfacts.project import Project
from drugfacts.query import (
    QueryResult,
    bind_parameters,
    load_graph,
    load_store,
    run_query,
    saved_queries,
    with_values,
)
from drugfacts.store import (
    LineSorter,
    _PrefixesSorted,
    from_rdflib,
    open_store,
    select,
    sorted_lines,
    to_rdflib_term,
)
from drugfacts.validate import ENGINES
from drugfacts.vocab import PREFIXES

from conftest import REPO, comparable, load_script, make_project, run

SAVED = sorted(p.stem for p in (REPO / "queries").glob("*.rq"))
# Parameter values on the seed data, for the questions that take them (each query takes the ones
# it declares); the optional ones are also left out, below.
SEED_GIVEN = {"drug": "diazepam", "predicate": "treats", "object": "insomnia", "class": "benzodiazepines",
              "entity": "drug:diazepam", "text": "withdrawal",
              "source": "Diazepam: An Effective Medication for Low Back Pain Relief"}


# ---------------------------------------------------------------- the store's helpers

def test_terms_cross_between_rdflib_and_oxigraph_unchanged() -> None:
    terms = [URIRef("https://w3id.org/drugfacts/drug/diazepam"), BNode("b0"), Literal("may"),
             Literal("Valium", lang="en"), Literal("3", datatype=XSD.nonNegativeInteger),
             Literal('a "quoted" word\n')]
    assert [to_rdflib_term(from_rdflib(t)) for t in terms] == terms


def test_select_binds_terms_never_pastes_them() -> None:
    store = ox.Store()
    name = ox.Literal('x" } ; DROP ALL ; SELECT * { "')
    store.add(ox.Quad(ox.NamedNode("https://w3id.org/drugfacts/test/a"), ox.NamedNode("https://w3id.org/drugfacts/test/p"), name))
    rows = select(store, "SELECT ?s ?o WHERE { ?s ?p ?o }", {"o": name})
    assert rows == [(ox.NamedNode("https://w3id.org/drugfacts/test/a"), name)]


def test_sorted_lines_are_each_once_in_order() -> None:
    assert sorted_lines(b"<b> <p> <o> .\n<a> <p> <o> .\n<b> <p> <o> .\n") == b"<a> <p> <o> .\n<b> <p> <o> .\n"


# Three chunks of whole lines, with lines repeated within and across chunks.
CHUNKS = [b"<c> <p> <o> .\n<a> <p> <o> .\n", b"<b> <p> <o> .\n<c> <p> <o> .\n<a> <p> <o2> .\n",
          b"<a> <p> <o> .\n<d> <p> <o> .\n"]


@pytest.mark.parametrize("budget", [1, 40, 1 << 20], ids=["a run a chunk", "runs of two chunks", "one run"])
def test_line_sorter_gives_each_line_once_in_order_however_many_runs(tmp_path: Path, budget: int) -> None:
    sorter = LineSorter(tmp_path, budget)
    for chunk in CHUNKS:
        sorter.add(chunk)
    count = sorter.write(tmp_path / "out.nt")
    expected = b"<a> <p> <o2> .\n<a> <p> <o> .\n<b> <p> <o> .\n<c> <p> <o> .\n<d> <p> <o> .\n"
    assert (tmp_path / "out.nt").read_bytes() == expected and count == 5
    assert sorted(tmp_path.iterdir()) == [tmp_path / "out.nt"]  # the runs are gone


HEADER = b"@prefix z: <urn:z:> .\n@prefix a: <urn:a:> .\n@prefix m: <urn:m:> .\n"
SORTED_HEADER = b"@prefix a: <urn:a:> .\n@prefix m: <urn:m:> .\n@prefix z: <urn:z:> .\n"


@pytest.mark.parametrize("body", [b"\nz:s a:p m:o .\n", b""], ids=["triples", "header alone"])
@pytest.mark.parametrize("piece", [1, 9, 1 << 20])
def test_prefix_lines_come_out_sorted_however_the_stream_is_cut(piece: int, body: bytes) -> None:
    written, out = HEADER + body, io.BytesIO()
    stream = _PrefixesSorted(out)
    for start in range(0, len(written), piece):
        stream.write(written[start:start + piece])
    stream.close()
    assert out.getvalue() == SORTED_HEADER + body


def test_an_on_disk_store_is_emptied_and_a_foreign_folder_refused(tmp_path: Path) -> None:
    first = open_store(tmp_path / "store")
    first.add(ox.Quad(ox.NamedNode("https://w3id.org/drugfacts/test/a"), ox.NamedNode("https://w3id.org/drugfacts/test/p"),
                      ox.Literal("old")))
    first.flush()
    del first
    assert len(open_store(tmp_path / "store")) == 0
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "todo.txt").write_text("mine")
    with pytest.raises(UsageError, match="not an Oxigraph store"):
        open_store(tmp_path / "notes")
    assert (tmp_path / "notes" / "todo.txt").read_text() == "mine"


# ---------------------------------------------------------------- the same answers as rdflib

# A GROUP_CONCAT, maybe inside other functions (REPLACE), and the column it makes.
_CONCAT = re.compile(r'GROUP_CONCAT\([^;]*;\s*separator\s*=\s*"([^"]*)"\)[^?\n]*?\s+AS\s+\?(\w+)', re.IGNORECASE)
_RENAMED = re.compile(r"COALESCE\(\?(\w+)[^)]*\)\s+AS\s+\?(\w+)", re.IGNORECASE)
_ORDER = re.compile(r"^ORDER\s+BY\s+(.+)$", re.IGNORECASE | re.MULTILINE)


def concatenated(text: str) -> dict[str, str]:
    """The columns a query makes with GROUP_CONCAT (directly, inside other functions or through a
    COALESCE), and their separators."""
    separators = {column: separator for separator, column in _CONCAT.findall(text)}
    separators |= {new: separators[old] for old, new in _RENAMED.findall(text) if old in separators}
    return separators


def answers(graph: Graph | ox.Store, project: Project, name: str, given: dict[str, str]) -> object:
    """A saved question's answer in a form to compare: the columns and the rows in order (terms
    by value, conftest.comparable), or the set of triples; bound as the CLI binds them. SPARQL
    leaves some order to the engine, so the rows are compared as a multiset, and their order
    only on the columns of the outer ORDER BY; the parts of a GROUP_CONCAT are compared sorted."""
    saved = saved_queries(project)[name]
    bindings = bind_parameters(graph, saved, {p.name: given[p.name] for p in saved.parameters
                                              if p.name in given})
    result: QueryResult = run_query(graph, saved.text, bindings)
    if result.is_graph:
        return {tuple(map(comparable, t)) for t in result.triples}
    separators = concatenated(saved.text)

    def cell(column: str, term: object) -> object:
        if column in separators and term is not None:
            return tuple(sorted(str(term).split(separators[column])))
        return comparable(term)
    rows = [tuple(cell(c, term) for c, term in zip(result.variables, row)) for row in result.rows]
    ordered = _ORDER.findall(saved.text)
    keys = [result.variables.index(v) for v in re.findall(r"\?(\w+)", ordered[-1]) if v in result.variables
            ] if ordered else []
    return result.variables, sorted(rows, key=repr), [[row[k] for k in keys] for row in rows], result.boolean


def parameter_sets(project: Project, name: str, given: dict[str, str]) -> list[dict[str, str]]:
    """Every parameter given; and, where some are optional, the required ones only."""
    saved = saved_queries(project)[name]
    required = {p.name: given[p.name] for p in saved.parameters if p.required}
    return [given] + ([required] if any(not p.required for p in saved.parameters) else [])


@pytest.fixture(scope="module")
def seed_engines(built_seed: Project) -> tuple[Graph, ox.Store]:
    return load_graph(built_seed), load_store(built_seed)


def test_every_saved_question_is_compared() -> None:
    assert len(SAVED) >= 20 and set(SAVED) == set(saved_queries(Project(REPO)))


@pytest.mark.parametrize("name", SAVED)
def test_oxigraph_answers_as_rdflib_on_the_seed_data(seed_engines: tuple[Graph, ox.Store],
                                                      built_seed: Project, name: str) -> None:
    graph, store = seed_engines
    for given in parameter_sets(built_seed, name, SEED_GIVEN):
        expected = answers(graph, built_seed, name, given)
        assert answers(store, built_seed, name, given) == expected, given


def test_seed_answers_are_not_empty(seed_engines: tuple[Graph, ox.Store], built_seed: Project) -> None:
    """The comparison is not of empty answers: most questions answer something on the seeds."""
    graph, _ = seed_engines
    answered = [name for name in SAVED if (found := answers(graph, built_seed, name, SEED_GIVEN))
                and (isinstance(found, set) or found[1] or found[3])]
    assert len(answered) >= len(SAVED) - 4, set(SAVED) - set(answered)


def test_comparison_sees_a_different_graph(seed_engines: tuple[Graph, ox.Store], built_seed: Project) -> None:
    """The check has teeth: the same question over a store that lacks one side-effect claim's
    object answers otherwise."""
    graph, store = seed_engines
    smaller = ox.Store()
    smaller.extend(store)
    claim, = select(smaller, """SELECT ?claim WHERE { ?claim rdf:subject drug:diazepam ;
                                  rdf:predicate df:hasSideEffect } ORDER BY ?claim LIMIT 1""")[0]
    smaller.remove(next(iter(smaller.quads_for_pattern(claim, ox.NamedNode(str(RDF.object)), None))))
    given = {"drug": "diazepam"}
    assert answers(smaller, built_seed, "side-effects", given) != answers(graph, built_seed, "side-effects", given)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Project, dict[str, str]]]:
    """A generated project of 60 sources, built into its dist/, with the saved questions, and
    parameter values about its drug with the most claims (as scripts/bench.py picks them)."""
    root = tmp_path_factory.mktemp("generated") / "project"
    load_script("generate").generate(root, 60, seed=5)
    shutil.copytree(REPO / "queries", root / "queries")
    project = Project(root)
    build(project)
    given = load_script("bench").question_inputs(load_store(project))
    yield project, given


@pytest.mark.slow
def test_oxigraph_answers_as_rdflib_on_a_generated_graph(generated: tuple[Project, dict[str, str]]) -> None:
    project, given = generated
    graph, store = load_graph(project), load_store(project)
    differing = [(name, chosen) for name in SAVED for chosen in parameter_sets(project, name, given)
                 if answers(store, project, name, chosen) != answers(graph, project, name, chosen)]
    assert differing == []


# ---------------------------------------------------------------- incremental build

@pytest.fixture
def minted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The claim files the build mints, in order: a spy on build.mint_claims."""
    calls: list[str] = []
    real = build_module.mint_claims

    def spy(curated: object, texts: object, shown: Path) -> object:
        calls.append(Path(shown).name)
        return real(curated, texts, shown)
    monkeypatch.setattr(build_module, "mint_claims", spy)
    return calls


def clean_build_turtle(project: Path, tmp_path: Path) -> bytes:
    """dist/drugfacts.ttl of a copy of the project built from nothing (no cache)."""
    copy = tmp_path / "clean"
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns(CACHE_DIR, "dist"))
    build(Project(copy))
    return (copy / "dist" / "drugfacts.ttl").read_bytes()


def test_a_changed_claim_file_is_the_only_one_minted_again(mini: Path, minted: list[str], tmp_path: Path) -> None:
    project = Project(mini)
    build(project)
    assert sorted(minted) == ["ibuprofen-tablets.ttl", "ibuprofen-what-it-is-for.ttl"]
    minted.clear()
    build(project)
    assert minted == []  # nothing changed: everything from the cache
    changed = mini / "data" / "claims" / "ibuprofen-what-it-is-for.ttl"
    changed.write_text(changed.read_text().replace('df:hedge "may"', 'df:hedge "might"', 1))
    assert changed.read_text().count('"might"') == 1
    build(project)
    assert minted == ["ibuprofen-what-it-is-for.ttl"]
    written = (mini / "dist" / "drugfacts.ttl").read_bytes()
    assert b'"might"' in written
    assert written == clean_build_turtle(mini, tmp_path)


def test_a_recurated_source_text_sends_its_claims_through_minting(mini: Path, minted: list[str],
                                                                    tmp_path: Path) -> None:
    """Text put before every quote of a.txt: its claims' offsets move, the claims of b.txt stay."""
    project = Project(mini)
    build(project)
    before = (mini / "dist" / "drugfacts.ttl").read_bytes()
    minted.clear()
    text = mini / "data" / "sources" / "a.txt"
    old_digest = hashlib.sha256(text.read_bytes()).hexdigest()
    text.write_text("A new first line.\n" + text.read_text())
    sources = mini / "data" / "sources.ttl"
    assert sources.read_text().count(old_digest) == 1
    sources.write_text(sources.read_text().replace(old_digest, hashlib.sha256(text.read_bytes()).hexdigest()))
    build(project)
    quoting_a = [p.name for p in project.claim_files() if "a.txt" in quoted_files(p, mini)]
    assert quoting_a and minted == quoting_a
    after = (mini / "dist" / "drugfacts.ttl").read_bytes()
    assert after != before  # the offsets moved with the text
    assert after == clean_build_turtle(mini, tmp_path)


def quoted_files(claim_file: Path, root: Path) -> set[str]:
    """The source text files a claim file's claims quote, read from the sources' metadata."""
    graph = Graph().parse(root / "data" / "sources.ttl")
    claims = Graph().parse(claim_file)
    file_name = URIRef("https://w3id.org/drugfacts/vocab#fileName")
    derived = URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")
    return {str(graph.value(source, file_name)) for source in claims.objects(None, derived)}


def test_a_tampered_cache_entry_shows_in_the_comparison(mini: Path, tmp_path: Path) -> None:
    """The byte comparison has teeth: a cache entry changed behind the build's back is used (its
    file did not change) and gives other output than a clean build."""
    project = Project(mini)
    build(project)
    entry = next(p for p in (mini / CACHE_DIR).glob("*.nt") if b'"may"' in p.read_bytes())
    entry.write_bytes(entry.read_bytes().replace(b'"may"', b'"perhaps"'))
    build(project)
    written = (mini / "dist" / "drugfacts.ttl").read_bytes()
    assert b'"perhaps"' in written
    assert written != clean_build_turtle(mini, tmp_path)


@pytest.fixture
def mapping_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The mapping sets the build reads (and checks against Bioregistry), in order."""
    calls: list[str] = []
    real = build_module.read_mapping_set

    def spy(path: Path, shown: Path | None = None) -> object:
        calls.append(path.name)
        return real(path, shown)
    monkeypatch.setattr(build_module, "read_mapping_set", spy)
    return calls


def test_an_unchanged_mapping_set_is_not_read_again(tmp_path: Path, mapping_reads: list[str]) -> None:
    linked = make_project(tmp_path / "linked", REPO / "tests" / "data" / "link" / "mini")
    build(Project(linked))
    assert mapping_reads == ["mini.sssom.tsv"]
    mapping_reads.clear()
    build(Project(linked))
    assert mapping_reads == []
    written = (linked / "dist" / "drugfacts.ttl").read_bytes()
    assert b"CHEBI_5855" in written
    assert written == clean_build_turtle(linked, tmp_path)


def test_a_cached_mapping_of_a_removed_entity_still_fails_with_its_row(tmp_path: Path,
                                                                      mapping_reads: list[str]) -> None:
    """The cache holds no line numbers: a set whose subject went away is read again to say which
    row maps it."""
    linked = make_project(tmp_path / "linked", REPO / "tests" / "data" / "link" / "mini")
    build(Project(linked))
    entities = linked / "data" / "entities" / "entities.ttl"
    text = entities.read_text()
    assert text.count("condition:anxiety a df:Condition") == 1
    entities.write_text(text.replace("condition:anxiety a df:Condition", "condition:anxiousness a df:Condition"))
    mapping_reads.clear()
    result = run(linked, "build")
    assert result.exit_code == 1
    assert mapping_reads == ["mini.sssom.tsv"]
    assert "mini.sssom.tsv:11" in result.stderr and "condition:anxiety" in result.stderr


# ---------------------------------------------------------------- build --store PATH

def test_build_in_an_on_disk_store_writes_the_same_graph(mini: Path, tmp_path: Path) -> None:
    assert run(mini, "build").exit_code == 0
    in_memory = (mini / "dist" / "drugfacts.ttl").read_bytes()
    shutil.rmtree(mini / CACHE_DIR)
    store = tmp_path / "store"
    result = run(mini, "build", "--store", str(store))
    assert result.exit_code == 0, result.stderr
    assert (mini / "dist" / "drugfacts.ttl").read_bytes() == in_memory
    on_disk = ox.Store.read_only(str(store))
    assert len(on_disk) > in_memory.count(b" .\n")  # data and ontology, kept on disk


def test_build_refuses_a_store_folder_that_is_not_a_store(mini: Path) -> None:
    (mini / "notes").mkdir()
    result = run(mini, "build", "--store", str(mini / "notes"))
    assert result.exit_code == 2
    assert "not an Oxigraph store" in result.stderr
    assert not (mini / "dist").exists()


def test_build_offers_store_and_each_registered_engine(mini: Path) -> None:
    help_text = run(mini, "build", "--help").stdout
    assert "--store" in help_text
    assert f"[{'|'.join(ENGINES)}]" in help_text
    assert run(mini, "build", "--engine", "nonesuch").exit_code == 2


def test_build_with_the_reference_engine_writes_the_same_graph(mini: Path) -> None:
    assert run(mini, "build", "--engine", "pyshacl").exit_code == 0
    reference = (mini / "dist" / "drugfacts.ttl").read_bytes()
    assert run(mini, "build").exit_code == 0
    assert (mini / "dist" / "drugfacts.ttl").read_bytes() == reference


def test_reference_engine_fails_an_invalid_build_too(tmp_path: Path) -> None:
    bad = make_project(tmp_path / "bad", REPO / "tests" / "data" / "bad" / "drug-without-label")
    for engine in ("fast", "pyshacl"):
        result = run(bad, "build", "--engine", engine)
        assert result.exit_code == 1, engine
        assert not (bad / "dist").exists()


# ---------------------------------------------------------------- binding parameters for Oxigraph

DIAZEPAM = URIRef("https://w3id.org/drugfacts/drug/diazepam")


@pytest.mark.parametrize(("query", "blocks"), [
    # the pattern, and an OPTIONAL that names the parameter
    ("SELECT ?c WHERE { ?x rdf:subject ?drug OPTIONAL { ?y rdf:subject ?drug } }", 2),
    # an OPTIONAL that does not name it is left alone
    ("SELECT ?c WHERE { ?x rdf:subject ?drug OPTIONAL { ?x df:hedge ?h } }", 1),
    # a VALUES data block is no pattern
    ("SELECT ?c WHERE { VALUES ?p { df:treats } ?x rdf:subject ?drug ; rdf:predicate ?p }", 1),
    # a subquery that projects the parameter is bound; one that does not keeps its own variable
    ("SELECT ?c WHERE { ?x rdf:subject ?drug { SELECT ?drug WHERE { ?y rdf:subject ?drug } } }", 2),
    ("SELECT ?c WHERE { ?x rdf:subject ?drug { SELECT ?y WHERE { ?y rdf:subject ?drug } } }", 1),
    # a CONSTRUCT template is no pattern
    ("CONSTRUCT { ?drug df:treats ?c } WHERE { ?drug df:treats ?c }", 1),
])
def test_parameters_are_bound_in_each_group_that_names_them(query: str, blocks: int) -> None:
    bound = with_values(query, {"drug": DIAZEPAM})
    assert bound.count("VALUES (?drug) { (<https://w3id.org/drugfacts/drug/diazepam>) }") == blocks
    prepareQuery(bound, initNs=PREFIXES)  # still a query
