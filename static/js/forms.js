/* Form pages (templates/parts/form_page.html): inline validation of the fields that the
   form_field, checkbox and radios components draw. The error summary's own script is
   components/error_summary/error_summary.js. */
(function () {
  "use strict";

  /* Inline validation as the visitor leaves a field: shown inline, without stealing focus
     (moving focus while someone tabs through a form loses their place). The server checks the
     one field (POST ...?check=name, JSON) so the rules and messages are the same as after
     submitting. An empty field is only checked when it already shows an error, so tabbing
     through a form never fills it with red. New messages are announced once through the
     polite live region. */
  function showError(form, input, message) {
    var errorId = input.id + "-error";
    var error = document.getElementById(errorId);
    var group = document.getElementById(input.id + "-group");
    var ids = (input.getAttribute("aria-describedby") || "").split(/\s+/).filter(function (id) {
      return id && id !== errorId;
    });
    var before = error ? error.getAttribute("data-message") || error.textContent : "";
    if (message) {
      if (!error) {
        error = document.createElement("p");
        error.className = "d-error-message";
        error.id = errorId;
        input.parentNode.insertBefore(error, input);
      }
      var prefix = document.createElement("span");
      prefix.className = "d-visually-hidden";
      prefix.textContent = (form.getAttribute("data-d-error-prefix") || "Error:") + " ";
      error.textContent = "";
      error.appendChild(prefix);
      error.appendChild(document.createTextNode(message));
      error.setAttribute("data-message", message);
      ids.push(errorId);
      input.setAttribute("aria-invalid", "true");
      if (group) { group.classList.add("d-form-group--error"); }
      if (before.indexOf(message) === -1) { window.Dostop.announce(message); }
    } else {
      if (error) { error.parentNode.removeChild(error); }
      input.removeAttribute("aria-invalid");
      if (group) { group.classList.remove("d-form-group--error"); }
    }
    input.classList.toggle("d-input--error", !!message && input.classList.contains("d-input"));
    input.classList.toggle("d-textarea--error", !!message && input.classList.contains("d-textarea"));
    if (ids.length) { input.setAttribute("aria-describedby", ids.join(" ")); }
    else { input.removeAttribute("aria-describedby"); }
  }

  window.Dostop.define("d-form", function (form) {
    if (!window.fetch || !window.URLSearchParams) { return; }
    form.addEventListener("focusout", function (event) {
      var input = event.target;
      if (!input.matches || !input.matches("input.d-input, textarea.d-textarea") || !input.name) { return; }
      if (!input.value.trim() && input.getAttribute("aria-invalid") !== "true") { return; }
      var body = new URLSearchParams();
      body.append(input.name, input.value);
      var url = form.getAttribute("action") + "?check=" + encodeURIComponent(input.name);
      window.fetch(url, { method: "POST", body: body, credentials: "same-origin",
                          headers: { "Accept": "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) { if (data) { showError(form, input, data.error); } })
        .catch(function () { /* offline: the server checks everything on submit anyway */ });
    });
  });
})();
