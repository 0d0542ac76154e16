"""Signing letters: PAdES signatures with pyHanko, the producer's side.

A key file (PKCS#12) is parsed once into a :class:`SigningKey`, which then signs any number
of letters: pyHanko's own ``SimpleSigner`` re-parses the private key at every signature
(~250 ms for RSA-3072, docs/libraries.md), so the signer here keeps the parsed key object.

A signature is added in an incremental update, so the bytes of the letter as built (and any
earlier signature) stay as they were: a second signer counter-signs the same way. What the
signature says is judged in ``signatures.py``; nothing here decides whether a PDF is right.

PDF/A: an EC key makes pyHanko move the file to PDF 2.0, which PDF/A-3 (based on PDF 1.7)
does not allow, so EC keys are refused unless the caller gives up PDF/A (``pdfa=False``).
"""

from __future__ import annotations

import datetime as dt
import io
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import SigningError

if TYPE_CHECKING:
    from ..world import World

# pyHanko logs each failed check with a traceback; with no handler of the application's,
# Python's last-resort handler would print them. What they say is reported as findings.
for _logger in ("pyhanko", "pyhanko_certvalidator"):
    logging.getLogger(_logger).addHandler(logging.NullHandler())

FIELD_PREFIX = "Signature"  # field names Signature1, Signature2, ... in signing order
TIMESTAMP_FIELD_PREFIX = "DocumentTimestamp"
# Seconds to wait for a timestamp authority or a CRL/OCSP responder before giving up.
NETWORK_TIMEOUT = 20
# Bytes of a signature container besides the certificates and the signature value: the
# signed attributes and the CMS structure take about 600 (measured: 2370 bytes in all with
# an RSA-2048 value and two certificates of 870 bytes).
CMS_OVERHEAD = 2048


@dataclass(frozen=True, slots=True)
class SigningKey:
    """A parsed key file: the signer and what its certificate says."""

    path: Path
    signer: Any  # a pyhanko Signer holding the parsed private key
    subject: str  # the certificate's common name (or whole subject)
    not_before: dt.datetime
    not_after: dt.datetime
    algorithm: str  # "rsa", "ec", ...
    chain: tuple[Any, ...]  # the other certificates of the key file (asn1crypto)
    locality: str = ""  # the certificate's locality and country, "Baku, AZ"


@dataclass(frozen=True, slots=True)
class SignOptions:
    """How to sign. ``name`` defaults to the certificate's subject, ``location`` to its
    locality and country; ``timestamp_url`` adds an
    RFC 3161 timestamp (PAdES B-T); ``ltv`` embeds the chain and revocation information and a
    document timestamp (B-LT and B-LTA; needs ``timestamp_url``); ``stamp`` places a visible
    stamp (see stamp.py) instead of an invisible signature."""

    reason: str | None = None
    location: str | None = None
    name: str | None = None
    timestamp_url: str | None = None
    ltv: bool = False
    pdfa: bool = True
    stamp: Any = None  # a stamp.Stamp, or None for an invisible signature
    visible: bool = False  # place a stamp (planned by the pipeline, which reads the page)


def load_key(path: Path, password: bytes | None, world: World) -> SigningKey:
    """Parse a PKCS#12 key file, read through ``world`` (a regular file under the key size
    limit). A file that is not one, a wrong or missing password, or a key pyHanko cannot sign
    with raise SigningError with a one-line message."""
    from cryptography.hazmat.primitives.serialization import pkcs12

    from ..world import Unreadable

    try:
        data = world.read(path, "key")
    except Unreadable as exc:
        raise SigningError(f"{path}: cannot read the key file ({exc.reason})",
                           hint=exc.hint) from None
    if not _is_pkcs12(data):
        raise SigningError(f"{path}: not a PKCS#12 key file (.p12 or .pfx)")
    try:
        key, cert, others = pkcs12.load_key_and_certificates(data, password)
    except ValueError:
        if password:
            raise SigningError(f"{path}: wrong password for the key file") from None
        raise SigningError(f"{path}: the key file needs a password (from a prompt, "
                           "LETTERPRESS_KEY_PASSWORD or --password-file)") from None
    if key is None or cert is None:
        raise SigningError(f"{path}: the key file holds no private key with its certificate")
    return _signing_key(path, key, cert, tuple(others))


