"""What every form POST shares, from refusal to "sent": see `views/forms.py` for the steps.

Also the services the forms use (storage and mailer, opened on first use) and the short
message pages (done, refused, unavailable)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from itsdangerous import TimestampSigner
from sqlalchemy.exc import SQLAlchemyError
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from dostop.forms import (
    UNREADABLE, BodyTooLarge, FormSpec, Problem, UnreadableForm, read_form, single_field,
    validate,
)
from dostop.forms.guard import client_key, is_cross_site
from dostop.forms.mail import Mailer, deliver_pending
from dostop.http.cache_control import PRIVATE_PAGE
from dostop.site import gettext_for
from dostop.storage import Storage, open_storage
from dostop.views.base import alternates_for, locale_of, render, site_of

log = logging.getLogger("dostop.forms")
NO_STORE = {"cache-control": PRIVATE_PAGE}
# The database is down, locked, or its file cannot be created (var/ not writable).
UNAVAILABLE = (SQLAlchemyError, OSError)
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
    except UNAVAILABLE as error:  # the messages stay queued; the next try picks them up
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
    check = request.query_params.get("check")
    if check is not None:
        return check_field(request, page.spec, check, raw)
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
    except UNAVAILABLE as error:
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


def check_field(request: Request, spec: FormSpec, name: str, raw: dict[str, str]) -> Response:
    """Inline validation (js/forms.js, as the visitor leaves a field): one field's message, or
    "" when it is fine. Nothing is stored and nothing counts against the rate limit."""
    _ = gettext_of(request)
    if name not in {f.name for f in spec.fields if f.kind in ("text", "email", "textarea", "path")}:
        return JSONResponse({"error": "unknown field"}, status_code=400, headers=NO_STORE)
    problem = single_field(spec, name, raw.get(name, ""))
    message = ""
    if problem is not None:
        message = _(problem.message) % problem.params if problem.params else _(problem.message)
    return JSONResponse({"field": name, "error": message}, headers=NO_STORE)


async def commit(request: Request, kind: str, values: dict[str, str],
                 save: Callable[[Storage], Any]) -> Response:
    """Saves, then confirms to the visitor; queued mail goes out after the response."""
    try:
        storage = await run_in_threadpool(storage_of, request)
        await run_in_threadpool(save, storage)
    except UNAVAILABLE as error:
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


