"""init: a new set of letters, ready to build.

``letterpress init [DIR]`` writes a project file, a letterhead, a members registry, one
example letter in each language letterpress sets (en, az, ru), each naming a member of the
registry, and a .gitignore for the PDFs and signing keys; then it prints the next three
commands. It writes no file over another: a folder that already holds any of them is refused
before anything is written.
"""

from __future__ import annotations

import argparse
import shlex
from pathlib import Path

from ..errors import LetterpressError
from .common import OK, say
from .project import PROJECT_FILE

MEMBER = "aynur-mammadova"

PROJECT = """\
# A letterpress project: commands run in this folder or below use these folders
# (each relative to this file; every line is optional).
source = "source"
output = "output"
archive = "archive"
registry = "source/members.yaml"
"""

GITIGNORE = """\
# what letterpress builds again from the sources
output/
# signing keys and their passwords never go into version control
keys/
*.p12
*.pfx
*.key
"""

LETTERHEAD = """\
# The letterhead every letter of this project prints (docs/source-format.md).
name: Example Civil Society Platform
address:
  - 1 Example Street, Baku AZ 1000, Azerbaijan
email: office@example.org
website: www.example.org
# typeface: sans                   # every letter in Liberation Sans (default: serif)
# A letter in Azerbaijani or Russian prints its own block (what a block leaves out is
# printed in English, with a warning).
az:
  name: Nümunə Vətəndaş Cəmiyyəti Platforması
  address:
    - Nümunə küçəsi 1, Bakı AZ 1000, Azərbaycan
ru:
  name: Платформа гражданского общества «Пример»
  address:
    - ул. Примерная, 1, Баку AZ 1000, Азербайджан
"""

REGISTRY = """\
# The members who sign letters, each once; letters name them by id (- member: ID).
members:
  - id: aynur-mammadova
    name: Aynur Mammadova
    organisation: “Open Data” Research Centre
    role: chair of the Council
    az:
      name: Aynur Məmmədova
      organisation: “Açıq Məlumat” Tədqiqat Mərkəzi
      role: Şuranın sədri
    ru:
      name: Айнур Мамедова
      organisation: Исследовательский центр «Открытые данные»
      role: председатель Совета
  - id: elchin-sadigov
    name: Elchin Sadigov
    organisation: Civic Participation Institute
    az:
      name: Elçin Sadıqov
      organisation: Vətəndaş İştirakı İnstitutu
    ru:
      name: Эльчин Садыгов
      organisation: Институт гражданского участия
"""

LETTERS = {
    "en": """\
# An example letter in English: change it, or copy it for the next one.
letterhead: letterheads/letterhead.yaml
reference: "1/26"
date: 2026-01-15
date_format: DD.MM.YYYY
language: en
sender: Example Civil Society Platform
recipient:
  - Member organisations of the Platform
body:
  - >-
    We invite your organisation to the annual General Assembly of the Platform, to be held
    in Baku on **12 February 2026**. The agenda and the registration form are on
    [our website](https://www.example.org).
closing:
  - "Yours sincerely,"
signatories:
  - heading: "Coordination Council:"
    members:
      - member: aynur-mammadova
      - member: elchin-sadigov
""",
    "az": """\
# Azərbaycan dilində nümunə məktub.
letterhead: letterheads/letterhead.yaml
reference: "1/26"
date: 2026-01-15
date_format: DD.MM.YYYY
language: az
sender: Nümunə Vətəndaş Cəmiyyəti Platforması
recipient:
  - Platformanın üzv təşkilatlarına
body:
  - >-
    Təşkilatınızı **2026-cı il fevralın 12-də** Bakıda keçiriləcək Platformanın illik Ümumi
    Yığıncağına dəvət edirik. Gündəlik və qeydiyyat forması
    [internet saytımızda](https://www.example.org) yerləşdirilmişdir.
closing:
  - "Hörmətlə,"
signatories:
  - heading: "Koordinasiya Şurası:"
    members:
      - member: aynur-mammadova
      - member: elchin-sadigov
""",
    "ru": """\
# Пример письма на русском языке.
letterhead: letterheads/letterhead.yaml
reference: "1/26"
date: 2026-01-15
date_format: D MMMM YYYY
language: ru
sender: Платформа гражданского общества
recipient:
  - Организациям-членам Платформы
body:
  - >-
    Приглашаем вашу организацию на ежегодное Общее собрание Платформы, которое состоится
    в Баку **12 февраля 2026 года**. Повестка дня и регистрационная форма размещены
    [на нашем сайте](https://www.example.org).
closing:
  - "С уважением,"
signatories:
  - heading: "Координационный совет:"
    members:
      - member: aynur-mammadova
      - member: elchin-sadigov
""",
}


def files() -> dict[Path, str]:
    """What init writes, by path relative to the new project's folder."""
    written = {Path(PROJECT_FILE): PROJECT, Path(".gitignore"): GITIGNORE,
               Path("source/letterheads/letterhead.yaml"): LETTERHEAD,
               Path("source/members.yaml"): REGISTRY}
    for language, text in LETTERS.items():
        written[Path(f"source/example-{language}.yaml")] = text
    return written


def next_commands(folder: Path) -> list[str]:
    """The three commands init suggests, in order, run from where init ran."""
    first = (f"cd {shlex.quote(str(folder))}" if folder.resolve() != Path.cwd().resolve()
             else "letterpress members check")
    return [first, "letterpress build --check", f"letterpress affected {MEMBER}"]


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    i = sub.add_parser("init", help="start a new set of letters in a folder",
                       description="Start a new set of letters in DIR: letterpress.toml, a "
                       "letterhead, a members registry, an example letter in English, "
                       "Azerbaijani and Russian, and a .gitignore for output/ and keys. No "
                       "existing file is replaced.")
    i.add_argument("folder", nargs="?", type=Path, default=Path("."), metavar="DIR",
                   help="the folder to start in (default: this one; made if missing)")


def _init(args: argparse.Namespace) -> int:
    from ..outputs import write_atomically
    from .project import find_file

    folder: Path = args.folder
    if folder.exists() and not folder.is_dir():
        raise LetterpressError(f"{folder}: not a folder", hint="give a new or existing folder")
    written = files()
    taken = [path for path in written if (folder / path).exists()]
    if taken:
        raise LetterpressError(f"{folder / taken[0]}: exists already; init writes over no "
                               "file", hint="give a new or empty folder: letterpress init DIR")
    outer = find_file(folder.parent.absolute()) if folder.absolute().parent != folder else None
    for path, text in written.items():
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        write_atomically(folder / path, text.encode("utf-8"))
        say(f"{folder / path}")
    if outer is not None:
        say(f"note: {folder} is inside the project of {outer}; commands run in {folder} "
            f"use {folder / PROJECT_FILE}", error=True)
    say("Next:")
    for command in next_commands(folder):
        say(f"  {command}")
    return OK


COMMANDS = {"init": _init}
