"""The presentation layer: every sentence a reader sees, and how numbers and dates are written.

- `msg(key, lang, **params)`: a sentence from the message table of `lang` (`messages/vi.yaml`,
  `messages/en.yaml`), placeholders filled with the language's formatter (dates, numbers).
- `formatter(lang)`: the one number/date/value formatter of a language, used by the CLI, the
  build summary, series advisories, report narratives, charts and the deck.

Pure: no frames, no plotly. Every string leaving here is NFC-normalized.
"""

from __future__ import annotations

from de06metrics.present.format import Formatter, Scale, formatter
from de06metrics.present.messages import LANGS, check_lang, message_keys, msg, nfc, template

__all__ = [
    "LANGS",
    "Formatter",
    "Scale",
    "check_lang",
    "formatter",
    "message_keys",
    "msg",
    "nfc",
    "template",
]
