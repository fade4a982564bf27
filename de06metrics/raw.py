"""The raw layer's manifest: every file under data/raw/ with its sha256.

Code never edits raw files. `verify` tells whether anything changed since it was registered;
`add` is the only way in: it copies a file into data/raw/ (or registers one an analyst placed
there) and rewrites the manifest atomically, holding the project lock (`lock.project_lock`) so
concurrent writers never lose an entry. `verify` is a reader and never waits for the lock. The
manifest uses `sha256sum` format, so `cd data/raw && sha256sum -c MANIFEST.sha256` checks it
without this package.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from de06metrics import paths
from de06metrics.errors import De06Error
from de06metrics.io import atomic_write_text, sha256_file
from de06metrics.lock import project_lock

MANIFEST_NAME = "MANIFEST.sha256"


@dataclass(frozen=True)
class Problem:
    path: str
    kind: str  # changed | missing | unlisted

    def __str__(self) -> str:
        words = {
            "changed": "changed since it was registered",
            "missing": "is in the manifest but not on disk",
            "unlisted": "is not in the manifest",
        }
        return f"data/raw/{self.path} {words[self.kind]}"


def read_manifest(root: Path | None = None) -> dict[str, str]:
    """relative path → sha256, as registered."""
    path = paths.manifest_path(root)
    if not path.exists():
        return {}
    out: dict[str, str] = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        digest, sep, rel = line.partition("  ")
        if not sep or len(digest) != 64:
            raise De06Error("is not in 'sha256  path' format", file=str(path), row=n)
        out[rel] = digest
    return out


def raw_files(root: Path | None = None) -> list[Path]:
    """Every file under data/raw/ except the manifest, sorted."""
    base = paths.raw_dir(root)
    if not base.exists():
        return []
    return sorted(
        p
        for p in base.rglob("*")
        if p.is_file() and p.name != MANIFEST_NAME and not p.name.startswith(".")
    )


def verify(root: Path | None = None) -> list[Problem]:
    """Everything that differs between data/raw/ and its manifest (empty when all is well)."""
    base = paths.raw_dir(root)
    listed = read_manifest(root)
    problems = []
    on_disk = {p.relative_to(base).as_posix(): p for p in raw_files(root)}
    for rel, digest in sorted(listed.items()):
        if rel not in on_disk:
            problems.append(Problem(rel, "missing"))
        elif sha256_file(on_disk[rel]) != digest:
            problems.append(Problem(rel, "changed"))
    problems.extend(Problem(rel, "unlisted") for rel in sorted(on_disk) if rel not in listed)
    return problems


def require_verified(root: Path | None = None) -> None:
    """Raise unless data/raw/ matches its manifest."""
    problems = verify(root)
    if problems:
        listing = "; ".join(str(p) for p in problems)
        raise De06Error(
            f"data/raw/ does not match its manifest: {listing}",
            file=str(paths.manifest_path(root)),
            hint="raw files are never edited in place; register a new or corrected file with "
            "`de06 raw add FILE` (or `--replace` after a deliberate correction)",
        )


def add(
    source: Path, *, subdir: str = "reported", replace: bool = False, root: Path | None = None
) -> Path:
    """Bring `source` into data/raw/<subdir>/ and register it; return its path in data/raw/.

    The manifest is read, changed and rewritten under the project lock, so two concurrent adds
    both end up in it. A caller that checks the file against data/raw/ first (`de06 raw add`,
    `accept`) holds the lock around both steps; this call then re-enters it.
    """
    with project_lock("raw add", root):
        return _add(source, subdir=subdir, replace=replace, root=root)


def _add(source: Path, *, subdir: str, replace: bool, root: Path | None) -> Path:
    base = paths.raw_dir(root)
    source = source.resolve()
    if not source.is_file():
        raise De06Error("file not found", file=str(source))
    if ".." in Path(subdir).parts or Path(subdir).is_absolute():
        raise De06Error("must stay inside data/raw/", field="subdir", hint=subdir)
    inside = base.resolve() in source.parents
    dest = source if inside else base / subdir / source.name
    rel = dest.relative_to(base.resolve() if inside else base).as_posix()
    listed = read_manifest(root)
    if rel in listed and not replace:
        if listed[rel] == sha256_file(source):
            return dest
        raise De06Error(
            "is already registered with other content",
            file=f"data/raw/{rel}",
            hint="use --replace to register a deliberate correction",
        )
    if not inside:
        if dest.exists() and not replace:
            raise De06Error("already exists in data/raw/", file=f"data/raw/{rel}")
        dest.parent.mkdir(parents=True, exist_ok=True)
        tmp = dest.with_name(f".{dest.name}.tmp")
        shutil.copyfile(source, tmp)
        tmp.replace(dest)
    listed[rel] = sha256_file(dest)
    write_manifest(listed, root)
    return dest


def write_manifest(entries: dict[str, str], root: Path | None = None) -> None:
    lines = [f"{digest}  {rel}\n" for rel, digest in sorted(entries.items())]
    atomic_write_text(paths.manifest_path(root), "".join(lines))
