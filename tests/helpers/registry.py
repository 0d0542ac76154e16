"""A members registry and letters that name its members, in YAML."""

from __future__ import annotations

from pathlib import Path

from letterpress.pipeline import load
from letterpress.world import World

REGISTRY = """\
# The members of the platform, each once.
members:
  - id: rafik-ismayilov
    name: Rafık İsmayılov
    organisation: For the Sake of Civil Society Public Association
    az:
      organisation: Vətəndaş Cəmiyyəti Naminə İctimai Birlik
    ru:
      name: Рафик Исмайылов
  - id: aynur-mammadova
    name: Aynur Mammadova
    organisation: “Open Data” Research Centre Public Union
    role: chair of the Council
"""


def letter(language: str = "en", members: str = "      - member: rafik-ismayilov\n") -> str:
    return f"""\
letterhead:
  name: Azerbaijan Open Government Platform
reference: "7/26"
date: 2026-11-20
language: {language}
sender: The Secretariat
recipient: Members of the Platform
body:
  - We write to you about the assembly.
signatories:
  - heading: "Signed:"
    members:
      - name: Leyla Guliyeva
{members}"""


def members(path: Path) -> list[tuple[str, str, str, str]]:
    return [(m.name, m.organisation, m.role, m.id)
            for g in load(path, World()).letter.signatories for m in g.members]
