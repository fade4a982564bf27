"""Article text: bytes in any common encoding → clean NFC text, split into blocks and sentences.

Why this module: analysts receive `.txt`, `.md` and `.html` files saved by browsers, office
suites and e-mail clients, in UTF-8 (with or without BOM), UTF-16 or Windows-1258, in NFC or NFD.
Everything downstream (numbers, dates, metric cues, quotes and their spans) needs one canonical
string, so normalization happens once, here, and every span the extractor reports indexes the
string returned by `normalize_text` / `Document.text`.

- Decoding: a BOM decides; else strict UTF-8; else UTF-16 without BOM (NUL-byte pattern); else the
  maintained detector charset-normalizer (it recognises Windows-1258 and its combining tones).
- HTML: parsed with lxml (a real parser, tolerant of broken markup); `<script>`, `<style>` and other
  non-content elements are dropped unread and never executed; block elements become line breaks,
  list items become "- " bullets and table rows become "cell | cell" lines so that bullets and
  table-like lines survive as lines. The tags that may date the page (`<meta>`, `itemprop`,
  JSON-LD, `<time>`) are collected for `published.find_published`.
- Front matter: a leading `---` block of `key: value` lines (Markdown convention) is removed from
  the text and its keys returned (`published`/`date` give the publication date).
- Publication date: `published.find_published` over the clean text and the page's date tags or
  front matter (tags, front matter, letterhead, dateline, byline, a date line at the top).
- Normalization: NFC, CRLF → LF, no-break and exotic spaces → space, zero-width characters and soft
  hyphens removed.
- Segmentation: one compiled-regex pass gives blocks (lines) and sentences with offsets; bullets,
  headings and lead-in lines ("Tại Hà Nội:") are marked, since dates and localities in them govern
  the lines that follow.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import NamedTuple

from de06metrics.errors import De06Error
from de06metrics.published import (
    FRONT_MATTER_KEYS,
    PublicationDateNotFound,
    Published,
    find_dateline,
    find_published,
    parse_date_value,
)
from de06metrics.textio import read_bytes

__all__ = [
    "Block",
    "Document",
    "Sentence",
    "decode_bytes",
    "html_to_text",
    "load_document",
    "normalize_text",
    "parse_date_value",
    "read_document",
    "segment",
    "split_front_matter",
]

TEXT_SUFFIXES = {".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md"}
HTML_SUFFIXES = {".html": "html", ".htm": "html", ".xhtml": "html"}


@dataclass(frozen=True)
class Document:
    """One input file as clean NFC text, with what the file said about itself."""

    name: str
    text: str
    kind: str  # txt | md | html
    encoding: str
    published: date | None = None
    published_from: str | None = None  # where the date came from: rule 'evidence'
    title: str | None = None
    warnings: tuple[str, ...] = field(default_factory=tuple)
    published_rule: str | None = None  # a `published.RULES` name: byline, dateline, html meta …
    published_evidence: str | None = None  # the text or tag stating the date
    published_looked_at: tuple[str, ...] = ()  # what was read when no date was found
    place: str | None = None  # the place of its letterhead or dateline, as written ("Hà Tĩnh")
    place_from: str | None = None  # that line: rule 'evidence'

    def require_published(self, override: date | None = None) -> date:
        """`override` (--published) if given, else the document's own publication date; none →
        `PublicationDateNotFound` naming the file and listing what was looked at."""
        when = override or self.published
        if when is None:
            raise PublicationDateNotFound(self.published_looked_at, file=self.name)
        return when


# --------------------------------------------------------------------------------------------
# Decoding


_VI_LETTERS = re.compile("[ăâđêôơưĂÂĐÊÔƠƯạ-ỹ]")


def decode_bytes(data: bytes, *, name: str) -> tuple[str, str, list[str]]:
    """Decode `data` → (text, encoding, warnings); unreadable → `De06Error` naming the file."""
    warnings: list[str] = []
    for bom, enc in (
        (b"\xef\xbb\xbf", "utf-8-sig"),
        (b"\xff\xfe\x00\x00", "utf-32"),
        (b"\x00\x00\xfe\xff", "utf-32"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(enc), enc, warnings
            except UnicodeDecodeError as exc:
                raise De06Error(
                    f"starts with a {enc} byte-order mark but is not valid {enc} "
                    f"(byte {exc.start})",
                    file=name,
                ) from exc
    if not data.strip():
        raise De06Error("is empty", file=name)
    try:
        return data.decode("utf-8"), "utf-8", warnings
    except UnicodeDecodeError:
        pass
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return utf16[0], utf16[1], warnings
    if b"\0" in data[:4096]:
        raise De06Error("is a binary file, not text", file=name)
    text, enc = _detect(data, name)
    warnings.append(f"{name}: not UTF-8; decoded as {enc} (detected)")
    return text, enc, warnings


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    head = data[:4096]
    if len(head) < 4 or len(data) % 2:
        return None
    even = head[0::2].count(0)
    odd = head[1::2].count(0)
    half = len(head) // 2
    for zeros, enc in ((odd, "utf-16-le"), (even, "utf-16-be")):
        if zeros > half * 0.3:
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError:
                return None
    return None


def _detect(data: bytes, name: str) -> tuple[str, str]:
    from charset_normalizer import from_bytes  # imported here: only legacy files need it

    matches = list(from_bytes(data))
    if not matches:
        raise De06Error(
            "could not detect its text encoding",
            file=name,
            hint="save it as UTF-8 and try again",
        )
    best = matches[0]
    # Vietnamese text: prefer Windows-1258 when it reads about as cleanly as the detector's pick.
    for m in matches:
        if m.encoding == "cp1258" and m.chaos <= best.chaos + 0.05:
            best = m
            break
    text = str(best)
    if not _VI_LETTERS.search(unicodedata.normalize("NFC", text)) and best.encoding != "ascii":
        for enc in ("cp1258",):
            try:
                alt = data.decode(enc)
            except UnicodeDecodeError:
                continue
            if _VI_LETTERS.search(unicodedata.normalize("NFC", alt)):
                return alt, enc
    return text, best.encoding


# --------------------------------------------------------------------------------------------
# Normalization


_SPACES = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t\f\v]")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")


def normalize_text(text: str) -> str:
    """NFC, LF line ends, plain spaces, no invisible characters. Spans index the result."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE.sub("", text)
    text = _SPACES.sub(" ", text)
    return unicodedata.normalize("NFC", text)


