"""The site index's cost on a large archive: the page rendered afresh (the page cache dropped
before each request), median of `--rounds`, with its size. Run it once per checkout to compare
(`--site OLD/site`), on content from bench/generate_content.py:

    .venv/bin/python bench/generate_content.py 10000 /tmp/si10k/content
    .venv/bin/python bench/site_index.py /tmp/si10k/content
    .venv/bin/python bench/site_index.py /tmp/si10k/content --site ../old/site
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("content", type=Path)
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="the source root to time")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    sys.path.insert(0, str(args.site.resolve()))
    from starlette.testclient import TestClient

    from dostop.app import create_app
    from dostop.settings import Settings

    with tempfile.TemporaryDirectory() as var:
        settings = replace(Settings(), content_dir=args.content, var_dir=Path(var),
                           secret_key="bench", site_url="http://testserver")
        app = create_app(settings)
        with TestClient(app) as client:
            for locale, path in (("sl", "/sl/kazalo/"), ("en", "/en/site-index/")):
                times, size = [], 0
                for _ in range(args.rounds):
                    app.state.pages.drop_all()
                    started = time.perf_counter()
                    response = client.get(path)
                    times.append(time.perf_counter() - started)
                    size = len(response.content)
                print(f"{args.site}: site index {locale}: median "
                      f"{statistics.median(times) * 1000:.1f} ms, {size // 1024} kB")


if __name__ == "__main__":
    main()
