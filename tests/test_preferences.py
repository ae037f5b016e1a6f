"""Preferences: what the settings form may set, and the signed cookie that keeps them."""

from __future__ import annotations

import pytest

from dostop.http.preferences import InvalidPreference, Preferences, PreferencesCodec


def test_a_form_changes_only_the_fields_it_sends() -> None:
    prefs = Preferences(contrast="dark", text_size=150, language="en")
    updated = prefs.with_form({"mode": ["on"]})
    assert updated == Preferences(mode="on", contrast="dark", text_size=150, language="en")


def test_a_checkbox_after_its_hidden_field_wins_and_an_unticked_one_turns_off() -> None:
    prefs = Preferences(underline_links=True)
    updated = prefs.with_form({"text_spacing": ["off", "on"], "underline_links": ["off"],
                               "text_size": ["200"], "contrast": ["high"], "shortcuts": ["off"]})
    assert updated.text_spacing is True
    assert updated.underline_links is False
    assert updated.text_size == 200 and updated.contrast == "high" and updated.shortcuts is False


@pytest.mark.parametrize(("field", "value"), [
    ("mode", "auto"), ("contrast", "pink"), ("text_size", "300"), ("text_size", "1e2"),
    ("text_spacing", "true"), ("shortcuts", ""),
])
def test_a_value_the_form_cannot_offer_is_refused(field: str, value: str) -> None:
    with pytest.raises(InvalidPreference) as raised:
        Preferences().with_form({field: [value]})
    assert raised.value.field == field


def test_reset_restores_every_option_but_keeps_the_language() -> None:
    prefs = Preferences(mode="on", contrast="dark", text_size=200, readable_font=True,
                        shortcuts=False, language="en")
    assert prefs.reset() == Preferences(language="en")


def test_html_attributes_carry_every_option() -> None:
    attributes = Preferences(mode="on", contrast="high", text_size=125, text_spacing=True,
                             shortcuts=False).html_attributes()
    assert attributes == {
        "data-accessibility-mode": "on", "data-contrast": "high", "data-text-size": "125",
        "data-text-spacing": "on", "data-underline-links": "off", "data-reduced-motion": "off",
        "data-readable-font": "off", "data-shortcuts": "off",
    }


def test_the_cookie_round_trips_and_a_forged_one_is_ignored() -> None:
    codec = PreferencesCodec("secret")
    prefs = Preferences(mode="on", text_size=200, language="sl")
    raw = codec.dumps(prefs)
    assert codec.loads(raw) == prefs
    assert PreferencesCodec("another secret").loads(raw) == Preferences()
    assert codec.loads(raw[:-2] + "xx") == Preferences()
    assert codec.loads("not a cookie") == Preferences()
    assert codec.loads("x" * 5000) == Preferences()


def test_a_cookie_saved_by_an_earlier_release_still_holds_its_settings() -> None:
    # Signed by the release before the codec moved into dostop.http, with the same secret.
    saved = "eyJtb2RlIjoib24iLCJjb250cmFzdCI6ImRhcmsiLCJ0ZXh0X3NpemUiOjE1MH0.222vNvRP-0zRFTexRGeiFR2soDI"
    assert PreferencesCodec("test-secret").loads(saved) == Preferences(
        mode="on", contrast="dark", text_size=150)
