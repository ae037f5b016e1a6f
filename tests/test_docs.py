"""The README documents every command and every setting: one that is not documented fails here."""

from __future__ import annotations

import re
from pathlib import Path

import click

from dostop.cli import main

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
# The README leads and maps; each feature's reference lives in docs/. Documented means either.
DOCS = README + "".join(path.read_text(encoding="utf-8")
                        for path in sorted((ROOT / "docs").glob("*.md")))
SETTINGS = (ROOT / "site" / "dostop" / "settings.py").read_text(encoding="utf-8")


def command_paths(group: click.Group, prefix: str = "dostop") -> list[str]:
    paths = []
    context = click.Context(group)
    # Through list_commands/get_command, so the audit (loaded only when asked for) counts too.
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        assert command is not None
        path = f"{prefix} {name}"
        if isinstance(command, click.Group):
            paths.extend(command_paths(command, path))
        else:
            paths.append(path)
    return paths


def test_every_command_is_in_the_readme() -> None:
    commands = command_paths(main)
    assert len(commands) >= 7  # serve, content check, i18n check, audit, submissions ×2, outbox
    missing = [path for path in commands if f"`{path}" not in DOCS]
    assert missing == [], f"commands documented neither in README.md nor in docs/: {missing}"


def test_every_setting_read_from_the_environment_is_in_the_readme() -> None:
    variables = set(re.findall(r'(?:env\.get|flag)\("([A-Z_]+)"', SETTINGS))
    assert {"DOSTOP_SECRET_KEY", "DATABASE_URL", "DOSTOP_HTTPS"} <= variables
    missing = sorted(name for name in variables if f"`{name}`" not in DOCS)
    assert missing == [], f"settings documented neither in README.md nor in docs/: {missing}"


def test_the_readme_states_the_two_commands() -> None:
    assert "make run" in README and "make test" in README


def test_the_readme_maps_every_document_in_docs() -> None:
    documents = sorted(path.name for path in (ROOT / "docs").glob("*.md"))
    assert len(documents) >= 5
    unmapped = [name for name in documents if f"(docs/{name})" not in README]
    assert unmapped == [], f"docs/ files the README's map does not link: {unmapped}"


def test_every_relative_link_in_the_docs_leads_to_a_file() -> None:
    # Sections move between README.md and docs/; a link left pointing at the old place is a
    # dead end for the reader.
    broken = []
    for page in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        text = page.read_text(encoding="utf-8")
        for target in re.findall(r"\]\(([^)\s#]+)(?:#[^)]*)?\)", text):
            if "://" in target or target.startswith("mailto:"):
                continue
            if not (page.parent / target).exists():
                broken.append(f"{page.relative_to(ROOT)} → {target}")
    assert broken == [], f"links to files that do not exist: {broken}"