# --------------------------------------------------------------------------------------------
# Front matter and HTML


_FRONT = re.compile(r"\A\s*---[ \t]*\n(?P<body>.*?)\n---[ \t]*(?:\n|\Z)", re.S)


def split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """A leading `---` block of `key: value` lines → (keys, the rest of the text)."""
    m = _FRONT.match(text)
    if not m:
        return {}, text
    keys: dict[str, str] = {}
    for line in m.group("body").splitlines():
        k, sep, v = line.partition(":")
        if sep and k.strip():
            keys[k.strip().lower()] = v.strip().strip("\"'")
    return keys, text[m.end() :]


_DROP_TAGS = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "iframe",
        "object",
        "embed",
        "svg",
        "math",
        "canvas",
        "head",
        "form",
        "button",
        "select",
        "textarea",
    }
)
_BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "section",
        "article",
        "main",
        "header",
        "footer",
        "aside",
        "nav",
        "blockquote",
        "pre",
        "figure",
        "figcaption",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "caption",
        "hr",
        "address",
        "body",
        "html",
    }
)


def html_to_text(html: str | bytes, *, main: bool = True) -> tuple[str, dict[str, str]]:
    """Visible text of an HTML page (scripts and styles dropped unread) and its metadata.

    With `main` (the default), a page that marks its story with `<article>` gives that story's
    text only (the longest, if several): menus, "related" and "most read" lists, weather
    boxes and footers around it hold numbers and dates of other stories, never this one's.
    `main=False` gives the whole page (where a byline outside the story may date it).

    Metadata keys: `title`; one key per tag that may date the page, as `find_published` reads
    them ("meta:article:published_time", "itemprop:datePublished", "json-ld:datePublished",
    "time:datetime" …); and `published`/`published_from`, the publication date those tags give
    (ISO) and where it came from. Lines: one per block element; `<li>` → "- item"; `<tr>` →
    "cell | cell".
    """
    from lxml import etree
    from lxml import html as lxml_html

    if isinstance(html, str):
        html = html.encode("utf-8")
    if not html.strip():
        return "", {}
    parser = lxml_html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    try:
        root = lxml_html.document_fromstring(html, parser=parser)
    except (etree.ParserError, ValueError):
        return "", {}
    meta = _html_meta(root)
    out: list[str] = []
    stories = [el for el in root.iter("article")] if main else []
    if stories:
        story = max(stories, key=lambda el: len(el.text_content()))
        _walk_children(story, out)
    else:
        _walk(root, out)
    text = "".join(out)
    lines = [re.sub(r"[ \t]+", " ", ln).strip() for ln in text.split("\n")]
    cleaned: list[str] = []
    for ln in lines:
        if ln or (cleaned and cleaned[-1]):
            cleaned.append(ln)
    return "\n".join(cleaned).strip(), meta


