/* Error summary (GOV.UK pattern, https://design-system.service.gov.uk/components/error-summary/):
   the summary's alert region takes focus when the page loads with errors (the HTML also says
   autofocus, for browsers without JavaScript), and each link in it moves focus to its field,
   scrolling the field's label or legend into view so the question is visible too. */
(function () {
  "use strict";

  function questionFor(input) {
    var fieldset = input.closest("fieldset");
    if (fieldset) {
      var legend = fieldset.querySelector("legend");
      if (legend) { return legend; }
    }
    return document.querySelector('label[for="' + input.id + '"]') || input;
  }

  window.Dostop.define("d-error-summary", function (summary) {
    var alert = summary.querySelector('[role="alert"]') || summary;
    if (document.activeElement !== alert) { alert.focus(); }
    summary.addEventListener("click", function (event) {
      var link = event.target.closest ? event.target.closest("a[href^='#']") : null;
      if (!link) { return; }
      var input = document.getElementById(link.getAttribute("href").slice(1));
      if (!input) { return; }
      event.preventDefault();
      questionFor(input).scrollIntoView();
      input.focus({ preventScroll: true });
    });
  });
})();
