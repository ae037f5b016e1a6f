"""Finds visible text that is not marked for translation in templates (check_python.py does Python).

Part of `dostop i18n check`. It is precise rather than eager, so that every report is worth fixing:
the Jinja source is lexed; every `{{ expression }}` becomes a neutral placeholder
followed by any string literal it may print (`{{ label or "Pages" }}`), `{% tags %}` and
`{# comments #}` vanish, and text inside `{% trans %}` is treated as translated. The HTML that
remains is parsed: its text nodes and user-visible attributes (alt, title, aria-label,
placeholder, the value of an input button, ...) are reported when they still hold a word.
Skipped: pure punctuation, numbers and whitespace; URL-like fragments ("?page="); text inside
`<kbd>`, `<code>`, `<samp>`, `<script>`, `<style>`; and text inside an element that carries its
own `lang` (a language's name written in itself, "Slovenščina") or `translate="no"`.

The explicit opt-out, for text that must stay as it is in every language, is a comment on the
same line: `{# i18n: ignore (reason) #}` in a template, `# i18n: ignore (reason)` in Python.
"""

from __future__ import annotations

import html as html_module
import re
from html.parser import HTMLParser
from pathlib import Path

import jinja2
from jinja2 import nodes

OPT_OUT = re.compile(r"i18n:\s*ignore")
PLACEHOLDER = "\x01"
# A word: two letters in a row (so "x", "·", "5." or "–" alone are not text).
WORD = re.compile(r"[^\W\d_]{2,}")
URL_LIKE = re.compile(r"^[^\s]*[?=&/#][^\s]*$")
SKIP_ELEMENTS = {"kbd", "code", "samp", "script", "style", "template"}
VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                 "param", "source", "track", "wbr"}
VISIBLE_ATTRIBUTES = {"alt", "title", "aria-label", "aria-description", "aria-roledescription",
                      "aria-valuetext", "aria-placeholder", "placeholder", "label"}
DATA_TEXT_ATTRIBUTE = re.compile(r"^data-[\w-]*(label|text|message|announce)[\w-]*$")


def is_text(value: str) -> bool:
    """True when `value` (placeholders removed) holds a word a reader would see."""
    text = value.replace(PLACEHOLDER, " ").strip()
    if not WORD.search(text):
        return False
    return not URL_LIKE.match(text)


def strip_jinja(source: str) -> tuple[str, set[int]]:
    """The template's HTML with Jinja taken out, line numbers kept; and the opted-out lines."""
    env = jinja2.Environment(extensions=["jinja2.ext.i18n"])
    env.parse(source)  # a template that does not parse says so, at its line
    out: list[str] = []
    ignored: set[int] = set()
    line = 1
    in_trans = False
    in_tag = ""
    tag_name: str | None = None
    expression: list[str] = []
    for lineno, kind, value in env.lex(source):
        if lineno > line:  # keep the HTML's line numbers equal to the template's
            out.append("\n" * (lineno - line))
            line = lineno
        if kind == "comment" and OPT_OUT.search(value):
            ignored.add(lineno)
        if kind in {"block_begin", "variable_begin"}:
            in_tag, tag_name, expression = kind, None, []
        elif in_tag == "variable_begin" and kind != "variable_end":
            expression.append(value)
        elif kind == "name" and in_tag == "block_begin" and tag_name is None:
            tag_name = value
            if value in {"trans", "pluralize"}:
                in_trans = True
            elif value == "endtrans":
                in_trans = False
        elif kind == "variable_end":
            # A literal the expression may print ({{ label or "Pages" }}) is text like any other.
            literals = " ".join(output_literals(env, "".join(expression)))
            out.append(PLACEHOLDER + html_module.escape(literals.replace("\n", " ")))
            in_tag = ""
        elif kind == "block_end":
            in_tag = ""
        if kind == "data":
            out.append(re.sub(r"[^\n]", PLACEHOLDER, value) if in_trans else value)
        else:
            out.append("\n" * value.count("\n"))
        line += value.count("\n")
    return "".join(out), ignored


