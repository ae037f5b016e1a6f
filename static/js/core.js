/* Dostop's own JavaScript: small modules that only enhance. Each starts once on the elements
   that ask for it (data-module="name"). Modules register with Dostop.define(name, init). */
(function () {
  "use strict";
  var modules = {};
  var Dostop = {
    define: function (name, init) { modules[name] = init; },
    /* The one polite live region: filled, never replaced, so screen readers keep listening. */
    announce: function (message) {
      var region = document.getElementById("d-announcer");
      if (!region) { return; }
      region.textContent = "";
      window.setTimeout(function () { region.textContent = message; }, 50);
    },
    start: function (root) {
      var scope = root || document;
      Object.keys(modules).forEach(function (name) {
        var elements = scope.querySelectorAll('[data-module~="' + name + '"]');
        Array.prototype.forEach.call(elements, function (element) {
          var started = (element.getAttribute("data-started") || "").split(" ");
          if (started.indexOf(name) !== -1) { return; }
          element.setAttribute("data-started", started.concat([name]).join(" ").trim());
          modules[name](element);
        });
      });
    }
  };
  window.Dostop = Dostop;
  document.addEventListener("DOMContentLoaded", function () { Dostop.start(document); });
})();
