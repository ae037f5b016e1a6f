"""The `dostop` command: serve the site, and check its content and catalogs."""

from __future__ import annotations

import sys
from importlib.util import find_spec

import click

from dostop.settings import Settings, SettingsError


class _Commands(click.Group):
    """The engine's own commands, plus `dostop audit` from the audit package beside it.

    The audit is imported only when asked for (its command, or `--help`), so `dostop serve` and
    the web server never load it or Selenium; without the `audit` extra installed, `dostop audit`
    says how to get it instead of failing on an import."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), "audit"])

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name != "audit":
            return super().get_command(ctx, name)
        missing = [name for name in AUDIT_NEEDS if find_spec(name) is None]
        if missing:
            return _audit_missing(", ".join(missing))
        from dostop_audit.command import audit_command

        return audit_command


# What the `audit` extra installs (pyproject.toml); the engine itself needs none of it.
AUDIT_NEEDS = ("selenium", "axe_selenium_python")


def _audit_missing(missing: str) -> click.Command:
    @click.command("audit", help="Audit a site for accessibility (needs the audit extra).",
                   context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
    def audit() -> None:
        click.echo(f"dostop audit: {missing} not installed; install the audit extra: "
                   "pip install -e '.[audit]'", err=True)
        sys.exit(2)

    return audit


def _settings() -> Settings:
    """The settings from the environment, read once per command; one that cannot be used
    stops the command with its name and the reason, not a traceback."""
    try:
        return Settings.from_env()
    except SettingsError as error:
        click.echo(f"Dostop cannot use its settings: {error}", err=True)
        sys.exit(2)


@click.group(cls=_Commands, help="Dostop: an accessible, bilingual website engine for public bodies.")
def main() -> None:
    pass


@main.command(help="Serve the site (production settings: no reload).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port to listen on.")
@click.option("--workers", default=1, show_default=True, type=int, help="Worker processes.")
def serve(host: str, port: int, workers: int) -> None:
    import uvicorn

    from dostop.app import create_app
    from dostop.content import ContentError

    settings = _settings()
    try:
        app = create_app(settings)  # fail fast, with the reasons, before binding
    except ContentError as error:
        click.echo(f"Dostop will not start: {error}", err=True)
        sys.exit(1)
    _migrate_before_serving(settings)
    from dostop.http.access_log import log_config

    # Logs are JSON lines (dostop.http.access_log); its request line replaces uvicorn's access log.
    # On SIGTERM uvicorn stops accepting, lets requests in flight finish (up to 20 s), then exits.
    # One worker serves the app just built (building it twice doubled the start-up time);
    # several workers each build their own from the factory.
    target = app if workers == 1 else "dostop.app:create_app"
    uvicorn.run(target, factory=workers > 1, host=host, port=port, workers=workers,
                proxy_headers=True, server_header=False, log_level="info",
                log_config=log_config(), access_log=False, timeout_graceful_shutdown=20)


def _migrate_before_serving(settings: Settings) -> None:
    """Creates or migrates the submissions database once, before the workers start, so they
    never race to do it. A database that is down is not fatal: the pages are served and the
    forms answer 503 until it is back (they migrate on first use)."""
    from sqlalchemy.exc import SQLAlchemyError

    from dostop.storage import open_storage

    try:
        open_storage(settings.database_url, settings.var_dir).engine.dispose()
    except SQLAlchemyError as error:
        click.echo(f"The submissions database is not reachable ({type(error).__name__}): "
                   "pages are served, forms answer 503 until it is.", err=True)


@main.group(help="Check and inspect the site's content.")
def content() -> None:
    pass


@content.command("check", help="Validate all content; exit 1 with file, line and message.")
@click.option("--dir", "directory", type=click.Path(file_okay=False), default=None,
              help="Content folder (default: site/content).")
def content_check(directory: str | None) -> None:
    from pathlib import Path

    from dostop.content import ContentError, load_content
    from dostop.identity import load_identity

    settings = _settings()
    root = Path(directory) if directory else settings.content_dir
    try:
        repository = load_content(root, settings.static_dir, settings.content_types)
        load_identity(root)  # the app will not start without it either
    except ContentError as error:
        for problem in error.problems:
            click.echo(str(problem), err=True)
        click.echo(f"{len(error.problems)} problem(s) found.", err=True)
        sys.exit(1)
    click.echo(f"Content OK: {len(repository.items)} files.")


@main.group(help="Check the translation catalogs.")
def i18n() -> None:
    pass


@i18n.command("check", help="Fail on untranslated, fuzzy or broken catalog entries.")
def i18n_check() -> None:
    from dostop.i18n.check import run_check

    sys.exit(run_check(_settings()))


@main.group(help="Staff tools for form submissions (newsletter, contact, feedback).")
def submissions() -> None:
    pass


@submissions.command("export", help="Print every submission of one kind, as CSV or JSON.")
@click.option("--kind", type=click.Choice(["newsletter", "contact", "feedback"]), required=True,
              help="Which form's submissions.")
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv",
              show_default=True, help="Output format.")
def submissions_export(kind: str, fmt: str) -> None:
    import csv
    import io
    import json

    from dostop.storage import open_storage

    settings = _settings()
    rows = open_storage(settings.database_url, settings.var_dir).export(kind)  # type: ignore[arg-type]
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    from dostop.storage.schema import metadata

    table = {"newsletter": "subscriptions", "contact": "contact_messages"}.get(kind, kind)
    columns = [c.name for c in metadata.tables[table].c if c.name != "token"]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns)
    writer.writeheader()
    writer.writerows(rows)
    click.echo(buffer.getvalue(), nl=False)


@submissions.command("erase", help="Delete every trace of an e-mail address (a data-protection "
                                   "request) and report what was removed.")
@click.option("--email", required=True, help="The address to erase (any letter case).")
def submissions_erase(email: str) -> None:
    from dostop.forms.mail import erase_files
    from dostop.storage import open_storage

    settings = _settings()
    erased = open_storage(settings.database_url, settings.var_dir).erase(email)
    erased.counts["outbox files"] = erase_files(settings.var_dir / "outbox", email)
    for name, count in erased.counts.items():
        click.echo(f"{name}: {count} removed")
    click.echo(f"Total: {erased.total} removed." if erased.total else
               "Nothing held for that address.")


@main.group(help="The mail outbox: messages waiting to be sent.")
def outbox() -> None:
    pass


@outbox.command("send", help="Send every message that is due (retries after a mail outage).")
def outbox_send() -> None:
    from dostop.forms.mail import Mailer, deliver_pending
    from dostop.storage import open_storage

    settings = _settings()
    storage = open_storage(settings.database_url, settings.var_dir)
    mailer = Mailer(settings.smtp_url, settings.var_dir / "outbox")
    total_sent = total_failed = 0
    while True:
        sent, failed = deliver_pending(storage, mailer, limit=100)
        total_sent, total_failed = total_sent + sent, total_failed + failed
        if sent + failed < 100:
            break
    click.echo(f"Sent {total_sent}; {total_failed} failed and wait for a retry; "
               f"{storage.pending_messages()} in the outbox.")
    sys.exit(1 if total_failed else 0)
