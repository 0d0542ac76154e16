"""A throw-away public-key infrastructure for the signing tests: a root CA, signer and
timestamping certificates, PKCS#12 key files, a CRL, and small HTTP servers on 127.0.0.1
that answer RFC 3161 timestamp requests and serve the CRL.

Everything is made fresh in each test session (no private key is committed). The
timestamp authority signs with pyHanko's DummyTimeStamper, the tool pyHanko's own tests use;
the servers are the standard library's, one thread each.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

PrivateKey = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey
NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)
DAY = dt.timedelta(days=1)


def new_key(kind: str = "rsa") -> PrivateKey:
    if kind == "ec":
        return ec.generate_private_key(ec.SECP256R1())
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "letterpress tests"),
                      x509.NameAttribute(NameOID.LOCALITY_NAME, "Baku"),
                      x509.NameAttribute(NameOID.COUNTRY_NAME, "AZ")])


@dataclass
class Authority:
    """A root CA that issues certificates and keeps a list of revoked ones."""

    name: str = "letterpress test root"
    key: PrivateKey = field(default_factory=new_key)
    crl_url: str = ""
    revoked: list[tuple[int, dt.datetime]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.cert = (self._builder(_name(self.name), self.key.public_key(), NOW - 30 * DAY,
                                   NOW + 3650 * DAY)
                     .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
                     .add_extension(x509.KeyUsage(False, False, False, False, False, True, True,
                                                  False, False), True)
                     .sign(self.key, hashes.SHA256()))

    def _builder(self, subject: x509.Name, public: object, start: dt.datetime,
                 end: dt.datetime) -> x509.CertificateBuilder:
        return (x509.CertificateBuilder().subject_name(subject).issuer_name(_name(self.name))
                .public_key(public).serial_number(x509.random_serial_number())  # type: ignore[arg-type]
                .not_valid_before(start).not_valid_after(end)
                .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), False)  # type: ignore[arg-type]
                )

    def issue(self, common: str, key: PrivateKey, *, start: dt.datetime = NOW - DAY,
              end: dt.datetime = NOW + 365 * DAY, timestamping: bool = False) -> x509.Certificate:
        builder = self._builder(_name(common), key.public_key(), start, end).add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(self.key.public_key()), False)  # type: ignore[arg-type]
        if timestamping:
            builder = builder.add_extension(
                x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), True)
        else:
            builder = builder.add_extension(
                x509.KeyUsage(True, True, False, False, False, False, False, False, False), True)
        if self.crl_url:
            builder = builder.add_extension(x509.CRLDistributionPoints([x509.DistributionPoint(
                [x509.UniformResourceIdentifier(self.crl_url)], None, None, None)]), False)
        return builder.sign(self.key, hashes.SHA256())

    def revoke(self, cert: x509.Certificate, when: dt.datetime = NOW - DAY / 2) -> None:
        self.revoked.append((cert.serial_number, when))

    def crl(self) -> bytes:
        builder = (x509.CertificateRevocationListBuilder().issuer_name(self.cert.subject)
                   .last_update(dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5))
                   .next_update(dt.datetime.now(dt.UTC) + DAY)
                   .add_extension(x509.CRLNumber(len(self.revoked) + 1), False)
                   .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
                       self.key.public_key()), False))  # type: ignore[arg-type]
        for serial, when in self.revoked:
            builder = builder.add_revoked_certificate(
                x509.RevokedCertificateBuilder().serial_number(serial).revocation_date(when)
                .build())
        return builder.sign(self.key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)

    def pem(self, path: Path) -> Path:
        path.write_bytes(self.cert.public_bytes(serialization.Encoding.PEM))
        return path


def write_p12(path: Path, key: PrivateKey, cert: x509.Certificate,
              chain: tuple[x509.Certificate, ...], password: bytes) -> Path:
    encryption = (serialization.BestAvailableEncryption(password) if password
                  else serialization.NoEncryption())
    path.write_bytes(pkcs12.serialize_key_and_certificates(
        b"signer", key, cert, list(chain), encryption))
    return path


class _Handler(BaseHTTPRequestHandler):
    answer: Callable[[str, bytes], tuple[str, bytes]]

    def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
        self._reply(b"")

    def do_POST(self) -> None:  # noqa: N802
        self._reply(self.rfile.read(int(self.headers.get("Content-Length", 0))))

    def _reply(self, body: bytes) -> None:
        try:
            kind, data = self.server.answer(self.path, body)  # type: ignore[attr-defined]
        except KeyError:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass  # keep test output clean


@contextmanager
def serve(answer: Callable[[str, bytes], tuple[str, bytes]]) -> Iterator[str]:
    """An HTTP server on 127.0.0.1 answering with ``answer(path, body)``: its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.answer = answer  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(60)


def timestamp_answer(authority: Authority) -> Callable[[str, bytes], tuple[str, bytes]]:
    """An RFC 3161 timestamp authority certified by ``authority``."""
    from asn1crypto import keys, tsp
    from asn1crypto import x509 as asn1_x509
    from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

    key = new_key()
    cert = authority.issue("letterpress test TSA", key, timestamping=True)
    stamper = DummyTimeStamper(
        tsa_cert=asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER)),
        tsa_key=keys.PrivateKeyInfo.load(key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption())))

    def answer(path: str, body: bytes) -> tuple[str, bytes]:
        response = stamper.request_tsa_response(tsp.TimeStampReq.load(body))
        return "application/timestamp-reply", response.dump()

    return answer


# The keys of a test session: a throw-away CA with a CRL server and a timestamp authority on
# 127.0.0.1, and PKCS#12 key files (password PASSWORD) for signers good and bad; the pki
# fixture (conftest.py) makes them once per session.

PASSWORD = "correct horse"


@dataclass
class Pki:
    folder: Path
    root: Path  # the trusted root's certificate (PEM)
    authority: Authority
    tsa_url: str
    keys: dict[str, Path]
