"""The publication date of a document, read from what the document says about itself.

`find_published(text, meta)` looks, from the most to the least reliable evidence, at:

1. `html meta` — publication tags of the page: `<meta property="article:published_time">`,
   `og:published_time`, `datePublished` (a `<meta>`, any element with `itemprop`, or JSON-LD),
   `pubdate`, Dublin Core … Modification times (`article:modified_time`, `og:updated_time`,
   `dateModified` …) are never the publication date, whatever their order in the page.
2. `front matter` — `published:` / `date:` … of a Markdown/YAML front matter.
3. `letterhead` — the place-and-date line of an official letter, beside "Số: …/BC-…"
   ("Hà Tĩnh, ngày 15 tháng 5 năm 2023").
4. `dateline` — a place, a comma and a date opening the text or the lead
   ("Đà Nẵng, ngày 3 tháng 4 năm 2024", "(TTXVN) – Hà Nội, ngày 19/7/2021.", "HÀ NỘI, 15/1/2026 –").
5. `byline` — a weekday or a "posted" word with a date, or a date with a time of day
   ("Thứ Tư, 12/06/2024 - 10:15", "Chủ nhật, 5-1-2025 | 08:30", "Đăng lúc 08:30 12/6/2024",
   "Hà My – 11/03/2026 15:20").
6. `html time` — the first `<time datetime>` of a page.
7. `date line` / `date in words` — a line that is only a date ("Ngày 12 tháng 6 năm 2024",
   "ngày mười lăm tháng năm năm hai nghìn hai mươi ba").
8. `byline (updated)` — "Cập nhật: 12/6/2024 10:15": an edit time, taken only when nothing else is.

Datelines, bylines and date lines are looked for only at the top of the text: the lines before
the first long paragraph, and the opening of that paragraph (a lead's dateline), so that a date
in the body ("Ngày 5/11/2024, Công an tỉnh …") is never taken for the publication date. When
nothing is found, `PublicationDateNotFound` lists what was looked at.

`meta` maps a source label to its raw value, as `text.html_to_text` and `text.load_document`
collect them: "meta:<name>" (`<meta property|name|itemprop>`), "itemprop:<name>" (other elements),
"json-ld:<key>", "time:datetime" / "time:pubdate", "front matter:<key>".

The words (weekdays, "Cập nhật", "Đăng lúc", number words, the words that never name a place)
are data in `lexicon/vi/dates.yaml`; their forms without diacritics are generated, and the
text is matched folded, so a text typed without diacritics reads the same.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

from de06metrics.errors import De06Error
from de06metrics.lexicon import fold, section

__all__ = [
    "FRONT_MATTER_KEYS",
    "MODIFIED_KEYS",
    "PUBLISHED_KEYS",
    "RULES",
    "PublicationDateNotFound",
    "Published",
    "find_dateline",
    "find_published",
    "parse_date_value",
]

#: Rule names, most reliable first (the order candidates are ranked in).
RULES = (
    "html meta",
    "front matter",
    "letterhead",
    "dateline",
    "byline",
    "html time",
    "date in words",
    "date line",
    "byline (updated)",
)
#: Metadata keys (lower-cased) that give the publication date, most specific first.
PUBLISHED_KEYS = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish_date",
    "dc.date.issued",
    "dcterms.issued",
    "citation_publication_date",
    "article:published",
    "dcterms.created",
    "datecreated",
    "dc.date",
    "date",
)
#: Front matter keys that give the publication date (the Vietnamese ones also without diacritics).
_FRONT_KEYS = (
    "published",
    "date",
    "publication_date",
    "pubdate",
    "publishdate",
    "ngày",
    "ngày đăng",
)
FRONT_MATTER_KEYS = tuple(dict.fromkeys([*_FRONT_KEYS, *map(fold, _FRONT_KEYS)]))
#: Metadata keys of a later edit: never the publication date (listed when nothing is found).
MODIFIED_KEYS = (
    "article:modified_time",
    "og:updated_time",
    "datemodified",
    "dateupdated",
    "last-modified",
    "lastmod",
    "dcterms.modified",
    "modified",
    "updated",
)
_VIETNAM = timezone(timedelta(hours=7))
_FIRST_YEAR, _LAST_YEAR = 1990, 2100  # a publication date outside these years is a placeholder
_HEAD_LINES = 60  # at most this many lines before the body are the "top"
_BODY_LINE = 160  # a line this long is a paragraph of the body (unless it is a menu)
_MENU_MARKS = 3  # a long line with this many "|", "·" or "•" is a menu, not the body
_LEAD = 90  # of the first body paragraph, this much is the top (a lead's dateline)
_SHORT = 100  # a byline with only a date and a time is a short line


@dataclass(frozen=True, slots=True)
class Published:
    """A document's publication date, the rule that found it and the text that states it."""

    date: date
    rule: str
    evidence: str
    place: str | None = None  # a letterhead's or dateline's place, as written ("Hà Tĩnh")

    def describe(self) -> str:
        """ "byline 'Thứ Ba, 05/01/2021 - 09:00'": where the date came from, for notes and logs."""
        return f"{self.rule} '{self.evidence}'"


