"""axe-core on a page in Chromium: its violations, one readable line each (none: an empty list)."""
from axe_playwright_python.sync_playwright import Axe

_axe = Axe()  # holds only the axe-core script, read once


def axe_violations(page, options: dict | None = None) -> list[str]:
    """The violations on the document as it is now: rule, impact, what it asks and the first elements
    it names. `options` narrows the rules run (axe's runOnly); by default every rule runs."""
    response = _axe.run(page, options=options) if options else _axe.run(page)
    return [f"{v['id']} ({v.get('impact')}): {v['help']} at {[n['target'] for n in v['nodes'][:3]]}"
            for v in response.response["violations"]]
