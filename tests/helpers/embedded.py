"""Letters with their sources inside, made the way the agreed format describes, for the tests
of ``extract``, ``check PDF`` and ``archive`` until every build embeds its sources itself.

The format (shared by the build, extract and archive): one file specification per file with
/AFRelationship /Source, all listed in the catalog's /AF (the letter's own source first) and in
the /Names /EmbeddedFiles tree; /F and /UF the path relative to the deepest folder holding every
file read; the stream holds the exact bytes, /Subtype the MIME type, /Params /Size and /CheckSum
(MD5), no dates; /Desc "letter source" for the first, "file read by the letter" for the others.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pikepdf
import yaml

from letterpress.world import World

MIME = {".yaml": "application/yaml", ".yml": "application/yaml", ".md": "text/markdown",
        ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}


def files_read(source: Path) -> list[Path]:
    """The letter's file, then its letterhead file and logo when it names them."""
    files = [source]
    if source.suffix.lower() in (".yaml", ".yml"):
        head = yaml.safe_load(source.read_text(encoding="utf-8")).get("letterhead")
        if isinstance(head, str):
            head_path = source.parent / head
            files.append(head_path)
            logo = yaml.safe_load(head_path.read_text(encoding="utf-8")).get("logo")
        else:
            head_path, logo = source, (head or {}).get("logo")
        if logo:
            files.append(head_path.parent / logo)
        if "- member: " in source.read_text(encoding="utf-8"):  # a registry member
            files.append(next(p / "members.yaml" for p in source.parents
                              if (p / "members.yaml").is_file()))
    return [Path(os.path.normpath(f)) for f in files]


def embed(pdf: Path, files: list[Path], names: list[str] | None = None) -> None:
    """Attach ``files`` to ``pdf`` in the agreed format; ``names`` overrides the /F paths
    (for hostile files), by default relative to the deepest common folder."""
    if names is None:
        base = Path(os.path.commonpath([f.parent for f in files]))
        names = [f.relative_to(base).as_posix() for f in files]
    with pikepdf.open(pdf, allow_overwriting_input=True) as doc:
        specs = [_spec(doc, f.read_bytes(), name, "letter source" if i == 0 else
                       "file read by the letter", MIME.get(f.suffix.lower(), "text/plain"))
                 for i, (f, name) in enumerate(zip(files, names, strict=True))]
        doc.Root.AF = pikepdf.Array(specs)
        tree = pikepdf.Array()
        for name, spec in sorted(zip(names, specs, strict=True), key=lambda pair: pair[0]):
            tree.extend([pikepdf.String(name), spec])
        doc.Root.Names = pikepdf.Dictionary(
            EmbeddedFiles=doc.make_indirect(pikepdf.Dictionary(Names=tree)))
        doc.save(pdf, deterministic_id=True)


def _spec(doc: pikepdf.Pdf, data: bytes, name: str, desc: str, mime: str) -> pikepdf.Object:
    stream = pikepdf.Stream(doc, data)
    stream.Type = pikepdf.Name.EmbeddedFile
    stream.Subtype = pikepdf.Name("/" + mime)
    stream.Params = pikepdf.Dictionary(
        Size=len(data), CheckSum=pikepdf.String(hashlib.md5(data).digest()))
    return doc.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Filespec, F=pikepdf.String(name), UF=pikepdf.String(name),
        Desc=pikepdf.String(desc), AFRelationship=pikepdf.Name.Source,
        EF=pikepdf.Dictionary(F=stream, UF=stream)))


def build_with_sources(source: Path, output: Path) -> Path:
    """Build ``source`` into ``output`` and embed what it read, as every build soon will."""
    from letterpress.pipeline import build

    build(source, output, World())
    with pikepdf.open(output) as doc:
        embedded = "/AF" in doc.Root
    if not embedded:  # builds embed their sources themselves since PDF/A-3b builds landed
        embed(output, files_read(source))
    return output
