/* The quick walk's recorder (tab_walk.py): while Tab, then Shift+Tab, is pressed many times in a
   row, every stop is recorded in the page, and so is any focus move a script makes by itself.
   Such a move (a timer that pulls focus back, typically) makes the quick walk unreliable: keys
   sent at once outrun the page's timers, which a visitor's keys would not. The walk is then
   redone a key at a time, waiting after each key until focus has settled.

   A script's move is one that comes with no Tab key: a focusin with no Tab keydown since the
   last one, or a call of focus() or blur() from outside a Tab key's own handlers (Tab moves
   focus without calling either; a timer that calls focus() while focus is outside the page
   causes no focusin at all). So is focus going into a frame: the page sees neither the keys
   nor the focus moves in there, and keys sent together outrun the frame's own. Needs `dostop` (probe.js) and `walk` (window.__dostopWalk).

   While Tab goes forward, an element of ours sits after the last control: Tab from the last
   control comes to it (`walk.end`) and goes no further. Tab from there would leave the page for
   the browser's own controls, and focus leaving the page and coming back at once, as keys sent
   together make it, comes back late, after the next scripts have run. */
function record(walk) {
  if (walk.undo) { return; }
  walk.recorded = []; walk.backward = null; walk.keyed = false; walk.doubtful = false;
  walk.ours = false; walk.undo = [];
  function on(type, listener) {
    document.addEventListener(type, listener, true);
    walk.undo.push(function () { document.removeEventListener(type, listener, true); });
  }
  on('keydown', function (event) { if (event.key === 'Tab') { walk.keyed = true; } });
  function left(event) { if (event.target === window) { walk.doubtful = true; } }
  window.addEventListener('blur', left, true);
  walk.undo.push(function () { window.removeEventListener('blur', left, true); });
  on('focusin', function (event) {
    if (!walk.keyed && !walk.ours) { walk.doubtful = true; }
    walk.keyed = false;
    if (event.target === walk.endElement) { walk.end = true; }
    else if (walk.backward) { walk.backward.push(walk.place(event.target)); }
    else if (!walk.ours) { walk.recorded.push(dostop.stop(event.target, walk)); }
  });
  walk.end = false;
  /* Its own kind of element, after <body>: it changes no selector the walk's findings give */
  var end = walk.endElement = document.createElement('dostop-end-of-page');
  end.tabIndex = 0;
  end.style.cssText = 'position: fixed; left: 0; top: 0; width: 1px; height: 1px; opacity: 0;';
  end.addEventListener('keydown', function (event) {
    if (event.key === 'Tab' && !event.shiftKey) { event.preventDefault(); }
  });
  document.documentElement.appendChild(end);
  walk.undo.push(removeEnd);
  /* The timers scripts start meanwhile, for settleRecording, and whether they schedule work
     any other way (then it waits as after a single key). */
  walk.timers = new Map(); walk.untimed = false;
  var later = walk.later = window.setTimeout, cancel = window.clearTimeout;
  walk.frame = window.requestAnimationFrame;
  function replace(name, wrapper, owner) {
    owner = owner || window;
    var own = owner[name];
    if (typeof own !== 'function') { return; }
    owner[name] = wrapper(own);
    walk.undo.push(function () { owner[name] = own; });
  }
  function untimed(own) {
    return function () { walk.untimed = true; return own.apply(this, arguments); };
  }
  replace('setTimeout', function () {
    return function (callback, delay) {
      var id = later.apply(window, arguments);
      walk.timers.set(id, performance.now() + (Number(delay) || 0));
      return id;
    };
  });
  replace('clearTimeout', function () {
    return function (id) { walk.timers.delete(id); return cancel.apply(window, arguments); };
  });
  ['setInterval', 'requestAnimationFrame', 'requestIdleCallback', 'postMessage'].forEach(
    function (name) { replace(name, untimed); });
  if (window.MessagePort) { replace('postMessage', untimed, MessagePort.prototype); }
  [window.HTMLElement, window.SVGElement].forEach(function (kind) {
    ['focus', 'blur'].forEach(function (name) {
      var proto = kind && kind.prototype, own = proto && proto[name];
      if (typeof own !== 'function') { return; }
      proto[name] = function () {
        var event = window.event;
        if (!walk.ours && !(event && event.type === 'keydown' && event.key === 'Tab')) {
          walk.doubtful = true;
          /* In no event at all: a timer's (kept past the recording, for the keyboard checks) */
          if (!event) { walk.timed = true; }
        }
        return own.apply(this, arguments);
      };
      walk.undo.push(function () { proto[name] = own; });
    });
  });
}
function removeEnd() {
  var walk = window.__dostopWalk;
  if (walk && walk.endElement) { walk.endElement.remove(); walk.endElement = null; }
}
function stopRecording(walk) {
  (walk.undo || []).forEach(function (undo) { undo(); });
  walk.undo = null;
}
/* Calls then() once the page's scripts are done moving focus after the keys: after the next
   frame (observers and animation frames run there), when no timer started since the recording
   began is due within 100 ms (looked at again after those have run, as they may start more);
   at most 1 s. Timers run in the order they are due, so a look scheduled after a timer's time
   comes after it has run (5 ms spare: Chromium delays timers that timers start by up to 4 ms).
   When scripts scheduled work another way (an interval, a message, an animation or idle
   callback), the wait is a single key's: until focus has stayed put for 4 polls of 20 ms. */
function settleRecording(walk, then) {
  var start = performance.now(), last = document.activeElement, quiet = 0;
  function look() {
    var now = performance.now(), wait = 0;
    if (walk.untimed) {
      if (document.activeElement === last) { quiet++; } else { quiet = 0; last = document.activeElement; }
      wait = quiet < 4 ? 20 : 0;
    } else {
      walk.timers.forEach(function (due, id) {
        if (due + 5 <= now) { walk.timers.delete(id); }
        else if (due - now <= 100) { wait = Math.max(wait, due + 5 - now); }
      });
    }
    if (!wait || now - start >= 1000) { then(); } else { walk.later.call(window, look, wait); }
  }
  var looked = false;
  function first() { if (!looked) { looked = true; walk.later.call(window, look, 0); } }
  if (walk.frame) { walk.frame.call(window, first); }
  walk.later.call(window, first, 50);  /* a page that draws no frames */
}
