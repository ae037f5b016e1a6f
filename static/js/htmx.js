/* htmx, made accessible and strict (htmx 4):
   - focus is never dropped to <body>: after a swap, focus moves to the new content's
     [data-d-focus] element (its value, if any, is a selector inside it), else stays where it was,
     else goes to <main> (WCAG 2.4.3);
   - what changed is announced through the one polite live region: the text of the new content's
     [data-d-announce] element, or the attribute's value if it has one (WCAG 4.1.3);
   - Back and Forward reload the page for the address (htmx.config.history = "reload"), so title,
     content and focus are the server's, exactly as without JavaScript;
   - a failed request on an element marked data-d-htmx-fallback becomes a plain navigation, so the
     visitor sees the real (translated) error page instead of an error swapped into a list;
   - our CSS styles the indicators (htmx.css): htmx's own injected stylesheet is dropped.
   No inline script, no hx-on, no js: expressions: the page runs under script-src 'self'. */
(function () {
  "use strict";
  var htmx = window.htmx;
  if (!htmx) { return; }
  htmx.config.history = "reload";
  if (htmx.indicatorStyleSheet && document.adoptedStyleSheets) {
    document.adoptedStyleSheets = document.adoptedStyleSheets.filter(function (sheet) {
      return sheet !== htmx.indicatorStyleSheet;
    });
  }

  function find(nodes, selector) {
    for (var i = 0; i < nodes.length; i++) {
      var node = nodes[i];
      if (node.nodeType !== 1) { continue; }
      if (node.matches(selector)) { return node; }
      var inner = node.querySelector(selector);
      if (inner) { return inner; }
    }
    return null;
  }

  function focusNewContent(nodes) {
    var marked = find(nodes, "[data-d-focus]");
    if (!marked) { return false; }
    var selector = marked.getAttribute("data-d-focus");
    var target = (selector && marked.querySelector(selector)) || marked;
    marked.removeAttribute("data-d-focus");
    if (!target.matches("a[href], button, input, select, textarea, [tabindex]")) {
      target.setAttribute("tabindex", "-1");
    }
    target.focus();
    return true;
  }

  function announceNewContent(nodes) {
    var marked = find(nodes, "[data-d-announce]");
    if (!marked) { return; }
    var text = marked.getAttribute("data-d-announce") || marked.textContent;
    marked.removeAttribute("data-d-announce");
    window.Dostop.announce(text.replace(/\s+/g, " ").trim());
  }

  document.addEventListener("htmx:after:settle", function (event) {
    var nodes = (event.detail && event.detail.newContent) || [];
    nodes.forEach(function (node) {
      if (node.nodeType === 1) { window.Dostop.start(node); }
    });
    focusNewContent(nodes);
    announceNewContent(nodes);
    var active = document.activeElement;
    if (!active || active === document.body) {
      var main = document.getElementById("main-content");
      if (main) { main.focus(); }
    }
  });

  function fallsBack(ctx) {
    var source = ctx && ctx.sourceElement;
    return source && source.closest && source.closest("[data-d-htmx-fallback]") &&
      ctx.request && /^GET$/i.test(ctx.request.method || "");
  }

  document.addEventListener("htmx:before:swap", function (event) {
    var ctx = event.detail && event.detail.ctx;
    if (ctx && ctx.response && ctx.response.status >= 400 && fallsBack(ctx)) {
      event.preventDefault();
      window.location.assign(ctx.request.action);
    }
  });

  document.addEventListener("htmx:error", function (event) {
    var ctx = event.detail && event.detail.ctx;
    if (fallsBack(ctx) && !ctx.response) { window.location.assign(ctx.request.action); }
  });
})();
