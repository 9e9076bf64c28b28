"""What every page must pass in the browser: no console errors or failed requests, no axe-core
violations at WCAG 2.1 A/AA, screenshots at a small phone's, a phone's and a desktop's width for review.

axe-core is vendored for the tests only (tests/browser/vendor/, MPL-2.0) and injected into the
page under test; the site never serves it.
"""

import re
from pathlib import Path

from playwright.sync_api import expect

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"
WIDTHS = {
    "small-phone": {"width": 320, "height": 640},
    "phone": {"width": 375, "height": 812},
    "desktop": {"width": 1280, "height": 900},
}


class Watcher:
    """Console errors, uncaught exceptions and failed requests of one page, as they happen."""

    def __init__(self, page, *, expected_status: int = 200):
        self.problems: list[str] = []
        self.expected_status = expected_status
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"uncaught: {error}"))
        page.on("requestfailed", self._failed)
        page.on("response", self._response)

    def _console(self, message):
        if message.type != "error":
            return
        # The browser reports the page's own expected error status (the 404 page) as a console error.
        if self.expected_status >= 400 and "the server responded with a status of" in message.text:
            return
        self.problems.append(f"console: {message.text}")

    def _failed(self, request):
        # Aborted is not failed: a link that turns into a download, a superseded fetch.
        if request.failure == "net::ERR_ABORTED":
            return
        self.problems.append(f"failed: {request.url} {request.failure}")

    def _response(self, response):
        if response.status < 400:
            return
        if response.request.resource_type == "document" and response.status == self.expected_status:
            return
        self.problems.append(f"HTTP {response.status}: {response.url}")


AXE_PATH = "/__axe-core-for-tests.js"


def axe_violations(page) -> list[str]:
    """axe-core's violations of the page as it is now, one readable line per affected element."""
    # The site's CSP allows scripts from its own origin only, so axe is injected as a script that
    # the browser believes the site serves (answered by Playwright), not as inline code.
    url = page.evaluate("location.origin") + AXE_PATH
    page.route(url, lambda route: route.fulfill(path=str(AXE), content_type="text/javascript"))
    page.add_script_tag(url=url)
    result = page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
            return result.violations.map(v => ({id: v.id, help: v.help, nodes: v.nodes.map(n => n.target.join(" ") + " — " + n.failureSummary)}));
        }""",
        AXE_TAGS,
    )
    return [f"{v['id']} ({v['help']}): {node}" for v in result for node in v["nodes"]]


def screenshot(page, name: str, width: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}-{WIDTHS[width]['width']}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def fits_the_width(page) -> int:
    """How far the page scrolls sideways (0 when it fits)."""
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def open_the_map(page) -> None:
    """Scroll the lazily loaded map into view and wait until Leaflet drew it and its points."""
    if not page.locator("[data-map]").count():
        return
    page.locator("[data-map]").scroll_into_view_if_needed()
    page.wait_for_selector("[data-map].leaflet-container")
    expect(page.locator("[data-map]")).not_to_have_attribute("aria-busy", re.compile(".*"))
    page.wait_for_selector("[data-map] .leaflet-overlay-pane path", state="attached")
    error = page.locator("[data-map]").get_attribute("data-text-error")
    assert page.locator("[data-map-status]").inner_text() != error, "the map failed"
