"""Reading a form body safely: a size limit (413), strict UTF-8 (400), first value wins."""

from __future__ import annotations

from urllib.parse import parse_qsl

from starlette.requests import Request

MAX_FIELDS = 20


class BodyTooLarge(Exception):
    pass


class UnreadableForm(Exception):
    """The body is not a form we can read (bad encoding, wrong type, too many fields)."""


async def read_form(request: Request, limit: int) -> dict[str, str]:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise BodyTooLarge
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge
        chunks.append(chunk)
    body = b"".join(chunks)
    if not body:
        return {}  # an empty form: every required field is missing
    # Browsers and htmx (4.x: URLSearchParams) send forms urlencoded; nothing else is accepted.
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != "application/x-www-form-urlencoded":
        raise UnreadableForm
    try:
        pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True,
                          encoding="utf-8", errors="strict", max_num_fields=MAX_FIELDS)
    except (UnicodeDecodeError, ValueError) as error:
        raise UnreadableForm from error
    result: dict[str, str] = {}
    for key, value in pairs:
        result.setdefault(key, value)
    return result
