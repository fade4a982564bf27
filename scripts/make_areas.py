"""Generate `de06metrics/registry/areas.csv`: Vietnam and its provinces, with validity dates.

Vietnam had 63 provincial-level units until 30 June 2025. Resolution 202/2025/QH15 of the
National Assembly (12 June 2025) rearranged them into 34 from 1 July 2025: 11 kept their
territory, 52 were merged into 23 new units that each took the name of one constituent.
Figures in the project span 2021-2026, so an area code must say *which* territory it means:

- a unit whose territory did not change is one row, valid throughout (both dates empty);
- a pre-merger unit whose territory changed ends on 2025-06-30 and names its `successor`;
- a post-merger unit whose territory changed starts on 2025-07-01; its code is the package
  codename plus `_2025` when that codename is already a pre-merger code
  (`ho_chi_minh` = old TP.HCM, `ho_chi_minh_2025` = TP.HCM + Bình Dương + Bà Rịa - Vũng Tàu).

The 34 current units come from the `vietnam-provinces` package (names, GSO codes, codenames).
The 63 pre-merger units and the merger mapping are facts typed below, cited to the resolution.

Run: `.venv/bin/python scripts/make_areas.py` (writes atomically, only when bytes change);
`--check` verifies the committed file is up to date without writing (exit 1 if stale).
Any failed self-check exits with status 2 and one line per problem.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import re
import sys
import tempfile
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from vietnam_provinces import Province

OUT_PATH = Path(__file__).resolve().parent.parent / "de06metrics" / "registry" / "areas.csv"
COLUMNS = (
    "code",
    "name",
    "official_name",
    "name_en",
    "level",
    "gso_code",
    "valid_from",
    "valid_to",
    "successor",
    "aliases",
)
CITATION = "Nghị quyết 202/2025/QH15 của Quốc hội ngày 12/6/2025 (hiệu lực sắp xếp từ 1/7/2025)"
LAST_DAY_63 = date(2025, 6, 30)
FIRST_DAY_34 = LAST_DAY_63 + timedelta(days=1)
EXPECTED_BEFORE, EXPECTED_AFTER, EXPECTED_UNCHANGED = 63, 34, 11

CITY, PROVINCE = "city", "province"  # kind of a provincial-level unit, decides name prefixes

# The 63 units valid until 2025-06-30: (GSO code, short name, kind, package codename of the unit
# it belongs to from 2025-07-01). Source: Resolution 202/2025/QH15, Article 1. Thừa Thiên Huế
# became "Thành phố Huế" (centrally run city) on 2025-01-01 on its whole territory (Resolution
# 175/2024/QH15); it is listed under its long-standing name and maps to `hue`, so it collapses
# into one row (see docs/areas.md).
PRE_MERGER: tuple[tuple[str, str, str, str], ...] = (
    ("01", "Hà Nội", CITY, "ha_noi"),
    ("02", "Hà Giang", PROVINCE, "tuyen_quang"),
    ("04", "Cao Bằng", PROVINCE, "cao_bang"),
    ("06", "Bắc Kạn", PROVINCE, "thai_nguyen"),
    ("08", "Tuyên Quang", PROVINCE, "tuyen_quang"),
    ("10", "Lào Cai", PROVINCE, "lao_cai"),
    ("11", "Điện Biên", PROVINCE, "dien_bien"),
    ("12", "Lai Châu", PROVINCE, "lai_chau"),
    ("14", "Sơn La", PROVINCE, "son_la"),
    ("15", "Yên Bái", PROVINCE, "lao_cai"),
    ("17", "Hòa Bình", PROVINCE, "phu_tho"),
    ("19", "Thái Nguyên", PROVINCE, "thai_nguyen"),
    ("20", "Lạng Sơn", PROVINCE, "lang_son"),
    ("22", "Quảng Ninh", PROVINCE, "quang_ninh"),
    ("24", "Bắc Giang", PROVINCE, "bac_ninh"),
    ("25", "Phú Thọ", PROVINCE, "phu_tho"),
    ("26", "Vĩnh Phúc", PROVINCE, "phu_tho"),
    ("27", "Bắc Ninh", PROVINCE, "bac_ninh"),
    ("30", "Hải Dương", PROVINCE, "hai_phong"),
    ("31", "Hải Phòng", CITY, "hai_phong"),
    ("33", "Hưng Yên", PROVINCE, "hung_yen"),
    ("34", "Thái Bình", PROVINCE, "hung_yen"),
    ("35", "Hà Nam", PROVINCE, "ninh_binh"),
    ("36", "Nam Định", PROVINCE, "ninh_binh"),
    ("37", "Ninh Bình", PROVINCE, "ninh_binh"),
    ("38", "Thanh Hóa", PROVINCE, "thanh_hoa"),
    ("40", "Nghệ An", PROVINCE, "nghe_an"),
    ("42", "Hà Tĩnh", PROVINCE, "ha_tinh"),
    ("44", "Quảng Bình", PROVINCE, "quang_tri"),
    ("45", "Quảng Trị", PROVINCE, "quang_tri"),
    ("46", "Thừa Thiên Huế", PROVINCE, "hue"),
    ("48", "Đà Nẵng", CITY, "da_nang"),
    ("49", "Quảng Nam", PROVINCE, "da_nang"),
    ("51", "Quảng Ngãi", PROVINCE, "quang_ngai"),
    ("52", "Bình Định", PROVINCE, "gia_lai"),
    ("54", "Phú Yên", PROVINCE, "dak_lak"),
    ("56", "Khánh Hòa", PROVINCE, "khanh_hoa"),
    ("58", "Ninh Thuận", PROVINCE, "khanh_hoa"),
    ("60", "Bình Thuận", PROVINCE, "lam_dong"),
    ("62", "Kon Tum", PROVINCE, "quang_ngai"),
    ("64", "Gia Lai", PROVINCE, "gia_lai"),
    ("66", "Đắk Lắk", PROVINCE, "dak_lak"),
    ("67", "Đắk Nông", PROVINCE, "lam_dong"),
    ("68", "Lâm Đồng", PROVINCE, "lam_dong"),
    ("70", "Bình Phước", PROVINCE, "dong_nai"),
    ("72", "Tây Ninh", PROVINCE, "tay_ninh"),
    ("74", "Bình Dương", PROVINCE, "ho_chi_minh"),
    ("75", "Đồng Nai", PROVINCE, "dong_nai"),
    ("77", "Bà Rịa - Vũng Tàu", PROVINCE, "ho_chi_minh"),
    ("79", "Hồ Chí Minh", CITY, "ho_chi_minh"),
    ("80", "Long An", PROVINCE, "tay_ninh"),
    ("82", "Tiền Giang", PROVINCE, "dong_thap"),
    ("83", "Bến Tre", PROVINCE, "vinh_long"),
    ("84", "Trà Vinh", PROVINCE, "vinh_long"),
    ("86", "Vĩnh Long", PROVINCE, "vinh_long"),
    ("87", "Đồng Tháp", PROVINCE, "dong_thap"),
    ("89", "An Giang", PROVINCE, "an_giang"),
    ("91", "Kiên Giang", PROVINCE, "an_giang"),
    ("92", "Cần Thơ", CITY, "can_tho"),
    ("93", "Hậu Giang", PROVINCE, "can_tho"),
    ("94", "Sóc Trăng", PROVINCE, "can_tho"),
    ("95", "Bạc Liêu", PROVINCE, "ca_mau"),
    ("96", "Cà Mau", PROVINCE, "ca_mau"),
)

# Display names that are not just the short name (keyed by short name).
DISPLAY_NAME = {"Hồ Chí Minh": "TP. Hồ Chí Minh"}
# Conventional English names; every other name_en is the short name without diacritics.
NAME_EN = {
    "Hà Nội": "Hanoi",
    "Hồ Chí Minh": "Ho Chi Minh City",
    "Thừa Thiên Huế": "Thua Thien Hue",
}
# Other Vietnamese spellings of a short name; they take the same prefixes ("tỉnh Đắc Lắc").
SPELLINGS = {
    "Hồ Chí Minh": ("HCM",),
    "Thừa Thiên Huế": ("Thừa Thiên - Huế", "TT-Huế"),
    "Bà Rịa - Vũng Tàu": ("Bà Rịa Vũng Tàu", "BR-VT", "BRVT"),
    "Đắk Lắk": ("Đăk Lăk", "Đắc Lắc", "Đắk Lăk", "Đăk Lắk", "Đắc Lắk"),
    "Đắk Nông": ("Đăk Nông", "Đắc Nông"),
    "Khánh Hòa": ("Khánh Hoà",),
    "Thanh Hóa": ("Thanh Hoá",),
    "Hòa Bình": ("Hoà Bình",),
    "Bắc Kạn": ("Bắc Cạn",),
}
# Names used on their own, never behind a prefix (epithets, abbreviations, English forms).
STANDALONE = {
    "Hà Nội": ("Thủ đô Hà Nội", "Hanoi"),
    "Hồ Chí Minh": ("TPHCM", "TP.HCM", "Tp.HCM", "HCMC", "Sài Gòn", "Saigon", "Ho Chi Minh City"),
    "Hải Phòng": ("Haiphong",),
    "Đà Nẵng": ("Danang",),
    "Huế": ("Cố đô Huế",),
    "Đắk Lắk": ("Daklak",),
    "Đắk Nông": ("Daknong",),
    "Kon Tum": ("Kontum",),
}
COUNTRY_ALIASES = ("Việt Nam", "Vietnam", "VN", "Cả nước", "cả nước", "Toàn quốc", "toàn quốc")

PREFIXES = {
    CITY: ("Thành phố {}", "thành phố {}", "TP. {}", "TP.{}", "TP {}", "Tp. {}", "Tp.{}"),
    PROVINCE: ("Tỉnh {}", "tỉnh {}"),
}
DASHES = ("-", "–", "—")  # hyphen-minus, en dash, em dash
CODE_RE = re.compile(r"^[a-z]+(?:_[a-z0-9]+)*$")

# Names as they appear in /work/shared/seeds: each must resolve to exactly one unit on a
# pre-merger date (the seeds are 2021-2024 articles). Checked on every run.
SEED_NAMES = (
    "Bạc Liêu", "Bắc Ninh", "Bến Tre", "Đắk Lắk", "Hưng Yên", "Kiên Giang", "Nam Định", "Phú Thọ",
    "Quảng Trị", "Sóc Trăng", "Vĩnh Long", "Vĩnh Phúc", "An Giang", "Bà Rịa-Vũng Tàu",
    "Bà Rịa – Vũng Tàu", "Bình Dương", "Bình Thuận", "Cần Thơ", "Đà Nẵng", "Đắk Nông",
    "Hải Phòng", "Phú Yên", "Tây Ninh", "Thành phố Hồ Chí Minh", "Tuyên Quang", "Trà Vinh",
    "Thừa Thiên Huế", "Hậu Giang", "Thanh Hóa", "Tiền Giang", "Bắc Giang", "Quảng Ngãi",
    "Quảng Nam", "TP. Hà Nội", "TP. HCM", "TP.HCM",
)  # fmt: skip
# (name, date, expected code): spot checks of resolution by date.
RESOLUTION_CASES = (
    ("TP.HCM", LAST_DAY_63, "ho_chi_minh"),
    ("TP.HCM", FIRST_DAY_34, "ho_chi_minh_2025"),
    ("Bình Dương", LAST_DAY_63, "binh_duong"),
    ("Thừa Thiên Huế", date(2023, 12, 31), "hue"),
    ("Huế", FIRST_DAY_34, "hue"),
    ("Đắc Lắc", FIRST_DAY_34, "dak_lak_2025"),
    ("Hà Nội", date(2021, 1, 1), "ha_noi"),
    ("Cả nước", FIRST_DAY_34, "VN"),
)


@dataclass
class Area:
    """One row of areas.csv."""

    code: str
    name: str
    official_name: str
    name_en: str
    level: str
    gso_code: str = ""
    valid_from: date | None = None
    valid_to: date | None = None
    successor: str = ""
    aliases: set[str] = field(default_factory=set)

    def valid_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )

    def overlaps(self, other: Area) -> bool:
        lo = max(self.valid_from or date.min, other.valid_from or date.min)
        hi = min(self.valid_to or date.max, other.valid_to or date.max)
        return lo <= hi


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def strip_diacritics(text: str) -> str:
    """ASCII-ish form: 'Đắk Lắk' -> 'Dak Lak' (đ/Đ are letters, not marks, so map them)."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return nfc("".join(ch for ch in decomposed if not unicodedata.combining(ch)))


