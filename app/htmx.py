"""htmx: one template serves the full page and, for htmx requests, one named block of it."""
from flask import render_template, request
from jinja2_fragments.flask import render_block


def wants_fragment() -> bool:
    """An htmx request that is not a history restore (that one needs the whole page)."""
    return (request.headers.get("HX-Request") == "true"
            and request.headers.get("HX-History-Restore-Request") != "true")


def render_page(template: str, blocks: dict[str, str], default_block: str | None = None, **context) -> str:
    """The full page, or for htmx the block chosen by the HX-Target id (never by the trigger)."""
    if wants_fragment():
        target = (request.headers.get("HX-Target") or "").lstrip("#")
        block = blocks.get(target, default_block)
        if block:
            return render_block(template, block, **context)
    return render_template(template, **context)
