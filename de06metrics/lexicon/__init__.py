"""The Vietnamese vocabulary the readers use, kept as data a linguist can review.

Each file in `lexicon/vi/` is one section (numbers, dates, cues …) in the style of dateparser's
per-language data: words and short phrases written once, with their diacritics. Forms without
diacritics are generated here (`fold`), never typed, so the accented and the unaccented readers
cannot drift apart. `numbers`, `dates` and `extract` read their words through `section()`.

Why hand-written data and not a library: no maintained package carries Vietnamese quantity,
date and cue vocabulary (GUIDE.md §3, §8).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import cache
from importlib import resources
from typing import Any

import yaml

__all__ = [
    "DIACRITIC",
    "LANG",
    "alternation",
    "fold",
    "has_diacritics",
    "in_vietnamese",
    "section",
]

LANG = "vi"


def _build_fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for cp in list(range(0xC0, 0x250)) + list(range(0x1E00, 0x1F00)):
        ch = chr(cp)
        base = unicodedata.normalize("NFD", ch)[0]
        if base.isascii() and base.isalpha() and base != ch:
            table[cp] = base
    table[ord("đ")] = "d"
    table[ord("Đ")] = "D"
    return table


_FOLD = _build_fold_table()
_DIACRITIC = re.compile("[" + "".join(sorted(map(chr, _FOLD))) + "]")
#: A letter with a diacritic; `has_diacritics` without its ASCII shortcut, for a hot loop that
#: already knows its text is not ASCII.
DIACRITIC = _DIACRITIC


def fold(text: str) -> str:
    """Strip Vietnamese diacritics (NFC input, same length out): "Đề án" → "De an"."""
    return text.translate(_FOLD)


def has_diacritics(text: str) -> bool:
    """Does `text` (NFC) hold a letter with a diacritic? Text typed without them ("hon 86
    trieu", even with a "…" or "–" in it) is read with the ASCII forms of every word."""
    return not text.isascii() and _DIACRITIC.search(text) is not None


def alternation(
    words: Iterable[str],
    *,
    char: Callable[[str], str] = re.escape,
    space: str | None = None,
    end: Callable[[str], str] | None = None,
) -> str:
    """One regex alternation of `words` factored into a prefix tree ("t(?:ới|ính)"), so the
    engine rejects a position after one character instead of trying every word; a longer word is
    tried before its prefix. `char` writes a character (e.g. a class of its diacritic variants),
    `space` what a space in a word matches (default: `char(" ")`), and `end(word)`, when given,
    the pattern placed where each word ends (a guard, a named group)."""
    root: dict = {}
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = w

    def emit(node: dict) -> str:
        branches = [
            (space if ch == " " and space is not None else char(ch)) + emit(child)
            for ch, child in sorted(node.items())
            if ch != ""
        ]
        if end is not None:
            if "" in node:
                branches.append(end(node[""]))
            return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:
            return "(?:" + body + ")?"
        return body

    return emit(root)


@cache
def section(name: str, lang: str = LANG) -> dict[str, Any]:
    """One section of the lexicon, NFC-normalised, as read from `lexicon/<lang>/<name>.yaml`."""
    path = resources.files(__package__).joinpath(lang, f"{name}.yaml")
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return _nfc(data)


def _nfc(value: Any) -> Any:
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [_nfc(v) for v in value]
    if isinstance(value, dict):
        return {_nfc(k): _nfc(v) for k, v in value.items()}
    return value


@cache
def _english_words() -> tuple[re.Pattern[str], dict[str, str]]:
    words = {k.lower(): v for k, v in section("numbers", "en")["words"].items()}
    pattern = r"(?<!\w)(?:" + alternation(words, space=r"\s+") + r")(?!\w)"
    return re.compile(pattern, re.IGNORECASE), words


def in_vietnamese(figure: str) -> str:
    """An English-language source's figure with its words put in Vietnamese ("over 62 million
    VND" → "hơn 62 triệu đồng", `lexicon/en/numbers.yaml`), for the one Vietnamese reader to
    read with English digit grouping. Digits and other text are left as they are."""
    pattern, words = _english_words()
    return pattern.sub(lambda m: words[" ".join(m.group().lower().split())], figure)