def slug(name: str) -> str:
    """'Bà Rịa - Vũng Tàu' -> 'ba_ria_vung_tau', the package's codename style."""
    return re.sub(r"[^a-z0-9]+", "_", strip_diacritics(name).lower()).strip("_")


def match_key(text: str) -> str:
    """Loose key for collision checks and spot-check lookups: case, diacritics, dots, dashes
    and spacing ignored, so two aliases that a tolerant resolver would confuse are caught."""
    folded = strip_diacritics(nfc(text)).casefold()
    return " ".join(re.sub(r"[\s.\-–—‐‑()]+", " ", folded).split())


def dash_variants(name: str) -> set[str]:
    """'Bà Rịa - Vũng Tàu' in every dash and spacing people type; other names unchanged."""
    parts = [p.strip() for p in re.split(r"\s*[-–—]\s*", name)]
    if len(parts) == 1:
        return {name}
    return {sep.join(parts) for d in DASHES for sep in (d, f" {d} ")}


def names_for(short: str, kind: str) -> set[str]:
    """All aliases of one short name: spellings x dash variants x prefixes, plus standalone
    forms, each also without diacritics."""
    bases: set[str] = set()
    for spelling in (short, *SPELLINGS.get(short, ())):
        bases |= dash_variants(spelling)
    out = set(bases)
    for base in bases:
        out |= {template.format(base) for template in PREFIXES[kind]}
    display = DISPLAY_NAME.get(short)
    out |= {display} if display else set()
    out |= set(STANDALONE.get(short, ()))
    return {nfc(a) for a in out} | {strip_diacritics(a) for a in out}