def _html_meta(root) -> dict[str, str]:
    meta: dict[str, str] = {}
    for el in root.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        content = el.get("content")
        if key and content and f"meta:{key}" not in meta:
            meta[f"meta:{key}"] = content.strip()
    for el in root.iter():
        prop = el.get("itemprop") if isinstance(el.tag, str) and el.tag != "meta" else None
        if prop and prop.lower() in ("datepublished", "datecreated", "datemodified"):
            value = el.get("content") or el.get("datetime") or el.text_content()
            if value and value.strip():
                meta.setdefault(f"itemprop:{prop}", value.strip())
    for el in root.iter("script"):
        if "ld+json" in (el.get("type") or "").lower() and el.text:
            for key, value in _json_ld_dates(el.text):
                meta.setdefault(f"json-ld:{key}", value)
    for el in root.iter("time"):
        value = el.get("datetime") or (el.text or "")
        if parse_date_value(value):
            key = "time:pubdate" if el.get("pubdate") is not None else "time:datetime"
            meta.setdefault(key, value.strip())
    try:
        found: Published | None = find_published("", meta)
    except PublicationDateNotFound:
        found = None
    if found is not None:
        meta["published"] = found.date.isoformat()
        meta["published_from"] = found.describe()
    title = root.find(".//title")
    if title is not None and title.text and title.text.strip():
        meta["title"] = title.text.strip()
    return meta


_JSON_LD_KEYS = ("datePublished", "dateCreated", "uploadDate", "dateModified")


def _json_ld_dates(source: str) -> list[tuple[str, str]]:
    """(key, value) of the date keys anywhere in a JSON-LD block (nested objects, @graph);
    a block that is not valid JSON gives none."""
    import json

    try:
        data = json.loads(source)
    except ValueError:
        return []
    out: list[tuple[str, str]] = []
    stack = [data]
    while stack:
        node = stack.pop(0)
        if isinstance(node, dict):
            for k, v in node.items():
                if k in _JSON_LD_KEYS and isinstance(v, str):
                    out.append((k, v.strip()))
                elif isinstance(v, (dict, list)):
                    stack.append(v)
        elif isinstance(node, list):
            stack.extend(node)
    return out


def _walk_children(el, out: list[str]) -> None:
    """The text inside `el` (not its tail: what follows the element is not in it)."""
    if el.text:
        out.append(el.text)
    for child in el:
        _walk(child, out)


def _walk(el, out: list[str]) -> None:
    tag = el.tag if isinstance(el.tag, str) else None
    if tag is None:  # comment or processing instruction: skip, keep the tail
        if el.tail:
            out.append(el.tail)
        return
    tag = tag.lower()
    if tag in _DROP_TAGS:
        if el.tail:
            out.append(el.tail)
        return
    if tag == "br":
        out.append("\n")
    elif tag == "li":
        out.append("\n- ")
    elif tag == "tr":
        out.append("\n")
    elif tag in ("td", "th"):
        if out and not out[-1].endswith("\n"):
            out.append(" | ")
    elif tag in _BLOCK_TAGS:
        out.append("\n\n" if tag in ("p", "h1", "h2", "h3", "h4", "h5", "h6", "table") else "\n")
    if el.text:
        out.append(el.text)
    for child in el:
        _walk(child, out)
    if tag in _BLOCK_TAGS:
        out.append("\n")
    if el.tail:
        out.append(el.tail)


