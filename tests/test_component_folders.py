"""Where things live: each component's folder holds its macro, example, style and script, the
bundles carry them in cascade order, and what stays in static/ or templates/ belongs to no one
component (docs/components.md states the rule)."""

from __future__ import annotations

import re
from pathlib import Path

import jinja2
from jinja2 import nodes
from starlette.applications import Starlette

ROOT = Path(__file__).resolve().parents[1]
COMPONENTS = ROOT / "site" / "dostop" / "components"
TEMPLATES = ROOT / "site" / "dostop" / "templates"
COMPONENT_NAMES = sorted(path.name for path in COMPONENTS.iterdir() if path.is_dir())
NAME = re.compile(r"\bd-[a-z0-9_-]*[a-z0-9]")


def test_every_component_is_a_folder_with_one_documented_macro_and_an_example(
        shared_app: Starlette) -> None:
    env: jinja2.Environment = shared_app.state.site.environment("en")
    assert len(COMPONENT_NAMES) >= 20
    for name in COMPONENT_NAMES:
        folder = COMPONENTS / name
        text = (folder / f"{name}.html").read_text(encoding="utf-8")
        assert text.lstrip().startswith("{#"), f"{name}: document the parameters first"
        assert "Parameters" in text.split("#}")[0] or "No parameters" in text.split("#}")[0], name
        top_level = [node for node in env.parse(text).body if isinstance(node, nodes.Macro)]
        assert len(top_level) == 1, f"{name}: one macro per file"
        assert (folder / "example.html").exists(), f"{name}: no example for the pattern page"
        strays = [p.name for p in folder.iterdir() if p.name not in
                  {f"{name}.html", f"{name}.css", f"{name}.js", "example.html"}]
        assert strays == [], f"{name}: files the bundles and the pattern page do not know"


def test_each_components_style_and_script_ride_in_the_bundles_between_base_and_mode(
        shared_app: Starlette) -> None:
    assets = shared_app.state.site.assets
    for suffix, bundle_name, first in ((".css", "dostop.css", "static/css/base.css"),
                                       (".js", "dostop.js", "static/js/core.js")):
        bundle = assets.by_name[bundle_name].body.decode("utf-8")
        start = bundle.index((ROOT / first).read_text(encoding="utf-8"))
        own = sorted(COMPONENTS.glob(f"*/*{suffix}"))
        assert own, f"no component has its own {suffix}"
        for path in own:
            assert bundle.index(path.read_text(encoding="utf-8")) > start, path.name
        if suffix == ".css":  # the accessibility mode comes last, so it wins over every component
            mode = bundle.index((ROOT / "static/css/mode.css").read_text(encoding="utf-8"))
            assert all(bundle.index(p.read_text(encoding="utf-8")) < mode for p in own)


def _users() -> dict[str, set[str]]:
    """Each d- name (class, module) → who writes it: a component's name, or the path of a
    template or site-wide script."""
    users: dict[str, set[str]] = {}
    sources = [(name, COMPONENTS / name / f"{name}.html") for name in COMPONENT_NAMES]
    sources += [(str(p.relative_to(ROOT)), p) for p in sorted(TEMPLATES.rglob("*.html"))]
    sources += [(str(p.relative_to(ROOT)), p) for p in sorted((ROOT / "static/js").glob("*.js"))]
    for user, path in sources:
        for found in NAME.findall(path.read_text(encoding="utf-8")):
            users.setdefault(found, set()).add(user)
    return users


def _owner(names: set[str], users: dict[str, set[str]]) -> str | None:
    """The one component that alone writes every one of these names, if there is one."""
    owners = {user for name in names for user in users.get(name, {"?"})}
    return owners.pop() if len(owners) == 1 and owners <= set(COMPONENT_NAMES) else None


def test_no_site_wide_style_or_script_belongs_to_one_component() -> None:
    users = _users()
    for css in sorted((ROOT / "static/css").glob("*.css")):
        if css.name == "mode.css":  # the mode overrides components by design: it must come last
            continue
        text = re.sub(r"/\*.*?\*/", "", css.read_text(encoding="utf-8"), flags=re.S)
        for selector in re.findall(r"([^{}]+)\{[^{}]*\}", text):
            classes = set(re.findall(r"\.(d-[a-z0-9_-]+)", selector))
            owner = _owner(classes, users) if classes else None
            assert owner is None, f"{css.name}: {selector.strip()!r} belongs in {owner}/"
    for js in sorted((ROOT / "static/js").glob("*.js")):
        for module in re.findall(r'define\("([^"]+)"', js.read_text(encoding="utf-8")):
            owner = _owner({module}, {name: found - {str(js.relative_to(ROOT))}
                                      for name, found in users.items()})
            assert owner is None, f"{js.name}: module {module!r} belongs in {owner}/"


def test_templates_are_pages_parts_or_components() -> None:
    """docs/components.md: pages are what views render, parts are pieces of pages, components are
    folders; no fourth kind of partial (an `_`-prefixed page) and nothing included from pages/."""
    templates = sorted(TEMPLATES.rglob("*.html"))
    assert [p.name for p in templates if p.name.startswith("_")] == []
    assert {p.parent.name for p in templates if p.parent != TEMPLATES} == {"pages", "parts"}
    markup = {p: p.read_text(encoding="utf-8") for p in [*templates, *COMPONENTS.rglob("*.html")]}
    named = [(p, found) for p, text in markup.items()
             for found in re.findall(r"""["']((?:pages|parts)/[\w.-]+\.html)["']""", text)]
    assert [(p.name, found) for p, found in named if found.startswith("pages/")] == []
    python = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "site/dostop").rglob("*.py"))
    for part in sorted((TEMPLATES / "parts").glob("*.html")):
        assert any(found == f"parts/{part.name}" for _, found in named) or \
            f"parts/{part.name}" in python, f"parts/{part.name} is used nowhere"
