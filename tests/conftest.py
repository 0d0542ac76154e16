"""Shared fixtures: the repository's sample letter, the fonts, and the sample built once."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import SAMPLE
from helpers.pki import (
    DAY,
    NOW,
    PASSWORD,
    Authority,
    Pki,
    new_key,
    serve,
    timestamp_answer,
    write_p12,
)

from letterpress.check.readback import PdfText, read_pdf
from letterpress.fonts import FontSet, load_fonts
from letterpress.model import Letter
from letterpress.pipeline import Built, build, load
from letterpress.world import World


@pytest.fixture(scope="session", autouse=True)
def _mutation_first_pass() -> None:
    """bench/mutation.py: in mutmut's first pass (MUTANT_UNDER_TEST=stats) the package records
    which test reaches which function, which a ``python -m letterpress`` child, run in
    another folder, cannot do: the children run plain code then. In every later pass the
    variable names one mutant, and the children run it too."""
    if os.environ.get("MUTANT_UNDER_TEST") == "stats":
        del os.environ["MUTANT_UNDER_TEST"]


@pytest.fixture(scope="session", autouse=True)
def _own_user_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The tests (and the processes they start with this environment) keep derived data
    (derived.py: pyphen's parsed patterns) in a folder of their own, not the user's."""
    before = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("user-cache"))
    yield
    if before is None:
        del os.environ["XDG_CACHE_HOME"]
    else:
        os.environ["XDG_CACHE_HOME"] = before


@pytest.fixture(scope="session")
def fonts() -> FontSet:
    return load_fonts()


@pytest.fixture(scope="session")
def sample_path() -> Path:
    return SAMPLE


@pytest.fixture(scope="session")
def sample_letter(fonts: FontSet) -> Letter:
    loaded = load(SAMPLE, World(fonts))
    letter, warnings = loaded.letter, loaded.warnings
    assert warnings == ()
    return letter


@pytest.fixture(scope="session")
def sample_built(tmp_path_factory: pytest.TempPathFactory, fonts: FontSet) -> Built:
    """The sample built once per session (read it, never write to it)."""
    out = tmp_path_factory.mktemp("sample") / "2020-10-08-amnesty-appeal.pdf"
    return build(SAMPLE, out, World(fonts))


@pytest.fixture(scope="session")
def sample_pdf(sample_built: Built) -> Path:
    return sample_built.output


@pytest.fixture(scope="session")
def sample_text(sample_pdf: Path) -> PdfText:
    return read_pdf(sample_pdf)


# Signing: a throw-away CA with a CRL server and a timestamp authority on 127.0.0.1, and
# PKCS#12 key files (password PASSWORD) for signers good and bad. Made once per session.



@pytest.fixture(scope="session")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pki]:
    folder = tmp_path_factory.mktemp("pki")
    authority = Authority()
    stranger = Authority(name="some other root")
    with serve(lambda path, body: ("application/pkix-crl", authority.crl())) as crl_base:
        authority.crl_url = crl_base + "/root.crl"
        with serve(timestamp_answer(authority)) as tsa_base:
            keys = {}
            for name, issuer, kind, start, end in (
                    ("alice", authority, "rsa", NOW - DAY, NOW + 365 * DAY),
                    ("bob", authority, "rsa", NOW - DAY, NOW + 365 * DAY),
                    ("expired", authority, "rsa", NOW - 30 * DAY, NOW - DAY),
                    ("revoked", authority, "rsa", NOW - 30 * DAY, NOW + 365 * DAY),
                    ("ec", authority, "ec", NOW - DAY, NOW + 365 * DAY),
                    ("stranger", stranger, "rsa", NOW - DAY, NOW + 365 * DAY)):
                key = new_key(kind)
                cert = issuer.issue(name.title() + " Signer", key, start=start, end=end)
                if name == "revoked":
                    authority.revoke(cert)
                keys[name] = write_p12(folder / f"{name}.p12", key, cert, (issuer.cert,),
                                       PASSWORD.encode())
            yield Pki(folder, authority.pem(folder / "root.pem"), authority,
                        tsa_base + "/tsa", keys)


# --- the quick loop ---------------------------------------------------------------------------
# `python -m pytest -m "not slow"` leaves out tests marked slow. A test that takes SLOW seconds
# or more (setup, call and teardown together) without the marker is named at the end of the
# run, so the marker stays true; nothing fails for it: a test never asserts a timing.

SLOW = 0.5
_unmarked: dict[str, float] = {}


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if "slow" not in report.keywords:
        _unmarked[report.nodeid] = _unmarked.get(report.nodeid, 0.0) + report.duration


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    late = sorted((seconds, test) for test, seconds in _unmarked.items() if seconds >= SLOW)
    if late:
        terminalreporter.section(f"tests of {SLOW} s or more without the slow marker")
        for seconds, test in reversed(late):
            terminalreporter.write_line(f"{seconds:6.2f} s  {test}")
