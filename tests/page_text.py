"""A page as a reader sees it: its text nodes (scripts and styles left out) and its same-site links."""
from html.parser import HTMLParser


class TextNodes(HTMLParser):
    """The page's text nodes, one string each with spaces collapsed, and its same-site links."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts, self.links, self._skip = [], [], 0

    def handle_starttag(self, tag, attrs):
        """Note links; skip script and style content."""
        values = dict(attrs)
        if tag in ("script", "style"):
            self._skip += 1
        if tag == "a" and values.get("href", "").startswith("/"):
            self.links.append(values["href"])

    def handle_endtag(self, tag):
        """Leave script and style."""
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        """Keep visible text."""
        if not self._skip and data.strip():
            self.texts.append(" ".join(data.split()))


def visible_text(html: str) -> list[str]:
    """The page's text nodes."""
    parser = TextNodes()
    parser.feed(html)
    return parser.texts
