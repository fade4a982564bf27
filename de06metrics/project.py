"""`de06 init DIR`: an empty project tree an installed package can work in.

A project is a folder with `data/raw/` (the registered inputs and their manifest) and the marker
file `de06.toml`; `paths.project_root()` finds it from the current directory or any folder below
it. The package itself (code, registries, lexicon) stays wherever it was installed.
"""

from __future__ import annotations

from pathlib import Path

from de06metrics import paths
from de06metrics.errors import De06Error
from de06metrics.io import atomic_write_text

MARKER_TEXT = """\
# A de06 project: `de06` commands run in this folder or below it use its data/ and reports/.
# data/raw/    registered inputs (`de06 raw add FILE`, `de06 accept REVIEW`) and their manifest
# data/clean/  the validated long table (`de06 build`)
# notebooks/   report notebooks; reports/  rendered reports (`de06 report …`)
"""
#: Folders of an empty project, relative to its root.
FOLDERS = ("data/raw/reported", "data/clean", "notebooks", "reports")


def init_project(directory: Path) -> list[Path]:
    """Create an empty project in `directory` (made if missing); return what was created.

    Refuses a folder that already is a project, so an existing manifest is never replaced.
    """
    root = directory.expanduser().resolve()
    if root.exists() and not root.is_dir():
        raise De06Error("exists and is not a folder", file=str(root))
    if paths.is_marked(root) or paths.manifest_path(root).exists():
        raise De06Error(
            "is already a de06 project",
            file=str(root),
            hint="its data/raw/ is kept as it is; run commands inside it",
        )
    created = []
    for rel in FOLDERS:
        folder = root / rel
        if not folder.exists():
            folder.mkdir(parents=True)
            created.append(folder)
    manifest = paths.manifest_path(root)
    atomic_write_text(manifest, "")
    marker = root / paths.MARKER_FILE
    atomic_write_text(marker, MARKER_TEXT)
    return [marker, manifest, *created]
