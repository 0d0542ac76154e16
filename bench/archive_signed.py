"""The cost of signed copies in the archive, per letter: filing and verifying them.

    python bench/archive_signed.py             # 20 letters
    python bench/archive_signed.py --letters 40

Builds the letters (bench/archive.py's: the letters of source/ under other references and
dates), signs each with a throw-away RSA-3072 key (bench/signing.py's), files every unsigned
letter and then every signed copy beside it, in one process, and prints per letter: checking
a PDF before filing (``prepare``) unsigned, signed without trust roots (signatures recorded,
not judged), and signed with the key's certificate as the trusted root (judged offline); then
``archive verify`` of the whole archive without and with that root. Timings are printed,
never asserted; read them next to the load average printed with them.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from letterpress.world import World

sys.path.insert(0, str(Path(__file__).resolve().parent))

from archive import make_letters  # noqa: E402
from signing import PASSWORD, make_key  # noqa: E402


def timed(label: str, n: int, work: Callable[[], object]) -> object:
    start, cpu = time.perf_counter(), time.process_time()
    result = work()
    wall, cpu = (time.perf_counter() - start) / n, (time.process_time() - cpu) / n
    print(f"    {label:52} {wall * 1000:7.1f} ms  {cpu * 1000:7.1f} ms")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=20, help="how many (default 20)")
    args = parser.parse_args()
    from letterpress.archive import file_letter, prepare, require, verify
    from letterpress.fonts import load_fonts
    from letterpress.sign.signer import SignOptions, load_key, sign_pdf

    n = args.letters
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        pdfs = make_letters(n, folder)
        key_file, root_pem = make_key(folder)
        key = load_key(key_file, PASSWORD, World())
        signed = []
        for pdf in pdfs:
            out = pdf.with_name(pdf.stem + ".signed.pdf")
            out.write_bytes(sign_pdf(pdf.read_bytes(), str(pdf), key, SignOptions()))
            signed.append(out)
        fonts, trust, archive = load_fonts(), (root_pem,), folder / "archive"
        require(archive, create=True)
        world = World(fonts)
        prepare(pdfs[0], world), prepare(signed[0], world, trust, fetch=False)  # warm up
        print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores; {n} letters "
              "and their signed copies")
        print(f"  per letter {'':43} wall clock  processor")
        unsigned = timed("prepare, unsigned", n, lambda: [prepare(p, World(fonts)) for p in pdfs])
        timed("prepare, signed, no --trust (not judged)", n,
              lambda: [prepare(p, World(fonts)) for p in signed])
        copies = timed("prepare, signed, --trust (judged offline)", n,
                       lambda: [prepare(p, World(fonts), trust, fetch=False) for p in signed])
        timed("file the unsigned letter, then its signed copy", n, lambda: [
            file_letter(archive, p, World(fonts)) for p in [*unsigned, *copies]])  # type: ignore[misc]
        plain = timed("archive verify (2 bags), no --trust", n, lambda: verify(archive,
                                                                               World(fonts)))
        judged = timed("archive verify (2 bags), --trust, offline", n,
                       lambda: verify(archive, World(fonts), trust, fetch=False))
        assert not plain.changes and not judged.changes, (plain, judged)  # type: ignore[attr-defined]


if __name__ == "__main__":
    main()
