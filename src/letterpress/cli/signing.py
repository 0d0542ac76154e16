"""Signing and verifying (the sign package): two subcommands and their handlers."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from ..errors import LetterpressError
from ..world import World
from .common import BAD_INPUT, CHECK_FAILED, OK, emit, say

PASSWORD_VARIABLE = "LETTERPRESS_KEY_PASSWORD"


def _add_signing(sub: Any) -> None:
    s = sub.add_parser("sign", help="add a PAdES signature to letters",
                       description="Sign letter PDFs with the key in a PKCS#12 file. The "
                       f"password comes from --password-file, ${PASSWORD_VARIABLE} or a prompt.")
    s.add_argument("pdfs", nargs="+", type=Path, metavar="LETTER.pdf",
                   help="the letters' PDFs to sign")
    s.add_argument("--key", type=Path, required=True, metavar="KEY.p12",
                   help="the signer's key and certificate, a PKCS#12 file (RSA for PDF/A)")
    s.add_argument("-o", "--output", type=Path, metavar="OUT",
                   help="signed file (one letter) or folder (default: LETTER.signed.pdf)")
    s.add_argument("--in-place", action="store_true", help="replace each letter by its signed copy")
    s.add_argument("--password-file", type=Path, metavar="FILE",
                   help="read the key's password from the first line of FILE")
    s.add_argument("--reason", help="why the letter is signed")
    s.add_argument("--location", help="where (default: the certificate's locality, country)")
    s.add_argument("--name", help="who signs (default: the certificate's name)")
    s.add_argument("--visible", action="store_true",
                   help="place a stamp (who, when, why) below the end of the letter")
    s.add_argument("--timestamp-url", metavar="URL", help="RFC 3161 timestamp authority (B-T)")
    s.add_argument("--ltv", action="store_true", help="embed chain, revocation information "
                   "and a document timestamp (B-LT, B-LTA); needs --timestamp-url")
    s.add_argument("--trust", type=Path, action="append", default=[], metavar="CERT.pem",
                   help="a trusted root for --ltv's checks (repeatable)")
    s.add_argument("--no-pdfa", action="store_true", help="allow keys that break PDF/A (EC)")
    v = sub.add_parser("verify", help="check the signatures of letters",
                       description="Check each signature, what changed after it, the text "
                       "against the embedded source, and PDF/A. Exit 0 when every signature "
                       "is intact, trusted and followed by no change of content, 1 if not.")
    v.add_argument("pdfs", nargs="+", type=Path, metavar="LETTER.pdf",
                   help="the signed letters' PDFs")
    v.add_argument("--trust", type=Path, action="append", default=[], metavar="CERT.pem",
                   help="a trusted root certificate, of signers or timestamp authorities "
                   "(repeatable; no other root is trusted)")
    v.add_argument("--offline", action="store_true",
                   help="use only the revocation information inside the files")
    v.add_argument("--verbose", action="store_true",
                   help="print every check in detail, in the terms of pyHanko (which judges "
                   "the signatures)")
    v.add_argument("--json", action="store_true", help="print the results, in detail, as JSON")


def _password(args: argparse.Namespace, world: World) -> bytes | None:
    from ..sign.letter import read_password

    if args.password_file:
        return read_password(args.password_file, world)
    if PASSWORD_VARIABLE in os.environ:
        return os.environ[PASSWORD_VARIABLE].encode("utf-8") or None
    if sys.stdin.isatty():
        import getpass

        return getpass.getpass(f"password for {args.key}: ").encode("utf-8") or None
    return None


def _sign(args: argparse.Namespace) -> int:
    from ..sign.letter import read_trusted, sign, signed_outputs
    from ..sign.signer import SignOptions, check_key, load_key

    world = World()
    outputs = signed_outputs(args.pdfs, args.output, args.in_place)
    trust = read_trusted(args.trust, world)
    key = load_key(args.key, _password(args, world), world)
    options = SignOptions(reason=args.reason, location=args.location, name=args.name,
                          timestamp_url=args.timestamp_url, ltv=args.ltv,
                          pdfa=not args.no_pdfa, visible=args.visible)
    check_key(key, options, world.now())
    status = OK
    for pdf, output in zip(args.pdfs, outputs, strict=True):
        try:
            sign(pdf, output, key, options, trust, world)
        except LetterpressError as exc:
            say(exc.format(), error=True)
            status = BAD_INPUT
            continue
        say(f"{pdf} -> {output} (signed by {options.name or key.subject})")
    return status


def _verify(args: argparse.Namespace) -> int:
    import json

    from ..sign.letter import read_trusted, verify

    world = World()
    trust = read_trusted(args.trust, world)
    status, results = OK, []
    for pdf in args.pdfs:
        try:
            result = verify(pdf, trust, world, fetch=not args.offline)
        except LetterpressError as exc:
            say(exc.format(), error=True)
            status = BAD_INPUT
            continue
        if not result.ok and status == OK:
            status = CHECK_FAILED
        results.append(result.as_json())
        if not args.json:
            for line in result.lines(verbose=args.verbose):
                say(line)
    if args.json:
        emit(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    return status


add_parsers = _add_signing



COMMANDS = {"sign": _sign, "verify": _verify}
