"""Message tables as data: one YAML file per language, flat `key: template` with `{name}`
placeholders. `msg` fills a template; values that are dates or numbers are written by the
language's formatter, so a caller passes facts, not pre-formatted text."""

from __future__ import annotations

import string
import unicodedata
from datetime import date
from functools import cache
from importlib import resources

import yaml

from de06metrics.errors import De06Error

LANGS = ("vi", "en")


def nfc(text: str) -> str:
    """NFC form, so precomposed and decomposed Vietnamese letters render and compare alike."""
    return unicodedata.normalize("NFC", text)


def check_lang(lang: str) -> str:
    """`lang` if it is a report language, else a clear error."""
    if lang not in LANGS:
        raise De06Error(f"'{lang}' is not a report language; use vi or en", field="lang")
    return lang


@cache
def _table(lang: str) -> dict[str, str]:
    name = f"{check_lang(lang)}.yaml"
    text = resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
    data = yaml.safe_load(text) or {}
    if not isinstance(data, dict):
        raise De06Error("a message table must be a mapping of key: template", file=name)
    out = {}
    for key, value in data.items():
        if not isinstance(value, str):
            raise De06Error(f"message '{key}' is not text", file=name, field=key)
        out[str(key)] = nfc(value)
    return out


def message_keys(lang: str) -> set[str]:
    """Every key of a language's table (the two tables must have the same keys)."""
    return set(_table(lang))


def template(key: str, lang: str) -> str:
    """The raw template of a message (placeholders unfilled)."""
    try:
        return _table(lang)[key]
    except KeyError:
        raise De06Error(f"no message '{key}' in the {lang} table", field=key) from None


def placeholders(key: str, lang: str) -> set[str]:
    """The `{names}` a template uses."""
    return {f for _, f, _, _ in string.Formatter().parse(template(key, lang)) if f}


def msg(key: str, lang: str, **params: object) -> str:
    """The message `key` in `lang` with its placeholders filled.

    Dates are written with the language's date format, floats and ints with its number format
    (other values with `str`), so `msg("reached_on", "vi", date=d)` gives "đạt ngày 31/07/2023".
    """
    from de06metrics.present.format import formatter

    fmt = formatter(lang)
    shown = {}
    for name, value in params.items():
        if isinstance(value, date):
            shown[name] = fmt.date(value)
        elif isinstance(value, bool) or value is None:
            shown[name] = "—" if value is None else str(value)
        elif isinstance(value, int | float):
            shown[name] = fmt.number(value)
        else:
            shown[name] = str(value)
    try:
        return nfc(template(key, lang).format(**shown))
    except KeyError as exc:
        raise De06Error(f"message '{key}' needs the parameter {exc.args[0]!r}", field=key) from None
