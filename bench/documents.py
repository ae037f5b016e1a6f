"""What reading documents costs start-up: the PDF check and page count (pikepdf) per demo PDF,
and loading the whole demo content with its documents checked.

    .venv/bin/python bench/documents.py
"""

from __future__ import annotations

import statistics
import sys
import time

from common import ROOT

sys.path.insert(0, str(ROOT / "site"))

from dostop.content import load_content  # noqa: E402
from dostop.content.documents import read_document  # noqa: E402


def main() -> None:
    pdfs = sorted((ROOT / "static" / "docs").glob("*.pdf"))
    per_pdf = []
    for _ in range(200):
        started = time.perf_counter()
        for path in pdfs:
            read_document(path)
        per_pdf.append((time.perf_counter() - started) / len(pdfs))
    loads = []
    for _ in range(9):
        started = time.perf_counter()
        load_content(ROOT / "site" / "content", ROOT / "static")
        loads.append(time.perf_counter() - started)
    print(f"{len(pdfs)} PDFs: read_document median {statistics.median(per_pdf) * 1000:.3f} ms each")
    print(f"load_content with documents checked: median {statistics.median(loads) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
