"""The reader: one pass over a `Doc`'s sentences that runs the resolvers and steps and builds rows.

For each sentence: `Carry.begin` (a new block's carried period and locality, the lead-in line,
the table header; what the sentence itself sets), the metric of each figure
(`resolve.metric`), the sentence steps (restatements, 'lần lượt', shares, changes), then for each
figure that reports a metric its status (`resolve.status`), period (`resolve.period`) and area
(`resolve.geo`); a stock metric's window total and a repeat of an earlier row are unmapped.
`Carry.end` hands what the sentence set to the next. Then the document steps: headline repeats,
and accounting for every number not read. Each row's note names the rule of each stage; with a
`trace` list, each figure's stages are recorded there too (`explain`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from de06metrics.extract import carry as carrying
from de06metrics.extract import steps
from de06metrics.extract.doc import Doc
from de06metrics.extract.figure import Cand
from de06metrics.extract.resolve import geo as geo_rules
from de06metrics.extract.resolve import metric as metric_rules
from de06metrics.extract.resolve import period as period_rules
from de06metrics.extract.resolve import status as status_rules
from de06metrics.extract.vocabulary import Vocabulary
from de06metrics.numbers import Quantity
from de06metrics.text import Sentence


@dataclass
class FigureTrace:
    """What each stage decided for one number of the text, and the rule that decided it."""

    span: tuple[int, int]
    text: str
    stages: list[tuple[str, str, str]] = field(default_factory=list)  # (stage, decision, rule)
    outcome: str = ""  # "row" or "unmapped: <reason>"


def read(
    doc: Doc, vocab: Vocabulary, trace: list[FigureTrace] | None = None
) -> tuple[list[dict], list[dict]]:
    """(observation rows, unmapped rows) of the document, as dicts keyed by column name."""
    carry = carrying.start(doc)
    qs_list = doc.quantities
    obs_rows: list[dict] = []
    unmapped: list[dict] = []
    in_heading: list[bool] = []
    seen_keys: dict[tuple, int] = {}
    traces: dict[tuple[int, int], FigureTrace] = {}
    qi = 0
    nq = len(qs_list)
    for sent in doc.sentences:
        carry.begin(doc, sent)
        start_q = qi
        while qi < nq and qs_list[qi].span[0] < sent.end:
            qi += 1
        sent_qs = [q for q in qs_list[start_q:qi] if q.span[0] >= sent.start]
        kind = doc.blocks[sent.block].kind
        if sent_qs:
            cands = _metrics(doc, vocab, sent, sent_qs, carry)
            if trace is not None:
                for c in cands:
                    t = traces[c.q.span] = FigureTrace(c.q.span, c.q.text)
                    t.stages.append(("number", _number(c.q), f"{kind} block"))
                    t.stages.append(("metric", c.metric or "—", c.reason or c.rule))
            steps.level_lists(doc, cands)
            steps.pair_respectively(doc, vocab, sent, cands)
            steps.pair_bases(doc, sent, cands)
            steps.whole_of_part(doc, vocab, sent, cands)
            steps.part_of_whole(doc, vocab, sent, cands)
            steps.pair_shares(doc, vocab, sent, cands)
            steps.pair_amounts(doc, vocab, cands)
            steps.goal_of_figure_before(vocab, doc, cands)
            steps.mark_breakdowns(doc, cands)
            steps.mark_remainders(doc, vocab, sent, cands)
            steps.mark_changes(doc, vocab, sent, cands)
            for cand in cands:
                q = cand.q
                t = traces.get(q.span) if trace is not None else None
                if t is not None and (t.stages[-1][1], t.stages[-1][2]) != (
                    cand.metric or "—",
                    cand.reason or cand.rule,
                ):
                    t.stages.append(("sentence step", cand.metric or "—", cand.reason or cand.rule))
                if cand.metric is None or cand.reason:
                    unmapped.append(unmapped_row(doc, q, cand.reason or "", cand.metric))
                    continue
                if geo_rules.below_province(doc, sent, q):
                    why = "a ward's, commune's or district's figure (below the province)"
                    unmapped.append(unmapped_row(doc, q, why, cand.metric))
                    continue
                if steps.restates_earlier(doc, q, obs_rows):
                    why = "names a figure given before (discussed again, not reported again)"
                    unmapped.append(unmapped_row(doc, q, why, cand.metric))
                    continue
                rows, dated = observation(doc, vocab, sent, cand, carry, t)
                window = steps.stock_window(vocab, rows[0], dated, cand)
                if window is not None:
                    why = f"a total over {window} of a stock metric (a flow, not a level)"
                    unmapped.append(unmapped_row(doc, q, why, cand.metric))
                    continue
                keys = [(r["metric"], r["geo"], r["period_end"], r["status"]) for r in rows]
                if all(key in seen_keys for key in keys):
                    why = f"repeats an earlier figure ({rows[0]['as_written']})"
                    unmapped.append(unmapped_row(doc, q, why, cand.metric))
                    continue
                for key, row in zip(keys, rows, strict=True):
                    if key not in seen_keys:
                        seen_keys[key] = len(obs_rows)
                        obs_rows.append(row)
                        in_heading.append(kind == "heading")
                carry.last_metric = cand.metric
                carry.recent[vocab.unit[cand.metric]] = (cand.metric, sent.block)
        carry.end(kind)
    obs_rows = steps.drop_headline_repeats(doc, obs_rows, in_heading, unmapped)
    covered = sorted(
        [(r["span_start"], r["span_end"]) for r in obs_rows]
        + [(r["span_start"], r["span_end"]) for r in unmapped]
    )
    steps.account(doc, covered, unmapped)
    unmapped.sort(key=lambda r: r["span_start"])
    if trace is not None:
        trace.extend(_outcomes(doc, traces, obs_rows, unmapped))
    return obs_rows, unmapped


def _metrics(
    doc: Doc, vocab: Vocabulary, sent: Sentence, sent_qs: list[Quantity], carry: carrying.Carry
) -> list[Cand]:
    """Each figure's metric from the resolver; a restatement in brackets is not a figure."""
    cands = []
    prev_end = sent.start
    restated = steps.restatements(doc.low, sent_qs)  # figure → end of "(…)"
    shares = steps.bracketed_shares(doc.low, sent_qs)  # count → span of its "(…%)"
    for k, q in enumerate(sent_qs):
        if k - 1 in restated:
            cands.append(Cand(q, None, 0, "restatement", "restates the figure before it"))
            continue
        j = k + 2 if k in restated or k in shares else k + 1
        nxt = sent_qs[j].span[0] if j < len(sent_qs) else sent.end
        cands.append(
            metric_rules.metric(
                doc, vocab, sent, q, carry, prev_end, nxt, restated.get(k), shares.get(k)
            )
        )
        prev_end = q.span[1]
    return cands