# --------------------------------------------------------------------------------------------
# Files


def load_document(data: bytes, *, name: str, kind: str | None = None) -> Document:
    """Decode, strip markup and front matter, normalize. `kind`: txt, md or html (else guessed)."""
    text, encoding, warnings = decode_bytes(data, name=name)
    if kind is None:
        head = text.lstrip()[:200].lower()
        kind = "html" if head.startswith(("<!doctype html", "<html", "<?xml")) else "txt"
    title: str | None = None
    sources: dict[str, str] = {}
    page_html: str | None = None
    if kind == "html":
        body, meta = html_to_text(text)
        page_html = text if "<article" in text.lower() else None
        sources = {k: v for k, v in meta.items() if ":" in k}
        title = meta.get("title")
        text = body
    else:
        keys, text = split_front_matter(text)
        sources = {f"front matter:{k}": v for k, v in keys.items()}
        title = keys.get("title")
        for k in FRONT_MATTER_KEYS:
            if keys.get(k) and parse_date_value(keys[k]) is None:
                warnings.append(f"{name}: cannot read the publication date '{keys[k]}'")
                break
    if not unicodedata.is_normalized("NFC", text):
        warnings.append(f"{name}: Unicode normalized to NFC")
    text = normalize_text(text)
    found: Published | None = None
    looked_at: tuple[str, ...] = ()
    try:
        found = find_published(text, sources, name=name)
    except PublicationDateNotFound as exc:
        looked_at = exc.looked_at
        if page_html is not None:  # a byline outside the page's <article>
            page = normalize_text(html_to_text(page_html, main=False)[0])
            try:
                found = find_published(page, sources, name=name)
            except PublicationDateNotFound as again:
                looked_at = exc.looked_at + again.looked_at
    dateline = find_dateline(text)
    return Document(
        name=name,
        text=text,
        kind=kind,
        encoding=encoding,
        published=found.date if found else None,
        published_from=found.describe() if found else None,
        title=title,
        warnings=tuple(warnings),
        published_rule=found.rule if found else None,
        published_evidence=found.evidence if found else None,
        published_looked_at=looked_at,
        place=dateline.place if dateline else None,
        place_from=dateline.describe() if dateline else None,
    )


def read_document(path: Path | str) -> Document:
    """Read a `.txt`, `.md` or `.html` file; a file that cannot be read raises `De06Error`."""
    path = Path(path)
    name = str(path)
    suffix = path.suffix.lower()
    kind = TEXT_SUFFIXES.get(suffix) or HTML_SUFFIXES.get(suffix)
    if kind is None:
        raise De06Error(
            f"unsupported file type '{suffix or '(none)'}'",
            file=name,
            hint="expected .txt, .md or .html",
        )
    return load_document(read_bytes(path, name), name=name, kind=kind)


# --------------------------------------------------------------------------------------------
# Segmentation


class Block(NamedTuple):
    """One line of text (a paragraph, heading, bullet or table row).

    Named tuples (not dataclasses): an article has dozens of blocks and sentences, and a tuple
    is several times cheaper to create.
    """

    start: int
    end: int
    kind: str  # paragraph | heading | bullet | leadin | table
    index: int  # block number; blank lines separate paragraphs but blocks count lines


class Sentence(NamedTuple):
    """One sentence of a block: [start, end) in the text."""

    start: int
    end: int
    block: int  # index into the block list
    first: bool  # first sentence of its block


_BULLET = re.compile(r"[ \t]*(?:[-•+*–—▪●◦·]|\(?\d{1,2}[.)]|\(?[a-zđ][)])[ \t]+")
_SENT_END = re.compile(r"[.!?…]+[\"”’)\]]*[ \t]+[\"“(\[]?(?=\w)")
_ABBREV = re.compile(
    r"(?:^|[\s(])(?:TP|Tp|tp|TT|ThS|TS|PGS|GS|BS|Th|St|Mr|Mrs|Ms|Dr|v\.v|Q|P|No|Ths|CN)$"
)
# An abbreviation is at most 3 characters: looking at the last 6 characters before a full stop
# (not the whole sentence so far) gives the same answer.
_ABBREV_TAIL = 6


