"""How fetched bytes become text, and which content types count as a page."""

import codecs

import pytest

from monitor.fetching.decoding import decode_html, is_page_type

TEXT = (
    "Caf\u00e9 \u201cfees\u201d rise to \u20ac2 \u2014 na\u00efve, says the council\u2019s critic"
)


def page(charset_meta: str = "") -> str:
    return f"<html><head>{charset_meta}<title>t</title></head><body><p>{TEXT}</p></body></html>"


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        pytest.param(page().encode("utf-8"), "text/html; charset=utf-8", id="header utf-8"),
        pytest.param(
            page().encode("cp1252"), "text/html; charset=windows-1252", id="header cp1252"
        ),
        pytest.param(page().encode("cp1252"), "text/html; charset=ISO-8859-1", id="latin-1 label"),
        pytest.param(page().encode("cp1252"), 'text/html; charset="us-ascii"', id="ascii label"),
        pytest.param(
            page('<meta charset="windows-1252">').encode("cp1252"), "text/html", id="meta charset"
        ),
        pytest.param(
            page('<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">').encode(
                "cp1252"
            ),
            None,
            id="meta http-equiv",
        ),
        pytest.param(
            page('<meta charset="windows-1252">').encode("cp1252"),
            "text/html; charset=windows-1252",
            id="header and meta agree",
        ),
        pytest.param(codecs.BOM_UTF8 + page().encode("utf-8"), None, id="utf-8 BOM"),
        pytest.param(
            codecs.BOM_UTF8 + page().encode("utf-8"),
            "text/html; charset=iso-8859-1",
            id="BOM overrides a wrong header",
        ),
        pytest.param(codecs.BOM_UTF16_LE + page().encode("utf-16-le"), None, id="utf-16 BOM"),
        pytest.param(page().encode("utf-8"), None, id="undeclared utf-8"),
        pytest.param(page().encode("cp1252"), None, id="undeclared cp1252"),
        pytest.param(
            page().encode("cp1252"), "text/html; charset=utf-8", id="cp1252 claiming utf-8"
        ),
        pytest.param(
            page('<meta charset="utf-8">').encode("cp1252"), None, id="cp1252 with utf-8 meta"
        ),
        pytest.param(page().encode("utf-8"), "text/html; charset=x-unknown", id="unknown label"),
    ],
)
def test_page_text_is_recovered_whatever_the_declaration(
    body: bytes, content_type: str | None
) -> None:
    text = decode_html(body, content_type)

    assert TEXT in text
    assert "\ufffd" not in text
    assert not text.startswith("\ufeff")


def test_one_pasted_cp1252_paragraph_does_not_spoil_the_utf8_rest() -> None:
    body = (
        "<p>\u201cWe will rebuild,\u201d said the mayor.</p>".encode()
        + "<p>\u201cNot at this price,\u201d said a critic.</p>".encode("cp1252")
    )

    text = decode_html(body, "text/html; charset=utf-8")

    assert text == (
        "<p>\u201cWe will rebuild,\u201d said the mayor.</p>"
        "<p>\u201cNot at this price,\u201d said a critic.</p>"
    )


MAYOR = "<p>\u041c\u044d\u0440 \u0433\u043e\u0440\u043e\u0434\u0430</p>"  # Russian: "city mayor"


@pytest.mark.parametrize(
    "content_type", ["text/html; charset=windows-1251", "text/html; charset=cp1251"]
)
def test_declared_legacy_charset_is_honoured(content_type: str) -> None:
    assert decode_html(MAYOR.encode("cp1251"), content_type) == MAYOR


def test_header_charset_wins_over_meta() -> None:
    body = ('<meta charset="utf-8">' + MAYOR).encode("cp1251")

    assert decode_html(body, "text/html; charset=windows-1251").endswith(MAYOR)


def test_undecodable_bytes_in_a_declared_charset_never_raise() -> None:
    text = decode_html(b"<p>\x82\xa0 ok</p>", "text/html; charset=shift_jis")

    assert text.endswith(" ok</p>")


@pytest.mark.parametrize(
    ("content_type", "is_page"),
    [
        ("text/html; charset=utf-8", True),
        ("TEXT/HTML", True),
        ("application/xhtml+xml", True),
        ("text/plain", True),
        ("application/rss+xml", True),
        (None, True),
        ("", True),
        ("image/png", False),
        ("image/svg+xml", False),
        ("application/pdf", False),
        ("application/octet-stream", False),
        ("application/json", False),
        ("video/mp4", False),
    ],
)
def test_only_text_and_markup_count_as_pages(content_type: str | None, is_page: bool) -> None:
    assert is_page_type(content_type) is is_page
