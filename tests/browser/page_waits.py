"""Waits the browser tests share, written so they hold under the site's strict CSP and while the
page moves."""
import time


def wait_for_htmx(page) -> None:
    """Wait until htmx has loaded (its deferred script has run).

    The condition is a function, not a bare expression: Playwright evaluates a bare expression with
    `eval` again at each poll, and the site's CSP (script-src 'self') refuses that once the first
    check, which runs outside the CSP, has found htmx still loading. A function is evaluated once
    and then called."""
    page.wait_for_function("() => window.htmx !== undefined")


def wait_until_still(locator, settle: float = 0.3, timeout: float = 5.0) -> None:
    """Wait until the element has kept its place for `settle` seconds (a map pan lasts 0.25 s), so
    that a click lands where a person would click once it stopped moving."""
    deadline = time.monotonic() + timeout
    box = locator.bounding_box()
    while time.monotonic() < deadline:
        time.sleep(settle)
        moved, box = box, locator.bounding_box()
        if box == moved:
            return
    raise AssertionError(f"still moving after {timeout} s")