def observation(
    doc: Doc,
    vocab: Vocabulary,
    sent: Sentence,
    cand: Cand,
    carry: carrying.Carry,
    trace: FigureTrace | None = None,
) -> tuple[list[dict], period_rules.Dated]:
    """The rows of a figure whose metric is known (one, or one per province of a list the
    figure is each one's), and how it was dated."""
    q = cand.q
    metric = cand.metric
    assert metric is not None
    by_cue = status_rules.cue(doc, sent, q, carry.heading)
    picked = period_rules.pick(doc, sent, q, carry, target=by_cue.rule in status_rules.TARGET_RULES)
    p = picked.value
    own_clause = (
        picked.rule == "in-sentence"
        and p is not None
        and doc.clause_start(sent, q.span[0]) <= p.span[0] < doc.clause_end(sent, q.span[1])
    )
    status = status_rules.settle(by_cue, p, doc.published, q.qualifier, own_clause)
    dated = period_rules.dates(doc, vocab, metric, picked, status.value, carry, cand.base)
    area = geo_rules.areas(doc, vocab, sent, q, carry, paired=cand.area, when=dated.end)
    codes = area.value
    local = vocab.local.get(metric)
    if local is not None and "VN" not in codes:
        # a province's "hồ sơ nộp trực tuyến" are its own online dossiers, not the portal's
        metric = local
        dated = period_rules.dates(doc, vocab, metric, picked, status.value, carry, cand.base)
        cand = replace(cand, metric=metric, rule=cand.rule + "+local")
    conf = _confidence(cand.score, q, dated.basis)
    note = f"metric: {cand.rule}; date: {dated.rule}; status: {status.rule}; geo: {area.rule}"
    if q.ambiguous and q.alternatives:
        note += f"; number format ambiguous (alternative {q.alternatives[0]:g})"
    if trace is not None:
        trace.stages += [
            ("status", status.value, status.rule),
            ("date", _dates(dated), dated.rule),
            ("geo", ", ".join(codes), area.rule),
        ]
    row = {
        "source_id": doc.source_id,
        "metric": metric,
        "geo": codes[0],
        "as_written": q.text,
        "value": q.value,
        "lower": q.lower,
        "upper": q.upper if q.qualifier != "range" else q.high,
        "qualifier": q.qualifier,
        "unit": q.unit if q.unit != "none" else "count",
        "denominator": q.denominator,
        "period_start": dated.start,
        "period_end": dated.end,
        "date_basis": dated.basis,
        "status": status.value,
        "quote": doc.quote_at(*q.span),
        "note": note,
        "span_start": q.span[0],
        "span_end": q.span[1],
        "confidence": conf,
    }
    return [{**row, "geo": code} for code in codes], dated


