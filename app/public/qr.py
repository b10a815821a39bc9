"""QR codes printed at the counter: they lead to a point's feedback form."""
import base64
import io

import segno


def qr_svg(url: str, title: str) -> bytes:
    """An SVG QR code of the URL (medium error correction survives a worn print)."""
    code = segno.make(url, error="m", micro=False)
    buffer = io.BytesIO()
    code.save(buffer, kind="svg", scale=4, border=4, xmldecl=False, title=title, dark="#000", light="#fff")
    return buffer.getvalue()


def qr_data_uri(url: str, title: str) -> str:
    """The same QR code as an image a page embeds (the CSP allows data: images): the staff pages'
    counter slips and two-factor enrolment."""
    return "data:image/svg+xml;base64," + base64.b64encode(qr_svg(url, title)).decode()
