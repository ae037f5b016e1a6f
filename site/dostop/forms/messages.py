"""The messages the forms send, in the language of the person who reads them."""

from __future__ import annotations

from collections.abc import Callable

from dostop.forms.mail import build_message
from dostop.settings import Settings
from dostop.storage import OutboxMessage
from dostop.urls import url_for

Gettext = Callable[[str], str]
STAFF_LOCALE = "sl"  # the agency's staff read Slovenian


def link(settings: Settings, name: str, locale: str, token: str) -> str:
    return f"{settings.site_url}{url_for(name, locale)}?t={token}"


def newsletter_message(settings: Settings, _: Gettext, *, email: str, locale: str,
                       confirm_token: str, unsubscribe_token: str,
                       already_confirmed: bool, site_name: str) -> OutboxMessage:
    """`site_name`: the publisher's short name (identity.toml), which names the newsletter."""
    site = {"site": site_name}
    unsubscribe = link(settings, "newsletter_unsubscribe", locale, unsubscribe_token)
    footer = _("To stop receiving messages from us, open this link:") + "\n" + unsubscribe + "\n"
    if already_confirmed:
        subject = _("You are already subscribed to the %(site)s newsletter") % site
        body = (_("Hello,") + "\n\n"
                + _("someone asked to sign this address up for the %(site)s newsletter. It "
                    "already receives the newsletter, so nothing has changed.") % site + "\n\n")
    else:
        days = settings.confirm_max_age // 86400
        subject = _("Confirm your subscription to the %(site)s newsletter") % site
        body = (_("Hello,") + "\n\n"
                + _("someone (we hope it was you) asked to receive the %(site)s newsletter at "
                    "this address. To confirm, open this link within %(days)s days:")
                % {"days": days, **site} + "\n"
                + link(settings, "newsletter_confirm", locale, confirm_token) + "\n\n"
                + _("If it was not you, ignore this message: unless you confirm, we will not "
                    "write to you again.") + "\n\n")
    return build_message(sender=settings.mail_from, recipient=email, about=email,
                         subject=subject, body=body + footer, unsubscribe_url=unsubscribe)


def contact_message(settings: Settings, _: Gettext, values: dict[str, str]) -> OutboxMessage:
    body = "\n".join([
        _("Name: %(name)s") % {"name": values["name"]},
        _("E-mail: %(email)s") % {"email": values["email"]},
        _("Subject: %(subject)s") % {"subject": values["subject"]},
        "",
        values["message"],
        "",
    ])
    return build_message(sender=settings.mail_from, recipient=settings.staff_email,
                         about=values["email"], reply_to=values["email"],
                         subject=_("Contact form: %(subject)s") % {"subject": values["subject"]},
                         body=body)


def feedback_message(settings: Settings, _: Gettext, values: dict[str, str]) -> OutboxMessage:
    body = "\n".join([
        _("Page: %(page)s") % {"page": values.get("page") or "-"},
        _("Name: %(name)s") % {"name": values.get("name") or "-"},
        _("E-mail: %(email)s") % {"email": values.get("email") or "-"},
        "",
        values["problem"],
        "",
    ])
    return build_message(sender=settings.mail_from, recipient=settings.staff_email,
                         about=values.get("email", ""), reply_to=values.get("email", ""),
                         subject=_("Accessibility feedback"), body=body)
