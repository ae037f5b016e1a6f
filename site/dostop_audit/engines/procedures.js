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

  function accessibleName(el) {
    if (window.axe && axe.commons && axe.setup) {
      try {
        axe.setup(document);
        return axe.commons.text.accessibleText(el);
      } catch (e) { /* falls back below */ } finally {
        try { axe.teardown(); } catch (e) { /* nothing was set up */ }
      }
    }
    return el.getAttribute("aria-label") || "";
  }

  /* ACT 2ee8b8, WCAG 2.5.3: a widget named by aria-label(ledby) whose visible text is not a
     contiguous run of words in its accessible name. Left out, as the rule leaves them out:
     abbreviations ("Ave." for "Avenue") and words spelled or hyphenated differently in the two
     ("nonstandard" and "non-standard"); a lone "X" is a symbol (close), not a word. */
  function labelInName() {
    var failures = [];
    var candidates = document.querySelectorAll("[aria-label], [aria-labelledby]");
    Array.prototype.forEach.call(candidates, function (el) {
      if (NAME_FROM_CONTENT.indexOf(role(el)) < 0) { return; }
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
    });
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

  return {
    namedApart: namedApart,
    hideTextOver: hideTextOver,
    showText: showText,
    run: function () {
      return {"label-in-name": labelInName()};
    }
  };
})();