class PublicationDateNotFound(De06Error):
    """No publication date in the document; `looked_at` says what was read."""

    def __init__(self, looked_at: tuple[str, ...], *, file: str | None = None) -> None:
        self.looked_at = looked_at
        super().__init__(
            "no publication date found; looked at: " + "; ".join(looked_at),
            file=file,
            hint="pass --published YYYY-MM-DD, or add 'published: YYYY-MM-DD' front matter",
        )


# --------------------------------------------------------------------------------------------
# Values of metadata and front matter


_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DMY_DATE = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_ISO_DATETIME = re.compile(
    r"\s*\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})\s*$"
)


def parse_date_value(value: str | None) -> date | None:
    """A metadata date: ISO (2024-04-20, 2024-04-20T08:00+07:00), d/m/yyyy or RFC 2822
    ("Sat, 20 Apr 2024 08:00:00 +0700"); None when unreadable. A time with a UTC offset is
    read in Vietnam's time (UTC+7): "2024-04-19T23:30:00Z" was published on 20 April there."""
    if not value:
        return None
    try:
        if _ISO_DATETIME.match(value):
            return datetime.fromisoformat(value.strip()).astimezone(_VIETNAM).date()
        m = _ISO_DATE.search(value)
        if m:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        m = _DMY_DATE.search(value)
        if m:
            return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        if re.search(r"[A-Za-z]{3},? \d{1,2} [A-Za-z]{3} \d{4}", value):
            dt = parsedate_to_datetime(value)
            return (dt.astimezone(_VIETNAM) if dt.tzinfo else dt).date()
    except (ValueError, TypeError, OverflowError):
        return None
    return None


def _metadata(meta: Mapping[str, str], looked: list[str]) -> list[tuple[int, int, Published]]:
    """Candidates from HTML metadata and front matter: (rank, order, Published)."""
    out: list[tuple[int, int, Published]] = []
    modified: list[str] = []
    for i, (label, raw) in enumerate(meta.items()):
        source, sep, key = label.partition(":")
        if not sep:
            continue
        key_l = key.strip().lower()
        value = (raw or "").strip()
        if source == "front matter":
            if key_l not in FRONT_MATTER_KEYS:
                continue
            rule, order = "front matter", FRONT_MATTER_KEYS.index(key_l)
            evidence = f"{key}: {value}"
        elif source in ("meta", "itemprop", "json-ld", "time"):
            if key_l in MODIFIED_KEYS:
                modified.append(f"{key}={value}")
                continue
            if source == "time" and key_l == "datetime":
                rule, order = "html time", 0
            elif key_l in PUBLISHED_KEYS:
                rule, order = "html meta", PUBLISHED_KEYS.index(key_l)
            else:
                continue
            evidence = f'{source} {key}="{value}"'
        else:
            continue
        day = parse_date_value(value)
        if day is None or not _FIRST_YEAR <= day.year <= _LAST_YEAR:  # "1970-01-01": a default
            looked.append(f"{source} {key} '{value}' (not a date)")
            continue
        out.append((RULES.index(rule), order * 1000 + i, Published(day, rule, evidence)))
    if modified:
        looked.append(
            "HTML metadata: only modification times ("
            + ", ".join(modified)
            + "), never the publication date"
        )
    return out


# --------------------------------------------------------------------------------------------
# Dates written at the top of the text


_V = section("dates")


