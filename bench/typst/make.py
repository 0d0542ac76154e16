"""Write bench/typst/amnesty-appeal.typ: the sample letter as Typst markup, for bench/cold.py.

    python bench/typst/make.py

The letter's words come from source/2020-10-08-amnesty-appeal.yaml and its letterhead file
(read with PyYAML, as written), each put into the markup as a Typst string (`#"..."`), so no
character of it is read as markup. The page follows letterpress's: A4, margins 25 and 20 mm,
Liberation Serif 11 pt on 14 pt, justified and hyphenated in the letter's language, the
letterhead centred over a rule, the reference and date on one line, "From:" and "To:", the
body, the closing, and the signatories numbered in two columns. It is the same work for both
programs, not the same page to the point: the comparison is of the time to make a letter.
"""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "source" / "2020-10-08-amnesty-appeal.yaml"
OUT = Path(__file__).resolve().parent / "amnesty-appeal.typ"


def s(text: str) -> str:
    """``text`` as a Typst string expression: printed as written, never read as markup."""
    return '#"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main() -> None:
    letter = yaml.safe_load(SOURCE.read_text(encoding="utf-8"))
    head = yaml.safe_load((SOURCE.parent / letter["letterhead"]).read_text(encoding="utf-8"))
    year, month, day = str(letter["date"]).split("-")
    lines = [
        "// Made by bench/typst/make.py from source/2020-10-08-amnesty-appeal.yaml: do not edit.",
        '#set page(paper: "a4", margin: (left: 25mm, right: 20mm, top: 15mm, bottom: 22mm))',
        f'#set text(font: "Liberation Serif", size: 11pt, lang: "{letter["language"]}", '
        "hyphenate: true)",
        "#set par(justify: true, leading: 3pt, spacing: 7pt)",
        "#align(center)[",
        f"  #text(size: 14pt, weight: \"bold\")[{s(head['name'])}] \\",
        *[f"  #text(size: 8pt)[{s(line)}] \\" for line in head.get("address", [])],
        f"  #text(size: 8pt)[{s('Tel.: ' + head['telephone'])}] \\",
        f"  #text(size: 8pt)[{s('E-mail: ' + head['email'])}] \\",
        f"  #text(size: 8pt)[#link(\"{head['website_url']}\")[{s(head['website'])}]]",
        "]",
        "#line(length: 100%, stroke: 0.5pt + luma(89))",
        f"{s(letter['reference'])} #h(1fr) {s(f'{day}.{month}.{year}')}",
        "",
        f"*From:* {s(letter['sender'])} \\",
        "*To:* " + " \\\n".join(s(line) for line in letter["recipient"]),
        "",
    ]
    lines += [s(" ".join(paragraph.split())) + "\n" for paragraph in letter["body"]]
    closing = letter.get("closing", [])
    lines += [" \\\n".join(s(line) for line in
                           (closing if isinstance(closing, list) else [closing])), ""]
    for group in letter.get("signatories", []):
        lines.append(f"*{s(group['heading'])}*")
        lines.append("#columns(2, gutter: 6mm)[")
        lines.append("  #set par(justify: false)")
        for member in group["members"]:
            who = member["name"] + (" – " + member["organisation"]
                                    if member.get("organisation") else "")
            lines.append(f"  + {s(who)}")
        lines.append("]")
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
