"""The forms: newsletter sign-up (double opt-in), contact, accessibility feedback.

Every POST goes the same way: refuse cross-site requests (403), read the body within a limit
(413) as strict UTF-8 (400), drop honeypot hits quietly, validate (400 with the error summary),
rate-limit (429), commit the submission with its messages (503 if the database is down), and
only then say "sent". Queued messages are delivered after the response, and retried after every
later submission and by `dostop outbox send`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from itsdangerous import BadSignature, SignatureExpired
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from dostop.forms import CONTACT, FEEDBACK, NEWSLETTER
from dostop.forms.body import BodyTooLarge, UnreadableForm, read_form
from dostop.forms.guard import is_cross_site, same_site_path
from dostop.forms.messages import (
    STAFF_LOCALE, contact_message, feedback_message, newsletter_message,
)
from dostop.settings import Settings
from dostop.site import gettext_for
from dostop.storage import OutboxMessage, Storage
from dostop.views.base import locale_of, render, site_of
from dostop.views.form_flow import (
    NO_STORE, UNAVAILABLE, FormPage, Gettext, commit, gettext_of, message_page, receive, refused,
    render_form, signer, storage_of, unavailable,
)


# --- the newsletter -----------------------------------------------------------------------------

NEWSLETTER_PAGE = FormPage(NEWSLETTER, "newsletter", "pages/newsletter.html")
CONTACT_PAGE = FormPage(CONTACT, "contact_form", "pages/contact_form.html")
FEEDBACK_PAGE = FormPage(FEEDBACK, "feedback", "pages/feedback.html")


async def newsletter(request: Request) -> Response:
    if request.method != "POST":
        return render_form(request, NEWSLETTER_PAGE, {"language": locale_of(request)}, [])
    values = await receive(request, NEWSLETTER_PAGE)
    if isinstance(values, Response):
        return values
    site = site_of(request)
    email, locale = values["email"], values["language"]
    confirm_signer, unsubscribe_signer = signer(request, "confirm"), signer(request, "unsubscribe")

    def save(storage: Storage) -> None:
        def compose(token: str, already_confirmed: bool) -> Any:
            return newsletter_message(
                site.settings, gettext_for(site, locale), email=email, locale=locale,
                confirm_token=confirm_signer.sign(token).decode(),
                unsubscribe_token=unsubscribe_signer.sign(token).decode(),
                already_confirmed=already_confirmed,
                site_name=site.identity[locale].short_name)
        storage.subscribe(email, locale, compose)

    return await commit(request, "newsletter", values, save)


def _token(request: Request, raw: str, purpose: str, max_age: int) -> str | Response:
    """The subscription token inside a signed link, or the page that explains what went wrong."""
    _ = gettext_of(request)
    sign_up = [(request.url_for("newsletter:" + locale_of(request)).path,
                _("Sign up for the newsletter"))]
    try:
        return signer(request, purpose).unsign(raw, max_age=max_age).decode()
    except SignatureExpired:
        return message_page(request, _("This link has expired"), [
            _("Links in our messages work for a limited time. Sign up again and we will send "
              "you a new one."),
        ], status=410, links=sign_up)
    except BadSignature:
        return message_page(request, _("This link is not valid"), [
            _("Check that you copied the whole link from the message, or sign up again."),
        ], status=400, links=sign_up)


async def _token_action(request: Request, purpose: str, max_age: int,
                        act: Callable[[Storage, str], Any],
                        question: Callable[[Gettext], tuple[str, str, str]],
                        answer: Callable[[Gettext, Any], tuple[str, list[str]]]) -> Response:
    """GET shows a page with one button; POST does it. (Mail scanners open links: a GET that
    confirmed or unsubscribed would act for them.)"""
    _ = gettext_of(request)
    raw = request.query_params.get("t", "")
    if request.method == "POST":
        if is_cross_site(request):
            return refused(request)
        try:
            form = await read_form(request, 4096)
        except (BodyTooLarge, UnreadableForm):
            form = {}
        raw = form.get("t") or raw
    token = _token(request, raw, purpose, max_age)
    if isinstance(token, Response):
        return token
    if request.method != "POST":
        heading, text, button = question(_)
        return render(request, "pages/form_done.html",
                      {"heading": heading, "paragraphs": [text], "links": [],
                       "button": {"label": button, "action": request.url.path, "token": raw}},
                      title=heading, headers=NO_STORE)
    try:
        storage = await run_in_threadpool(storage_of, request)
        result = await run_in_threadpool(act, storage, token)
    except UNAVAILABLE:
        return unavailable(request)
    heading, paragraphs = answer(_, result)
    home = [(request.url_for("home:" + locale_of(request)).path, _("Go to the home page"))]
    return message_page(request, heading, paragraphs, links=home)


async def newsletter_confirm(request: Request) -> Response:
    return await _token_action(
        request, "confirm", site_of(request).settings.confirm_max_age, Storage.confirm,
        lambda _: (_("Confirm your subscription"),
                   _("Select the button to start receiving the newsletter."),
                   _("Confirm subscription")),
        lambda _, ok: (_("Your subscription is confirmed"),
                       [_("Thank you. You will receive the next newsletter. Every message has a "
                          "link to unsubscribe.")]) if ok else
                      (_("This subscription no longer exists"),
                       [_("You may have unsubscribed. Sign up again to receive the newsletter.")]),
    )


async def newsletter_unsubscribe(request: Request) -> Response:
    return await _token_action(
        request, "unsubscribe", site_of(request).settings.unsubscribe_max_age,
        Storage.unsubscribe,
        lambda _: (_("Unsubscribe from the newsletter"),
                   _("Select the button and we will stop sending you the newsletter and delete "
                     "your address."), _("Unsubscribe")),
        lambda _, removed: (_("You have unsubscribed"),
                            [_("We have deleted your address and will not write to you again.")]
                            if removed else
                            [_("This address was not subscribed any more. We will not write "
                               "to you.")]),
    )


# --- contact and feedback -----------------------------------------------------------------------

def _staff_gettext(request: Request) -> Gettext:
    return gettext_for(site_of(request), STAFF_LOCALE)


async def _to_staff(request: Request, page: FormPage,
                   compose: Callable[[Settings, Gettext, dict[str, str]], OutboxMessage],
                   add: Callable[[Storage, dict[str, str], str, list[OutboxMessage]], int],
                   ) -> Response:
    """Contact and feedback: stored, and a message to the agency's staff queued with it."""
    values = await receive(request, page)
    if isinstance(values, Response):
        return values
    message = compose(site_of(request).settings, _staff_gettext(request), values)
    locale = locale_of(request)
    return await commit(request, page.spec.kind, values,
                        lambda storage: add(storage, values, locale, [message]))