def output_literals(env: jinja2.Environment, expression: str) -> list[str]:
    """The string constants an expression can print: its own value, either branch of an `if`,
    either side of `or`, a filtered value. Not the arguments of calls (`_("…")` is translated,
    `url_for("news_list")` is data) nor the operands of comparisons."""
    try:
        template = env.parse("{{" + expression + "}}")
    except jinja2.TemplateSyntaxError:
        return []
    output = template.body[0] if template.body else None
    if not isinstance(output, nodes.Output) or not output.nodes:
        return []
    literals: list[str] = []

    def collect(node: nodes.Node | None) -> None:
        if isinstance(node, nodes.Const) and isinstance(node.value, str):
            literals.append(node.value)
        elif isinstance(node, nodes.CondExpr):
            collect(node.expr1)
            collect(node.expr2)
        elif isinstance(node, (nodes.Or, nodes.And, nodes.Add)):
            collect(node.left)
            collect(node.right)
        elif isinstance(node, nodes.Concat):
            for child in node.nodes:
                collect(child)
        elif isinstance(node, nodes.Filter):
            collect(node.node)

    collect(output.nodes[0])
    return literals


class VisibleText(HTMLParser):
    """The text a reader sees in an HTML document: text nodes and user-visible attributes, as
    (line, text, attribute name or None), outside markup whose text is not interface text.
    A subclass may skip more by extending `skips` (the pseudo-locale test skips content)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # (tag, skips its text)
        self.found: list[tuple[int, str, str | None]] = []

    def skips(self, tag: str, attributes: dict[str, str]) -> bool:
        return (tag in SKIP_ELEMENTS or (tag != "html" and "lang" in attributes)
                or attributes.get("translate") == "no")

    def skipping(self) -> bool:
        return any(skip for _, skip in self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        skip = self.skips(tag, values)
        if not (skip or self.skipping()):
            self.add_attributes(tag, values)
        if tag not in VOID_ELEMENTS:
            self.stack.append((tag, skip))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if not (self.skips(tag, values) or self.skipping()):
            self.add_attributes(tag, values)

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data: str) -> None:
        if not self.skipping() and data.strip():
            # getpos() is where the data starts; report the line its first word is on.
            first_word = WORD.search(data.replace(PLACEHOLDER, " "))
            line = self.getpos()[0] + data[: first_word.start() if first_word else 0].count("\n")
            self.found.append((line, data, None))

    def add_attributes(self, tag: str, values: dict[str, str]) -> None:
        visible = {n for n in values if n in VISIBLE_ATTRIBUTES or DATA_TEXT_ATTRIBUTE.match(n)}
        # An input button shows its value; a <button> shows its content, its value is data.
        if tag == "input" and values.get("type") in {"submit", "button", "reset"}:
            visible.add("value")
        if tag == "meta" and values.get("name") == "description":
            visible.add("content")
        for name in sorted(visible):
            if values.get(name):
                self.found.append((self.getpos()[0], values[name], name))


def visible_text(html: str, parser: VisibleText | None = None) -> list[tuple[int, str, str | None]]:
    parser = parser or VisibleText()
    parser.feed(html)
    parser.close()
    return parser.found


def _show(text: str) -> str:
    shown = " ".join(text.replace(PLACEHOLDER, "{{…}}").split())
    return repr(shown if len(shown) <= 60 else shown[:57] + "...")


def check_template(path: Path, source: str | None = None) -> list[str]:
    try:
        html, ignored = strip_jinja(path.read_text(encoding="utf-8") if source is None else source)
    except jinja2.TemplateSyntaxError as error:
        return [f"{shown(path)}:{error.lineno}: the template does not parse: {error.message}"]
    problems = []
    for line, text, attribute in visible_text(html):
        if line in ignored or not is_text(text):
            continue
        what = f"text {_show(text)}" if attribute is None else f"attribute {attribute}={_show(text)}"
        problems.append(f"{shown(path)}:{line}: {what} is not marked for translation")
    return problems


def shown(path: Path) -> Path:
    """A path as the person running the check would type it: relative to where they are."""
    try:
        return path.resolve().relative_to(Path.cwd())
    except ValueError:
        return path
