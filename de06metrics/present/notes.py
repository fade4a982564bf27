"""Progress notes: structured codes with parameters (from `progress`), rendered per language."""

from __future__ import annotations

import json
from datetime import date

from de06metrics.present.messages import msg


def render_notes(note_codes: str | None, lang: str) -> str:
    """The notes of a verdict as one sentence in `lang`, from the `note_codes` column.

    Dates come back as dates (written the language's way) and class codes in `low`/`high` as
    status words, so a Vietnamese report never shows "reached on 2023-07-31".
    """
    if not note_codes:
        return ""
    parts = []
    for note in json.loads(note_codes):
        params = {}
        for k, v in note.items():
            if k == "code":
                continue
            if k in ("low", "high"):
                v = msg(f"status.{v}", lang).lower()
            elif k in ("date", "deadline") and isinstance(v, str):
                v = date.fromisoformat(v)
            params[k] = v
        parts.append(msg(f"note.{note['code']}", lang, **params))
    return msg("note.join", lang).join(parts)
