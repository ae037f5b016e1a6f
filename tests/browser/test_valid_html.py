"""Valid HTML, as the Nu Html Checker (the W3C validator; vnu-jar from npm, run by Java) sees it:
every page in the sitemap and the page behind every interactive state, as the server sends it,
in both languages with the accessibility mode off and on; and the document as it is after each
interaction (dialogs open, results and news swapped in, form errors shown). Zero errors and
zero warnings is the pass mark. The checker starts once, over all the files.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from selenium import webdriver
from servers import missing_server
from states import MODES, STATES, sitemap_paths

from dostop.http.preferences import COOKIE_NAME, Preferences, PreferencesCodec
from dostop.settings import Settings

VNU = Path(__file__).resolve().parents[2] / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# The JIT's first tier only: half the CPU time for a run this short (bench/README.md). Its
# frames are larger, so the checker's schema evaluation needs more stack than its stated 512k.
JAVA_FLAGS = ("-Xss16m", "-XX:TieredStopAtLevel=1")


def served(url: str, cookie: str | None) -> str:
    """The page as the server sends it, error pages included (the 404 page is a state)."""
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            body: bytes = response.read()
    except urllib.error.HTTPError as error:
        body = error.read()
    return body.decode("utf-8")


def validate(files: dict[Path, str]) -> list[str]:
    """Runs the checker once over `files` (path → what it holds, for the message); one line
    per error or warning."""
    if not shutil.which("java"):
        missing_server("java not found: install Debian's default-jre-headless (make test does)")
    done = subprocess.run(["java", *JAVA_FLAGS, "-jar", str(VNU), "--format", "json", "--stdout",
                           *map(str, files)], capture_output=True, text=True, timeout=300)
    messages: list[dict[str, Any]] = json.loads(done.stdout)["messages"]
    by_name = {path.name: label for path, label in files.items()}
    lines = []
    for message in messages:
        if message["type"] == "info" and message.get("subType") != "warning":
            continue
        label = by_name.get(message.get("url", "").rsplit("/", 1)[-1], message.get("url", ""))
        kind = message.get("subType", message["type"])
        lines.append(f"{label}: {kind} line {message.get('lastLine', '?')}: {message['message']}"
                     f"  {message.get('extract', '').strip()[:160]}")
    return lines


def test_every_page_and_state_is_valid_html(browser: webdriver.Chrome, live_server: Any,
                                            live_settings: Settings, tmp_path: Path) -> None:
    files: dict[Path, str] = {}

    def keep(label: str, html: str) -> None:
        path = tmp_path / f"{len(files):03d}.html"
        path.write_text(html, encoding="utf-8")
        files[path] = label

    pages = tuple(dict.fromkeys([*sitemap_paths(live_server.url), *(s.path for s in STATES)]))
    codec = PreferencesCodec(live_settings.secret_key)
    for mode in MODES:
        cookie = (f"{COOKIE_NAME}={codec.dumps(Preferences(mode='on'))}" if mode == "on" else None)
        for path in pages:
            keep(f"{path} [served, mode {mode}]", served(live_server.url + path, cookie))
        for item in STATES:
            item.open(browser, live_server, live_settings, mode)
            keep(f"{item.path} [{item.name}, mode {mode}]", "<!DOCTYPE html>\n" + browser.execute_script(
                "return document.documentElement.outerHTML"))
    assert len(files) > 4 * len(STATES)
    found = validate(files)
    assert not found, f"{len(found)} problems in {len(files)} documents:\n" + "\n".join(found)