def unmapped_row(doc: Doc, q: Quantity, reason: str, metric: str | None) -> dict:
    """The unmapped row of a figure that is not an observation."""
    return {
        "source_id": doc.source_id,
        "text": q.text,
        "span_start": q.span[0],
        "span_end": q.span[1],
        "reason": reason,
        "metric": metric,
        "value": q.value,
        "unit": q.unit,
        "quote": doc.quote_at(*q.span),
    }


def _number(q: Quantity) -> str:
    value = f"{q.value:,.10g}" if q.value is not None else "?"
    return f"{value} {q.unit}" + (f" ({q.qualifier})" if q.qualifier else "")


def _dates(dated: period_rules.Dated) -> str:
    span = f"{dated.start}…{dated.end}" if dated.start is not None else str(dated.end)
    return f"{span} ({dated.basis})"


def _outcomes(
    doc: Doc,
    traces: dict[tuple[int, int], FigureTrace],
    obs_rows: list[dict],
    unmapped: list[dict],
) -> list[FigureTrace]:
    """Every number's trace in text order with its final outcome; numbers `numbers` did not
    read get a trace of their own."""
    rows = {(r["span_start"], r["span_end"]) for r in obs_rows}
    reasons = {}
    for r in unmapped:
        reasons.setdefault((r["span_start"], r["span_end"]), r["reason"])
    rejected = {r.span: r for r in doc.rejected}
    out = []
    for span in sorted(set(traces) | set(reasons) | rows):
        t = traces.get(span)
        if t is None:
            r = rejected.get(span)
            t = FigureTrace(span, doc.text[span[0] : span[1]])
            t.stages.append(("number", "not read", r.reason if r is not None else "—"))
        t.outcome = "row" if span in rows else f"unmapped: {reasons.get(span, '')}"
        out.append(t)
    return out


def _confidence(score: float, q: Quantity, basis: str) -> float:
    if score >= 100:
        c = 0.95
    elif score >= 93:
        c = 0.9
    elif score >= 85:
        c = 0.8
    elif score >= 60:
        c = 0.65
    else:
        c = 0.5
    if q.ambiguous:
        c -= 0.15
    if basis == "publication":
        c -= 0.05
    return round(max(c, 0.05), 2)
