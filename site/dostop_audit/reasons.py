"""Why a page is not fully audited, or not at all: a sentence in English in the JSON report
(stable, like the crawler's reasons, so tools can read it), in the report's language in the
terminal and the HTML report."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from dostop.i18n import N_

ENGINE_FAILED = N_("%(engine)s failed: %(error)s")
FRAME_SKIPPED = N_("frame not audited: %(frame)s")
SLOW_LOAD = N_("did not finish loading within %(seconds)d s, audited as loaded by then")
TIME_LIMIT = N_("%(step)s did not finish within the page's time limit of %(seconds)d s")
NOT_RUN = N_("%(step)s not run: the page's time limit of %(seconds)d s was reached")
STOPPED = N_("stopped at the page's time limit of %(seconds)d s: the page or its browser stopped "
             "answering (the next page gets a new browser)")
BROWSER_LOST = N_("the browser failed (%(error)s), the next page gets a new one")
NO_MODE = N_("no accessibility mode to switch %(mode)s (not a Dostop page?)")
TEMPLATES = (ENGINE_FAILED, FRAME_SKIPPED, SLOW_LOAD, TIME_LIMIT, NOT_RUN, STOPPED, BROWSER_LOST,
             NO_MODE)
# Steps named inside the sentences; engines keep their own names.
KEYBOARD = N_("keyboard checks")
ENGINES = N_("the engines")
STEPS = (KEYBOARD, ENGINES)


def reason(template: str, **values: object) -> str:
    return template % values


@cache
def _pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"%\((\w+)\)([sd])", template)
    regex = re.escape(parts[0])
    for index in range(1, len(parts), 3):
        name, kind, text = parts[index], parts[index + 1], parts[index + 2]
        regex += f"(?P<{name}>\\d+)" if kind == "d" else f"(?P<{name}>.+?)"
        regex += re.escape(text)
    return re.compile(regex, re.S)


def translate(gettext: Callable[[str], str], text: str) -> str:
    """One of the sentences above, from the JSON's English, in `gettext`'s language."""
    for template in TEMPLATES:
        match = _pattern(template).fullmatch(text)
        if match:
            values: dict[str, object] = {
                name: int(value) if value.isdigit() and f"%({name})d" in template
                else gettext(value) if value in STEPS else value
                for name, value in match.groupdict().items()}
            return gettext(template) % values
    return text


def translate_all(gettext: Callable[[str], str], text: str) -> str:
    """Several sentences joined by "; " (a page that could not be audited, for each reason):
    no sentence above holds "; " itself."""
    return "; ".join(translate(gettext, part) for part in text.split("; "))
