/* The accessibility mode and its settings, applied in place on every page; Ctrl+U switches the
   mode anywhere.

   <html> carries the state as data attributes (rendered by the server from the preferences
   cookie); this module changes them, so the CSS follows at once, and saves the whole state with
   a POST to the settings form's own address (the same endpoint as the form without JavaScript).
   Saves are queued, one at a time, each with the complete state: the last one always wins.
   Announcements come from the form's data-announce-* attributes, translated on the server.
   The form's own events are its component's script (components/settings_form/settings_form.js);
   the state lives here because Ctrl+U changes it too. */
(function () {
  "use strict";
  var Dostop = window.Dostop;
  var html = document.documentElement;
  var FIELDS = ["mode", "contrast", "text_size", "text_spacing", "underline_links",
                "reduced_motion", "readable_font", "shortcuts"];
  var saving = false;
  var again = false;
  var againDone = null;

  function attributeFor(name) {
    return name === "mode" ? "data-accessibility-mode" : "data-" + name.replace(/_/g, "-");
  }

  function settingsForm() {
    return document.querySelector('form[data-module~="d-settings"]');
  }

  function message(key) {
    var form = settingsForm();
    return form ? form.getAttribute("data-announce-" + key) || "" : "";
  }

  function current() {
    var state = {};
    FIELDS.forEach(function (name) { state[name] = html.getAttribute(attributeFor(name)) || ""; });
    return state;
  }

  /* Every settings form on the page (the page's own and the dialog's) shows the current state. */
  function syncForms() {
    var state = current();
    var forms = document.querySelectorAll('form[data-module~="d-settings"]');
    Array.prototype.forEach.call(forms, function (form) {
      Array.prototype.forEach.call(form.elements, function (input) {
        if (!(input.name in state)) { return; }
        if (input.type === "checkbox") { input.checked = state[input.name] === "on"; }
        if (input.type === "radio") { input.checked = state[input.name] === input.value; }
      });
    });
  }

  /* values: field name → value ("on", "off", "high", "150", ...). */
  function apply(values) {
    Object.keys(values).forEach(function (name) {
      if (FIELDS.indexOf(name) !== -1) { html.setAttribute(attributeFor(name), values[name]); }
    });
    syncForms();
  }

  function save(done) {
    var form = settingsForm();
    if (!form || !window.fetch) { return; }
    if (saving) { again = true; againDone = done || againDone; return; }
    saving = true;
    var state = current();
    var body = new URLSearchParams();
    FIELDS.forEach(function (name) { body.append(name, state[name]); });
    /* keepalive: the save still arrives when the visitor follows a link right after Ctrl+U. */
    window.fetch(form.getAttribute("action"), {
      method: "POST", body: body, credentials: "same-origin", keepalive: true
    })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        if (done) { done(); }
      })
      .catch(function () { Dostop.announce(message("failed")); })
      .then(function () {
        saving = false;
        if (again) {
          var next = againDone;
          again = false;
          againDone = null;
          save(next);
        }
      });
  }

  function toggleMode() {
    var next = html.getAttribute("data-accessibility-mode") === "on" ? "off" : "on";
    apply({ mode: next });
    Dostop.announce(message("mode-" + next));
    save();
  }

  function reset(form) {
    var defaults = JSON.parse(form.getAttribute("data-defaults") || "{}");
    Object.keys(defaults).forEach(function (attribute) { html.setAttribute(attribute, defaults[attribute]); });
    syncForms();
  }

  /* For the settings form's own script (components/settings_form/settings_form.js). */
  Dostop.preferences = { fields: FIELDS, apply: apply, current: current, save: save,
                         toggleMode: toggleMode, reset: reset, message: message };

  /* Ctrl+U, also while typing in a field (it types nothing). The browser's View Source is
     prevented only here, while we handle the key, and never when shortcuts are switched off.
     Ctrl+Alt is AltGr on Windows, so a key with Alt is never ours. */
  document.addEventListener("keydown", function (event) {
    if (!event.ctrlKey || event.altKey || event.shiftKey || event.metaKey) { return; }
    var key = String(event.key).toLowerCase();
    if (key !== "u" && !(/^[^a-z]$/.test(key) && event.code === "KeyU")) { return; }
    if (html.getAttribute("data-shortcuts") === "off" || !settingsForm()) { return; }
    event.preventDefault();
    if (!event.repeat) { toggleMode(); }
  });
})();