def _is_pkcs12(data: bytes) -> bool:
    from asn1crypto import pkcs12 as asn1_pkcs12

    try:
        pfx = asn1_pkcs12.Pfx.load(data, strict=True)
        return bool(pfx["version"].native == "v3")
    except (ValueError, TypeError):
        return False


def _signing_key(path: Path, key: Any, cert: Any, others: tuple[Any, ...]) -> SigningKey:
    from cryptography.hazmat.primitives.asymmetric import ec, rsa
    from pyhanko.keys.internal import translate_pyca_cryptography_cert_to_asn1 as to_asn1
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    if isinstance(key, rsa.RSAPrivateKey):
        algorithm = "rsa"
    elif isinstance(key, ec.EllipticCurvePrivateKey):
        algorithm = "ec"
    else:
        raise SigningError(f"{path}: a {type(key).__name__.removeprefix('_')} key cannot sign "
                           "letters; use an RSA key")
    certificate = to_asn1(cert)
    chain = tuple(to_asn1(c) for c in others)
    store = SimpleCertificateStore()  # type: ignore[no-untyped-call]
    store.register_multiple(chain)
    subject = certificate.subject.native
    return SigningKey(
        path=path, signer=_parsed_key_signer(key, certificate, store),
        subject=str(subject.get("common_name") or certificate.subject.human_friendly),
        not_before=cert.not_valid_before_utc, not_after=cert.not_valid_after_utc,
        algorithm=algorithm, chain=chain, locality=", ".join(
            str(subject[part]) for part in ("locality_name", "country_name") if subject.get(part)))


def _parsed_key_signer(key: Any, certificate: Any, store: Any) -> Any:
    """A pyHanko signer that signs with an already parsed key (RSA PKCS#1 v1.5 or ECDSA)."""
    from cryptography.hazmat.primitives.asymmetric import ec, padding
    from pyhanko.sign.signers import Signer
    from pyhanko_certvalidator.util import get_pyca_cryptography_hash

    attributes = _encoded_once(certificate)

    class ParsedKeySigner(Signer):
        async def async_sign_raw(self, data: bytes, digest_algorithm: str,
                                 dry_run: bool = False) -> bytes:
            digest = get_pyca_cryptography_hash(digest_algorithm)
            if isinstance(key, ec.EllipticCurvePrivateKey):
                return bytes(key.sign(data, ec.ECDSA(digest)))
            return bytes(key.sign(data, padding.PKCS1v15(), digest))

        def _signed_attr_provider_spec(self, *args: Any, **kwargs: Any) -> Any:
            return attributes(super()._signed_attr_provider_spec(*args, **kwargs))

    return ParsedKeySigner(signing_cert=certificate, cert_registry=store)


def _encoded_once(certificate: Any) -> Any:
    """A wrapper of pyHanko's choice of signed attributes that gives the signing-certificate-v2
    attribute (RFC 5035: the hash and issuer of the signer's certificate) encoded once per
    key. pyHanko builds it anew for every signature, and re-encoding the issuer's name
    through asn1crypto cost about a quarter of a signature (bench/signing.py)."""
    from asn1crypto import cms
    from pyhanko.sign.attributes import SigningCertificateV2Provider
    from pyhanko.sign.general import as_signing_certificate_v2, simple_cms_attribute

    encoded = simple_cms_attribute(  # type: ignore[no-untyped-call]
        "signing_certificate_v2", as_signing_certificate_v2(certificate)).dump()

    class SigningCertificate(SigningCertificateV2Provider):
        async def get_attribute(self, dry_run: bool = False) -> Any:
            return cms.CMSAttribute.load(encoded)  # parsed lazily, never re-encoded

    class Attributes:
        def __init__(self, spec: Any) -> None:
            self.spec = spec

        def signed_attr_providers(self, data_digest: bytes, digest_algorithm: str) -> Any:
            for provider in self.spec.signed_attr_providers(data_digest, digest_algorithm):
                same = (type(provider) is SigningCertificateV2Provider
                        and provider.signing_cert is certificate)
                yield SigningCertificate(certificate) if same else provider

    return Attributes


