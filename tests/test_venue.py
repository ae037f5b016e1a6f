"""Venue access: every provision stated yes or no, a contact for other needs, translated
labels, and each mistake at its line."""

from __future__ import annotations

from pathlib import Path

from dostop.content.frontmatter import parse
from dostop.content.venue import PROVISIONS, read_access
from dostop.i18n import load_translations

ROOT = Path(__file__).resolve().parents[1]
SL = load_translations(ROOT / "locales", "sl").gettext

FULL = """---
title: Info day
access:
  step_free: yes
  accessible_toilet: yes
  hearing_loop: "in the main hall"
  sign_language: no
  live_captions: no
  quiet_room: yes
  contact: dostopnost@rralur.si
---
"""


def read(text: str):  # type: ignore[no-untyped-def]
    front = parse(text)
    return read_access(front.fields.get("access"), lambda *keys: front.line("access", *keys))


def test_every_provision_is_read_in_order_with_its_note() -> None:
    access, problems = read(FULL)
    assert problems == [] and access is not None
    assert [p.key for p in access.provisions] == list(PROVISIONS)
    assert [p.key for p in access.not_provided] == ["sign_language", "live_captions"]
    assert access.provisions[2].note == "in the main hall"
    assert access.contact == "dostopnost@rralur.si"


def test_labels_and_calendar_text_are_translated() -> None:
    access, _ = read(FULL)
    assert access is not None
    text = access.as_text(SL)
    assert text.splitlines() == [
        "Dostopnost prizorišča:",
        "- Dostop brez stopnic: da",
        "- Prilagojeno stranišče: da",
        "- Indukcijska zanka: da (in the main hall)",
        "- Tolmačenje v slovenski znakovni jezik: ne",
        "- Sprotno podnaslavljanje: ne",
        "- Tiha soba: da",
        "Za druge potrebe se obrnite na dostopnost@rralur.si.",
    ]


def test_an_unknown_key_is_named_at_its_line() -> None:
    access, problems = read(FULL.replace("  quiet_room: yes\n",
                                         "  quiet_room: yes\n  wheelchair_lift: yes\n"))
    assert access is None
    assert problems == [(10, "unknown venue-access key 'wheelchair_lift': use step_free, "
                            "accessible_toilet, hearing_loop, sign_language, live_captions, "
                            "quiet_room or contact")]


def test_a_provision_left_unsaid_or_a_missing_contact_is_a_problem() -> None:
    text = FULL.replace("  hearing_loop: \"in the main hall\"\n", "").replace(
        "  contact: dostopnost@rralur.si\n", "")
    _, problems = read(text)
    assert (3, "venue access must say yes or no for every provision: missing hearing_loop") \
        in problems
    assert any(line == 3 and "needs a 'contact'" in message for line, message in problems)
    _, problems = read(FULL.replace("quiet_room: yes", "quiet_room: [1]"))
    assert problems == [(9, "'quiet_room' must be yes, no, or a note (which means yes, "
                            "with the note)")]
    _, problems = read(FULL.split("access:")[0] + "access: yes\n---\n")
    assert problems[0][0] == 3 and "must list the venue's provisions" in problems[0][1]
