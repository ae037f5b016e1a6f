"""Structure as a screen reader gets it, from Chromium's accessibility tree (CDP
`Accessibility.getFullAXTree`): landmarks, headings, and the names of links and buttons.

    tree = ax_tree(driver)
    findings = check_structure(driver, tree)   # or check_landmarks(tree), check_headings(tree), ...

Each `check_*` returns a list of `Finding`s; an empty list means the page passed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from selenium.webdriver.remote.webdriver import WebDriver

from dostop_audit.findings import Finding

LANDMARKS = ("banner", "navigation", "main", "contentinfo")
NAMED_ROLES = ("link", "button", "menuitem", "tab")


@dataclass(frozen=True)
class AXNode:
    """One node of the accessibility tree that assistive technology sees (ignored ones left out)."""

    role: str
    name: str
    description: str
    level: int
    url: str
    dom_node: int  # backendDOMNodeId, to describe the element in a finding


def ax_tree(driver: WebDriver) -> list[AXNode]:
    """The page's accessibility tree in reading (document) order, without ignored nodes."""
    raw: list[dict[str, Any]] = driver.execute_cdp_cmd("Accessibility.getFullAXTree", {})["nodes"]
    by_id = {node["nodeId"]: node for node in raw}
    roots = [node for node in raw if not node.get("parentId") or node["parentId"] not in by_id]
    ordered: list[AXNode] = []
    stack = list(reversed(roots))
    while stack:
        node = stack.pop()
        stack.extend(by_id[child] for child in reversed(node.get("childIds", [])) if child in by_id)
        if node.get("ignored"):
            continue
        props = {p["name"]: p.get("value", {}).get("value") for p in node.get("properties", [])}
        ordered.append(AXNode(
            role=str(node.get("role", {}).get("value", "")),
            name=str(node.get("name", {}).get("value", "") or "").strip(),
            description=str(node.get("description", {}).get("value", "") or "").strip(),
            level=int(props.get("level") or 0),
            url=str(props.get("url") or ""),
            dom_node=int(node.get("backendDOMNodeId") or 0),
        ))
    return ordered


def describe_node(driver: WebDriver, node: AXNode) -> str:
    """`<button class="…" type="submit">`: the element's opening tag, from the DOM."""
    if not node.dom_node:
        return f"[{node.role}]"
    try:
        dom = driver.execute_cdp_cmd("DOM.describeNode", {"backendNodeId": node.dom_node})["node"]
    except Exception:  # the node went away; the role still says what it was
        return f"[{node.role}]"
    attributes = dom.get("attributes", [])
    pairs = " ".join(f'{attributes[i]}="{attributes[i + 1]}"' for i in range(0, len(attributes), 2))
    return f"<{dom.get('localName', '?')}{' ' + pairs if pairs else ''}>"[:200]


def check_landmarks(tree: list[AXNode]) -> list[Finding]:
    """banner, navigation, main and contentinfo present; one main; several navigations each
    named, and named differently (1.3.1, 2.4.1)."""
    findings = []
    by_role: dict[str, list[AXNode]] = defaultdict(list)
    for node in tree:
        by_role[node.role].append(node)
    for role in LANDMARKS:
        if not by_role[role]:
            findings.append(Finding("landmarks", f"no {role} landmark", wcag="1.3.1"))
    for role in ("banner", "main", "contentinfo"):
        if len(by_role[role]) > 1:
            findings.append(Finding("landmarks", f"{len(by_role[role])} {role} landmarks, "
                                    "expected one", wcag="1.3.1"))
    navigations = by_role["navigation"]
    names = [node.name for node in navigations]
    if len(navigations) > 1 and (not all(names) or len(set(names)) < len(names)):
        findings.append(Finding("landmarks", "navigation landmarks need different names to tell "
                                f"them apart: {names}", wcag="1.3.1"))
    return findings


def check_headings(tree: list[AXNode]) -> list[Finding]:
    """Exactly one level-1 heading; no level skipped on the way down (1.3.1, 2.4.6)."""
    headings = [node for node in tree if node.role == "heading"]
    findings = []
    firsts = [node.name for node in headings if node.level == 1]
    if len(firsts) != 1:
        findings.append(Finding("headings", f"{len(firsts)} level-1 headings, expected one: "
                                f"{firsts}", wcag="1.3.1"))
    previous = 1  # a page may open with its h1 or an h2 before it
    for node in headings:
        if node.level > previous + 1:
            findings.append(Finding("headings", f"heading level {node.level} follows level "
                                    f"{previous}, skipping a level", f"“{node.name}”", "1.3.1"))
        previous = node.level or previous
    return findings


def check_names(driver: WebDriver, tree: list[AXNode]) -> list[Finding]:
    """Every link and button has an accessible name (4.1.2), and links with the same name (and
    description) go to the same place (2.4.4: the name is clear in context)."""
    findings = []
    destinations: dict[tuple[str, str], set[str]] = defaultdict(set)
    for node in tree:
        if node.role not in NAMED_ROLES:
            continue
        if not node.name:
            findings.append(Finding("names", f"{node.role} without an accessible name",
                                    describe_node(driver, node), "4.1.2"))
        elif node.role == "link" and node.url:
            destinations[(" ".join(node.name.casefold().split()), node.description)].add(node.url)
    for (name, _description), urls in destinations.items():
        if len(urls) > 1:
            findings.append(Finding("names", f"{len(urls)} links named “{name}” go to different "
                                    f"places: {', '.join(sorted(urls))}", wcag="2.4.4"))
    return findings


def check_structure(driver: WebDriver, tree: list[AXNode] | None = None) -> list[Finding]:
    """Landmarks, headings and names on one snapshot of the tree."""
    tree = tree if tree is not None else ax_tree(driver)
    return check_landmarks(tree) + check_headings(tree) + check_names(driver, tree)