def _folded_alt(words) -> str:
    """A case-insensitive alternation of the folded forms of `words`, longest first (a space:
    any run of blanks)."""
    forms = sorted({fold(w) for w in words}, key=lambda w: (-len(w), w))
    alt = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in forms)
    return r"(?<!\w)(?i:" + alt + r")(?!\w)"


_NUMBER_VALUES = {fold(k): v for k, v in _V["digit_words"].items()}
_MULTIPLIERS = {fold(k): v for k, v in _V["number_multipliers"].items()}
_TEN = fold("mười")
_MONTH_VALUES = {fold(k): v for k, v in _V["month_words"].items()}
_NUMBER_WORD = _folded_alt([*_V["digit_words"], *_V["number_multipliers"]])
_WORDS = rf"{_NUMBER_WORD}(?:\s+{_NUMBER_WORD})*"
_MONTH_WORD = _folded_alt(_V["month_words"])
_DAY_PREFIX = _folded_alt(_V["day_prefixes"])
_NGAY, _THANG, _NAM = (_folded_alt([w]) for w in ("ngày", "tháng", "năm"))
# "05/01/2021", "5-1-2025", "1.7.2024"
_NUM_DATE = (
    r"(?P<d>\d{1,2})\s*(?P<sep>[/.\-])\s*(?P<m>\d{1,2})\s*(?P=sep)\s*(?P<y>(?:19|20)\d{2})(?!\d)"
)
# "ngày 15 tháng 5 năm 2023", "ngày mười lăm tháng năm năm hai nghìn hai mươi ba"
_WORD_DATE = (
    rf"{_NGAY}\s+(?:{_DAY_PREFIX}\s+)?(?P<wd>\d{{1,2}}|{_WORDS})\s+{_THANG}\s+"
    rf"(?P<wm>\d{{1,2}}|{_MONTH_WORD})\s*,?\s+{_NAM}\s+"
    rf"(?P<wy>(?:19|20)\d{{2}}(?!\d)|{_WORDS})"
)
# "12 tháng 6, 2024", "12 Tháng Sáu 2024", "12 tháng 6 năm 2024" (web page locales, no "ngày")
_DAY_MONTH_YEAR = (
    rf"(?<!\d)(?P<xd>\d{{1,2}})\s+{_THANG}\s+(?P<xm>\d{{1,2}}|{_MONTH_WORD})"
    rf"(?:\s*,\s*|\s+{_NAM}\s+|\s+)(?P<xy>(?:19|20)\d{{2}})(?!\d)"
)
_DATE = rf"(?:{_NUM_DATE}|{_WORD_DATE}|{_DAY_MONTH_YEAR})"
_TIME = (
    r"\d{1,2}\s*[:h]\s*\d{2}(?:\s*(?i:sa|ch|am|pm))?(?:\s*\(?(?i:gmt|utc)\s*[+\-]\s*\d{1,2}\)?)?"
)
_JOIN = r"\s*[,\-–—|·•]?\s*"
_OPT_NGAY = rf"(?:{_NGAY}\s+)?"
_TIME_AFTER = rf"(?:{_JOIN}(?:{_folded_alt(['lúc'])}\s*)?{_TIME})?"

# a place: capitalised words, a few lower-case ones inside ("Thành phố Hồ Chí Minh", "Thị xã
# Sơn Tây"), and " - " between two names ("Bà Rịa - Vũng Tàu")
_PLACE_INNER = _folded_alt(_V["place_inner_words"]).replace("(?i:", "(?:")
_PLACE = rf"(?P<place>[A-Z][\w.]*(?:(?:[ ]|[ ]?-[ ]?)(?:{_PLACE_INNER}[ ])?[A-Z][\w.]*){{0,6}})"
_DATELINE = re.compile(
    rf"(?:^|(?<=\s\s)|(?<=[–—\-|·•]\s)|(?<=\)\s)|(?<=\)))\s*{_PLACE}\s*,\s*{_OPT_NGAY}{_DATE}"
    rf"(?=[\s*_]*(?:$|[.:;–—\-|(]))"
)
_WEEKDAY_BYLINE = re.compile(
    rf"{_folded_alt(_V['weekdays'])}\s*[,\-–|]?\s*{_OPT_NGAY}{_DATE}{_TIME_AFTER}"
)
_POSTED_BYLINE = re.compile(
    rf"(?P<cue>{_folded_alt(_V['byline_cues']['posted'])})\s*:?\s*(?:{_TIME}{_JOIN})?"
    rf"{_OPT_NGAY}{_DATE}{_TIME_AFTER}"
)
_UPDATED_BYLINE = re.compile(
    rf"{_folded_alt(_V['byline_cues']['updated'])}\s*:?\s*(?:{_TIME}{_JOIN})?"
    rf"{_OPT_NGAY}{_DATE}{_TIME_AFTER}"
)
_TIMED_DATE = re.compile(
    rf"(?P<t1>{_TIME}{_JOIN})?{_OPT_NGAY}{_DATE}"
    rf"(?P<t2>{_JOIN}(?:{_folded_alt(['lúc'])}\s*)?{_TIME})?"
)
# a line holding only a date: "Ngày 12 tháng 6 năm 2024", "Hôm nay, ngày …", "Ngày: 12/6/2024"
_DATE_LINE = re.compile(
    rf"\s*(?:{_folded_alt(['hôm nay'])}\s*,?\s*)?(?:{_NGAY}\s*:\s*)?{_OPT_NGAY}{_DATE}\s*\.?\s*$"
)
_LETTER_NUMBER = re.compile(rf"(?:^|\s){_folded_alt(_V['letter_number_words'])}\s*:")


