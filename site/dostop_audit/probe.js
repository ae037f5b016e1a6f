/* Helpers shared by the checks in keyboard.py and layout.py. Sent with each WebDriver script
   (never served to visitors), so they also work in a browser with JavaScript switched off. */
var dostop = {
  /* What a page can make Tab-able in every browser (Chromium adds scrollable regions itself). */
  FOCUSABLE: 'a[href], area[href], button, input:not([type="hidden"]), select, textarea, ' +
    'summary, iframe, [tabindex], [contenteditable="true"], [contenteditable=""], ' +
    'audio[controls], video[controls]',
  /* "header.d-header > a.d-header__name <a class=…> “RRA LUR …”": enough to find the element. */
  describe: function (el) {
    if (!el || el.nodeType !== 1) { return String(el); }
    var parts = [];
    for (var node = el; node && node.nodeType === 1 && parts.length < 4; node = node.parentElement) {
      var part = node.tagName.toLowerCase();
      if (node.id) { parts.unshift(part + "#" + node.id); break; }
      var classes = (node.getAttribute("class") || "").trim().split(/\s+/).filter(Boolean).slice(0, 2);
      if (classes.length) { part += "." + classes.join("."); }
      var parent = node.parentElement;
      if (parent) {
        var same = Array.prototype.filter.call(parent.children, function (c) { return c.tagName === node.tagName; });
        if (same.length > 1) { part += ":nth-of-type(" + (same.indexOf(node) + 1) + ")"; }
      }
      parts.unshift(part);
    }
    var html = el.outerHTML || "";
    var open = html.slice(0, Math.min(html.indexOf(">") + 1 || 160, 160));
    var text = (el.textContent || "").trim().replace(/\s+/g, " ").slice(0, 60);
    return parts.join(" > ") + " " + open + (text ? " \u201c" + text + "\u201d" : "");
  },
  /* Rendered with a size: visually hidden text (1 px, clipped) and display:none do not count. */
  shown: function (el) {
    if (!el.getClientRects().length) { return false; }
    var style = getComputedStyle(el);
    if (style.visibility !== "visible") { return false; }
    var rect = el.getBoundingClientRect();
    return rect.width > 1 && rect.height > 1;
  },
  /* Hidden from sight by the visually-hidden technique, opacity or clipping on it or an ancestor. */
  hiddenFromSight: function (el, cache) {
    if (cache.has(el)) { return cache.get(el); }
    var hidden = false;
    if (el.nodeType === 1 && el !== document.documentElement) {
      var style = getComputedStyle(el);
      var rect = el.getBoundingClientRect();
      hidden = style.visibility !== "visible" || style.opacity === "0" || style.display === "none" ||
        (style.clipPath && style.clipPath !== "none") || (style.clip && style.clip !== "auto") ||
        ((style.overflow !== "visible") && (rect.width <= 1 || rect.height <= 1)) ||
        (el.parentElement ? dostop.hiddenFromSight(el.parentElement, cache) : false);
    }
    cache.set(el, hidden);
    return hidden;
  },
  /* The colours behind an element, from its parent outwards, until an opaque one. */
  behind: function (el) {
    var chain = [];
    for (var node = el.parentElement; node; node = node.parentElement) {
      var bg = getComputedStyle(node).backgroundColor;
      chain.push(bg);
      if (/^rgb\(/.test(bg)) { break; }
    }
    return chain;
  },
  focusStyle: function (el) {
    var s = getComputedStyle(el);
    return {
      outlineStyle: s.outlineStyle, outlineWidth: parseFloat(s.outlineWidth) || 0,
      outlineColor: s.outlineColor, boxShadow: s.boxShadow, background: s.backgroundColor,
      borderWidth: Math.min(parseFloat(s.borderTopWidth) || 0, parseFloat(s.borderBottomWidth) || 0),
      borderColor: s.borderTopColor, color: s.color, behind: dostop.behind(el)
    };
  },
  /* One Tab stop: the element, whether focus was here before, and its focused and unfocused
     looks (walk.snapshot holds each control's unfocused style, taken before the first Tab). */
  stop: function (el, walk) {
    var seen = walk.stops.indexOf(el);
    walk.stops.push(el);
    var rect = el.getBoundingClientRect();
    return {
      element: dostop.describe(el), tag: el.tagName.toLowerCase(), href: el.getAttribute("href") || "",
      seen: seen, order: walk.expected.indexOf(el),
      in_dialog: !!el.closest('dialog[open], [aria-modal="true"]'),
      aria_hidden: !!el.closest('[aria-hidden="true"]'),
      focused: dostop.focusStyle(el), unfocused: walk.snapshot.get(el) || null,
      rect: [rect.left, rect.top, rect.width, rect.height], viewport: [innerWidth, innerHeight],
      reordered: dostop.reordered(el)
    };
  },
  /* Why this element's visual order may differ from the DOM order (CSS order, reversed flex). */
  reordered: function (el) {
    for (var node = el; node && node.parentElement && node !== document.body; node = node.parentElement) {
      var parent = getComputedStyle(node.parentElement);
      if (!/flex|grid/.test(parent.display)) { continue; }
      if (getComputedStyle(node).order !== "0") { return dostop.describe(node) + " has CSS order " + getComputedStyle(node).order; }
      if (/reverse/.test(parent.flexDirection)) { return dostop.describe(node.parentElement) + " has flex-direction " + parent.flexDirection; }
    }
    return "";
  }
};
