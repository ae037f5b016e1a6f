"""Access to an event's venue, stated as a public body must state it: each of a fixed set of
provisions yes or no (with a note if needed), and a contact for any other need.

In front matter:

    access:
      step_free: yes
      accessible_toilet: yes
      hearing_loop: "in the main hall only"   # text means yes, with a note
      sign_language: no
      live_captions: no
      quiet_room: yes
      contact: dostopnost@rralur.si
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


def _(message: str) -> str:
    """Marks a msgid for extraction (pybabel -k _); translated at render time."""
    return message


# Key, then the label a visitor reads. The order is the order shown.
PROVISIONS: dict[str, str] = {
    "step_free": _("Step-free access"),
    "accessible_toilet": _("Accessible toilet"),
    "hearing_loop": _("Hearing loop"),
    "sign_language": _("Sign-language interpreting"),
    "live_captions": _("Live captions"),
    "quiet_room": _("Quiet room"),
}
CONTACT = "contact"


@dataclass(frozen=True)
class Provision:
    key: str
    provided: bool
    note: str = ""

    @property
    def msgid(self) -> str:
        return PROVISIONS[self.key]

    def label(self, gettext: Callable[[str], str]) -> str:
        return gettext(self.msgid)


@dataclass(frozen=True)
class VenueAccess:
    provisions: tuple[Provision, ...]
    contact: str

    @property
    def provided(self) -> tuple[Provision, ...]:
        return tuple(p for p in self.provisions if p.provided)

    @property
    def not_provided(self) -> tuple[Provision, ...]:
        return tuple(p for p in self.provisions if not p.provided)

    def as_text(self, gettext: Callable[[str], str]) -> str:
        """Plain lines for a calendar entry, where there is no markup."""
        lines = [gettext("Access to the venue:")]
        for provision in self.provisions:
            answer = gettext("yes") if provision.provided else gettext("no")
            note = f" ({provision.note})" if provision.note else ""
            lines.append(f"- {provision.label(gettext)}: {answer}{note}")
        lines.append(gettext("For any other need, contact %(contact)s.")
                     % {"contact": self.contact})
        return "\n".join(lines)


Problems = list[tuple[int, str]]


def read_access(raw: object, line_of: Callable[..., int]) -> tuple[VenueAccess | None, Problems]:
    """Reads the `access` field; each problem at its line (`line_of(key)` gives the line of
    `access.key`, `line_of()` that of `access` itself)."""
    if not isinstance(raw, dict):
        return None, [(line_of(), "'access' must list the venue's provisions, one per line "
                                  f"({', '.join(PROVISIONS)}) and a '{CONTACT}'")]
    problems: Problems = []
    provisions: list[Provision] = []
    for key in raw:
        if str(key) not in PROVISIONS and key != CONTACT:
            problems.append((line_of(key), f"unknown venue-access key '{key}': use "
                                           f"{', '.join(PROVISIONS)} or {CONTACT}"))
    missing = [key for key in PROVISIONS if key not in raw]
    if missing:
        problems.append((line_of(), "venue access must say yes or no for every provision: "
                                    f"missing {', '.join(missing)}"))
    for key in PROVISIONS:
        if key not in raw:
            continue
        value = raw[key]
        if isinstance(value, bool):
            provisions.append(Provision(key, value))
        elif isinstance(value, str) and value.strip():
            provisions.append(Provision(key, True, value.strip()))
        else:
            problems.append((line_of(key), f"'{key}' must be yes, no, or a note (which means "
                                           "yes, with the note)"))
    contact = raw.get(CONTACT)
    if not isinstance(contact, str) or not contact.strip():
        problems.append((line_of(CONTACT) if CONTACT in raw else line_of(),
                         f"venue access needs a '{CONTACT}' (an e-mail or phone) for other needs"))
        contact = ""
    if problems:
        return None, problems
    return VenueAccess(tuple(provisions), contact.strip()), []