def stamp_lines(key: SigningKey, options: SignOptions, now: dt.datetime,
                language: str = "en", date_format: str = "DD.MM.YYYY") -> tuple[str, ...]:
    """What a visible stamp says: who signed, when (UTC, the date as the letter writes its
    own) and why, in the letter's language (content.LABELS)."""
    from ..content import LABELS, format_date

    labels = LABELS[language]
    moment = now.astimezone(dt.UTC)
    lines = (labels["signed_by"].format(name=options.name or key.subject),
             labels["signed_on"].format(date=format_date(moment.date(), date_format, language),
                                        time=f"{moment:%H:%M}"))
    return lines + ((labels["reason"].format(reason=options.reason),) if options.reason else ())


def check_key(key: SigningKey, options: SignOptions, now: dt.datetime) -> None:
    """Refuse a key that cannot make a good signature now, before anything is written."""
    if now > key.not_after:
        raise SigningError(f"{key.path}: the certificate of {key.subject} expired on "
                           f"{key.not_after:%Y-%m-%d}; a signature made now would not verify")
    if now < key.not_before:
        raise SigningError(f"{key.path}: the certificate of {key.subject} is valid only from "
                           f"{key.not_before:%Y-%m-%d %H:%M} UTC")
    if key.algorithm != "rsa" and options.pdfa:
        raise SigningError(
            f"{key.path}: an {key.algorithm.upper()} key would make the letter PDF 2.0, which "
            "is not PDF/A-3; use an RSA key, or --no-pdfa to sign anyway")
    if options.ltv and not options.timestamp_url:
        raise SigningError("--ltv needs --timestamp-url: long-term validation rests on "
                           "trusted timestamps")


def sign_pdf(data: bytes, name: str, key: SigningKey, options: SignOptions,
             trust: tuple[bytes, ...], now: dt.datetime) -> bytes:
    """Return ``data`` (a PDF) with one more signature, added in an incremental update.

    ``name`` is used in error messages; ``trust`` are extra trusted root certificates (PEM
    or DER) for the revocation checks of ``ltv``; ``now`` is the signing time (the world's
    clock)."""
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.sign.general import SigningError as HankoSigningError

    check_key(key, options, now)
    try:
        return sign_at(data, key, options, trust, now)
    except (PdfError, HankoSigningError, ValueError, OSError) as exc:
        if isinstance(exc, OSError) and options.timestamp_url:  # aiohttp's errors are OSErrors
            raise SigningError(f"{name}: cannot sign: the timestamp authority "
                               f"{options.timestamp_url} did not answer ({_reason(exc)})"
                               ) from None
        raise SigningError(f"{name}: cannot sign: {_reason(exc)}") from None


def _reason(exc: BaseException) -> str:
    """The innermost message of an error pyHanko wrapped, on one line."""
    while exc.__cause__ is not None and str(exc.__cause__):
        exc = exc.__cause__
    return " ".join(str(exc).split()) or type(exc).__name__


