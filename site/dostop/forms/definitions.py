"""The three forms: newsletter sign-up, contact, accessibility feedback."""

from __future__ import annotations

from dostop.forms.fields import Field, FormSpec


def _(message: str) -> str:
    """Marks a msgid for extraction (pybabel -k _); translated at render time."""
    return message


def email_field(*, required: bool, label: str, hint: str) -> Field:
    return Field(
        name="email", kind="email", label=label, hint=hint, required=required,
        max_length=254, autocomplete="email",
        missing=_("Enter your e-mail address"),
        invalid=_("Enter an e-mail address in the correct format, like name@example.com"),
        too_long=_("E-mail address must be %(max)s characters or fewer"),
    )


def name_field(*, required: bool, label: str) -> Field:
    return Field(
        name="name", kind="text", label=label, required=required, max_length=200,
        autocomplete="name",
        missing=_("Enter your name"),
        invalid=_("Enter your name on one line, without line breaks"),
        too_long=_("Name must be %(max)s characters or fewer"),
    )


NEWSLETTER = FormSpec("newsletter", _("Sign up for the newsletter"), (
    email_field(required=True, label=_("E-mail address"),
                hint=_("We will send a message to this address to check that it is yours.")),
    Field(
        name="language", kind="radios", label=_("Which language would you like the newsletter in?"),
        choices=(("sl", _("Slovenian")), ("en", _("English"))), max_length=2,
        missing=_("Select the language you would like the newsletter in"),
    ),
    Field(
        name="consent", kind="checkbox", max_length=3,
        label=_("I agree to receive the newsletter by e-mail. "
                "I can unsubscribe at any time with the link in every message."),
        missing=_("Select the box to agree to receive the newsletter"),
    ),
))

CONTACT = FormSpec("contact", _("Write to us"), (
    name_field(required=True, label=_("Full name")),
    email_field(required=True, label=_("E-mail address"),
                hint=_("We will only use it to reply to you.")),
    Field(
        name="subject", kind="text", label=_("Subject"), max_length=200,
        missing=_("Enter a subject"),
        invalid=_("Enter the subject on one line, without line breaks"),
        too_long=_("Subject must be %(max)s characters or fewer"),
    ),
    Field(
        name="message", kind="textarea", label=_("Message"), max_length=5000,
        missing=_("Enter your message"),
        too_long=_("Message must be %(max)s characters or fewer"),
    ),
))

FEEDBACK = FormSpec("feedback", _("Report an accessibility problem"), (
    Field(
        name="problem", kind="textarea", label=_("What was the problem?"), max_length=5000,
        hint=_("Tell us what you were trying to do and what went wrong, for example a link "
               "you could not reach with the keyboard."),
        missing=_("Describe the problem you had"),
        too_long=_("The description must be %(max)s characters or fewer"),
    ),
    Field(
        name="page", kind="path", label=_("Page where you had the problem (optional)"),
        required=False, max_length=500,
        hint=_("The address of the page on this site, like /sl/novice/. We filled in the page "
               "you came from."),
        invalid=_("Enter the address of a page on this site, starting with /, like /sl/novice/"),
        too_long=_("The page address must be %(max)s characters or fewer"),
    ),
    name_field(required=False, label=_("Full name (optional)")),
    email_field(required=False, label=_("E-mail address (optional)"),
                hint=_("Only if you would like an answer.")),
))

# When the body is not a form we can read (invalid UTF-8, too many fields, another type).
UNREADABLE = _("We could not read the form. Check your answers and send it again.")

FORMS = {spec.kind: spec for spec in (NEWSLETTER, CONTACT, FEEDBACK)}