def segment(text: str) -> tuple[list[Block], list[Sentence]]:
    """Blocks (lines) and sentences of `text`, with offsets into it."""
    blocks: list[Block] = []
    sentences: list[Sentence] = []
    pos = 0
    n = len(text)
    while pos <= n:
        nl = text.find("\n", pos)
        end = n if nl < 0 else nl
        line = text[pos:end]
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            s, e = pos + lead, pos + len(line.rstrip())
            kind = _block_kind(stripped)
            b = len(blocks)
            blocks.append(Block(s, e, kind, b))
            first = True
            cur = s
            for m in _SENT_END.finditer(text, s, e):
                nxt = text[m.end()]
                if not (nxt.isupper() or nxt.isdigit()):
                    continue
                before = text[max(cur, m.start() - _ABBREV_TAIL) : m.start()]
                if m.group().startswith(".") and _ABBREV.search(before):
                    continue
                cut = m.end() - (1 if m.group()[-1] in '"“([' else 0)
                sentences.append(Sentence(cur, _rstrip(text, cur, cut), b, first))
                first = False
                cur = cut
            if cur < e:
                sentences.append(Sentence(cur, e, b, first))
        if nl < 0:
            break
        pos = nl + 1
    return blocks, sentences


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in " \t":
        end -= 1
    return end


#: A date note closing a title: "(tính đến ngày 12/10/2025)", "(từ 1/7 đến 28/10/2025)".
_TRAILING_DATE_NOTE = re.compile(
    r"\s*\((?:[^()]*\s)?(?:\d{1,2}/)?\d{1,2}/(?:19|20)\d{2}\)\s*$|\s*\((?:[^()]*\s)?(?:19|20)\d{2}\)\s*$"
)
_TRAILING_NOTE = re.compile(r"\s*\([^()]*\)\s*$")
#: A numbered section title of a report: "1. Số liệu mới nhất", "II. KẾT QUẢ ĐẠT ĐƯỢC".
_NUMBERED_TITLE = re.compile(r"[ \t]*(?:\d{1,2}|[IVX]{1,4})[.)][ \t]+(?=\w)")
_DATES_IN_TITLE = re.compile(r"(?<!\d)(?:\d{1,2}/)?(?:\d{1,2}/)?(?:19|20)\d{2}(?!\d)")  # "năm 2024"
_TITLE_FIRST = frozenset("0123456789IVX \t")  # what a numbered title can start with
NUMBERED_TITLE_MAX = 80  # characters: a longer numbered line is an item, not a section's title


def _block_kind(line: str) -> str:
    if line.startswith("#"):  # Markdown: "## Kết quả … (tính đến 28/2/2025)"
        return "heading"
    title = _NUMBERED_TITLE.match(line) if line[:1] in _TITLE_FIRST else None
    # a title may end with a note in brackets: "II. TÌNH HÌNH CHUNG CẢ NƯỚC (theo Cục C06)"
    named = _TRAILING_NOTE.sub("", line) if title is not None and line[-1] == ")" else line
    if (
        title is not None
        and named
        and len(named) <= NUMBERED_TITLE_MAX
        and named[-1] not in '.;,!?…:"”'
        and not any(c.isdigit() for c in _DATES_IN_TITLE.sub("", named[title.end() :]))
    ):
        return "heading"  # a section's title, not an item of a list
    if _BULLET.match(line) and len(line) > 3:
        return "bullet"
    if "|" in line and line.count("|") >= 1 and not line.endswith("."):
        return "table"
    if line.endswith(":"):
        return "leadin"
    # a title may end with its date in brackets: "Khung 2 – Cổng … (tính đến ngày 12/10/2025)"
    bare = (_TRAILING_DATE_NOTE.sub("", line) or line) if line[-1] == ")" else line
    if len(line) <= 130 and bare[-1] not in '.;,!?…)"”' and len(line.split()) <= 20:
        return "heading"
    return "paragraph"