def name_en(short: str) -> str:
    return NAME_EN.get(short, strip_diacritics(short))


def short_name(package_name: str) -> str:
    return package_name.removeprefix("Thành phố ").strip()


def official(short: str, kind: str) -> str:
    return f"{'Thành phố' if kind == CITY else 'Tỉnh'} {short}"


def current_units() -> dict[str, tuple[str, str, str]]:
    """The 34 units from the package: codename -> (GSO code, short name, kind)."""
    units = {}
    for p in Province.iter_all():
        kind = CITY if p.division_type.name == "THANH_PHO_TRUNG_UONG" else PROVINCE
        units[p.codename] = (f"{int(p.code):02d}", nfc(short_name(p.name)), kind)
    return units


def province_area(
    code: str,
    short: str,
    kind: str,
    gso: str,
    valid_to: date | None = None,
    valid_from: date | None = None,
) -> Area:
    """A provincial-level row with its names and aliases derived from the short name."""
    return Area(
        code=code,
        name=DISPLAY_NAME.get(short, short),
        official_name=official(short, kind),
        name_en=name_en(short),
        level="province",
        gso_code=gso,
        valid_from=valid_from,
        valid_to=valid_to,
        aliases=names_for(short, kind),
    )


def build_areas() -> list[Area]:
    """All rows: the country, unchanged units, pre-merger units, post-merger units."""
    current = current_units()
    members: dict[str, list[tuple[str, str, str, str]]] = {}
    for row in PRE_MERGER:
        members.setdefault(row[3], []).append(row)
    unknown = sorted(set(members) - set(current))
    if unknown:
        raise SystemExit(f"make_areas: merger targets not in vietnam-provinces: {unknown}")
    pre_codes = {slug(name) for _, name, _, _ in PRE_MERGER}

    country_aliases = {nfc(a) for a in COUNTRY_ALIASES}
    country_aliases |= {strip_diacritics(a) for a in COUNTRY_ALIASES}
    areas = [
        Area(
            code="VN",
            name="Việt Nam",
            official_name="Cộng hòa xã hội chủ nghĩa Việt Nam",
            name_en="Vietnam",
            level="country",
            aliases=country_aliases,
        )
    ]
    for codename, (gso, short, kind) in sorted(current.items()):
        parts = members.get(codename, [])
        if len(parts) == 1:  # same territory before and after: one row, valid throughout
            _, old_short, old_kind, _ = parts[0]
            row = province_area(codename, short, kind, gso)
            row.aliases |= names_for(old_short, old_kind)
            areas.append(row)
            continue
        new_code = f"{codename}_2025" if codename in pre_codes else codename
        areas.append(province_area(new_code, short, kind, gso, valid_from=FIRST_DAY_34))
        for old_gso, old_short, old_kind, _ in parts:
            old = province_area(slug(old_short), old_short, old_kind, old_gso, LAST_DAY_63)
            old.successor = new_code
            areas.append(old)
    for area in areas:
        area.aliases |= {area.name, area.official_name, area.name_en}
    return sorted(areas, key=lambda a: a.code)


