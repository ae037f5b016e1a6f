"""The forms: newsletter sign-up (double opt-in), contact, accessibility feedback.

Every POST goes the same way: refuse cross-site requests (403), read the body within a limit
(413) as strict UTF-8 (400), drop honeypot hits quietly, validate (400 with the error summary),
rate-limit (429), commit the submission with its messages (503 if the database is down), and
only then say "sent". Queued messages are delivered after the response, and retried after every
later submission and by `dostop outbox send`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from itsdangerous import BadSignature, SignatureExpired, TimestampSigner
from sqlalchemy.exc import SQLAlchemyError
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from dostop.forms import (
    CONTACT, FEEDBACK, NEWSLETTER, UNREADABLE, BodyTooLarge, FormSpec, Problem, UnreadableForm, read_form,
    validate,
)
from dostop.forms.guard import client_key, is_cross_site, same_site_path
from dostop.forms.messages import STAFF_LOCALE, contact_message, feedback_message, newsletter_message
from dostop.i18n import LOCALES
from dostop.mail import Mailer, deliver_pending
from dostop.site import gettext_for
from dostop.settings import Settings
from dostop.storage import OutboxMessage, Storage, open_storage
from dostop.views.base import alternates_for, locale_of, render, site_of

log = logging.getLogger("dostop.forms")
NO_STORE = {"cache-control": "private, no-store"}
Gettext = Callable[[str], str]


# --- services, opened on first use --------------------------------------------------------------

def storage_of(request: Request) -> Storage:
    storage: Storage | None = getattr(request.app.state, "storage", None)
    if storage is None:
        settings = site_of(request).settings
        storage = open_storage(settings.database_url, settings.var_dir)
        request.app.state.storage = storage
    return storage


def mailer_of(request: Request) -> Mailer:
    settings = site_of(request).settings
    return Mailer(settings.smtp_url, settings.var_dir / "outbox")


def _deliver(storage: Storage, mailer: Mailer) -> None:
    try:
        deliver_pending(storage, mailer)
    except SQLAlchemyError as error:  # the messages stay queued; the next try picks them up
        log.warning("outbox retry skipped: %s", type(error).__name__)


def signer(request: Request, purpose: str) -> TimestampSigner:
    return TimestampSigner(site_of(request).settings.secret_key, salt=f"dostop.newsletter.{purpose}")


# --- pages --------------------------------------------------------------------------------------

def gettext_of(request: Request) -> Gettext:
    return gettext_for(site_of(request), locale_of(request))


def message_page(request: Request, heading: str, paragraphs: list[str], *, status: int = 200,
                 links: list[tuple[str, str]] | None = None,
                 headers: dict[str, str] | None = None) -> HTMLResponse:
    """A short page that tells the visitor what happened and what to do next."""
    return render(request, "pages/form_done.html",
                  {"heading": heading, "paragraphs": paragraphs, "links": links or []},
                  title=heading, status=status, headers={**NO_STORE, **(headers or {})})


def refused(request: Request) -> HTMLResponse:
    _ = gettext_of(request)
    return message_page(request, _("This form can only be sent from our own site"), [
        _("Your browser sent the form from another website, so we did not accept it."),
        _("Open the form on our site and send it from there."),
    ], status=403)


def unavailable(request: Request) -> HTMLResponse:
    _ = gettext_of(request)
    return message_page(request, _("Sorry, we cannot take your form right now"), [
        _("Nothing was saved. Please try again in a few minutes."),
    ], status=503, headers={"retry-after": "120"})


@dataclass(frozen=True)
class FormPage:
    spec: FormSpec
    name: str       # in urls.PATHS
    template: str


def render_form(request: Request, page: FormPage, values: dict[str, str],
                problems: list[Problem], *, status: int = 200,
                headers: dict[str, str] | None = None) -> HTMLResponse:
    _ = gettext_of(request)
    errors = {p.field: (_(p.message) % p.params if p.params else _(p.message)) for p in problems}
    summary = [(f"#{page.spec.field(p.field).id}", errors[p.field]) for p in problems]
    title = _(page.spec.title)
    if problems:
        title = _("Error: %(title)s") % {"title": title}
    return render(request, page.template,
                  {"spec": page.spec, "values": values, "errors": errors, "summary": summary,
                   "action": request.url.path,
                   "choices": {f.name: [(v, _(label)) for v, label in f.choices]
                               for f in page.spec.fields if f.choices}},
                  title=title, alternates=alternates_for(page.name), status=status,
                  headers=headers)


async def receive(request: Request, page: FormPage) -> dict[str, str] | Response:
    """The steps every form shares, up to valid values (or the response that ends it)."""
    settings = site_of(request).settings
    _ = gettext_of(request)
    if is_cross_site(request):
        return refused(request)
    try:
        raw = await read_form(request, settings.form_body_limit)
    except BodyTooLarge:
        return message_page(request, _("The form was too large to send"), [
            _("Shorten your message and send the form again."),
        ], status=413)
    except UnreadableForm:
        first = page.spec.fields[0].name
        problem = Problem(first, UNREADABLE)
        return render_form(request, page, {}, [problem], status=400)
    if raw.get(page.spec.honeypot):
        # Only robots fill the hidden field: answer as if it worked, keep nothing.
        log.info("%s form: honeypot filled, submission dropped", page.spec.kind)
        return done_page(request, page.spec.kind, {})
    values, problems = validate(page.spec, raw)
    if problems:
        return render_form(request, page, values, problems, status=400)
    try:
        storage = await run_in_threadpool(storage_of, request)
        allowed = await run_in_threadpool(
            storage.allow, page.spec.kind, client_key(request, settings.secret_key),
            settings.form_rate_limit, settings.form_rate_window)
    except SQLAlchemyError as error:
        log.error("%s form: database unavailable (%s)", page.spec.kind, type(error).__name__)
        return unavailable(request)
    if not allowed:
        log.info("%s form: rate limit reached", page.spec.kind)
        minutes = max(1, settings.form_rate_window // 60)
        return message_page(request, _("You have sent this form several times in a short while"), [
            _("Please wait %(minutes)s minutes and try again.") % {"minutes": minutes},
            _("If it is urgent, write to %(email)s.") % {"email": settings.staff_email},
        ], status=429, headers={"retry-after": str(settings.form_rate_window)})
    return values


async def commit(request: Request, kind: str, values: dict[str, str],
                 save: Callable[[Storage], Any]) -> Response:
    """Saves, then confirms to the visitor; queued mail goes out after the response."""
    try:
        storage = await run_in_threadpool(storage_of, request)
        await run_in_threadpool(save, storage)
    except SQLAlchemyError as error:
        log.error("%s form: not saved (%s)", kind, type(error).__name__)
        return unavailable(request)
    log.info("%s form: submission saved", kind)
    response = done_page(request, kind, values)
    response.background = BackgroundTask(_deliver, storage, mailer_of(request))
    return response


def done_page(request: Request, kind: str, values: dict[str, str]) -> HTMLResponse:
    _ = gettext_of(request)
    home = [(request.url_for("home:" + locale_of(request)).path, _("Go to the home page"))]
    if kind == "newsletter":
        days = site_of(request).settings.confirm_max_age // 86400
        return message_page(request, _("Check your e-mail"), [
            _("We have sent a message to %(email)s.") % {"email": values.get("email", "")},
            _("Open the link in it within %(days)s days to confirm your subscription. If you "
              "had already signed up, the message says so, and you still have one "
              "subscription.") % {"days": days},
            _("No message? Look in your spam folder, or sign up again."),
        ], links=home) if values else message_page(request, _("Check your e-mail"), [], links=home)
    if kind == "contact":
        return message_page(request, _("Thank you, your message has been sent"), [
            _("We reply to the e-mail address you gave, usually within three working days."),
        ], links=home)
    return message_page(request, _("Thank you for telling us about the problem"), [
        _("We read every report and use it to improve the site. If you gave an e-mail "
          "address, we will reply."),
    ], links=home)


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
                already_confirmed=already_confirmed)
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
    except SQLAlchemyError:
        return unavailable(request)
    heading, paragraphs = answer(_, result)
    home = [(request.url_for("home:" + locale_of(request)).path, _("Go to the home page"))]
    return message_page(request, heading, paragraphs, links=home)


async def newsletter_confirm(request: Request) -> Response:
    return await _token_action(
        request, "confirm", site_of(request).settings.confirm_max_age, Storage.confirm,
        lambda _: (_("Confirm your subscription"),
                   _("Select the button to start receiving the RRA LUR newsletter."),
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
    """Prefills the page from `?page=` (cacheable: it is in the URL) or from Referer."""
    site_url = site_of(request).settings.site_url
    page = same_site_path(request.query_params.get("page", ""), request, site_url)
    if not page:
        page = same_site_path(request.headers.get("referer", ""), request, site_url)
        if page == request.url.path:
            page = ""
    return {"page": page}


__all__ = ["LOCALES", "contact_form", "feedback", "newsletter", "newsletter_confirm",
           "newsletter_unsubscribe"]
