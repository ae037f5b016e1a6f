/* The accessibility settings form (settings_form.html) with JavaScript: each change applies at
   once and is saved in the background; Save and Reset work without leaving the page, and close
   the dialog the form is in. The state and its saving are js/mode.js's (Dostop.preferences),
   which Ctrl+U uses on every page. */
(function () {
  "use strict";
  var Dostop = window.Dostop;

  Dostop.define("d-settings", function (form) {
    var preferences = Dostop.preferences;
    form.addEventListener("change", function (event) {
      var input = event.target;
      if (preferences.fields.indexOf(input.name) === -1 || input.type === "hidden") { return; }
      var values = {};
      values[input.name] = input.type === "checkbox" ? (input.checked ? "on" : "off") : input.value;
      preferences.apply(values);
      if (input.name === "mode") {
        Dostop.announce(preferences.message("mode-" + values.mode));
        preferences.save();
      } else {
        preferences.save(function () { Dostop.announce(preferences.message("saved")); });
      }
    });
    form.addEventListener("submit", function (event) {
      var button = event.submitter;
      event.preventDefault();
      var isReset = button && button.value === "reset";
      if (isReset) { preferences.reset(form); }
      preferences.save(function () { Dostop.announce(preferences.message(isReset ? "reset" : "saved")); });
      var dialog = form.closest("dialog");
      if (dialog && dialog.open) { dialog.close(); }
    });
  });
})();