async def contact_form(request: Request) -> Response:
    if request.method != "POST":
        return render_form(request, CONTACT_PAGE, {}, [])
    return await _to_staff(request, CONTACT_PAGE, contact_message, Storage.add_contact)


async def feedback(request: Request) -> Response:
    if request.method != "POST":
        # Without ?page= the page may be prefilled from Referer: never cached, then.
        headers = None if request.query_params.get("page") else NO_STORE
        return render_form(request, FEEDBACK_PAGE, _feedback_initial(request), [],
                           headers=headers)
    return await _to_staff(request, FEEDBACK_PAGE, feedback_message, Storage.add_feedback)


def _feedback_initial(request: Request) -> dict[str, str]:
    """Prefills the page from `?page=` (cacheable: it is in the URL) or from Referer, and,
    from `?document=` (a document's "Request an accessible format" link), the request."""
    site = site_of(request)
    page = same_site_path(request.query_params.get("page", ""), request, site.settings.site_url)
    if not page:
        page = same_site_path(request.headers.get("referer", ""), request,
                              site.settings.site_url)
        if page == request.url.path:
            page = ""
    initial = {"page": page}
    document = " ".join(request.query_params.get("document", "").split())[:200]
    if document:
        _ = gettext_for(site, locale_of(request))
        initial["problem"] = _("Please send me the document “%(document)s” in an accessible "
                               "format. The format I need: ") % {"document": document}
    return initial

