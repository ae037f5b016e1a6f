"""Writes a content folder with the agency's demo content plus N generated news articles per
language (each Slovenian article with its English twin), for start-up and scale benchmarks.

    .venv/bin/python bench/generate_content.py 10000 /tmp/dostop-content-10000
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORDS = {
    "sl": ("regija občina projekt razpis mobilnost kolesarske povezave inovacije podjetja "
           "kreativne industrije sodelovanje razvoj energija prostor okolje promet turizem "
           "izobraževanje podatki dostopnost garancijska shema delavnica strategija").split(),
    "en": ("region municipality project call mobility cycle links innovation companies "
           "creative industries cooperation development energy space environment transport "
           "tourism education data accessibility guarantee scheme workshop strategy").split(),
}


def sentence(rng: random.Random, locale: str, words: int) -> str:
    text = " ".join(rng.choice(WORDS[locale]) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def article(rng: random.Random, locale: str, number: int, date: dt.date) -> str:
    title = sentence(rng, locale, 6).rstrip(".") + f" {number}"
    paragraphs = "\n\n".join(" ".join(sentence(rng, locale, rng.randint(8, 16))
                                      for _ in range(4)) for _ in range(4))
    return (f'---\ntitle: "{title}"\nslug: generated-{number}\nkey: generated-{number}\n'
            f"date: {date.isoformat()}\nsummary: \"{sentence(rng, locale, 14)}\"\n"
            f"tags: [generated]\n---\n{paragraphs}\n")


def generate(count: int, target: Path, seed: int = 9) -> Path:
    rng = random.Random(seed)
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(ROOT / "site" / "content", target)
    start = dt.date(2010, 1, 1)
    for number in range(count):
        date = start + dt.timedelta(days=number % 5000)
        for locale in ("sl", "en"):
            path = target / locale / "news" / f"generated-{number}.md"
            path.write_text(article(rng, locale, number, date), encoding="utf-8")
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("count", type=int, help="generated articles per language")
    parser.add_argument("target", type=Path, help="folder to (re)create")
    args = parser.parse_args()
    generate(args.count, args.target)
    print(f"{args.target}: demo content + {args.count} articles per language")


if __name__ == "__main__":
    main()