def is_letter_number(line: str) -> bool:
    """Is `line` an official letter's number line ("Số: 215/BC-UBND")?"""
    return _LETTER_NUMBER.search(fold(line)) is not None


_NOT_PLACES = frozenset(fold(w) for w in _V["not_places"]) | frozenset(
    fold(w).split()[0] for w in _V["weekdays"]
)


_OPENING_MARKS = re.compile(r"^[\s*_#>~`]+")


def _words_value(words: str) -> int | None:
    """ "hai mươi mốt" → 21, "hai nghìn không trăm hai mươi tư" → 2024 (folded words)."""
    total = group = 0
    digit: int | None = None
    for w in words.lower().split():
        if w in _MULTIPLIERS and not (w == _TEN and digit is None):
            mult = _MULTIPLIERS[w]
            if mult >= 1000:
                total += (group + (digit or 0)) * mult
                group, digit = 0, None
            else:
                group += (digit if digit is not None else 1) * mult
                digit = None
        elif w == _TEN:  # "mười"/"mươi" folded alike: ten, when no digit comes before
            group += 10
        elif w in _NUMBER_VALUES:
            if digit is not None and digit != 0:
                return None  # two digits in a row
            digit = _NUMBER_VALUES[w]
        else:
            return None
    return total + group + (digit or 0)


def _match_date(m: re.Match) -> date | None:
    try:
        if m.group("d"):
            return date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        if m.group("xd"):
            d_txt, m_txt, y_txt = m.group("xd"), m.group("xm"), m.group("xy")
        else:
            d_txt, m_txt, y_txt = m.group("wd"), m.group("wm"), m.group("wy")
        d = int(d_txt) if d_txt.isdigit() else _words_value(d_txt)
        mo = int(m_txt) if m_txt.isdigit() else _MONTH_VALUES.get(" ".join(m_txt.lower().split()))
        y = int(y_txt) if y_txt.isdigit() else _words_value(y_txt)
    except ValueError:
        return None
    if d is None or mo is None or y is None or not _FIRST_YEAR <= y <= _LAST_YEAR:
        return None
    try:
        return date(y, mo, d)
    except ValueError:
        return None


def _is_body(line: str) -> bool:
    stripped = line.strip()
    if len(stripped) < _BODY_LINE:
        return False
    marks = stripped.count("|") + stripped.count("·") + stripped.count("•")
    return marks < _MENU_MARKS


def _top(text: str) -> tuple[list[tuple[int, str]], bool]:
    """The lines at the top of the text: (number, line) of each non-blank line before the first
    long paragraph, then the opening of that paragraph; and whether that paragraph was reached."""
    out: list[tuple[int, str]] = []
    for i, line in enumerate(text.split("\n")):
        if not line.strip():
            continue
        if _is_body(line):
            out.append((i, line[: len(line) - len(line.lstrip()) + _LEAD]))
            return out, True
        out.append((i, line))
        if len(out) >= _HEAD_LINES:
            break
    return out, False


