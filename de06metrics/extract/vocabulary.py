"""What the extractor builds once from the registry: metric alias matchers and the metric facts
the rules consult (unit, kind, cumulative start, share and change pairings), province matchers.

Why: matching every metric alias as one trie-shaped alternation over the lower-cased text is the
reader's largest single saving; building it (and the per-metric maps) once per registry directory
keeps each document's cost to the scan itself. Aliases are keyed by their folded, lower-cased,
single-spaced form (`patterns.phrase_key`), so a phrase written with or without diacritics finds
the same metric; a longer alias is also indexed by each of its leading word runs (`extensions`), so
a generic head noun after a figure ("tài khoản") can be completed by the rest of an alias found
elsewhere in the clause ("… định danh điện tử").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from de06metrics import lexicon
from de06metrics.extract.patterns import cue_words, phrase_key, phrase_regex, trie_regex
from de06metrics.lexicon import fold, has_diacritics
from de06metrics.registry import Registry, load_registry

#: Words linking an alias's head to its rest ("tài khoản *trên* Cổng …"), folded.
FUNCTION_WORDS = frozenset(fold(w) for w in cue_words("metric.function_words"))
_NUM_IN_ALIAS = re.compile(r"\s*\d+(?:[.,]\d+)?\s*%\s*")


@dataclass(frozen=True)
class Vocabulary:
    """Matchers and maps built once from the registry (see the module docstring)."""

    metric_re: re.Pattern[str]
    metric_at_re: re.Pattern[str]  # the same phrases at every word start, overlapping (group 1)
    alias_metrics: dict[str, tuple[str, ...]]
    # head key → (alias, rest of the alias, that rest as written with diacritics or "")
    extensions: dict[str, tuple[tuple[str, str, str], ...]]
    # first word of an alias (folded) → (alias, the accented words it is written with)
    by_first: dict[str, tuple[tuple[str, tuple[str, ...]], ...]]
    weight: dict[str, float]  # folded alias word → how specific it is (1 / metrics using it)
    unit: dict[str, str]
    kind: dict[str, str]
    cumulative_from: dict[str, date]  # stock metric → the day its count starts from
    exists_from: dict[str, date]  # metric → the first day its thing exists
    share: dict[str, str]  # count metric → the share metric read beside it ("(61%)")
    amount: dict[str, str]  # count metric → the money metric of its total value
    whole: dict[str, str]  # count metric → the metric it is a part of
    local: dict[str, str]  # national metric → the metric a province's figure of it reports
    change: dict[tuple[str, str], str]  # (metric, unit of the change) → its change metric
    words: dict[str, frozenset[str]]  # metric → every word of its aliases (folded)
    area_re: re.Pattern[str]
    area_codes: dict[str, tuple[tuple[str, date | None, date | None], ...]]
    # area key → its names as written with diacritics: text written with diacritics must match
    # one ("Diễn biến" is not "Điện Biên", though both fold to "dien bien")
    area_written: dict[str, frozenset[str]]


@cache
def _vocabulary_for(directory: Path) -> Vocabulary:
    return build(load_registry(directory))


def vocabulary(registry: Registry) -> Vocabulary:
    """The vocabulary of `registry`, built once per registry directory."""
    return _vocabulary_for(registry.directory)


#: phrase → its abbreviation ("thủ tục hành chính" → "tthc"), longest phrase first
ABBREVIATIONS = sorted(
    lexicon.section("abbreviations")["phrase_abbreviations"].items(), key=lambda kv: -len(kv[0])
)


#: person nouns an alias may start with, longest first ("người dân" before "người")
_PERSONS = sorted(cue_words("metric.person_nouns"), key=len, reverse=True)
_CUES = lexicon.section("cues")["metric"]
_PAST, _PASSIVE = _CUES["tense_past"][0], _CUES["tense_passive"][0]


def _with_tense(aliases: list[str]) -> list[str]:
    """Each alias, and one that counts people ("đối tượng có tài khoản", "người được chi trả …")
    also with the past ("đã") or past passive ("đã được") marker after the noun: reports write
    "đối tượng đã có tài khoản"."""
    out = list(aliases)
    for alias in aliases:
        low = alias.lower()
        noun = next((p for p in _PERSONS if low.startswith(p + " ")), None)
        if noun is None:
            continue
        rest = low[len(noun) + 1 :]
        first = fold(rest.split(" ", 1)[0])
        if first == fold(_PAST):
            continue  # it says the past itself
        out.append(f"{noun} {_PAST} {rest}")  # "người được chi trả" → "người đã được chi trả"
        if first != fold(_PASSIVE):
            out.append(f"{noun} {_PAST} {_PASSIVE} {rest}")
    return out


def _with_abbreviations(aliases: list[str]) -> list[str]:
    """Each alias, and the alias with a phrase written as its abbreviation ("hồ sơ thủ tục hành
    chính" → "hồ sơ tthc"): reports and tables shorten the same words."""
    out = list(aliases)
    for alias in aliases:
        low = short = alias.lower()
        for phrase, abbreviation in ABBREVIATIONS:  # longest first: "dịch vụ công trực tuyến"
            short = short.replace(phrase, abbreviation)  # before "dịch vụ công"
        if short != low:
            out.append(short)
    return out


def build(registry: Registry) -> Vocabulary:
    """Alias and area matchers and the metric maps of `registry`."""
    alias_metrics: dict[str, list[str]] = {}
    written: dict[str, tuple[str, ...]] = {}  # alias key → its words as first written, accented
    for key, aliases in zip(registry.metrics["key"], registry.metrics["aliases"], strict=True):
        for alias in _with_abbreviations(_with_tense(aliases)):
            plain = _NUM_IN_ALIAS.sub(" ", alias)
            k = phrase_key(plain)
            if k and key not in alias_metrics.setdefault(k, []):
                alias_metrics[k].append(key)
            if k and has_diacritics(plain):
                written.setdefault(k, tuple(plain.lower().replace(",", " ").split()))
    keys = sorted(alias_metrics)
    extensions: dict[str, list[tuple[str, str, str]]] = {}
    for k in keys:
        words = k.split(" ")
        accented = written.get(k, ())
        if len(accented) != len(words):
            accented = ()
        for i in range(1, len(words)):
            head = " ".join(words[:i])
            j = i
            while j < len(words) and words[j] in FUNCTION_WORDS:
                j += 1
            if j < len(words):
                rest, rest_accented = " ".join(words[j:]), " ".join(accented[j:])
                extensions.setdefault(head, []).append((k, rest, rest_accented))
    by_first: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    users: dict[str, set[str]] = {}
    for k in keys:
        by_first.setdefault(k.split(" ", 1)[0], []).append((k, written.get(k, ())))
        for w in k.replace(",", "").split():
            users.setdefault(w, set()).update(alias_metrics[k])
    area_codes: dict[str, list[tuple[str, date | None, date | None]]] = {}
    area_written: dict[str, set[str]] = {}
    for r in registry.areas.iter_rows(named=True):
        if r["level"] != "province":
            continue
        for alias in r["aliases"]:
            k = phrase_key(alias)
            if len(k) < 3:
                continue
            entry = (r["code"], r["valid_from"], r["valid_to"])
            if has_diacritics(alias):
                area_written.setdefault(k, set()).add(" ".join(alias.lower().split()))
            if entry not in area_codes.setdefault(k, []):
                area_codes[k].append(entry)
    return Vocabulary(
        metric_re=phrase_regex(keys),
        metric_at_re=re.compile(r"(?<!\w)(?=\w)(?=(" + trie_regex(keys) + r")(?!\w))"),
        alias_metrics={k: tuple(v) for k, v in alias_metrics.items()},
        extensions={k: tuple(v) for k, v in extensions.items()},
        by_first={k: tuple(v) for k, v in by_first.items()},
        weight={w: 1 / len(ms) for w, ms in users.items()},
        unit=_pairs(registry.metrics, "key", "unit"),
        kind=_pairs(registry.metrics, "key", "kind"),
        cumulative_from=_pairs(registry.metrics, "key", "cumulative_from"),
        exists_from=_pairs(registry.metrics, "key", "exists_from"),
        amount=_pairs(registry.metrics, "amount_of", "key"),
        whole=_pairs(registry.metrics, "key", "part_of"),
        local=_pairs(registry.metrics, "key", "local_variant"),
        share=_pairs(registry.metrics, "share_of", "key"),
        change={
            (r["change_of"], r["unit"]): r["key"]
            for r in registry.metrics.iter_rows(named=True)
            if r.get("change_of") is not None
        },
        words={
            metric: frozenset(
                w for k, ms in alias_metrics.items() if metric in ms for w in k.split()
            )
            for metric in registry.metrics["key"]
        },
        area_re=phrase_regex(sorted(area_codes)),
        area_codes={k: tuple(v) for k, v in area_codes.items()},
        area_written={k: frozenset(v) for k, v in area_written.items()},
    )


def _pairs(metrics, a: str, b: str) -> dict:
    """Column `a` → column `b` of the metrics registry, where both are filled."""
    return {x: y for x, y in zip(metrics[a], metrics[b], strict=True) if None not in (x, y)}


def extended(lex: Vocabulary, metric: str, unit: str) -> str | None:
    """The metric a figure of `unit` reports beside a count of `metric`: its share for a percent
    ("… tài khoản, đạt 61%"), its total value for money ("… lượt, tổng giá trị 500 tỷ đồng")."""
    table = lex.share if unit == "percent" else lex.amount if unit == "vnd" else {}
    return table.get(metric)


def exists(lex: Vocabulary, metric: str, published: date) -> bool:
    """Could a document published on `published` report `metric` (its thing existed)?"""
    since = lex.exists_from.get(metric)
    return since is None or published >= since


def names(lex: Vocabulary, alias: str, noun: str) -> bool:
    """Does a metric of `alias` use the word `noun` in any of its aliases?"""
    return any(noun in lex.words[metric] for metric in lex.alias_metrics.get(alias, ()))
