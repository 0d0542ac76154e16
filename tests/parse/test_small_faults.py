"""Issue 8, point 10: IRI links, a date_format without a date token, line ends in Markdown,
and combining marks that do not compose. Each is tested through the public entry points:
the loaders, a build read back, or the command."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from helpers import SEED_MARKDOWN, read_letter

from letterpress.check.readback import read_pdf
from letterpress.errors import Diagnostic, SourceError
from letterpress.fonts import FontSet, load_fonts
from letterpress.inline import to_uri
from letterpress.parse.textfile import Undecodable, decode_text
from letterpress.pipeline import build, check
from letterpress.world import World

COVERAGE = load_fonts().coverage


def letter_yaml(*lines: str) -> str:
    head = ["letterhead:", "  name: ACME", 'reference: "05/20"', "date: 2020-10-08",
            "sender: Azerbaijan Open Government Platform", "recipient: Secretary General"]
    return "\n".join(head + list(lines)) + "\n"


def yaml_problems(text: str) -> list[Diagnostic]:
    with pytest.raises(SourceError) as info:
        read_letter(text, "letter.yaml", Path("."))
    return list(info.value.diagnostics)


def markdown_problems(text: str) -> list[Diagnostic]:
    with pytest.raises(SourceError) as info:
        read_letter(text, "letter.md")[0]
    return list(info.value.diagnostics)


# --- IRI links ------------------------------------------------------------------------------

@pytest.mark.parametrize(("iri", "uri"), [
    ("http://www.ogp.org.az", "http://www.ogp.org.az"),
    ("https://example.org/a(b)?q=1&r=%20#top", "https://example.org/a(b)?q=1&r=%20#top"),
    ("https://bücher.example/straße", "https://xn--bcher-kva.example/stra%C3%9Fe"),
    ("http://user@ПРИМЕР.рф:8080/путь?ş=ə#Ə",
     "http://user@xn--e1afmkfd.xn--p1ai:8080/%D0%BF%D1%83%D1%82%D1%8C?%C5%9F=%C9%99#%C6%8F"),
    ("https://example.org/a b", "https://example.org/a%20b"),
    ("mailto:ofis@şirkət.az?subject=Salam dünya",
     "mailto:ofis@xn--irkt-45a71m.az?subject=Salam%20d%C3%BCnya"),
    ("mailto:şəbnəm@ogp.az", "mailto:%C5%9F%C9%99bn%C9%99m@ogp.az"),
])
def test_a_link_target_becomes_an_ascii_uri(iri: str, uri: str) -> None:
    assert to_uri(iri) == uri
    assert to_uri(uri) == uri  # encoding twice changes nothing


def test_iri_links_are_written_as_ascii_uris_and_check(fonts: FontSet, tmp_path: Path) -> None:
    source = tmp_path / "letter.yaml"
    source.write_text(letter_yaml(
        "body:", "  - See [the city](https://bakı.az/şəhər) and [mail](mailto:şəbnəm@ogp.az)."
    ).replace("  name: ACME", "  name: ACME\n  website: www.şəhər.az\n  email: ofis@şəhər.az"),
        encoding="utf-8")
    built = build(source, tmp_path / "letter.pdf", World(fonts))
    uris = {uri for _, uri in read_pdf(built.output).links}
    # the A-labels by the bare Punycode algorithm (RFC 3492), not by the IDNA codec to_uri uses
    city, baki = ("xn--" + label.encode("punycode").decode() for label in ("şəhər", "bakı"))
    assert uris == {f"https://{baki}.az/%C5%9F%C9%99h%C9%99r",
                    "mailto:%C5%9F%C9%99bn%C9%99m@ogp.az",
                    f"http://www.{city}.az", f"mailto:ofis@{city}.az"}
    # no link is a UTF-16 text string (it would start with the byte-order mark FE FF)
    assert b"/URI <FEFF" not in built.output.read_bytes().upper()
    assert b"/URI (\xfe\xff" not in built.output.read_bytes()
    assert check(source, built.output, World(fonts)) == ()


# --- date_format ----------------------------------------------------------------------------

@pytest.mark.parametrize(("written", "note"), [
    ("dd.mm.yyyy", " (tokens are written in capitals)"),
    ("'on the day'", ""),
])
def test_a_date_format_without_a_date_token_is_an_error(written: str, note: str) -> None:
    [d] = yaml_problems(letter_yaml("date_format: " + written, "body: [Hello.]"))
    shown = written.strip("'")
    assert (d.line, d.column, d.field) == (7, 14, "date_format")
    assert d.message == (f"'{shown}' has no date token, so it would print itself instead of "
                         f"the date{note}")
    assert "DD.MM.YYYY" in d.hint


def test_a_date_format_with_one_token_among_text_is_fine() -> None:
    letter, _ = read_letter(letter_yaml("date_format: 'Baku, YYYY'", "body: [Hello.]"),
                            "letter.yaml", Path("."))
    assert letter.date_format == "Baku, YYYY"


# --- line ends ------------------------------------------------------------------------------

def test_markdown_lines_end_at_crlf_cr_or_lf() -> None:
    text = SEED_MARKDOWN.read_text(encoding="utf-8")
    expected = read_letter(text, "letter.md")[0]
    crlf_lone_cr = text.replace("\n", "\r\n").removesuffix("\r\n") + "\r"
    for variant in (crlf_lone_cr, text.replace("\n", "\r"), text.replace("\n", "\r\n")):
        assert read_letter(variant, "letter.md")[0] == expected


def test_a_cr_only_markdown_file_is_located_by_line() -> None:
    text = SEED_MARKDOWN.read_text(encoding="utf-8").replace("\n", "\r")
    lines = text.split("\r")
    lines[6] = lines[6].rstrip() + "\x07"  # the address line
    found = markdown_problems("\r".join(lines))
    assert [(d.line, d.column) for d in found] == [(7, len(lines[6]))]
    assert "U+0007" in found[0].message


def test_a_cr_only_file_that_is_not_utf8_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "letter.md"
    path.write_bytes(b"## ACME\rBaku\rab\xe9\r")
    with pytest.raises(Undecodable) as info:
        decode_text(path.read_bytes())
    assert (info.value.line, info.value.column) == (3, 3)


# --- combining marks ------------------------------------------------------------------------

def test_a_mark_that_composes_is_taken_as_its_precomposed_letter() -> None:
    letter, _ = read_letter(letter_yaml("body:", "  - Caf\u0065\u0301 \u0438\u0306."),
                            "letter.yaml", Path("."))
    assert letter.body[0].text == "Caf\u00e9 \u0439."


@pytest.mark.parametrize(("text", "cluster", "column"), [
    ("Bq\u0301", "q\u0301", 12),  # no q with acute
    ("a\u0301\u0308b", "\u00e1\u0308", 11),  # stacked: the acute composes, the diaeresis not
    ("\u0430\u0301", "\u0430\u0301", 11),  # a Russian stress mark
])
def test_a_mark_that_does_not_compose_is_refused_by_name(text: str, cluster: str,
                                                         column: int) -> None:
    [d] = yaml_problems(letter_yaml("body:", f"  - Hello {text}."))
    assert (d.line, d.column, d.field) == (8, column, "body[0]")
    names = " + ".join(f"U+{ord(c):04X} {unicodedata.name(c)}" for c in cluster)
    assert d.message == (f"character '{cluster}' ({names}) has no precomposed form, and "
                         "letterpress cannot place combining marks")
    assert d.hint.startswith("write a precomposed letter")


def test_a_mark_that_does_not_compose_in_markdown_is_located() -> None:
    lines = SEED_MARKDOWN.read_text(encoding="utf-8").split("\n")
    assert lines[6].startswith("Azerbaijan, Baku,")
    lines[6] = lines[6].replace("Baku", "Baq\u0301u")
    found = markdown_problems("\n".join(lines))
    assert [(d.line, d.column) for d in found] == [(7, 15)]
    assert found[0].message.startswith("character 'q\u0301' (U+0071 LATIN SMALL LETTER Q")
