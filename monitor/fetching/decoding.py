"""Bytes to text the way a browser reads them: byte-order mark, declared charset, then UTF-8.

Pure: the fetcher hands the body and its Content-Type here and stores the text.
"""

import codecs
import re

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# The HTML standard prescans 1,024 bytes; real pages sometimes declare a little later.
_PRESCAN = 4096
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([a-z0-9._:-]+)""", re.IGNORECASE)
# WHATWG's windows-1252: Python's cp1252 leaves five bytes undefined; browsers map them to the
# C1 controls of the same number, so every byte decodes.
_WINDOWS_1252 = "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(256))
# Labels that browsers all read as windows-1252.
_WINDOWS_1252_ALIASES = frozenset({"ascii", "latin-1", "iso8859-1", "cp1252"})
_FALLBACK_ERRORS = "redline-windows-1252-bytes"


def _windows_1252(data: bytes) -> str:
    return codecs.charmap_decode(data, "strict", _WINDOWS_1252)[0]


def _windows_1252_bytes(error: UnicodeError) -> tuple[str, int]:
    """Decode error handler: read bytes that are not UTF-8 as windows-1252.

    Pages declared UTF-8 often carry windows-1252 text pasted from an editor, either the
    whole body or one paragraph; this keeps the valid UTF-8 and rescues the rest.
    """
    if not isinstance(error, UnicodeDecodeError):
        raise error
    return _windows_1252(error.object[error.start : error.end]), error.end


codecs.register_error(_FALLBACK_ERRORS, _windows_1252_bytes)


def decode_html(body: bytes, content_type: str | None) -> str:
    """Decode a page the way a browser would, never raising on bad bytes.

    Order: a byte-order mark (the HTML standard lets it override any declaration), the
    charset in the Content-Type header, a <meta> charset near the top, then UTF-8. A page that
    claims or appears to be UTF-8 but is not valid UTF-8 keeps its valid UTF-8 sequences and
    reads the other bytes as windows-1252, the usual culprit.
    """
    for bom, encoding in _BOMS:
        if body.startswith(bom):
            return body[len(bom) :].decode(encoding, errors="replace")
    declared = _header_charset(content_type) or _meta_charset(body[:_PRESCAN])
    if declared == "windows-1252":
        return _windows_1252(body)
    if declared is not None and declared != "utf-8":
        try:
            return body.decode(declared, errors="replace")
        except LookupError:  # a codec name that is not a text encoding, such as "base64"
            pass
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return body.decode("utf-8", errors=_FALLBACK_ERRORS)


def _header_charset(content_type: str | None) -> str | None:
    for param in (content_type or "").split(";")[1:]:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            return _codec_name(value.strip().strip("\"'"), from_meta=False)
    return None


def _meta_charset(head: bytes) -> str | None:
    match = _META_CHARSET.search(head)
    if match is None:
        return None
    return _codec_name(match.group(1).decode("ascii"), from_meta=True)


def _codec_name(label: str, *, from_meta: bool) -> str | None:
    """Python's codec for a charset label, with the browser's readings; None if unknown."""
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    if name in _WINDOWS_1252_ALIASES:
        return "windows-1252"
    if from_meta and name.startswith("utf-16"):
        # A <meta> that could be read as ASCII cannot be UTF-16; browsers take it as UTF-8.
        return "utf-8"
    return name


def is_page_type(content_type: str | None) -> bool:
    """True for content types that can hold an article: HTML, XHTML, other text, or none."""
    media = (content_type or "").split(";", 1)[0].strip().lower()
    if not media or media.startswith("text/"):
        return True
    return media.startswith("application/") and (media.endswith("+xml") or media.endswith("/xml"))