def sign_at(data: bytes, key: SigningKey, options: SignOptions, trust: tuple[bytes, ...],
            now: dt.datetime) -> bytes:
    """Sign ``data`` as at ``now``, without checking the key (sign_pdf checks it first)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers

    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    _agree_on_producer(writer)
    field = _next_field_name(writer, FIELD_PREFIX)
    pdf_signer = signers.PdfSigner(
        _metadata(field, writer, key, options, trust), signer=key.signer,
        timestamper=_timestamper(options.timestamp_url),
        stamp_style=options.stamp.style if options.stamp else None,
        new_field_spec=_field_spec(field, options))
    out = pdf_signer.sign_pdf(writer, bytes_reserved=_room(key, options))
    return bytes(out.getvalue())


def _agree_on_producer(writer: Any) -> None:
    """Keep the document information's /Producer equal to the XMP's pdf:Producer.

    pyHanko writes its own name as the XMP's producer but appends it to the information
    dictionary's ("letterpress; pyHanko 0.38.0"), and PDF/A requires the two to agree
    (ISO 19005-2 6.6.2.3.1). Setting the dictionary's to pyHanko's name first leaves pyHanko
    nothing to append; the XMP's xmp:CreatorTool still names letterpress."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.metadata.model import VENDOR

    if "/Metadata" not in writer.root or "/Info" not in writer.trailer:
        return
    info = writer.trailer["/Info"]
    info[generic.NameObject("/Producer")] = generic.TextStringObject(VENDOR)
    writer.update_container(info)


def _metadata(field: str, writer: Any, key: SigningKey, options: SignOptions,
              trust: tuple[bytes, ...]) -> Any:
    from pyhanko.sign import signers
    from pyhanko.sign.fields import SigSeedSubFilter

    context = _validation_context(key, trust) if options.ltv else None
    return signers.PdfSignatureMetadata(
        field_name=field, subfilter=SigSeedSubFilter.PADES, md_algorithm="sha256",
        reason=options.reason, location=options.location or key.locality or None,
        name=options.name or key.subject,
        embed_validation_info=options.ltv, use_pades_lta=options.ltv,
        timestamp_field_name=_next_field_name(writer, TIMESTAMP_FIELD_PREFIX),
        validation_context=context)


def _next_field_name(writer: Any, prefix: str) -> str:
    from pyhanko.sign.fields import enumerate_sig_fields

    taken = {name for name, _, _ in enumerate_sig_fields(writer)}
    number = 1
    while f"{prefix}{number}" in taken:
        number += 1
    return f"{prefix}{number}"


def _field_spec(field: str, options: SignOptions) -> Any:
    from pyhanko.sign.fields import SigFieldSpec

    if options.stamp is None:
        return SigFieldSpec(sig_field_name=field)
    return SigFieldSpec(sig_field_name=field, on_page=options.stamp.page,
                        box=options.stamp.box)


def _timestamper(url: str | None) -> Any:
    if not url:
        return None
    from pyhanko.sign.timestamps.aiohttp_client import HTTPTimeStamper

    return HTTPTimeStamper(url, timeout=NETWORK_TIMEOUT)


def _validation_context(key: SigningKey, trust: tuple[bytes, ...]) -> Any:
    """What B-LT embeds: the chain to a root (from the key file and ``trust``) and the CRLs or
    OCSP responses that prove it was not revoked, fetched now. A revoked or unreachable
    certificate fails the signature: such a letter would not verify later."""
    from pyhanko.keys import load_certs_from_pemder_data
    from pyhanko_certvalidator import ValidationContext

    roots = [c for c in key.chain if c.self_signed] + [
        c for blob in trust for c in load_certs_from_pemder_data(blob)]
    return ValidationContext(trust_roots=roots, other_certs=list(key.chain),
                             allow_fetching=True, revocation_mode="hard-fail")


def _room(key: SigningKey, options: SignOptions) -> int | None:
    """Room to reserve for the signature, in hexadecimal digits (how pyHanko counts it).
    pyHanko otherwise signs twice, once to measure (half the cost of a signature); a
    timestamp or revocation information has no size known beforehand, so then it measures."""
    if options.timestamp_url or options.ltv:
        return None
    signer = key.signer
    certificates = sum(len(c.dump()) for c in (signer.signing_cert, *key.chain))
    value = (signer.signing_cert.public_key.bit_size + 7) // 8
    return int(2 * (certificates + value + CMS_OVERHEAD))
