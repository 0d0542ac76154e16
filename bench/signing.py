"""Benchmark signing: many letters signed in one process with the key parsed once.

    python bench/signing.py              # 40 letters
    python bench/signing.py --letters 200

Builds the letters in source/, makes a throw-away RSA-3072 key with a self-signed
certificate (nothing is stored), then prints: the cost of parsing the key file, of signing
the first letter (imports and caches warm up), the median and 90th percentile per letter
after the first, the same for pyHanko's own SimpleSigner (which re-parses the key at every
signature), and the cost of verifying one signature. Timings are printed, never asserted;
on a shared machine, read them next to the load average printed with them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from letterpress.world import World

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
PASSWORD = b"bench"


def make_key(folder: Path) -> tuple[Path, bytes]:
    """A PKCS#12 file with an RSA-3072 key and its self-signed certificate; the PEM."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Bench Signer")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=30))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
            .sign(key, hashes.SHA256()))
    path = folder / "bench.p12"
    path.write_bytes(pkcs12.serialize_key_and_certificates(
        b"bench", key, cert, None, serialization.BestAvailableEncryption(PASSWORD)))
    return path, cert.public_bytes(serialization.Encoding.PEM)


def build_letters(folder: Path) -> list[bytes]:
    from letterpress.pipeline import build, letters_in

    pdfs = []
    for source in letters_in(ROOT / "source"):
        out = folder / (source.stem + ".pdf")
        build(source, out, World())
        pdfs.append(out.read_bytes())
    return pdfs


def per_letter(sign: object, pdfs: list[bytes],
               count: int) -> tuple[float, list[float], list[float]]:
    """Sign ``count`` letters (cycling through ``pdfs``): the first letter's time, and the
    wall-clock and CPU times of the others (CPU time suffers less from a shared machine)."""
    times, cpu = [], []
    for index in range(count):
        start, start_cpu = time.perf_counter(), time.process_time()
        sign(pdfs[index % len(pdfs)])  # type: ignore[operator]
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return times[0], times[1:], cpu[1:]


def summary(label: str, first: float, rest: list[float], cpu: list[float]) -> str:
    rest = sorted(rest)
    p90 = rest[int(len(rest) * 0.9)] if rest else float("nan")
    return (f"{label:<44} first {first * 1000:7.1f} ms   after: median "
            f"{statistics.median(rest) * 1000:6.1f} ms, p90 {p90 * 1000:6.1f} ms, "
            f"CPU median {statistics.median(cpu) * 1000:6.1f} ms ({len(rest)} letters)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        key_file, root = make_key(folder)
        pdfs = build_letters(folder)
        from letterpress.sign.signer import SignOptions, load_key, sign_pdf

        start = time.perf_counter()
        key = load_key(key_file, PASSWORD, World())
        parse = time.perf_counter() - start
        options = SignOptions(reason="bench")
        timings = per_letter(lambda pdf: sign_pdf(pdf, "bench", key, options), pdfs,
                             args.letters)
        print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores; "
              f"{len(pdfs)} letters of source/, {args.letters} signatures, RSA-3072")
        print(f"{'parse the key file once':<44} {parse * 1000:7.1f} ms")
        print(summary("letterpress (key parsed once)", *timings))
        print(summary("pyHanko SimpleSigner (key parsed each time)",
                      *per_letter(_simple_signer(key_file), pdfs, min(args.letters, 10))))
        print(_verify_cost(sign_pdf(pdfs[0], "bench", key, options), root))


def _simple_signer(key_file: Path) -> object:
    import io

    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko.sign.fields import SigSeedSubFilter

    signer = signers.SimpleSigner.load_pkcs12(str(key_file), passphrase=PASSWORD)
    meta = signers.PdfSignatureMetadata(field_name="Signature1", reason="bench",
                                        subfilter=SigSeedSubFilter.PADES)

    def sign(pdf: bytes) -> bytes:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
        return bytes(signers.sign_pdf(writer, meta, signer=signer).getvalue())

    return sign


def _verify_cost(signed: bytes, root: bytes) -> str:
    from letterpress.sign.signatures import check_signatures

    check_signatures(signed, "bench", (root,), fetch=False)
    times = []
    for _ in range(10):
        start = time.perf_counter()
        [check] = check_signatures(signed, "bench", (root,), fetch=False)
        times.append(time.perf_counter() - start)
    assert check.ok, check.problems
    median = statistics.median(times) * 1000
    return f"{'verify one signature (offline)':<44} median {median:6.1f} ms"


if __name__ == "__main__":
    main()
