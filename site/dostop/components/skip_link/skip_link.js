/* Skip link: move focus to the target itself, so the next Tab continues from main
   (some browsers otherwise keep the sequential focus point at the top). */
(function () {
  "use strict";
  window.Dostop.define("d-skip-link", function (link) {
    link.addEventListener("click", function () {
      var target = document.querySelector(link.getAttribute("href"));
      if (!target) { return; }
      if (!target.hasAttribute("tabindex")) { target.setAttribute("tabindex", "-1"); }
      target.focus();
    });
  });
})();
