/* The site's keyboard shortcuts, read from the table that lists them (shortcuts_help.html, where
   the choice of keys is explained), so the list a visitor reads is the list the page obeys. The
   keys act on the whole page, but this is the component's script: it starts only on the table
   that the dialogs part renders with active=true (data-module="d-shortcuts"), and a page without
   that table has no shortcuts. Esc closing a menu is here because the table lists it; Ctrl+U is
   js/mode.js's, which switches the mode through the settings form. Nothing here fires while
   the visitor types in a field, and nothing fires when shortcuts are switched off. */
(function () {
  "use strict";
  var Dostop = window.Dostop;
  var html = document.documentElement;
  var NOT_TYPING = ["button", "checkbox", "radio", "submit", "reset", "image", "file", "range", "color"];

  function isTyping(element) {
    if (!element || element === document.body) { return false; }
    if (element.isContentEditable) { return true; }
    var tag = element.tagName;
    if (tag === "TEXTAREA" || tag === "SELECT") { return true; }
    return tag === "INPUT" && NOT_TYPING.indexOf(element.type) === -1;
  }

  function read(row) {
    var modifiers = (row.getAttribute("data-shortcut-modifiers") || "").split(" ");
    return {
      action: row.getAttribute("data-shortcut-action"),
      code: row.getAttribute("data-shortcut-code"),
      key: row.getAttribute("data-shortcut-key"),
      alt: modifiers.indexOf("alt") !== -1,
      shift: modifiers.indexOf("shift") !== -1,
      ctrl: modifiers.indexOf("ctrl") !== -1,
      target: row.getAttribute("data-shortcut-target"),
      href: row.getAttribute("data-shortcut-href")
    };
  }

  function matches(shortcut, event) {
    if (event.metaKey) { return false; }
    if (shortcut.code) {
      /* The physical key: Alt+Shift+digit is the same key on every layout. */
      return event.code === shortcut.code && event.altKey === shortcut.alt &&
        event.shiftKey === shortcut.shift && event.ctrlKey === shortcut.ctrl;
    }
    /* A character ("?"): whatever Shift it takes on this layout, but never with Ctrl or Alt
       (AltGr is Ctrl+Alt). */
    return event.key === shortcut.key && !event.ctrlKey && !event.altKey;
  }

  function closeDialogs() {
    Array.prototype.forEach.call(document.querySelectorAll("dialog[open]"), function (dialog) {
      dialog.close();
    });
  }

  function run(shortcut) {
    if (shortcut.action === "dialog") {
      if (!Dostop.openDialog(shortcut.target)) { window.location.assign(shortcut.href); }
    } else if (shortcut.action === "focus") {
      var target = document.getElementById(shortcut.target);
      if (!target) { window.location.assign(shortcut.href); return; }
      closeDialogs();
      if (target.tabIndex < 0 && !target.hasAttribute("tabindex")) { target.setAttribute("tabindex", "-1"); }
      target.focus();
    } else if (shortcut.action === "link") {
      window.location.assign(shortcut.href);
    }
  }

  /* Esc closes an open menu (a <details> disclosure); open dialogs close on Esc by themselves. */
  function closeMenus(event) {
    if (event.key !== "Escape" || document.querySelector("dialog[open]")) { return; }
    Array.prototype.forEach.call(document.querySelectorAll("details[open]"), function (menu) {
      if (!menu.contains(document.activeElement) && menu.getAttribute("data-menu") === null) { return; }
      menu.open = false;
      var summary = menu.querySelector("summary");
      if (summary) { summary.focus(); }
    });
  }

  Dostop.define("d-shortcuts", function (table) {
    var shortcuts = Array.prototype.map.call(table.querySelectorAll("[data-shortcut-action]"), read)
      .filter(function (shortcut) { return shortcut.action !== "mode"; });
    document.addEventListener("keydown", function (event) {
      closeMenus(event);
      if (html.getAttribute("data-shortcuts") === "off" || event.defaultPrevented || event.isComposing) {
        return;
      }
      for (var i = 0; i < shortcuts.length; i += 1) {
        if (matches(shortcuts[i], event)) {
          if (isTyping(event.target)) { return; }
          event.preventDefault();
          run(shortcuts[i]);
          return;
        }
      }
    });
  });
})();
