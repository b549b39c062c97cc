"""The reports in a real browser: headless Chromium loads every figure with no console error.

Chromium (Debian's ``chromium`` package; ``.ci/run`` installs it) is driven through the DevTools
protocol over ``--remote-debugging-pipe``: JSON messages separated by NUL bytes on file
descriptors 3 (commands in) and 4 (replies and events out). That needs no websocket, driver or
npm package, only the standard library. The page is loaded from disk with networking off; every
request the browser makes, every console message and every uncaught exception is recorded.

Without Chromium these tests are skipped with a one-line reason and the install hint, so that
``make test`` passes on a machine with only Python and make; on CI (``CI`` set, as ``.ci/run``
runs, which installs Chromium) a missing browser is a failure, never a skip.
"""

from __future__ import annotations

import fcntl
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest

from sim.cli import main

from .conftest import REDUCED_FORM, SCENARIOS

TIMEOUT = 60.0
"""Seconds to wait for the browser to answer or a page to load."""

FLAGS = (
    "--headless",
    "--no-sandbox",  # CI runs as root, where Chromium's sandbox cannot start
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-default-apps",
    "--disable-extensions",
    "--disable-sync",
    "--no-default-browser-check",
    "--no-first-run",
    "--window-size=1280,900",
    "--remote-debugging-pipe",
)


INSTALL_HINT = "apt-get update && apt-get install -y chromium (.ci/run does)"


def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        reason = f"Chromium not found on PATH (to check reports in a browser): {INSTALL_HINT}"
        if os.environ.get("CI"):
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    return path


class Browser:
    """Headless Chromium spoken to over the DevTools pipe."""

    def __init__(self, executable: str) -> None:
        self.profile = tempfile.mkdtemp(prefix="cqsim-chromium-")
        commands_read, self._commands = os.pipe()
        self._replies, replies_write = os.pipe()
        # Chromium reads commands on descriptor 3 and writes replies on 4. The child's ends are
        # moved to 10 or above (clear of 3 and 4); bash (dash takes one-digit descriptors only)
        # puts them on 3 and 4 and becomes Chromium.
        commands_read, replies_write = _above_ten(commands_read), _above_ten(replies_write)
        script = (
            f'exec "$0" "$@" 3<&{commands_read} 4>&{replies_write} '
            f"{commands_read}<&- {replies_write}>&-"
        )
        self.process = subprocess.Popen(
            ["bash", "-c", script, executable, *FLAGS, f"--user-data-dir={self.profile}"],
            pass_fds=(commands_read, replies_write),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        os.close(commands_read)
        os.close(replies_write)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict[str, Any]] = []

    def call(self, method: str, params: dict | None = None, session: str | None = None) -> dict:
        """Send a command and wait for its reply; events that arrive meanwhile are kept."""
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session is not None:
            message["sessionId"] = session
        os.write(self._commands, json.dumps(message).encode() + b"\0")
        reply = self.wait_for(lambda m, i=self._next_id: m.get("id") == i)
        if "error" in reply:
            raise RuntimeError(f"{method}: {reply['error']}")
        return reply["result"]

    def wait_for(self, wanted) -> dict[str, Any]:  # noqa: ANN001 - predicate on a message
        """The first message (reply or event) for which ``wanted`` is true."""
        deadline = time.monotonic() + TIMEOUT
        while True:
            while b"\0" in self._buffer:
                raw, self._buffer = self._buffer.split(b"\0", 1)
                message = json.loads(raw)
                if "method" in message:
                    self.events.append(message)
                if wanted(message):
                    return message
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"Chromium did not answer within {TIMEOUT:.0f} s")
            ready, _, _ = select.select([self._replies], [], [], left)
            if ready:
                chunk = os.read(self._replies, 1 << 20)
                if not chunk:
                    err = self.process.stderr.read().decode(errors="replace")[-2000:]
                    raise RuntimeError(f"Chromium exited early:\n{err}")
                self._buffer += chunk

    def open(self, url: str) -> str:
        """Load ``url`` in a new tab with console, log and network events on; the session id."""
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})[
            "sessionId"
        ]
        for domain in ("Page", "Runtime", "Log", "Network"):
            self.call(f"{domain}.enable", session=session)
        self.events.clear()
        self.call("Page.navigate", {"url": url}, session=session)
        self.wait_for(
            lambda m: m.get("method") == "Page.loadEventFired" and m.get("sessionId") == session
        )
        return session

    def evaluate(self, expression: str, session: str) -> Any:
        result = self.call(
            "Runtime.evaluate",
            {"expression": expression, "returnByValue": True, "awaitPromise": True},
            session=session,
        )
        if "exceptionDetails" in result:
            raise RuntimeError(f"script failed: {result['exceptionDetails']}")
        return result["result"]["value"]

    def close(self) -> None:
        try:
            self.call("Browser.close")
        except (RuntimeError, TimeoutError, OSError):
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._commands)
        os.close(self._replies)
        self.process.stderr.close()
        shutil.rmtree(self.profile, ignore_errors=True)


def _above_ten(fd: int) -> int:
    """A copy of ``fd`` numbered 10 or more; ``fd`` is closed."""
    moved = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
    os.close(fd)
    return moved