def _text_candidates(text: str) -> list[tuple[int, int, Published]]:
    out: list[tuple[int, int, Published]] = []
    top, _ = _top(text)
    letter_lines = {i for i, line in top if is_letter_number(line)}

    def add(rule: str, order: int, line: str, m: re.Match, day: date | None) -> None:
        if day is not None:
            evidence = line[m.start() : m.end()].strip(" \t,.–-|*_#>")
            place = line[m.start("place") : m.end("place")] if "place" in m.re.groupindex else None
            out.append((RULES.index(rule), order, Published(day, rule, evidence, place)))

    for order, (i, line) in enumerate(top):
        # Markdown emphasis and quote marks opening the line are read as blanks (same length)
        f = _OPENING_MARKS.sub(lambda x: " " * len(x.group()), fold(line))
        for m in _DATELINE.finditer(f):
            words = m.group("place").lower().split()
            if words[0] in _NOT_PLACES:
                continue
            near_letter = any(abs(i - j) <= 2 for j in letter_lines)
            add("letterhead" if near_letter else "dateline", order, line, m, _match_date(m))
        for rx, rule in (
            (_WEEKDAY_BYLINE, "byline"),
            (_POSTED_BYLINE, "byline"),
            (_UPDATED_BYLINE, "byline (updated)"),
        ):
            m = rx.search(f)
            if m is not None:
                add(rule, order, line, m, _match_date(m))
        updated = _UPDATED_BYLINE.search(f)
        if len(line.strip()) <= _SHORT:
            m = next(
                (
                    t
                    for t in _TIMED_DATE.finditer(f)
                    if (t.group("t1") or t.group("t2"))
                    and (
                        updated is None or t.start() >= updated.end() or t.end() <= updated.start()
                    )
                ),
                None,
            )
            if m is not None:
                add("byline", order, line, m, _match_date(m))
            m = _DATE_LINE.match(f)
            if m is not None:
                rule = "date line" if m.group("d") else "date in words"
                add(rule, order, line, m, _match_date(m))
    return out


# --------------------------------------------------------------------------------------------


def find_dateline(text: str) -> Published | None:
    """The letterhead or dateline at the top of `text` ("Hà Tĩnh, ngày 15 tháng 5 năm 2023"),
    with its `place` as written, whatever dates the document; None when there is none. The place
    says where the document was issued: for an official letter, the issuing province."""
    found = [
        c
        for c in _text_candidates(unicodedata.normalize("NFC", text or ""))
        if c[2].rule in ("letterhead", "dateline")
    ]
    return min(found, key=lambda c: (c[0], c[1]))[2] if found else None


def find_published(
    text: str, meta: Mapping[str, str] | None = None, *, name: str | None = None
) -> Published:
    """The publication date of a decoded document (`text`, and `meta`: its HTML metadata and
    front matter, see the module docstring), with the rule that found it and its evidence.

    Raises `PublicationDateNotFound` (naming the file `name`) listing what was looked at.
    """
    text = unicodedata.normalize("NFC", text or "")
    looked: list[str] = []
    candidates = _metadata(meta or {}, looked)
    candidates += _text_candidates(text)
    if candidates:
        return min(candidates, key=lambda c: (c[0], c[1]))[2]
    kinds = {label.partition(":")[0] for label in (meta or {})}
    if not kinds & {"meta", "itemprop", "json-ld", "time"}:
        looked.insert(0, "HTML metadata: none (not a web page, or no date tags)")
    elif not any("only modification" in x for x in looked):
        looked.insert(
            0,
            "HTML metadata: no publication tag (article:published_time, og:published_time, "
            "datePublished, pubdate …)",
        )
    front = [label.partition(":")[2] for label in (meta or {}) if label.startswith("front matter:")]
    looked.append("front matter: " + (f"keys {', '.join(front)}, none a date" if front else "none"))
    top, body = _top(text)
    n = len(top) - body
    where = (
        f"{n} line{'s' if n != 1 else ''} before the body and the body's opening"
        if body
        else f"{n} line{'s' if n != 1 else ''}"
    )
    looked.append(
        f"the top of the text ({where}): no letterhead or dateline ('Hà Nội, ngày 3 tháng 4 "
        "năm 2024'), byline ('Thứ Tư, 12/06/2024 - 10:15', 'Đăng lúc …', 'Cập nhật: …') or "
        "line holding only a date"
    )
    raise PublicationDateNotFound(tuple(looked), file=name)
