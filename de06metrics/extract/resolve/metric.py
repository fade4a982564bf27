"""The metric a figure reports, and the rule that chose it.

Rules, strongest first (each offers the metrics of an alias whose unit agrees with the figure's,
or, for a percent or money, the share or amount metric of a count the alias names (`+share`);
a longer alias wins among equals; `+context` when a longer alias is completed by words in the
figure's own stretch, `+earlier-context` by words earlier in its sentence, `+title` by a
phrase of the document's headline when that is a line of its own — "… mức 2 cho người nước
ngoài" under a headline about foreigners' accounts):
- `noun-after`: the noun phrase right after the figure ("… triệu thẻ CCCD gắn chip");
- `around`: a phrase that straddles the figure ("kích hoạt gần 54 triệu tài khoản");
- `label-before`: a label right before it ("tổng số tiền chi trả trên 1,7 nghìn tỷ đồng",
  "Tài khoản định danh: 70 triệu");
- `phrase-after`: a phrase a few words after it, with no boundary between, unless the figure
  counts a noun of its own that the phrase's metric does not use ("7 trường hợp phải đổi thẻ
  căn cước" counts cases; people may be counted by what each has); right after the
  figure's own noun, past a share set off after it ("2,36 triệu người, tương đương 40,26%, nhận
  quà qua chuyển khoản"), it ranks with the strong rules;
- `count-after+share` / `count-before+share`: a share named only by the people it is of ("…
  100% công dân đủ điều kiện") is the share of the count that says what is done for them, in
  its own words after it ("… được kích hoạt tài khoản định danh điện tử" is activation) or else
  before it in its clause ("hồ sơ cấp căn cước … của 100% công dân … đã được thu nhận" is
  applications collected, not cards issued);
- `head-noun+clause`: a generic head noun after the figure completed by a phrase elsewhere in
  its clause before the next figure ("11,2 triệu tài khoản … trên Cổng Dịch vụ công quốc
  gia"), preferably in the figure's own stretch;
- `head-noun+leadin`: a head noun completed by the lead-in line the bullets follow ("Các địa
  phương … kích hoạt tài khoản …:" then "1. Hà Nội: 6.901.234 tài khoản");
- `column-header`: in a table, the first row's cell above the figure, unless the figure's
  cell counts a noun the header's metric does not use;
- `earlier-in-clause`: a phrase earlier in the same clause; a count followed by its own noun
  counts that noun ("Ngân hàng X có 10 triệu tài khoản" counts accounts, not banks), so the
  phrase must be of a metric whose aliases use that noun, even as a label right before it
  ("tổng số hồ sơ … 34 địa phương tiếp nhận" counts provinces); people may be counted by what
  each has ("chi trả … cho 2,1 triệu người"); a phrase that starts with that noun is named
  again by it and ranks above a head noun completed in the clause ("tài khoản mức 1 … có hơn
  153.000 tài khoản");
- `earlier-in-sentence`: nothing named after the figure nor in its clause — an ellipsis ("…;
  mục tiêu năm 2025 là 40 triệu") names the metric named last before it in the sentence;
- `same-noun-as-before`: the two words after the figure open an alias of the last metric of
  its unit read in the same paragraph ("… cả nước tiếp nhận 4,4 triệu hồ sơ thủ tục hành chính
  … TP.HCM … với hơn 645.000 hồ sơ"): the paragraph goes on counting the same thing;
- `this-figure`: "con số này" refers to the metric of the figure read before it.
- `same-share-as-before` / `topic-share`: a bare percent whose clause names no metric at all
  is the paragraph's last share ("… cả nước đạt 42%. Riêng Đà Nẵng khi đó đã đạt 66%"), else
  the one share metric its section's heading, else the document's headline, names ("Cả nước:
  45,8%" under a title about that share).
- `head-noun+words`: last, when nothing else named a metric: the noun the figure counts (the
  word after it; in a table row the first word of each label cell and of its column's header,
  after "tổng", "số" and the like) starts aliases whose other words are looked for loosely — in
  the figure's clause, or in the topic: the document's title, the section heading, the lead-in
  line, the table's caption and header, the metric names used in other sentences. "hơn 900.000"
  in the row "Hồ sơ đã thu nhận" under the title "… cấp căn cước gắn chip" counts applications
  for the card. An alias is taken when more than half of its other words are found (a word of
  the clause counts fully, a word of the topic counts `TOPIC_WEIGHT`; weighted by how few
  metrics use each word, more than half must be found too), and the alias found most
  completely wins. Zero, and a count below `SMALL_COUNT` in running text, are left alone: such
  counts are mostly incidental ("300 hồ sơ một ngày", "0 đồng"); so is a figure whose clause
  names a metric after it that no rule could take ("100% người dân … được cấp tài khoản định
  danh điện tử mức 2" has no share metric).
A page's own counter ("1.234 lượt xem", "15 bình luận") and a table's row number (its column
headed "TT", "STT") are no figures of the programme: they go to `unmapped` before any rule is
tried.
Context after the figure stops at a ";" (the next statement); context before it does not (it
often only shares the subject). Figures about things the registry does not know go to
`unmapped` ("unknown metric").
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from de06metrics.extract.figure import Cand
from de06metrics.extract.patterns import (
    COORD,
    GAP_OK,
    HEAD_END,
    THIS_FIGURE,
    cells,
    claimed,
    counted_noun,
    cue_alt,
    cue_words,
    fast_fold,
    has_boundary,
    has_phrase,
    head_stretch,
    match_key,
    unit_of,
    word_back,
    word_fwd,
    words_of,
)
from de06metrics.extract.vocabulary import FUNCTION_WORDS, exists, extended, names
from de06metrics.lexicon import has_diacritics
from de06metrics.numbers import Quantity
from de06metrics.text import Sentence

if TYPE_CHECKING:
    from de06metrics.extract.carry import Carry
    from de06metrics.extract.doc import Doc
    from de06metrics.extract.vocabulary import Vocabulary


def metric(
    doc: Doc,
    vocab: Vocabulary,
    sent: Sentence,
    q: Quantity,
    carry: Carry,
    prev_end: int,
    next_start: int,
    end: int | None = None,
    aside: tuple[int, int] | None = None,
) -> Cand:
    """The metric a figure reports (rules: module docstring). The figure's own stretch runs from
    `prev_end` (the figure before it) to `next_start` (the one after); `end` is where its words
    end when a restatement in brackets follows it ("85.000.000 (tám mươi lăm triệu) thẻ …");
    `aside` is its share in brackets, read past ("98.940 người (1,68%) nhận qua tài khoản …")."""
    low = doc.low
    lex = vocab
    qs, qe = q.span[0], end or q.span[1]
    if PAGE_COUNTER.match(low, qe):  # "1.234 lượt xem": the page's, not the programme's
        return Cand(q, None, 0, "page-counter", "page counter (views, comments)")
    if MEASURE.match(low, qe):  # "gồm 12 chữ số": a length
        return Cand(q, None, 0, "measure", "a length (digits, characters)")
    header = carry.column_header(doc, sent, qs)
    if header is not None and " ".join(low[slice(*header)].split()) in ROW_NUMBER_HEADERS:
        return Cand(q, None, 0, "row-number", "list index (a table's row number)")
    want = unit_of(q)
    best: Cand | None = None

    def offer(alias: str, score: float, cue: str) -> None:
        nonlocal best
        for named in lex.alias_metrics.get(alias, ()):
            # a percent where a count is named is the count's share ("cấp căn cước công dân gắn
            # chip cho 50% số dân" is coverage), money its total value ("… lượt thanh toán trực
            # tuyến, tổng giá trị trên 500 tỷ đồng"), when the registry has one
            metric = extended(lex, named, want) or named
            if metric != named and want == "percent" and q.value > 1:
                continue  # above 100%: no share of anything
            if lex.unit[metric] != want or not exists(lex, metric, doc.published):
                continue
            s = score + len(alias) / 100 - (metric != named)
            if best is None or s > best.score:
                best = Cand(q, metric, s, cue + ("+share" if metric != named else ""))

    def offer_specific(alias: str, score: float, cue: str) -> None:
        """The alias, or a longer one whose rest is in the figure's own stretch (or before, or
        in the document's headline: "… cho người nước ngoài" under a headline about
        foreigners)."""
        offer(alias, score, cue)
        for longer, rest, _ in lex.extensions.get(alias, ()):
            if rest in own_ctx and has_phrase(own_ctx, rest):
                offer(longer, score + 1, cue + "+context")
            elif rest in earlier_ctx and has_phrase(earlier_ctx, rest):
                offer(longer, score + 0.5, cue + "+earlier-context")
            elif lex.alias_metrics[longer] != lex.alias_metrics[alias] and _in_title(doc, rest):
                offer(longer, score + 0.25, cue + "+title")

    ss = sent.start
    sent_low = doc.folded(sent)
    # context for the figure: its sentence up to the end of its clause (a ";" after it starts
    # another statement; one before it often only shares the subject), and its own stretch
    # there (between its neighbours)
    c_e = sent_low.find(";", qe - ss)
    clause_low = sent_low if c_e < 0 else sent_low[:c_e]
    seg_low = clause_low[prev_end - ss : next_start - ss]
    before_low = sent_low[: qs - ss]
    # what completes a shortened alias: the words between an earlier figure and this one are
    # that figure's ("10 nhiệm vụ chậm tiến độ theo lộ trình … và 17 nhiệm vụ chậm tiến độ")
    after_other = prev_end > ss
    own_ctx = clause_low[qs - ss : next_start - ss] if after_other else seg_low
    if after_other:  # … unless a "và" or a comma hands them on: "… 84,7 triệu thẻ CCCD … và
        # kích hoạt trên 49,7 triệu tài khoản định danh điện tử" (the verb is this figure's)
        gap = sent_low[prev_end - ss : qs - ss]
        cuts = [m.end() for m in COORD.finditer(gap)]
        if cuts:
            own_ctx = gap[cuts[-1] :] + own_ctx
    earlier_ctx = sent_low[: prev_end - ss] if after_other else before_low

    # a short string: up to 6 words before the figure, a junction, up to 16 words after
    ws = max(sent.start, prev_end, word_back(low, qs, 6))
    we = min(sent.end, next_start, word_fwd(low, qe, 16))
    left = low[ws:qs].rstrip()
    right = low[qe:we].lstrip()
    if aside is not None:  # the words on both sides of its bracketed share
        we = min(sent.end, next_start, word_fwd(low, aside[1], 16))
        right = (low[qe : aside[0]] + low[aside[1] : we]).lstrip()
    short = left + " " + right if left else right
    # the noun the figure counts, when its own words name one ("10 triệu tài khoản")
    noun_after = counted_noun(right) if want == "count" else None
    junction = len(left)
    after_pos = junction + 1 if left else 0
    direct: str | None = None
    for m in lex.metric_at_re.finditer(short):
        ms, me = m.span(1)
        alias = match_key(m.group(1))
        if ms == after_pos:
            offer_specific(alias, 100, "noun-after")
            direct = direct or alias
        elif ms < junction < me:
            offer_specific(alias, 95, "around")
        elif me <= junction and GAP_OK.match(short[me:junction]):
            # a count of its own noun is not what the label before it names ("tổng số hồ sơ
            # thủ tục hành chính 34 địa phương tiếp nhận" counts provinces)
            if not _counts_other_noun(lex, alias, noun_after):
                offer_specific(alias, 93, "label-before")
        elif ms > after_pos and me <= len(short):
            gap = short[after_pos:ms]
            if has_boundary(gap):
                continue
            # only the figure's own noun between: "2,36 triệu người, tương đương 40,26%, nhận
            # quà qua chuyển khoản" (the share read past) names what the people did
            noun = counted_noun(gap) if want == "count" else None
            if _counts_other_noun(lex, alias, noun):
                continue  # "7 trường hợp phải đổi thẻ căn cước" counts cases, not cards
            own_noun = noun is not None and len(gap.split()) == 1
            offer_specific(alias, 90 if own_noun else 55 - gap.count(" "), "phrase-after")
    # a generic head noun made specific elsewhere ("tài khoản … Cổng …"), up to its clause end
    if direct is None:
        head_words = head_stretch(right).split()[:8]
        # a later figure's words are its own, unless the two are joined by "và": "11,2 triệu
        # tài khoản và 35,4 triệu hồ sơ nộp trên Cổng …" share what follows
        joined = AND_BEFORE.search(low, qe, next_start) is not None
        upto_next = clause_low if joined else clause_low[: next_start - ss]
        # text written with diacritics is matched with them: folding merges words ("quà", "qua")
        accented = has_diacritics(low[ss : sent.end])
        seg_acc = low[prev_end : min(next_start, ss + len(clause_low))]
        upto_acc = low[ss : ss + len(upto_next)]
        # `phrase_key` of each leading run of words: whitespace-free words without commas, so the
        # key is the folded lower-case words joined by single spaces
        folded_words = fast_fold(" ".join(head_words).lower()).split(" ")
        for k in range(len(head_words), 0, -1):
            head = " ".join(folded_words[:k])
            for alias, rest, rest_accented in lex.extensions.get(head, ()):
                if accented and rest_accented:  # "nhận quà" is not "nhận qua tài khoản"
                    own, upto, rest = seg_acc, upto_acc, rest_accented
                else:
                    own, upto = seg_low, upto_next
                if rest in own and has_phrase(own, rest):  # in its own stretch
                    offer(alias, 86, "head-noun+clause")
                elif rest in upto and has_phrase(upto, rest):
                    offer(alias, 85, "head-noun+clause")
        if best is None and head_words:  # "Các địa phương … kích hoạt tài khoản …:" then
            noun = fast_fold(head_words[0].lower())  # "1. Hà Nội: 6.901.234 tài khoản"
            for m in lex.metric_re.finditer(low, *carry.leadin):
                alias = match_key(m.group())
                if names(lex, alias, noun):
                    offer(alias, 80, "head-noun+leadin")
    if best is None and header is not None:
        # a cell that names its own noun ("trên 666.000 hồ sơ thu nhận" under "CCCD đã cấp")
        # counts that noun: the header names it only if the header's metric uses the noun
        for m in lex.metric_re.finditer(low, *header):
            alias = match_key(m.group())
            if noun_after is None or names(lex, alias, noun_after):
                offer(alias, 92, "column-header")
    if best is not None and want == "percent" and best.rule.startswith("noun-after"):
        # a share named by the people it is of ("… của 100% công dân đủ điều kiện") measures
        # what the clause before it says is done for them ("hồ sơ cấp căn cước … của 100% công
        # dân … đã được thu nhận" is applications collected, not cards issued)
        best = _share_of_named_count(doc, lex, sent, q, best)
    if best is None or best.score < 90:
        clause_start = max(doc.clause_start(sent, qs), prev_end)
        # a count followed by its own noun counts that noun: "Ngân hàng X có 10 triệu tài
        # khoản" counts accounts, not banks, so an earlier phrase must be of a metric whose
        # aliases use that noun; people may be counted by what each has ("chi trả … cho 2,1
        # triệu người")
        noun = noun_after
        for m in lex.metric_re.finditer(low, clause_start, qs):
            alias = match_key(m.group())
            if claimed(low, m.start(), doc.q_ends) and not _extends(lex, alias, want):
                continue  # another figure's noun, unless this one is its share or value
            label = GAP_OK.match(low[m.end() : qs])  # right before it: a label
            # people may be counted by what each of them has ("Số người dân đã tích hợp sổ sức
            # khỏe điện tử trên VNeID là 1,45 triệu người")
            if _counts_other_noun(lex, alias, noun):
                continue
            # the figure's noun repeating the alias's head names it again: "tài khoản mức 1 …
            # có hơn 153.000 tài khoản"
            again = noun is not None and alias.startswith(noun + " ") and not label
            score = (88 if again else 60) - (qs - m.end()) / 100
            offer(alias, score, "earlier-in-clause")
    if best is None and not any(c.isalnum() for c in HEAD_END.split(right, maxsplit=1)[0]):
        # nothing named after the figure and nothing in its clause: an ellipsis ("…; mục
        # tiêu năm 2025 là 40 triệu", "… tài khoản (trong đó Hà Nội 6,2 triệu)") names the
        # metric named last before it in the sentence, even as another figure's noun
        for m in lex.metric_re.finditer(low, sent.start, qs):  # the named one included
            score = 40 - (qs - m.end()) / 1000
            offer(match_key(m.group()), score, "earlier-in-sentence")
    recent, block = carry.recent.get(want, (None, -1))
    # the noun of the paragraph's last metric again: "… cả nước tiếp nhận 4,4 triệu hồ sơ thủ
    # tục hành chính … TP.HCM … với hơn 645.000 hồ sơ" counts the same thing
    if (
        best is None
        and recent is not None
        and block == sent.block
        and _same_noun(lex, recent, right)
    ):
        best = Cand(q, recent, 45, "same-noun-as-before")
    if best is None:
        best = _by_words(doc, lex, sent, q, carry, clause_low[: next_start - ss], right, want)
    # "Năm 2023, con số này là 1.500": the last figure read, or the last of the figure's unit
    # ("… 2,6 triệu người …, chiếm 63,2%. … con số này sẽ đạt khoảng 3 triệu người")
    last = carry.last_metric
    if last is not None and lex.unit[last] != want:
        last = recent
    if best is None and last is not None and THIS_FIGURE.search(low, sent.start, qs):
        best = Cand(q, last, 50, "this-figure")
    if (
        best is None
        and want == "percent"
        and q.value <= 1
        and _bare(low, qe)
        and lex.metric_re.search(clause_low) is None
    ):
        # a bare percent: the paragraph's last share ("… toàn trình cả nước đạt 42% … Riêng Đà
        # Nẵng khi đó đã đạt 66%"), else the one share of its section or document ("Cả nước:
        # 45,8%" under a title about that share)
        if recent is not None and block == sent.block:
            best = Cand(q, recent, 35, "same-share-as-before")
        else:
            topic = _topic_share(doc, lex, carry)
            if topic is not None:
                best = Cand(q, topic, 30, "topic-share")
    if best is None:
        noun = " ".join(right.split(" ")[:4]).strip(" ,.;:()")
        return Cand(
            q, None, 0, "unknown", f"unknown metric ('{noun}')" if noun else "unknown metric"
        )
    return best


LABEL_PREFIXES = frozenset(cue_words("metric.label_prefixes"))
#: the first word of each person noun, folded, as `counted_noun` gives it
PERSON_NOUNS = frozenset(fast_fold(w.split()[0]) for w in cue_words("metric.person_nouns"))
MEASURE = re.compile(r"\s+(?:" + cue_alt("metric.measure_nouns") + r")(?!\w)")
ROW_NUMBER_HEADERS = frozenset(cue_words("metric.row_number_headers"))
PAGE_COUNTER = re.compile(r"\s+(?:" + cue_alt("metric.page_counters") + r")(?!\w)")
AND_BEFORE = re.compile(r"(?<!\w)(?:" + cue_alt("link.coordination") + r")\s*$")
TOPIC_WEIGHT = 0.6  # a word of the title or heading is weaker evidence than one of the clause
SMALL_COUNT = 1000  # below this, a count in running text is not completed loosely
MIN_COVER = 0.5  # share of an alias's other words that must be found


def _by_words(
    doc: Doc,
    lex: Vocabulary,
    sent: Sentence,
    q: Quantity,
    carry: Carry,
    clause_low: str,
    right: str,
    want: str,
) -> Cand | None:
    """`head-noun+words` (module docstring): the best loosely found alias, or None."""
    low = doc.low
    block = doc.blocks[sent.block]
    labels = [head_stretch(right)]  # the words from the counted noun on ("… hồ sơ thu nhận")
    labels_are_cells = block.kind == "table"
    header_text = ""
    if labels_are_cells and carry.header and carry.header[0][0] == block.start:
        return None  # a table's first row names its columns: "Dưới 6 tuổi" is a label
    if labels_are_cells:
        row = cells(low, block.start, block.end)
        labels += [low[cs:ce] for cs, ce in row if not cs <= q.span[0] < ce]
        header = carry.column_header(doc, sent, q.span[0])
        if header is not None:
            header_text = low[slice(*header)]
            labels.append(header_text)  # "Tổng hồ sơ tiếp nhận"
    if q.value == 0 or (want == "count" and q.value < SMALL_COUNT and not labels_are_cells):
        return None  # "0 đồng", "300 hồ sơ một ngày": incidental, not a programme's level
    if not labels_are_cells and lex.metric_re.search(clause_low, q.span[1] - sent.start):
        return None  # its clause names something after it, of another unit: not a guess
    here = words_of(clause_low) | words_of(header_text)  # a cell's header labels it directly
    clause_text = low[sent.start : sent.start + len(clause_low)] + " " + header_text
    here_acc = (
        frozenset(_ACCENTED_WORDS.findall(clause_text)) if has_diacritics(clause_text) else None
    )
    topic: frozenset[str] | None = None
    best: Cand | None = None
    for label in labels:
        head = _ACCENTED_WORDS.findall(label)
        while head and (head[0] in LABEL_PREFIXES or fast_fold(head[0]) in FUNCTION_WORDS):
            head = head[1:]  # "Tổng số tài khoản": "tài khoản"; "đã kích hoạt": "kích hoạt"
        if not head or head[0][0].isdigit():
            continue
        folded = [fast_fold(w) for w in head]
        for alias, accented in lex.by_first.get(folded[0], ()):
            words = alias.replace(",", "").split()
            n = 0  # how many of its first words the label itself says (as written, if accented)
            while n < min(len(words), len(head)) and words[n] == folded[n]:
                if accented and head[n] != folded[n] and accented[n] != head[n]:
                    break
                n += 1
            if n == 0:
                continue
            rest = [i for i in range(n, len(words)) if words[i] not in FUNCTION_WORDS]
            if not rest:
                continue
            if topic is None:
                topic = _topic(doc, lex, sent, carry)
            # a word of the clause counts as written when both have diacritics ("quà" ≠ "qua")
            as_written = here_acc is not None and len(accented) == len(words)
            said = [accented[i] in here_acc if as_written else words[i] in here for i in rest]
            evidence = [
                1.0 if ok else TOPIC_WEIGHT if words[i] in topic else 0.0
                for i, ok in zip(rest, said, strict=True)
            ]
            weight = [lex.weight.get(words[i], 0.0) for i in rest]
            found = sum(wt * ev for wt, ev in zip(weight, evidence, strict=True))
            # both the share of its words and the share of their specificity must be found:
            # specific words decide between metrics, but a missing common one still counts
            plain = sum(evidence)
            cover = min(found / sum(weight), plain / len(rest))
            if cover <= MIN_COVER:
                continue
            for metric in lex.alias_metrics[alias]:
                if lex.unit[metric] != want or not exists(lex, metric, doc.published):
                    continue
                score = 20 + 10 * (n + plain) / (n + len(rest))  # the whole alias's share
                if best is None or score > best.score:
                    best = Cand(q, metric, score, "head-noun+words")
    return best


_ACCENTED_WORDS = re.compile(r"[^\W_]+")
_LETTER_WORDS = re.compile(r"[^\W\d_]+")


def _share_of_named_count(
    doc: Doc, lex: Vocabulary, sent: Sentence, q: Quantity, best: Cand
) -> Cand:
    """`best` (a share named right after the percent by the people it is of), or the share of
    the count metric that says what is done for them: named in the percent's own words after
    it ("100% công dân đủ điều kiện được kích hoạt tài khoản định danh điện tử"), else named
    last before it in its clause ("hồ sơ cấp căn cước … của 100% công dân …")."""
    if lex.kind.get(best.metric or "") != "share":
        return best
    low = doc.low
    after = _count_share(lex, low, q.span[1], doc.stretch_end(sent, q.span[1]), first=True)
    before = _count_share(lex, low, doc.clause_start(sent, q.span[0]), q.span[0], first=False)
    share, rule = (after, "count-after+share") if after else (before, "count-before+share")
    if share is None or share == best.metric or not exists(lex, share, doc.published):
        return best
    return Cand(q, share, best.score, rule)


def _count_share(lex: Vocabulary, low: str, s: int, e: int, *, first: bool) -> str | None:
    """The share metric of the first (or last) count metric named in low[s:e] that has one."""
    found = None
    for m in lex.metric_re.finditer(low, s, e):
        for named in lex.alias_metrics.get(match_key(m.group()), ()):
            if lex.unit[named] == "count" and named in lex.share:
                found = lex.share[named]
                if first:
                    return found
    return found


BARE_FOLLOWERS = frozenset(cue_words("metric.bare_percent_followers"))


def _bare(low: str, end: int) -> bool:
    """Is the percent ending at `end` bare: followed by no word saying what it is of?"""
    after = low[end : end + 30].lstrip()
    if not after or not after[0].isalpha():
        return True
    return after.split(maxsplit=1)[0].strip(",.;:") in BARE_FOLLOWERS


def _topic_share(doc: Doc, lex: Vocabulary, carry: Carry) -> str | None:
    """The one share metric the section's heading, else the document's headline, names: a
    bulletin "HỒ SƠ TRỰC TUYẾN TOÀN TRÌNH - CÒN XA MỤC TIÊU 80%" lists "Cả nước: 45,8%", "Hà
    Nội … dưới 10%" as that share."""
    heading = doc.low[slice(*carry.heading)] if carry.heading[1] > carry.heading[0] else ""
    for text in (heading, doc.title_folded()):
        found = set()
        for m in lex.metric_re.finditer(text):
            for named in lex.alias_metrics.get(match_key(m.group()), ()):
                share = extended(lex, named, "percent") or named
                if lex.unit[share] == "percent" and exists(lex, share, doc.published):
                    found.add(share)
        if len(found) == 1:
            return found.pop()
        if found:
            return None  # several shares: which one is not said
    return None