def problems_in(events: list[dict[str, Any]]) -> list[str]:
    """Console errors, uncaught exceptions and failed or outside requests among ``events``."""
    found = []
    for event in events:
        method, params = event["method"], event.get("params", {})
        if method == "Runtime.consoleAPICalled" and params["type"] in ("error", "assert"):
            args = " ".join(str(a.get("value", a.get("description"))) for a in params["args"])
            found.append(f"console.{params['type']}: {args}")
        elif method == "Runtime.exceptionThrown":
            found.append(f"exception: {params['exceptionDetails'].get('text')}")
        elif method == "Log.entryAdded" and params["entry"]["level"] == "error":
            found.append(f"log: {params['entry']['text']} {params['entry'].get('url', '')}")
        elif method == "Network.loadingFailed":
            found.append(f"failed request: {params.get('errorText')}")
    return found


@pytest.fixture(scope="module")
def browser():
    chromium = Browser(chromium_path())
    yield chromium
    chromium.close()


@pytest.fixture(scope="module")
def reports(made_once, run_report):
    """report.html of a run (English) and of a comparison (Chinese), with their figure counts."""

    def make(root):
        base = ["--draws", "100", "--seed", "1", "--quiet", *REDUCED_FORM]
        shipped = [str(SCENARIOS / "baseline.yaml"), str(SCENARIOS / "property_debt_stress.yaml")]
        assert (
            main(["compare", *shipped, *base, "--lang", "zh", "--out", str(root / "compare")]) == 0
        )

    run_out, compare_out = run_report, made_once("browser-comparison", make) / "compare"
    return {
        kind: (out / "report.html", len(list((out / "figures").glob("*.png"))))
        for kind, out in (("run", run_out), ("compare", compare_out))
    }


A4_LANDSCAPE_PX = round((297 - 2 * 12) / 25.4 * 96)
"""Width of an A4 landscape page inside the report's 12 mm print margins, CSS pixels."""

OVERFLOWING_TABLES = """Array.from(document.querySelectorAll("table"), t => ({
  head: t.querySelector("th") ? t.querySelector("th").textContent.slice(0, 30) : "",
  right: t.getBoundingClientRect().right,
  box: (t.closest(".scroll") || document.body).getBoundingClientRect().right,
  page: document.documentElement.clientWidth,
})).filter(t => t.right > Math.min(t.box, t.page) + 1)"""
"""Tables whose right edge lies beyond their scroll box or the page: columns cut off."""


@pytest.mark.parametrize("kind", ["run", "compare"])
def test_report_opens_in_chromium_with_every_figure_loaded_and_no_errors(browser, reports, kind):
    path, n_figures = reports[kind]
    url = Path(path).resolve().as_uri()
    session = browser.open(url)
    images = browser.evaluate(
        "Array.from(document.images, i => ({alt: i.alt, complete: i.complete,"
        " width: i.naturalWidth, height: i.naturalHeight, src: i.src.slice(0, 22)}))",
        session,
    )
    assert len(images) == n_figures >= 4
    for image in images:
        assert image["complete"] and image["width"] > 0 and image["height"] > 0, image["alt"]
        assert image["src"] == "data:image/png;base64,", image["alt"]
    title = browser.evaluate("document.title", session)
    assert title.startswith("cqsim ")
    assert problems_in(browser.events) == []
    requested = {
        e["params"]["request"]["url"]
        for e in browser.events
        if e["method"] == "Network.requestWillBeSent"
    }
    outside = {u for u in requested if u != url and not u.startswith("data:")}
    assert outside == set(), f"the report loaded files from outside itself: {outside}"


def test_problems_are_detected_on_a_broken_page(browser, tmp_path):
    """The checks above can fail: a missing image and a console error are both caught."""
    page = tmp_path / "broken.html"
    page.write_text(
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>x</title></head><body>'
        '<img src="missing.png" alt="gone"><script>console.error("boom")</script></body></html>'
    )
    session = browser.open(page.resolve().as_uri())
    width = browser.evaluate("document.images[0].naturalWidth", session)
    assert width == 0
    found = problems_in(browser.events)
    assert any("boom" in p for p in found)
    assert any("missing.png" in p or "ERR_FILE_NOT_FOUND" in p for p in found)


@pytest.mark.parametrize("kind", ["run", "compare"])
def test_every_table_fits_a_1400_px_window_and_an_a4_landscape_page(browser, reports, kind):
    path, _ = reports[kind]
    session = browser.open(Path(path).resolve().as_uri())
    metrics = {"height": 900, "deviceScaleFactor": 1, "mobile": False}
    browser.call("Emulation.setDeviceMetricsOverride", {"width": 1400, **metrics}, session)
    assert browser.evaluate(OVERFLOWING_TABLES, session) == []
    browser.call("Emulation.setEmulatedMedia", {"media": "print"}, session)
    browser.call(
        "Emulation.setDeviceMetricsOverride", {"width": A4_LANDSCAPE_PX, **metrics}, session
    )
    assert browser.evaluate(OVERFLOWING_TABLES, session) == []


def test_the_chinese_report_declares_chinese_and_names_its_sections_in_chinese(browser, reports):
    path, _ = reports["compare"]
    session = browser.open(Path(path).resolve().as_uri())
    assert browser.evaluate("document.documentElement.lang", session) == "zh-CN"
    headings = browser.evaluate(
        "Array.from(document.querySelectorAll('h2'), h => h.textContent)", session
    )
    assert "主要指标" in headings and "目标" in headings
