"""The pages of `drugfacts serve` in a real headless Chromium (Debian's `chromium`), on the seed
data: what a person sees, with the pages' JavaScript run. Screenshots go to tests/artifacts/
for the record. Chromium is driven by its command line and, to click, by the DevTools protocol.
"""

from __future__ import annotations

import base64
import itertools
import json
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from websockets.sync.client import ClientConnection, connect

from drugfacts.project import Project
from drugfacts.query import load_graph
from drugfacts.serve import App, running

from conftest import REPO

pytestmark = pytest.mark.slow

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = REPO / "tests" / "artifacts"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]

if not CHROMIUM.is_file():
    pytest.skip("needs Debian's chromium at /usr/bin/chromium (apt-get install chromium; "
                ".ci/run installs it when run as root)", allow_module_level=True)


@pytest.fixture(scope="module")
def server(built_seed: Project) -> Iterator[str]:
    with running(App(built_seed, load_graph(built_seed))) as url:
        yield url


def chromium(profile: Path, *args: str) -> str:
    """Run headless Chromium once with a fresh profile; what it printed on stdout."""
    done = subprocess.run([str(CHROMIUM), *FLAGS, f"--user-data-dir={profile}", *args],
                          capture_output=True, text=True, timeout=120, check=True)
    return done.stdout


def section(dom: str, heading: str) -> str:
    """The HTML of the page's section under an <h2> heading."""
    start = dom.index(f"<h2>{heading}</h2>")
    return dom[start:dom.index("</section>", start)]


def item(html: str, marker: str) -> str:
    """The list item of the HTML that holds the marker."""
    at = html.index(marker)
    return html[html.rindex("<li>", 0, at):html.index("</li>", at)]


def test_diazepam_page_shows_side_effects_with_their_quotes(server: str, tmp_path: Path) -> None:
    dom = chromium(tmp_path, "--dump-dom", f"{server}/drug/diazepam")
    drowsiness = item(section(dom, "Has side effect"), '<a href="/condition/drowsiness">')
    assert "(2 sources)" in drowsiness
    quote = drowsiness[drowsiness.index("“Common side effects may include drowsiness”"):]
    quote = quote[:quote.index("</blockquote>")]
    assert 'href="/source/diazepam-an-effective-medication-for-low-back-pain-relief"' in quote


def test_screenshot_of_the_diazepam_page(server: str, tmp_path: Path) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "diazepam.png"
    shot.unlink(missing_ok=True)
    chromium(tmp_path, f"--screenshot={shot}", "--window-size=1200,2400", f"{server}/drug/diazepam")
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


class DevTools:
    """A page of a headless Chromium, driven through the DevTools protocol."""

    def __init__(self, socket: ClientConnection):
        self.socket = socket
        self.ids = itertools.count(1)

    def call(self, method: str, **params: object) -> dict:
        number = next(self.ids)
        self.socket.send(json.dumps({"id": number, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv(timeout=30))
            if message.get("id") == number:
                assert "error" not in message, message["error"]
                return message["result"]

    def evaluate(self, expression: str) -> object:
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result["result"].get("value")

    def wait_for(self, expression: str, seconds: float = 20) -> object:
        deadline = time.monotonic() + seconds
        while not (value := self.evaluate(expression)):
            assert time.monotonic() < deadline, f"waited {seconds} s for {expression}"
            time.sleep(0.1)
        return value


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[DevTools]:
    """Headless Chromium with its DevTools port open on 127.0.0.1; its first page."""
    process = subprocess.Popen([str(CHROMIUM), *FLAGS, f"--user-data-dir={tmp_path}",
                                "--remote-debugging-port=0", "--window-size=1200,1400",
                                "about:blank"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        port_file = tmp_path / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while not port_file.is_file() or not port_file.read_text().strip():
            assert process.poll() is None and time.monotonic() < deadline, "chromium did not start"
            time.sleep(0.1)
        port = port_file.read_text().split()[0]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as answer:
            page = next(t for t in json.load(answer) if t["type"] == "page")
        with connect(page["webSocketDebuggerUrl"], max_size=None) as socket:
            yield DevTools(socket)
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_a_saved_question_runs_from_the_home_page(server: str, browser: DevTools) -> None:
    browser.call("Page.navigate", url=f"{server}/")
    browser.wait_for("document.readyState === 'complete' && !!document.querySelector"
                     "('form[data-question=\"side-effects\"]')")
    browser.evaluate("""{
        const form = document.querySelector('form[data-question="side-effects"]');
        form.elements.drug.value = 'Valium';
        form.querySelector('button').click();
    }""")
    state = browser.wait_for("document.querySelector('#side-effects .results').dataset.state "
                             "!== 'running' && document.querySelector('#side-effects .results')"
                             ".dataset.state")
    assert state == "done"
    cells = browser.evaluate("[...document.querySelectorAll('#side-effects .results td')]"
                             ".map(cell => cell.innerText)")
    assert "drowsiness" in cells
    browser.evaluate("document.getElementById('side-effects').scrollIntoView()")
    ARTIFACTS.mkdir(exist_ok=True)
    shot = browser.call("Page.captureScreenshot", format="png")
    (ARTIFACTS / "home-side-effects.png").write_bytes(base64.b64decode(shot["data"]))


def test_a_query_runs_from_the_query_page(server: str, browser: DevTools) -> None:
    browser.call("Page.navigate", url=f"{server}/sparql")
    browser.wait_for("document.readyState === 'complete' && !!document.getElementById('sparql')")
    browser.evaluate("""{
        const form = document.getElementById('sparql');
        form.elements.query.value = 'SELECT ?label WHERE { drug:diazepam skos:altLabel ?label }';
        form.querySelector('button').click();
    }""")
    results = "document.querySelector('#sparql + .results')"
    state = browser.wait_for(f"{results}.dataset.state !== 'running' && {results}.dataset.state")
    assert state == "done"
    assert browser.evaluate(f"[...{results}.querySelectorAll('td')].map(c => c.innerText)") \
        == ["Valium"]
