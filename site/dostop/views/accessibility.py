"""The accessibility page: the settings form (which also answers the Ctrl+U toggle and the
settings dialog) and the statement (templates/parts/statement.html)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

from dostop.http.cache_control import PRIVATE_PAGE
from dostop.http.origin import is_same_origin
from dostop.http.preferences import FORM_FIELDS, InvalidPreference, Preferences, store
from dostop.site import gettext_for
from dostop.urls import url_for
from dostop.views.base import alternates_for, locale_of, render, site_of

NOTICES = ("saved", "reset")
MAX_FIELDS = 2 * len(FORM_FIELDS) + 2  # a hidden field and a checkbox per option, and the button


async def accessibility(request: Request) -> Response:
    if request.method == "POST":
        return await save_settings(request)
    site = site_of(request)
    _ = gettext_for(site, locale_of(request))
    done = request.query_params.get("done", "")
    return render(request, "pages/accessibility.html", {"notice": done if done in NOTICES else ""},
                  title=_("Accessibility"), alternates=alternates_for("accessibility"))


async def save_settings(request: Request) -> Response:
    """The settings form's POST: from the page without JavaScript (→ 303 back to the page),
    or from a script, the dialog or htmx (→ 204): in both cases the signed cookie is set."""
    site = site_of(request)
    locale = locale_of(request)
    _ = gettext_for(site, locale)
    if not is_same_origin(request.method, request.headers):
        return refuse(request, 403, _("Your settings were not changed: the form was sent from "
                                      "another website. Change them on this page instead."))
    try:
        form = await request.form(max_files=0, max_fields=MAX_FIELDS)
    except Exception:  # noqa: BLE001 - Starlette raises several kinds for a broken body
        return refuse(request, 400, _("Your settings were not changed: the form could not be read."))
    prefs: Preferences = request.state.prefs
    action = form.get("action", "save")
    try:
        if action == "reset":
            prefs = prefs.reset()
        elif action == "save":
            prefs = prefs.with_form({name: form.getlist(name) for name in FORM_FIELDS})
        else:
            raise InvalidPreference("action")
    except InvalidPreference:
        return refuse(request, 400, _("Your settings were not changed: the form sent a value "
                                      "it does not offer. Please choose again."))
    finally:
        await form.close()
    if from_script(request):
        response: Response = Response(status_code=204)
    else:
        notice = "reset" if action == "reset" else "saved"
        response = RedirectResponse(f"{url_for('accessibility', locale)}?done={notice}#settings",
                                    status_code=303)
    response.headers["cache-control"] = PRIVATE_PAGE
    store(response, site.codec, prefs, secure=site.settings.https)
    return response


def from_script(request: Request) -> bool:
    """htmx or fetch(), not a form navigation: answer 204 and let the page apply the change."""
    if request.headers.get("hx-request") == "true":
        return True
    mode = request.headers.get("sec-fetch-mode")
    return mode is not None and mode != "navigate"


def refuse(request: Request, status: int, message: str) -> HTMLResponse:
    _ = gettext_for(site_of(request), locale_of(request))
    response = render(request, "pages/error.html", {"status": status, "message": message},
                      title=_("Your settings were not changed"), status=status,
                      alternates=alternates_for("accessibility"))
    response.headers["cache-control"] = PRIVATE_PAGE
    return response
