/* Dialogs on the native <dialog> (components/dialog.html). showModal() makes the page behind
   inert, moves focus in and closes on Esc; we add what browsers leave out: Tab wraps inside
   the dialog instead of leaving for the browser's toolbar, and focus returns to the control
   that opened it (WAI-ARIA APG dialog pattern). The controls stay links to the accessibility
   page, so without JavaScript (or without <dialog>) they still lead to the same form. */
(function () {
  "use strict";
  var Dostop = window.Dostop;
  var FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), ' +
    'select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

  function tabbable(dialog) {
    return Array.prototype.filter.call(dialog.querySelectorAll(FOCUSABLE), function (element) {
      if (element.type === "radio" && !element.checked) {
        return !dialog.querySelector('input[type="radio"][name="' + element.name + '"]:checked');
      }
      return element.getClientRects().length > 0;
    });
  }

  /* Opens the dialog with this id; false when there is none (the caller then follows its link). */
  Dostop.openDialog = function (id, opener) {
    var dialog = document.getElementById(id);
    if (!dialog || typeof dialog.showModal !== "function") { return false; }
    if (!dialog.open) {
      dialog.dostopOpener = opener || document.activeElement;
      dialog.showModal();
    }
    return true;
  };

  Dostop.define("d-dialog", function (dialog) {
    dialog.addEventListener("keydown", function (event) {
      if (event.key !== "Tab") { return; }
      var items = tabbable(dialog);
      if (!items.length) { event.preventDefault(); return; }
      var first = items[0];
      var last = items[items.length - 1];
      if (event.shiftKey && (document.activeElement === first || document.activeElement === dialog)) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && document.activeElement === last) {
        event.preventDefault();
        first.focus();
      }
    });
    dialog.addEventListener("close", function () {
      var opener = dialog.dostopOpener;
      dialog.dostopOpener = null;
      if (opener && opener !== document.body && document.contains(opener)) { opener.focus(); }
    });
  });

  function opens(id) {
    return function (link) {
      link.addEventListener("click", function (event) {
        if (Dostop.openDialog(id, link)) { event.preventDefault(); }
      });
    };
  }
  Dostop.define("d-settings-open", opens("d-settings-dialog"));
  Dostop.define("d-shortcuts-open", opens("d-shortcuts-dialog"));
})();
