"""How well a scan of a real letterpress letter agrees with its letter, against the best wrong
one, on clean and degraded scans: the figures docs/archive.md ("How a scan is matched")
gives, and the measurements behind ACCEPT, PAGE_MATCH and TOLERANCE in scan/match.py.

    python bench/scan_match.py            # about 40 pages of OCR: a minute or two on 2 cores

Builds the letters of source/ (the invitation in English, Azerbaijani and Russian, the appeal
with 44 signatories) and revision 2 of the appeal with one signatory's name changed, prints
and scans them (tests/helpers/scans.py: clean; "office": turned 0.5-2 degrees, blurred,
noisy, grey paper, JPEG 70, signed and stamped beside the closing; "poor": turned 2 degrees,
more blur and noise, JPEG 40), reads them with Tesseract in the letter's language and
matches each against the catalogue of all five. For each scan: the right letter's score and
its pages' lowest agreement, the findings it reports, and the best wrong candidate (another
letter, the same letter in another language, the other revision) with its score, and the
highest agreement any page of any wrong letter reaches with a scan page. Then the scan with
its second page missing, and against a catalogue without its letter. Nothing is asserted.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))

LANGUAGE = {"en": "en", "az": "az", "ru": "ru", "appeal": "en", "appeal-r2": "en"}
CLOSING = {"en": "Yours faithfully,", "az": "Hörmətlə,", "ru": "С уважением,",
           "appeal": "", "appeal-r2": ""}


def main() -> None:
    from helpers import SOURCE_DIR, world
    from helpers.scans import CLEAN, Look, as_scan, revised, scan_of

    from letterpress.pipeline import build, load
    from letterpress.scan import ocr
    from letterpress.scan.letters import candidate
    from letterpress.scan.match import ACCEPT, compare, match

    looks = {"clean": CLEAN, "office": Look(),
             "poor": Look(rotation=2.0, blur=1.2, noise=14.0, quality=40)}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        appeal = SOURCE_DIR / "2020-10-08-amnesty-appeal.yaml"
        sources = {"en": SOURCE_DIR / "2026-11-20-assembly-invitation-en.yaml",
                   "az": SOURCE_DIR / "2026-11-20-assembly-invitation-az.yaml",
                   "ru": SOURCE_DIR / "2026-11-20-assembly-invitation-ru.yaml",
                   "appeal": appeal,
                   "appeal-r2": revised(appeal, folder / "r2",
                                        {"Rafik İsmayılov": "Rafik Məmmədli"})}
        catalogue = {}
        pdfs = {}
        for key, source in sources.items():
            pdfs[key] = folder / f"{key}.pdf"
            build(source, pdfs[key], world=world())
            catalogue[key] = candidate(key, load(source, world()).letter,
                                       pdfs[key].read_bytes())
        print(f"{'scan':10} {'look':6} {'right':>6} {'lowest page':>11} {'findings':>8}  "
              f"{'best wrong':10} {'score':>6} {'any page':>8}  {'OCR s':>5}")
        for look_name, look in looks.items():
            for seed, (key, pdf) in enumerate(pdfs.items(), start=1):
                pages = scan_of(pdf, seed, look, closing=CLOSING[key])
                start = time.perf_counter()
                read = ocr.recognise([as_scan(p) for p in pages], LANGUAGE[key])
                seconds = time.perf_counter() - start
                reports = match(read, list(catalogue.values()))
                right = next(r for r in reports if r.candidate.key == key)
                # every wrong candidate compared in full: its score, and the most any scan
                # page agrees with any of its pages
                wrongs = [compare(read, c) for k, c in catalogue.items() if k != key]
                wrong = max(wrongs, key=lambda r: (r.score, max(p.agreement for p in r.pages)))
                closest = max(p.agreement for r in wrongs for p in r.pages)
                first = "" if reports[0] is right else " (!)"
                print(f"{key:10} {look_name:6} {right.score:6.3f}{first} "
                      f"{min(p.agreement for p in right.pages):11.3f} "
                      f"{len(right.findings):8d}  {wrong.candidate.key:10} "
                      f"{wrong.score:6.3f} {closest:8.3f}  {seconds:5.1f}")
                for finding in right.findings:
                    print(f"{'':18}{finding.field} (page {finding.page}): {finding.message}")
                for finding in right.unread:
                    print(f"{'':18}not read: {finding.field} (page {finding.page})")
                if len(read) > 2:
                    gone = match([read[0], *read[2:]], list(catalogue.values()))[0]
                    print(f"{'':18}page 2 left out: {gone.candidate.key} {gone.score:.3f},"
                          f" missing {list(gone.missing)}")
                alone = match(read, [c for k, c in catalogue.items()
                                     if k.split("-")[0] != key.split("-")[0]])[0]
                print(f"{'':18}without its letter: best {alone.candidate.key} "
                      f"{alone.score:.3f} ({'accepted' if alone.accepted else 'refused'}"
                      f" at ACCEPT {ACCEPT})")


if __name__ == "__main__":
    main()
