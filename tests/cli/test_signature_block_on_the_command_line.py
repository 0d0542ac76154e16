"""A mistake in a signature block is a one-line located message and exit code 2, like every
other problem of a source; `letterpress schema` states the block for editors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers.cli import process as run

LETTER = """\
letterhead:
  name: Open Government Platform
reference: "7/26"
date: 2026-11-20
sender: The Secretariat
recipient: Members of the Platform
body:
  - We write to you about the assembly.
signature:
  signers:
    - name: Aynur Mammadova
      titel: Chair of the Council
"""


@pytest.mark.slow
def test_an_unknown_key_of_a_signer_is_a_located_message_and_exit_2(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "letter.yaml").write_text(LETTER, encoding="utf-8")
    result = run(tmp_path, "build", "letter.yaml", "-o", "letter.pdf")
    assert result.returncode == 2
    assert "letter.yaml:12:7: signature.signers[0].titel: unknown key 'titel'" in result.stderr
    assert "did you mean 'title'?" in result.stderr
    assert not (tmp_path / "letter.pdf").exists()


@pytest.mark.slow
def test_the_schema_states_the_signature_block(tmp_path: Path) -> None:
    result = run(tmp_path, "schema")
    assert result.returncode == 0
    schema = json.loads(result.stdout)
    assert schema["properties"]["signature"]["$ref"] == "#/$defs/signature"
    block = schema["$defs"]["signature"]
    assert block["required"] == ["signers"] and block["properties"]["signers"]["minItems"] == 1
    assert list(schema["$defs"]["signer"]["properties"]) == ["name", "title", "organisation"]
