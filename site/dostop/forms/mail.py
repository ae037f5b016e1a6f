"""Mail: messages are built here, queued in the outbox table with their submission, and
delivered by SMTP (`DOSTOP_SMTP_URL`, e.g. smtp://127.0.0.1:1025 or smtps://user:pass@host)
or, with none set, written as `.eml` files under `var/outbox/` for a developer to read.

Logs carry message ids and error classes only: never an address or a message text.
"""

from __future__ import annotations

import logging
import secrets
import smtplib
import ssl
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from email.parser import BytesParser
from email.policy import SMTP
from email.utils import formatdate, make_msgid
from pathlib import Path
from urllib.parse import unquote, urlsplit

from dostop.storage import OutboxMessage, Storage

log = logging.getLogger("dostop.mail")
TIMEOUT = 10
# RFC 5322 allows 998 characters a line: a long List-Unsubscribe URL stays one readable line
# instead of being folded into encoded words that mail programs do not parse as a URL.
POLICY = SMTP.clone(max_line_length=998)


class MailError(Exception):
    pass


def build_message(*, sender: str, recipient: str, about: str, subject: str, body: str,
                  reply_to: str = "", unsubscribe_url: str = "") -> OutboxMessage:
    """An outbox entry. Header values are checked by `email.policy.SMTP`, which refuses CR/LF
    (header injection) with an error; the forms refuse such input before it gets here."""
    message = EmailMessage(policy=POLICY)
    message["From"] = sender
    message["To"] = recipient
    message["Subject"] = subject
    message["Date"] = formatdate(usegmt=True)
    message["Message-ID"] = make_msgid(domain=_domain(sender))
    if reply_to:
        message["Reply-To"] = reply_to
    if unsubscribe_url:
        # RFC 2369 and RFC 8058: mail programs show an "Unsubscribe" button that POSTs here.
        message["List-Unsubscribe"] = f"<{unsubscribe_url}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    # 8bit: the text stays readable (and its links copyable) in the developer's .eml files.
    message.set_content(body, cte="8bit")
    text = message.as_bytes().decode("utf-8")  # as_bytes keeps the 8bit body as it is
    return OutboxMessage(recipient=recipient, about=about, text=text)


def _domain(address: str) -> str:
    return address.rsplit("@", 1)[-1].strip(" >") or "localhost"


@dataclass(frozen=True)
class Mailer:
    """Delivers one message: by SMTP when `smtp_url` is set, else into `folder` as .eml."""

    smtp_url: str
    folder: Path

    def send(self, message_id: int, text: str) -> None:
        if self.smtp_url:
            self._send_smtp(text)
        else:
            self._write_file(message_id, text)

    def _write_file(self, message_id: int, text: str) -> None:
        # Outbox ids may be reused once rows are deleted: the time and a random part keep
        # every file.
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        path = self.folder / f"{stamp}-{message_id}-{secrets.token_hex(4)}.eml"
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        except OSError as error:
            raise MailError(type(error).__name__) from error

    def _send_smtp(self, text: str) -> None:
        url = urlsplit(self.smtp_url)
        host = url.hostname or "127.0.0.1"
        message = BytesParser(policy=POLICY).parsebytes(text.encode("utf-8"))
        try:
            if url.scheme == "smtps":
                client: smtplib.SMTP = smtplib.SMTP_SSL(
                    host, url.port or 465, timeout=TIMEOUT, context=ssl.create_default_context())
            else:
                client = smtplib.SMTP(host, url.port or 25, timeout=TIMEOUT)
            with client:
                if url.scheme == "smtp+starttls":
                    client.starttls(context=ssl.create_default_context())
                if url.username:
                    client.login(unquote(url.username), unquote(url.password or ""))
                client.send_message(message)
        except (OSError, smtplib.SMTPException) as error:
            raise MailError(type(error).__name__) from error


def deliver_pending(storage: Storage, mailer: Mailer, limit: int = 20) -> tuple[int, int]:
    """Tries every message that is due; returns (sent, failed). Failures wait and back off."""
    sent = failed = 0
    for due in storage.claim_due(limit=limit):
        try:
            mailer.send(due.id, due.text)
        except MailError as error:
            storage.failed(due.id, due.attempts, str(error))
            log.warning("outbox message %d not sent (attempt %d): %s", due.id,
                        due.attempts + 1, error)
            failed += 1
        else:
            storage.delivered(due.id)
            sent += 1
    if sent or failed:
        log.info("outbox: %d sent, %d waiting for a retry", sent, failed)
    return sent, failed


def erase_files(folder: Path, email: str) -> int:
    """Deletes the .eml files in the developer outbox folder that mention `email`."""
    if not folder.is_dir():
        return 0
    needle = email.strip().lower()
    removed = 0
    for path in folder.glob("*.eml"):
        if needle in path.read_text(encoding="utf-8", errors="replace").lower():
            path.unlink()
            removed += 1
    return removed
