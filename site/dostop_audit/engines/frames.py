"""Runs a function in the top document and in every frame below it, as far as WebDriver can
switch into them (same-origin or not): engines that see only their own document need that."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

T = TypeVar("T")
MAX_DEPTH = 4  # frames inside frames deeper than this are not walked (nor are many pages)
MAX_FRAMES = 30
FRAMES = "iframe, frame"
# A CSS path to an element, the way axe writes targets (in a frame: one selector per level).
CSS_PATH = """
function cssPath(el) {
  var parts = [];
  for (; el && el.nodeType === 1 && el !== document.documentElement; el = el.parentElement) {
    if (el.id && document.querySelectorAll('#' + CSS.escape(el.id)).length === 1) {
      parts.unshift('#' + CSS.escape(el.id)); break;
    }
    var same = Array.prototype.filter.call(el.parentElement ? el.parentElement.children : [],
                                           function (c) { return c.tagName === el.tagName; });
    parts.unshift(el.tagName.toLowerCase() +
                  (same.length > 1 ? ':nth-of-type(' + (same.indexOf(el) + 1) + ')' : ''));
  }
  return parts.join(' > ') || 'html';
}
"""
_SELECTOR = CSS_PATH + "return cssPath(arguments[0]);"


def in_every_frame(driver: WebDriver, run: Callable[[list[str]], T]) -> tuple[list[T], list[str]]:
    """`run(frame_path)` in the top document (path []) and in each frame (path: CSS selectors of
    the frame elements from the top). Returns the results and the frames it could not enter."""
    results: list[T] = []
    skipped: list[str] = []

    def walk(path: list[str]) -> None:
        results.append(run(path))
        if len(path) >= MAX_DEPTH:
            return
        count = len(driver.find_elements(By.CSS_SELECTOR, FRAMES))
        for index in range(count):
            if len(results) >= MAX_FRAMES:
                return
            frames = driver.find_elements(By.CSS_SELECTOR, FRAMES)
            if index >= len(frames):
                return
            selector = str(driver.execute_script(_SELECTOR, frames[index]))
            try:
                driver.switch_to.frame(frames[index])
            except WebDriverException as error:
                skipped.append(f"{' '.join(path + [selector])}: {error.msg or error}"[:200])
                continue
            try:
                walk(path + [selector])
            except WebDriverException as error:
                skipped.append(f"{' '.join(path + [selector])}: {error.msg or error}"[:200])
            finally:
                driver.switch_to.parent_frame()

    try:
        walk([])
    finally:
        driver.switch_to.default_content()
    return results, skipped
