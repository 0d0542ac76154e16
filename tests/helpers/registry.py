"""A members registry and letters that name its members, in YAML."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

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


def registry_as_used(path: Path, language: str, ids: set[str]) -> dict[str, object]:
    """What a letter in ``language`` naming ``ids`` carries of the registry at ``path``, as
    YAML reads it: each entry it names (in the registry's order) with the text it prints in
    that language (the entry's ``language:`` block where it gives a field, else the field at
    the entry's top); no other entry, no other language (docs/source-format.md)."""
    entries = []
    for entry in yaml.safe_load(path.read_text(encoding="utf-8"))["members"]:
        if entry["id"] in ids:
            own = entry.get(language) or {}
            entries.append({"id": entry["id"], **{
                key: own.get(key) or entry[key] for key in ("name", "organisation", "role")
                if own.get(key) or entry.get(key)}})
    return {"members": entries}


def with_members(path: Path, data: dict[str, Any]) -> dict[str, Any]:
    """The letter's data with each ``- member: ID`` written out as the registry says it in
    the letter's language (the entry's language block where it gives a field, else its top;
    docs/source-format.md): the members.yaml beside the letter or in a folder above it."""
    language = data.get("language", "en")
    registry = next((folder / "members.yaml" for folder in path.parents
                     if (folder / "members.yaml").is_file()), None)
    entries = {e["id"]: e for e in yaml.safe_load(registry.read_text(encoding="utf-8"))
               ["members"]} if registry else {}

    def written(member: dict[str, Any]) -> dict[str, Any]:
        if "member" not in member:
            return member
        entry = entries[member["member"]]
        own = entry.get(language) or {}
        return {key: own.get(key) or entry[key] for key in ("name", "organisation", "role")
                if own.get(key) or entry.get(key)}

    groups = [{**g, "members": [written(m) for m in g["members"]]}
              for g in data.get("signatories") or []]
    data = {**data, "signatories": groups} if groups else data
    signature = data.get("signature")
    if not signature:
        return data

    def signer(entry: dict[str, Any]) -> dict[str, Any]:
        """A signer from the registry: the member's role is the title."""
        if "member" not in entry:
            return entry
        text = written(entry)
        return {"name": text["name"], **({"title": text["role"]} if "role" in text else {}),
                **({"organisation": text["organisation"]} if "organisation" in text else {})}

    return {**data, "signature": {**signature,
                                  "signers": [signer(s) for s in signature["signers"]]}}
