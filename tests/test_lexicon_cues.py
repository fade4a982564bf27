"""The extractor's cue words (lexicon/vi/cues.yaml) and the registry's metric aliases, as data.

Every cue word is read with and without diacritics; a metric alias is written once (its folded
form is generated), so two aliases that fold alike are a typo or a clash a reviewer must settle.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date

import pytest

from de06metrics import lexicon
from de06metrics.extract import extract_text
from de06metrics.extract.patterns import cue_words
from de06metrics.registry import load_registry

CUES = lexicon.section("cues")


def _lists(node, path=""):
    for k, v in node.items():
        if isinstance(v, dict):
            yield from _lists(v, f"{path}{k}.")
        else:
            yield f"{path}{k}", v


@pytest.mark.parametrize("path,words", list(_lists(CUES)))
def test_every_cue_list_is_lower_case_nfc_and_read_folded_too(path, words) -> None:
    assert words and all(w == w.lower().strip() for w in words), path
    forms = cue_words(path)
    for w in words:
        assert w in forms and lexicon.fold(w) in forms, (path, w)


def test_a_target_cue_makes_a_target_with_or_without_diacritics() -> None:
    for cue in CUES["status"]["target"]:
        if cue in ("yêu cầu",):
            continue  # "yêu cầu" governs the figure through the verb after it; see test_extract
        for text in (f"Năm 2025 {cue} 40 triệu tài khoản định danh điện tử đã kích hoạt.",):
            for variant in (text, lexicon.fold(text)):
                x = extract_text(variant, published=date(2024, 1, 10), source_id="t")
                assert x.observations["status"].to_list() == ["target"], (cue, variant)


def test_a_share_beside_its_count_takes_the_counts_share_metric() -> None:
    for link in ("(", ", chiếm ", ", tương đương ", ", đạt tỷ lệ "):
        text = f"Tỉnh đã kích hoạt 512.300 tài khoản định danh điện tử{link}61%."
        rows = extract_text(text, published=date(2024, 1, 10), source_id="t").observations
        assert rows["metric"].to_list() == ["vneid_accounts_activated", "vneid_activation_share"]
        assert rows["value"].to_list() == [512_300, 0.61]


def test_a_percent_of_a_plan_is_not_a_share() -> None:
    text = "Đã kích hoạt 512.300 tài khoản định danh điện tử, bằng 85% kế hoạch."
    x = extract_text(text, published=date(2024, 1, 10), source_id="t")
    assert x.observations["metric"].to_list() == ["vneid_accounts_activated"]
    assert "plan" in x.unmapped.filter(x.unmapped["text"] == "85%")["reason"][0]


def test_no_two_aliases_fold_alike_and_none_holds_a_figure() -> None:
    metrics = load_registry().metrics
    owners: dict[str, set[str]] = defaultdict(set)
    for key, aliases in metrics.select("key", "aliases").iter_rows():
        folded = [re.sub(r"\s+", " ", lexicon.fold(a.lower())).strip() for a in aliases]
        assert len(folded) == len(set(folded)), f"{key}: an alias typed twice (folded alike)"
        for a, f in zip(aliases, folded, strict=True):
            assert not re.search(r"\d+[.,]\d+\s*%", a), f"{key}: alias holds a figure: {a}"
            owners[f].add(key)
    shared = {a: ks for a, ks in owners.items() if len(ks) > 1}
    assert not shared, f"aliases naming two metrics (ambiguous): {shared}"