def resolve(areas: Iterable[Area], text: str, day: date) -> list[str]:
    """Codes of the areas valid on `day` having an alias that loosely matches `text`."""
    key = match_key(text)
    return sorted(
        a.code for a in areas if a.valid_on(day) and key in {match_key(x) for x in a.aliases}
    )


def check(areas: list[Area]) -> list[str]:
    """Every invariant the registry promises; returns one message per violation."""
    problems: list[str] = []
    by_code = {a.code: a for a in areas}
    if len(by_code) != len(areas):
        problems.append("duplicate codes")
    provinces = [a for a in areas if a.level == "province"]
    before = [a for a in provinces if a.valid_on(LAST_DAY_63)]
    after = [a for a in provinces if a.valid_on(FIRST_DAY_34)]
    unchanged = [a for a in provinces if a.valid_from is None and a.valid_to is None]
    for label, got, want in (
        (f"units valid on {LAST_DAY_63}", len(before), EXPECTED_BEFORE),
        (f"units valid on {FIRST_DAY_34}", len(after), EXPECTED_AFTER),
        ("units with unchanged territory", len(unchanged), EXPECTED_UNCHANGED),
    ):
        if got != want:
            problems.append(f"{label}: {got}, expected {want}")
    current = current_units()
    if len(current) != EXPECTED_AFTER:
        problems.append(f"vietnam-provinces lists {len(current)} provinces, expected 34")
    if sorted(a.gso_code for a in after) != sorted(g for g, _, _ in current.values()):
        problems.append("GSO codes valid on 2025-07-01 differ from vietnam-provinces")
    if sorted(a.gso_code for a in before) != sorted(g for g, _, _, _ in PRE_MERGER):
        problems.append("GSO codes valid on 2025-06-30 differ from the pre-merger table")
    for a in areas:
        if a.code != "VN" and not CODE_RE.match(a.code):
            problems.append(f"{a.code}: code is not a snake_case slug")
        if a.level == "province" and not re.fullmatch(r"\d{2}", a.gso_code):
            problems.append(f"{a.code}: gso_code {a.gso_code!r} is not two digits")
        if a.successor:
            nxt = by_code.get(a.successor)
            if nxt is None:
                problems.append(f"{a.code}: successor {a.successor} does not exist")
            elif a.valid_to is None or nxt.valid_from != a.valid_to + timedelta(days=1):
                problems.append(f"{a.code}: successor {a.successor} does not start the next day")
        elif a.valid_to is not None:
            problems.append(f"{a.code}: ends on {a.valid_to} without a successor")
        for alias in a.aliases:
            if alias != alias.strip() or "  " in alias or alias != nfc(alias) or "|" in alias:
                problems.append(f"{a.code}: malformed alias {alias!r}")
    for i, a in enumerate(areas):
        for b in areas[i + 1 :]:
            if a.gso_code and a.gso_code == b.gso_code and a.overlaps(b):
                problems.append(f"{a.code} and {b.code} share GSO code {a.gso_code} at one time")
        keys_a = {match_key(x) for x in a.aliases}
        for b in areas[i + 1 :]:
            if a.overlaps(b):
                shared = keys_a & {match_key(x) for x in b.aliases}
                if shared:
                    problems.append(f"{a.code} and {b.code} share aliases {sorted(shared)}")
    for text in SEED_NAMES:
        got = resolve(areas, text, date(2024, 6, 30))
        if len(got) != 1:
            problems.append(f"seed name {text!r} resolves to {got} on 2024-06-30")
    for text, day, want in RESOLUTION_CASES:
        got = resolve(areas, text, day)
        if got != [want]:
            problems.append(f"{text!r} on {day} resolves to {got}, expected {want}")
    return problems


