/* Dostop's own procedures for ACT rules that no engine decides cleanly, run in the page after
   axe-core (whose accessible-name computation they use). Each returns the elements that fail,
   as {target, html, summary}. Sent with a WebDriver script (after frames.py's cssPath), never
   served to visitors. */
var dostopProcedures = (function () {
  "use strict";

  function style(el) { return window.getComputedStyle(el); }

  function found(el, summary) {
    return {target: cssPath(el), html: (el.outerHTML || "").slice(0, 300), summary: summary};
  }

  /* Whether a rectangle survives the clipping of the element's ancestors (overflow, clip,
     clip-path): visually hidden text sits in a 1 px box that clips it. */
  function clipped(el, rect) {
    var left = rect.left, top = rect.top, right = rect.right, bottom = rect.bottom;
    for (var node = el; node && node.nodeType === 1; node = node.parentElement) {
      var s = style(node);
      if (/inset\(\s*(50|100)%/.test(s.clipPath) || /rect\(\s*0(px)?[ ,]+0(px)?[ ,]+0(px)?[ ,]+0/.test(s.clip)) {
        return true;
      }
      if (s.overflowX !== "visible" || s.overflowY !== "visible") {
        var box = node.getBoundingClientRect();
        left = Math.max(left, box.left); top = Math.max(top, box.top);
        right = Math.min(right, box.right); bottom = Math.min(bottom, box.bottom);
        if (right - left <= 1 || bottom - top <= 1) { return true; }
      }
    }
    // Off-screen text (left: -9999px) cannot be scrolled to.
    return right + window.scrollX <= 0 || bottom + window.scrollY <= 0;
  }

  function transparent(el) {
    for (var node = el; node && node.nodeType === 1; node = node.parentElement) {
      if (parseFloat(style(node).opacity) === 0) { return true; }
    }
    var s = style(el);
    return s.visibility !== "visible" || /rgba\(.*,\s*0\)$/.test(s.color) || s.color === "transparent" ||
      parseFloat(s.fontSize) === 0;
  }

  function textVisible(text) {
    var parent = text.parentElement;
    if (!parent || !text.data.trim() || transparent(parent)) { return false; }
    var range = document.createRange();
    range.selectNodeContents(text);
    return Array.prototype.some.call(range.getClientRects(), function (rect) {
      return rect.width >= 1 && rect.height >= 1 && !clipped(parent, rect);
    });
  }

  function rendered(el) {
    return style(el).display === "contents" || el.getClientRects().length > 0;
  }

  /* Text in an icon font (ligatures such as "search" drawn as a magnifier) is not text. */
  var ICON_FONT = /icon|material symbols|awesome|glyph/i;

  /* The ACT "visible inner text" (https://www.w3.org/WAI/standards-guidelines/act/rules/2ee8b8/). */
  function visibleInnerText(node) {
    if (node.nodeType === 3) {
      if (textVisible(node)) { return node.data.replace(/\s+/g, " "); }
      return node.parentElement && rendered(node.parentElement) && !node.data.trim() ? " " : "";
    }
    if (node.nodeType !== 1) { return ""; }
    if (!rendered(node)) { return ""; }
    var s = style(node);
    if (s.visibility !== "visible" && !node.querySelector("*")) {
      return node.getBoundingClientRect().width > 0 ? " " : "";
    }
    if (node.tagName === "BR") { return "\n"; }
    if (ICON_FONT.test(s.fontFamily)) { return ""; }
    var inner = "";
    for (var child = node.firstChild; child; child = child.nextSibling) {
      inner += visibleInnerText(child);
    }
    if (/^(block|flex|grid|list-item|table|flow-root)/.test(s.display) || s.display === "table-caption") {
      return "\n" + inner + "\n";
    }
    if (s.display === "table-cell" || s.display === "table-row") { return " " + inner + " "; }
    return inner;
  }

  /* The label in name algorithm's tokens: no parentheses and what they hold, case folded,
     compatibility-decomposed, anything but letters and digits as a space. */
  function tokens(text) {
    var plain = text.replace(/\([^()]*\)/g, " ").toLowerCase().normalize("NFKD")
      .replace(/\p{M}/gu, "").replace(/[^\p{L}\p{N}]/gu, " ").trim();
    return plain ? plain.split(/\s+/) : [];
  }

  function contains(name, label) {
    if (!label.length) { return true; }
    for (var start = 0; start + label.length <= name.length; start++) {
      if (label.every(function (token, i) { return name[start + i] === token; })) { return true; }
    }
    return false;
  }

  var NAME_FROM_CONTENT = ["button", "link", "checkbox", "menuitem", "menuitemcheckbox",
                           "menuitemradio", "option", "radio", "switch", "tab", "treeitem", "gridcell"];

  function role(el) {
    var explicit = (el.getAttribute("role") || "").trim().split(/\s+/)[0];
    if (explicit) { return explicit; }
    var tag = el.tagName.toLowerCase();
    if ((tag === "a" || tag === "area") && el.hasAttribute("href")) { return "link"; }
    if (tag === "button") { return "button"; }
    return "";
  }

  /* Accessible names by axe-core's own computation, its tree of the page built once for all. */
  function withNames(use) {
    var ready = false;
    try { ready = !!(window.axe && axe.setup && axe.setup(document)); } catch (e) { ready = false; }
    try {
      return use(function (el) {
        try { if (ready) { return axe.commons.text.accessibleText(el); } } catch (e) { /* below */ }
        return el.getAttribute("aria-label") || "";
      });
    } finally {
      try { if (ready) { axe.teardown(); } } catch (e) { /* nothing was set up */ }
    }
  }

  /* ACT 2ee8b8, WCAG 2.5.3: a widget named by aria-label(ledby) whose visible text is not a
     contiguous run of words in its accessible name. Left out, as the rule leaves them out:
     abbreviations ("Ave." for "Avenue") and words spelled or hyphenated differently in the two
     ("nonstandard" and "non-standard"); a lone "X" is a symbol (close), not a word. */
  function labelInName() {
    var failures = [];
    var candidates = Array.prototype.filter.call(
      document.querySelectorAll("[aria-label], [aria-labelledby]"),
      function (el) { return NAME_FROM_CONTENT.indexOf(role(el)) >= 0; });
    if (!candidates.length) { return failures; }
    withNames(function (accessibleName) { candidates.forEach(function (el) {
      var walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT), text, visible = false;
      while (!visible && (text = walker.nextNode())) { visible = textVisible(text); }
      if (!visible) { return; }
      var raw = visibleInnerText(el), label = tokens(raw), name = accessibleName(el);
      var words = tokens(name);
      if (label.length === 1 && label[0] === "x") { return; }
      var abbreviated = (raw.match(/[\p{L}]+(?=\.)/gu) || []).some(function (word) {
        word = word.toLowerCase();
        return words.some(function (w) { return w !== word && w.indexOf(word) === 0; });
      });
      var dehyphenated = contains(tokens(name.replace(/[-\u2010\u2011]/g, "")),
                                  tokens(raw.replace(/[-\u2010\u2011]/g, "")));
      if (abbreviated || contains(words, label) || dehyphenated) { return; }
      failures.push(found(el, "The visible label \u201c" + raw.replace(/\s+/g, " ").trim() +
                          "\u201d is not part of the accessible name \u201c" + name + "\u201d"));
    }); });
    return failures;
  }

  /* Text that axe could not measure against an image or gradient behind it: its colour, the
     ratios it needs (AA and AAA, by text size) and where it is on the page. Its colour is then
     made transparent (until `showText`), so a screenshot shows only what is behind it. */
  function hideTextOver(targets) {
    var hidden = [];
    targets.forEach(function (target) {
      var el = null;
      try { el = document.querySelector(target); } catch (e) { el = null; }
      if (!el) { return; }
      var s = style(el);
      // A text shadow or outline changes what the text is read against: left to review.
      if (s.textShadow !== "none" || s.webkitTextStrokeWidth !== "0px") { return; }
      var color = s.color.match(/[\d.]+/g).map(Number);
      var size = parseFloat(s.fontSize), bold = parseInt(s.fontWeight, 10) >= 700;
      var large = size >= 24 || (bold && size >= 18.66);
      var rects = [];
      for (var child = el.firstChild; child; child = child.nextSibling) {
        if (child.nodeType !== 3 || !textVisible(child)) { continue; }
        var range = document.createRange();
        range.selectNodeContents(child);
        Array.prototype.forEach.call(range.getClientRects(), function (r) {
          if (r.width >= 1 && r.height >= 1) {
            rects.push({x: r.left + window.scrollX, y: r.top + window.scrollY, width: r.width, height: r.height});
          }
        });
      }
      if (!rects.length) { return; }
      el.setAttribute("data-dostop-color", el.style.getPropertyValue("color"));
      el.setAttribute("data-dostop-priority", el.style.getPropertyPriority("color"));
      el.style.setProperty("color", "transparent", "important");
      hidden.push({target: target, html: (el.outerHTML || "").slice(0, 300),
                   color: color.length === 3 ? color.concat([1]) : color,
                   aa: large ? 3 : 4.5, aaa: large ? 4.5 : 7, rects: rects});
    });
    return hidden;
  }

  function showText() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-dostop-color]"), function (el) {
      el.style.setProperty("color", el.getAttribute("data-dostop-color"),
                           el.getAttribute("data-dostop-priority"));
      if (!el.getAttribute("style")) { el.removeAttribute("style"); }
      el.removeAttribute("data-dostop-color");
      el.removeAttribute("data-dostop-priority");
    });
  }

  /* Whether each target is text inside a widget named apart from its content (aria-label or
     aria-labelledby): a close button's "X" is then a symbol, not text the contrast rules
     measure (ACT afw4f7 and 09o5cg leave it out). */
  function namedApart(targets) {
    return targets.map(function (target) {
      var el = null;
      try { el = document.querySelector(target); } catch (e) { el = null; }
      for (; el && el.nodeType === 1; el = el.parentElement) {
        if (NAME_FROM_CONTENT.indexOf(role(el)) >= 0) {
          return el.hasAttribute("aria-label") || el.hasAttribute("aria-labelledby");
        }
      }
      return false;
    });
  }

  /* Out of the accessibility tree: not rendered (display: none, hidden), invisible, or inside
     aria-hidden="true". */
  function ignored(el) {
    if (!rendered(el) || style(el).visibility !== "visible") { return true; }
    for (var node = el; node && node.nodeType === 1; node = node.parentElement) {
      if (node.getAttribute("aria-hidden") === "true") { return true; }
    }
    return false;
  }

  /* Roles whose elements cannot be named (WAI-ARIA 1.3), and those that take no role description. */
  var IMPLICIT = {DIV: "generic", SPAN: "generic", B: "generic", I: "generic", S: "generic",
                  U: "generic", SMALL: "generic", P: "paragraph", CODE: "code", DEL: "deletion",
                  EM: "emphasis", INS: "insertion", STRONG: "strong", SUB: "subscript",
                  SUP: "superscript", CAPTION: "caption"};
  var UNNAMED = ["caption", "code", "deletion", "emphasis", "generic", "insertion", "none",
                 "paragraph", "presentation", "strong", "subscript", "superscript"];
  var NAMING = ["aria-label", "aria-labelledby", "aria-braillelabel"];
  var UNDESCRIBED = ["generic", "none", "presentation"];
  var DESCRIBING = ["aria-roledescription", "aria-brailleroledescription"];

  /* ACT kb1m8s: a global ARIA property on an element whose role prohibits it (naming a generic
     <div>, a paragraph or an element with role="none"; describing a generic role). */
  function ariaProhibited() {
    var failures = [];
    var selector = NAMING.concat(DESCRIBING).map(function (a) { return "[" + a + "]"; }).join(", ");
    Array.prototype.forEach.call(document.querySelectorAll(selector), function (el) {
      var semantic = role(el) || IMPLICIT[el.tagName] || "";
      if (ignored(el)) { return; }
      var prohibited = (UNNAMED.indexOf(semantic) >= 0 ? NAMING : [])
        .concat(UNDESCRIBED.indexOf(semantic) >= 0 ? DESCRIBING : [])
        .filter(function (a) { return el.hasAttribute(a); });
      if (prohibited.length) {
        failures.push(found(el, prohibited.join(", ") + " is not allowed on an element with role " + semantic));
      }
    });
    return failures;
  }

  /* Header cells of a table (HTML, or ARIA table/grid/treegrid) as a grid of slots. */
  function tableGrid(table) {
    var rows = [], grid = [];
    if (table.tagName === "TABLE") {
      rows = Array.prototype.filter.call(table.rows, function (r) { return r.closest("table") === table; });
    } else {
      rows = Array.prototype.filter.call(table.querySelectorAll("[role=row]"), function (r) {
        return r.parentElement.closest("[role=table], [role=grid], [role=treegrid]") === table;
      });
    }
    rows.forEach(function (row, y) {
      grid[y] = grid[y] || [];
      var x = 0;
      var cells = table.tagName === "TABLE" ? Array.prototype.slice.call(row.cells) :
        Array.prototype.filter.call(row.children, function (c) {
          return /^(cell|gridcell|columnheader|rowheader)$/.test(c.getAttribute("role") || "");
        });
      cells.forEach(function (cell) {
        while (grid[y][x]) { x++; }
        var across = cell.colSpan || 1, down = cell.rowSpan || 1;
        for (var dy = 0; dy < down; dy++) {
          for (var dx = 0; dx < across; dx++) {
            grid[y + dy] = grid[y + dy] || [];
            grid[y + dy][x + dx] = cell;
          }
        }
        x += across;
      });
    });
    return grid;
  }

  function headerKind(cell) {
    var explicit = cell.getAttribute("role");
    if (explicit === "columnheader") { return "col"; }
    if (explicit === "rowheader") { return "row"; }
    if (cell.tagName !== "TH" || (explicit && explicit !== "columnheader" && explicit !== "rowheader")) { return ""; }
    var scope = (cell.getAttribute("scope") || "").toLowerCase();
    return /^(col|colgroup)$/.test(scope) ? "col" : /^(row|rowgroup)$/.test(scope) ? "row" : "auto";
  }

  /* ACT d0f69e, WCAG 1.3.1: a header cell no cell is assigned to (nothing under a column header,
     nothing beside a row header, and no headers="" naming it). */
  function headersWithoutCells() {
    var failures = [];
    var tables = document.querySelectorAll("table, [role=table], [role=grid], [role=treegrid]");
    Array.prototype.forEach.call(tables, function (table) {
      var tableRole = table.getAttribute("role");
      if (ignored(table) || tableRole === "none" || tableRole === "presentation") { return; }
      var grid = tableGrid(table), assigned = new Set(), headers = [];
      grid.forEach(function (row, y) {
        row.forEach(function (cell, x) {
          if (!cell) { return; }
          var kind = headerKind(cell);
          if (kind && headers.indexOf(cell) < 0 && !ignored(cell)) { headers.push(cell); }
          var named = (cell.getAttribute("headers") || "").trim();
          if (named) {
            named.split(/\s+/).forEach(function (id) { assigned.add(document.getElementById(id)); });
            return;
          }
          for (var up = y - 1; up >= 0; up--) {
            var above = grid[up][x];
            if (above && above !== cell && /^(col|auto)$/.test(headerKind(above))) { assigned.add(above); }
          }
          for (var left = x - 1; left >= 0; left--) {
            var before = row[left];
            if (before && before !== cell && /^(row|auto)$/.test(headerKind(before))) { assigned.add(before); }
          }
        });
      });
      headers.forEach(function (header) {
        if (!assigned.has(header)) {
          failures.push(found(header, "No cell of the table is assigned to this header"));
        }
      });
    });
    return failures;
  }

  /* Bypass blocks (ACT cf77f2 and its atomic rules 047fe0, b40fd1, ye5d6e, 3e12e1). A block of
     repeated content is one the page shares with another page it links to: an element whose
     words are mostly those of an element of the same kind there (a navigation whose current
     item differs still counts). */
  function otherPage() {
    var links = document.querySelectorAll("a[href], area[href]");
    for (var i = 0; i < links.length; i++) {
      var url = new URL(links[i].href, location.href);
      if (url.origin === location.origin && /^https?:$/.test(url.protocol) &&
          url.pathname !== location.pathname) {
        return url.href;
      }
    }
    return null;
  }

  var MAX_ALIKE = 400, MAX_COMPARISONS = 200000;

  function words(text) {
    return new Set(text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean));
  }

  function alike(one, other) {
    var shared = 0;
    one.forEach(function (w) { if (other.has(w)) { shared++; } });
    return shared / (one.size + other.size - shared) >= 0.6;
  }

  function perceivable(text) {
    return !!text.data.trim() && !!text.parentElement && (textVisible(text) || !ignored(text.parentElement));
  }

  function bypass(otherHtml) {
    var other = otherHtml ? new DOMParser().parseFromString(otherHtml, "text/html") : null;
    var theirs = {};
    if (other && other.body) {
      Array.prototype.forEach.call(other.body.querySelectorAll("*"), function (el) {
        var set = words(el.textContent || ""), same = theirs[el.tagName] = theirs[el.tagName] || [];
        if (set.size && same.length < MAX_ALIKE) { same.push(set); }
      });
    }
    // A page too big to compare within the budget is left undecided (no finding).
    var repeated = [], budget = MAX_COMPARISONS;
    (function mark(el) {
      for (var child = el.firstElementChild; child && budget > 0; child = child.nextElementSibling) {
        var set = words(child.textContent || "");
        if (set.size && (theirs[child.tagName] || []).some(function (t) {
          budget--;
          return set.size <= t.size / 0.6 && t.size <= set.size / 0.6 && alike(set, t);
        })) {
          repeated.push(child);
        } else {
          mark(child);
        }
      }
    })(document.body || document.documentElement);
    if (budget <= 0 || repeated.length > MAX_ALIKE) { return {applies: false}; }
    var inRepeated = function (node) {
      return repeated.some(function (block) { return block.contains(node); });
    };
    var walker = document.createTreeWalker(document.body || document.documentElement, NodeFilter.SHOW_TEXT);
    var seenRepeated = false, first = null, text;
    while ((text = walker.nextNode())) {
      if (!perceivable(text)) { continue; }
      if (inRepeated(text)) { seenRepeated = true; } else if (seenRepeated) { first = text; break; }
    }
    // Kept on the page for activate(): each WebDriver call evaluates this file afresh.
    var bypassState = window.__dostopBypass = {first: first, blocks: [], repeated: repeated};
    if (!first) { return {applies: false}; }
    var afterRepeated = function (node) {
      return !inRepeated(node) && repeated.some(function (block) {
        return block.compareDocumentPosition(node) & Node.DOCUMENT_POSITION_FOLLOWING &&
          !block.contains(node);
      });
    };
    /* The first perceivable text at or after `node`, in tree order. */
    var nextContent = function (node) {
      var all = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      all.currentNode = node;
      for (var t = node.nodeType === 3 ? node : all.nextNode(); t; t = all.nextNode()) {
        if (perceivable(t)) { return t; }
      }
      return null;
    };
    var heading = Array.prototype.some.call(
      document.querySelectorAll("h1, h2, h3, h4, h5, h6, [role=heading]"), function (h) {
        var r = h.getAttribute("role");
        if ((r && r !== "heading") || ignored(h) || inRepeated(h) || !afterRepeated(h)) { return false; }
        var shown = false, t, inside = document.createTreeWalker(h, NodeFilter.SHOW_TEXT);
        while (!shown && (t = inside.nextNode())) { shown = textVisible(t); }
        return shown || Array.prototype.some.call(h.querySelectorAll("img[alt]"), function (img) {
          return img.alt.trim() && img.getBoundingClientRect().width > 0;
        });
      });
    var LANDMARKS = "main, nav, aside, [role=main], [role=navigation], [role=complementary], " +
      "[role=banner], [role=contentinfo], [role=region], [role=search], [role=form], " +
      "section[aria-label], section[aria-labelledby], form[aria-label], form[aria-labelledby]";
    var landmark = Array.prototype.some.call(document.querySelectorAll(LANDMARKS), function (l) {
      if (ignored(l)) { return false; }
      var t = nextContent(l);
      return !!t && l.contains(t) && !inRepeated(t) && afterRepeated(t);
    });
    var leadsToContent = function (target) {
      var t = target && nextContent(target);
      return !!t && !inRepeated(t) && afterRepeated(t);
    };
    var link = Array.prototype.some.call(document.querySelectorAll("a[href^='#'], area[href^='#']"), function (a) {
      var id = decodeURIComponent(a.getAttribute("href").slice(1));
      return !!id && leadsToContent(document.getElementById(id));
    });
    bypassState.leadsToContent = leadsToContent;
    // Blocks to collapse: the repeated ones before that content.
    bypassState.blocks = repeated.filter(function (block) {
      return block.compareDocumentPosition(first) & Node.DOCUMENT_POSITION_FOLLOWING && !ignored(block);
    });
    // Controls that may move focus or collapse a block without leaving the page: those whose
    // markup says they toggle something or run a script, before that content.
    var controls = Array.prototype.filter.call(document.querySelectorAll(
      "[onclick], [aria-expanded], [aria-controls], a[href='#']"), function (c) {
      var kind = role(c) || (c.tagName === "A" ? "link" : "");
      return /^(button|link)$/.test(kind) && !c.closest("form") &&
        c.compareDocumentPosition(first) & Node.DOCUMENT_POSITION_FOLLOWING;
    }).slice(0, 6);
    return {applies: true, heading: heading, landmark: landmark, link: link,
            blocks: bypassState.blocks.map(cssPath), controls: controls.map(cssPath),
            first: cssPath(first.parentElement)};
  }

  /* Activates one control, as a click; says whether it moved to the content (a fragment that
     leads there) and which blocks it took off screen and out of the accessibility tree. Then
     undoes it: the address as it was, a second click for a toggle. */
  function activate(selector) {
    var control = document.querySelector(selector), before = location.href;
    var bypassState = window.__dostopBypass;
    if (!control || !bypassState) { return null; }
    control.click();
    var id = location.hash ? decodeURIComponent(location.hash.slice(1)) : "";
    var moved = location.href !== before && !!id && bypassState.leadsToContent(document.getElementById(id));
    var collapsed = bypassState.blocks.map(function (block) {
      return !rendered(block) || style(block).visibility !== "visible";
    });
    if (collapsed.some(Boolean)) { control.click(); }
    if (location.href !== before) { history.replaceState(history.state, "", before); }
    return {moved: moved, collapsed: collapsed};
  }

  /* Text that changes by itself (ACT efbfc7, WCAG 2.2.2): watched from when the procedures run
     until after the keyboard checks. */
  function watchText() {
    if (window.__dostopChanges || !document.body) { return; }
    var changes = window.__dostopChanges = {started: Date.now(), counts: new Map()};
    new MutationObserver(function (records) {
      records.forEach(function (record) {
        var el = record.type === "characterData" ? record.target.parentElement : record.target;
        if (el && el.nodeType === 1) { changes.counts.set(el, (changes.counts.get(el) || 0) + 1); }
      });
    }).observe(document.body, {subtree: true, childList: true, characterData: true});
  }

  /* Elements whose text changed more than once (the innermost), shown beside other text (not
     alone on the page), on a page with no control at all that could pause, stop or hide them.
     Also whether watching longer could change that: only on a page with no control, and, past
     the first change, only while some text that could fail has changed (mutations of hidden
     nodes or of text alone on the page, such as those the keyboard checks cause, count not). */
  function changingText() {
    var changes = window.__dostopChanges;
    if (!changes) { return {control: true, candidates: 0, elapsed: 0, failures: []}; }
    var shownBeside = function (el) {
      var shown = false, t, walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      while (!shown && (t = walker.nextNode())) { shown = textVisible(t); }
      var context = el.parentElement;
      while (context && !context.innerText.trim()) { context = context.parentElement; }
      return shown && context && context.innerText.trim() !== el.innerText.trim();
    };
    var control = document.querySelector("button, input[type=button], input[type=submit], " +
      "input[type=reset], input[type=checkbox], select, a[href], [role=button], [role=switch], " +
      "[role=checkbox], [role=link]");
    var once = [], changed = [];
    if (!control) {
      changes.counts.forEach(function (count, el) {
        if (el.isConnected) { (count >= 2 ? changed : once).push(el); }
      });
    }
    changed = changed.filter(function (el) {
      return !changed.some(function (other) { return other !== el && el.contains(other); }) && shownBeside(el);
    });
    return {control: !!control, candidates: changed.length + once.filter(shownBeside).length,
            elapsed: Date.now() - changes.started,
            failures: changed.map(function (el) {
              return found(el, "This text changes by itself, and the page has no control to pause, stop or hide it");
            })};
  }

  return {
    watchText: watchText,
    changingText: changingText,
    otherPage: otherPage,
    bypass: bypass,
    activate: activate,
    namedApart: namedApart,
    hideTextOver: hideTextOver,
    showText: showText,
    run: function () {
      return {"label-in-name": labelInName(), "aria-prohibited": ariaProhibited(),
              "header-without-cells": headersWithoutCells()};
    }
  };
})();