def _counts_other_noun(lex: Vocabulary, alias: str, noun: str | None) -> bool:
    """Does a count of its own `noun` count something none of the alias's metrics uses? People
    may be counted by what each has, so a person noun never does."""
    return noun is not None and noun not in PERSON_NOUNS and not names(lex, alias, noun)


def _in_title(doc: Doc, rest: str) -> bool:
    """Is an alias's `rest` ("cho người nước ngoài") a phrase of the document's headline (a line
    of its own, not an opening paragraph)?"""
    title = doc.heading_title_folded()
    return rest in title and has_phrase(title, rest)


def _same_noun(lex: Vocabulary, metric: str, right: str) -> bool:
    """Do the two words after a figure open one of `metric`'s aliases ("hồ sơ" of "hồ sơ thủ
    tục hành chính")? A one-word noun ("thẻ", "người") is too common to refer back by."""
    words = [fast_fold(w) for w in _LETTER_WORDS.findall(right[:40])[:2]]
    if len(words) < 2:
        return False
    return any(
        alias.split()[1:2] == words[1:] and metric in lex.alias_metrics[alias]
        for alias, _ in lex.by_first.get(words[0], ())
    )


def _topic(doc: Doc, lex: Vocabulary, sent: Sentence, carry: Carry) -> frozenset[str]:
    """The words that set what a section is about: the title, its heading, lead-in and header,
    and the words of the metric names the document uses elsewhere."""
    low = doc.low
    spans = [carry.heading, carry.leadin, carry.caption, *carry.header]
    words = doc.title_words().union(*(words_of(low[s:e]) for s, e in spans))
    return words | doc.alias_words(lex, sent)


def _extends(lex: Vocabulary, alias: str, want: str) -> bool:
    """Does a figure of unit `want` extend a count the alias names (its share or value)?"""
    return any(extended(lex, m, want) for m in lex.alias_metrics.get(alias, ()))