def render_csv(areas: list[Area]) -> bytes:
    """Stable bytes: UTF-8 without BOM, LF line ends, rows sorted by code, aliases sorted."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(COLUMNS)
    for a in areas:
        writer.writerow(
            [
                a.code,
                a.name,
                a.official_name,
                a.name_en,
                a.level,
                a.gso_code,
                a.valid_from.isoformat() if a.valid_from else "",
                a.valid_to.isoformat() if a.valid_to else "",
                a.successor,
                "|".join(sorted(a.aliases)),
            ]
        )
    return buf.getvalue().encode("utf-8")


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temp file in the same directory, then rename over the target."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT_PATH, help="CSV to write")
    parser.add_argument("--check", action="store_true", help="fail if --out is not up to date")
    args = parser.parse_args(argv)

    areas = build_areas()
    problems = check(areas)
    if problems:
        print(f"make_areas: {len(problems)} self-check failure(s):", file=sys.stderr)
        for p in problems:
            print(f"  - {p}", file=sys.stderr)
        return 2
    data = render_csv(areas)
    existing = args.out.read_bytes() if args.out.exists() else None
    if args.check:
        if existing != data:
            print(f"make_areas: {args.out} is stale; run scripts/make_areas.py", file=sys.stderr)
            return 1
        print(f"make_areas: {args.out} is up to date")
        return 0
    if existing != data:
        write_atomic(args.out, data)
    n_pre = sum(a.valid_on(LAST_DAY_63) and a.level == "province" for a in areas)
    n_post = sum(a.valid_on(FIRST_DAY_34) and a.level == "province" for a in areas)
    print(
        f"make_areas: {len(areas)} rows ({n_pre} valid on {LAST_DAY_63}, {n_post} on "
        f"{FIRST_DAY_34}) -> {args.out}{'' if existing != data else ' (unchanged)'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
