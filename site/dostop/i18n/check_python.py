"""Finds visible text that is not marked for translation in views and form definitions.

Part of `dostop i18n check` (see check_templates.py for templates). Reported: string constants that
read like a sentence (a capital letter, then more than one word, nothing that looks like code)
and any text given as a page `title=` to render(), unless wrapped in a gettext call. Docstrings,
logging calls, exceptions for developers, asserts, comparisons and dictionary keys are not
visible text. Opt out on the line with `# i18n: ignore (reason)`.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from dostop.i18n.check_templates import OPT_OUT, is_text, shown

GETTEXT_NAMES = {"_", "N_", "gettext", "ngettext", "pgettext", "npgettext", "lazy_gettext"}
LOGGER_NAMES = {"log", "logger", "logging", "warnings"}
# Reads like a sentence: a capital letter, more than one word, nothing that looks like code.
SENTENCE = re.compile(r"^[^\W\d_]+[\s,]+\S.*[^\W\d_]", re.DOTALL)
CODE_LIKE = re.compile(r"[=/<>{}_;|\\@$]")


Scope = (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


class _ViewVisitor(ast.NodeVisitor):
    def __init__(self) -> None:
        self.found: list[tuple[int, str]] = []
        self.quiet: set[int] = set()  # ids of constants that are not visible text

    def silence(self, node: ast.AST | None) -> None:
        if node is not None:
            self.quiet.update(id(child) for child in ast.walk(node))

    def visit(self, node: ast.AST) -> None:
        if isinstance(node, Scope) and node.body and isinstance(node.body[0], ast.Expr):
            self.silence(node.body[0])  # a docstring is for developers
        super().visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        name = _call_name(node)
        if name in GETTEXT_NAMES or _is_logging(node):
            self.silence(node)
        elif name == "render":
            for keyword in node.keywords:
                if keyword.arg == "title":
                    self._title(keyword.value)
        self.generic_visit(node)

    def _title(self, node: ast.AST) -> None:
        for child in ast.walk(node):
            if id(child) in self.quiet:
                continue
            if isinstance(child, ast.Call) and _call_name(child) in GETTEXT_NAMES:
                self.silence(child)
            elif (isinstance(child, ast.Constant) and isinstance(child.value, str)
                  and is_text(child.value)):
                self.found.append((child.lineno,
                                   f"page title {child.value!r} is not marked for translation"))
                self.quiet.add(id(child))

    def visit_Raise(self, node: ast.Raise) -> None:
        self.silence(node)

    def visit_Assert(self, node: ast.Assert) -> None:
        self.silence(node)

    def visit_Dict(self, node: ast.Dict) -> None:
        for key in node.keys:
            self.silence(key)
        self.generic_visit(node)

    def visit_Subscript(self, node: ast.Subscript) -> None:
        self.silence(node.slice)
        self.generic_visit(node)

    def visit_Compare(self, node: ast.Compare) -> None:
        self.silence(node)

    def visit_Constant(self, node: ast.Constant) -> None:
        if id(node) in self.quiet or not isinstance(node.value, str):
            return
        text = node.value.strip()
        if (SENTENCE.match(text) and text[0].isupper() and not CODE_LIKE.search(text)
                and "\n" not in text):
            self.found.append((node.lineno, f"text {node.value!r} is not marked for translation"))


def _call_name(node: ast.Call) -> str:
    if isinstance(node.func, ast.Name):
        return node.func.id
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    return ""


def _is_logging(node: ast.Call) -> bool:
    func = node.func
    return (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)
            and func.value.id in LOGGER_NAMES)


def check_view(path: Path, source: str | None = None) -> list[str]:
    text = path.read_text(encoding="utf-8") if source is None else source
    lines = text.splitlines()
    visitor = _ViewVisitor()
    try:
        visitor.visit(ast.parse(text, filename=str(path)))
    except SyntaxError as error:
        return [f"{shown(path)}:{error.lineno or 0}: the module does not parse: {error.msg}"]
    return [f"{shown(path)}:{line}: {message}" for line, message in sorted(visitor.found)
            if not (line <= len(lines) and OPT_OUT.search(lines[line - 1]))]
