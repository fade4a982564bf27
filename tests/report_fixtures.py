"""A small, complete project tree for report tests: registry, data/clean, notebooks.

Written directly (no `de06 build`): observations and targets as parquet that satisfy the pandera
models, and a build.json whose "outputs" hold the files' sha256, as `de06metrics.load` checks.
One source title carries `<script>` and quotes, so tests can check that HTML escapes data.
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import polars as pl

from de06metrics.io import sha256_file
from de06metrics.schema import Observations, Targets, frame_schema

REPO = Path(__file__).resolve().parents[1]
EVIL_TITLE = 'Báo cáo "sơ kết" <script>alert("x")</script> Đề án 06'

METRICS = """
- key: cccd_chip_issued
  label_vi: Số thẻ căn cước công dân gắn chip đã cấp
  label_en: Chip-based citizen ID cards issued
  unit: count
  kind: stock
  definition: Cards issued.
  aliases: [thẻ căn cước công dân gắn chip]
  headline: true
- key: vneid_accounts_issued
  label_vi: Số tài khoản định danh điện tử đã cấp
  label_en: VNeID e-ID accounts issued
  unit: count
  kind: stock
  definition: Accounts issued.
  aliases: [tài khoản định danh điện tử]
  headline: true
- key: online_payment_amount
  label_vi: Giá trị thanh toán trực tuyến
  label_en: Online payment value
  unit: vnd
  kind: stock
  definition: Amount paid online.
  aliases: [thanh toán trực tuyến]
  headline: true
- key: health_facilities_share
  label_vi: Tỷ lệ cơ sở y tế tham gia
  label_en: Share of health facilities participating
  unit: percent
  kind: share
  definition: Share of facilities.
  aliases: [cơ sở y tế]
  headline: false
"""

SOURCES = f"""
- id: official_2023
  publisher: Văn phòng Chính phủ
  title: Báo cáo tổng kết năm 2023
  url: https://example.gov.vn/bao-cao-2023
  published: 2023-12-21
  published_basis: stated
  kind: official_report
  rank: 1
  language: vi
- id: press_2024_a
  publisher: Báo Điện tử Thử nghiệm
  title: '{EVIL_TITLE.replace("'", "''")}'
  url: javascript:alert(1)
  published: 2024-03-02
  published_basis: stated
  kind: press_quoting_officials
  rank: 3
  language: vi
- id: press_2024_b
  publisher: Tạp chí Ứng dụng Số
  title: Hơn 80 triệu tài khoản định danh
  url: ""
  published: 2024-06-30
  published_basis: inferred
  kind: other_press
  rank: 4
  language: vi
- id: decision_2022
  publisher: Thủ tướng Chính phủ
  title: Quyết định 06/QĐ-TTg
  url: ""
  published: 2022-01-06
  published_basis: stated
  kind: official_report
  rank: 1
  language: vi
"""

TARGETS = """
- id: vneid_40m_2025
  metric: vneid_accounts_issued
  geo: VN
  value: 90000000
  qualifier: at_least
  deadline: 2025-12-31
  source_id: decision_2022
  citation: Quyết định 06/QĐ-TTg, 06/01/2022
  quote: "phấn đấu cấp tài khoản định danh"
- id: cccd_80m_2023
  metric: cccd_chip_issued
  geo: VN
  value: 80000000
  qualifier: at_least
  deadline: 2023-12-31
  source_id: decision_2022
  citation: Quyết định 06/QĐ-TTg, 06/01/2022
  quote: "cấp thẻ căn cước công dân"
- id: health_all_2025
  metric: health_facilities_share
  geo: VN
  value: 1.0
  qualifier: at_least
  deadline: 2025-12-31
  source_id: decision_2022
  citation: Quyết định 06/QĐ-TTg, 06/01/2022
  quote: "100% cơ sở y tế"
"""

AREAS = (
    "code,name,official_name,name_en,level,gso_code,valid_from,valid_to,successor,aliases\n"
    "VN,Việt Nam,Cộng hòa xã hội chủ nghĩa Việt Nam,Vietnam,country,,,,,Việt Nam|Viet Nam\n"
    "ha_noi,Hà Nội,Thành phố Hà Nội,Hanoi,province,01,,,,Hà Nội|Ha Noi\n"
    "ha_nam,Hà Nam,Tỉnh Hà Nam,Ha Nam,province,35,,2025-06-30,ninh_binh_2025,Hà Nam\n"
    "ninh_binh,Ninh Bình,Tỉnh Ninh Bình,Ninh Binh,province,37,,2025-06-30,ninh_binh_2025,"
    "Ninh Bình\n"
    "ninh_binh_2025,Ninh Bình,Tỉnh Ninh Bình,Ninh Binh,province,37,2025-07-01,,,Ninh Bình\n"
    "da_nang,Đà Nẵng,Thành phố Đà Nẵng,Da Nang,province,48,,2025-06-30,da_nang_2025,Đà Nẵng\n"
    "quang_nam,Quảng Nam,Tỉnh Quảng Nam,Quang Nam,province,49,,2025-06-30,da_nang_2025,"
    "Quảng Nam\n"
    "da_nang_2025,Đà Nẵng,Thành phố Đà Nẵng,Da Nang,province,48,2025-07-01,,,Đà Nẵng\n"
)

#: Province figures of e-ID accounts: (source, geo, value, period_end, as_written). Đà Nẵng's is
#: half a year older than the rest (stale); Quảng Nam has none (Đà Nẵng 2025 cannot be summed).
PROVINCE_ROWS = [
    ("official_2023", "ha_noi", 6.5e6, "2023-12-21", "6,5 triệu"),
    ("press_2024_b", "ha_noi", 7.0e6, "2024-06-30", "7 triệu"),
    ("press_2024_b", "ha_nam", 0.6e6, "2024-06-30", "600.000"),
    ("official_2023", "ninh_binh", 0.5e6, "2023-12-21", "500.000"),
    ("press_2024_b", "ninh_binh", 0.7e6, "2024-06-30", "700.000"),
    ("official_2023", "da_nang", 0.9e6, "2023-12-21", "900.000"),
]

# (source, metric, value, lower, upper, qualifier, unit, period_end, as_written)
ROWS = [
    (
        "official_2023",
        "cccd_chip_issued",
        60e6,
        None,
        None,
        "exact",
        "count",
        "2022-01-18",
        "60.000.000",
    ),
    (
        "official_2023",
        "cccd_chip_issued",
        78e6,
        None,
        78e6,
        "nearly",
        "count",
        "2022-12-31",
        "gần 78 triệu",
    ),
    (
        "official_2023",
        "cccd_chip_issued",
        86e6,
        86e6,
        None,
        "more_than",
        "count",
        "2023-12-21",
        "hơn 86 triệu",
    ),
    (
        "press_2024_a",
        "cccd_chip_issued",
        87.3e6,
        None,
        None,
        "exact",
        "count",
        "2024-02-29",
        "87,3 triệu",
    ),
    (
        "official_2023",
        "vneid_accounts_issued",
        40e6,
        None,
        None,
        "exact",
        "count",
        "2023-01-31",
        "40 triệu",
    ),
    (
        "official_2023",
        "vneid_accounts_issued",
        70e6,
        70e6,
        None,
        "more_than",
        "count",
        "2023-12-21",
        "trên 70 triệu",
    ),
    (
        "press_2024_a",
        "vneid_accounts_issued",
        76e6,
        None,
        None,
        "exact",
        "count",
        "2024-02-29",
        "76 triệu",
    ),
    (
        "press_2024_b",
        "vneid_accounts_issued",
        79e6,
        None,
        None,
        "exact",
        "count",
        "2024-02-29",
        "79 triệu",
    ),
    (
        "press_2024_b",
        "vneid_accounts_issued",
        80e6,
        80e6,
        82e6,
        "range",
        "count",
        "2024-06-30",
        "80-82 triệu",
    ),
    (
        "official_2023",
        "online_payment_amount",
        5.2e12,
        None,
        None,
        "exact",
        "vnd",
        "2023-06-30",
        "5,2 nghìn tỷ đồng",
    ),
    (
        "press_2024_a",
        "online_payment_amount",
        12.9e12,
        None,
        None,
        "approx",
        "vnd",
        "2024-02-29",
        "khoảng 12,9 nghìn tỷ đồng",
    ),
    (
        "press_2024_b",
        "health_facilities_share",
        0.62,
        None,
        None,
        "exact",
        "percent",
        "2024-06-30",
        "62%",
    ),
]


def observations() -> pl.DataFrame:
    pub = {
        "official_2023": "2023-12-21",
        "press_2024_a": "2024-03-02",
        "press_2024_b": "2024-06-30",
    }
    recs = []
    rows = [(*r, "VN") for r in ROWS] + [
        (src, "vneid_accounts_issued", v, None, None, "exact", "count", end, written, geo)
        for src, geo, v, end, written in PROVINCE_ROWS
    ]
    for i, (src, metric, v, lo, up, q, unit, end, written, geo) in enumerate(rows, start=1):
        recs.append(
            {
                "metric": metric,
                "geo": geo,
                "period_start": None,
                "period_end": date.fromisoformat(end),
                "value": v,
                "lower": lo,
                "upper": up,
                "qualifier": q,
                "unit": unit,
                "denominator": None,
                "date_basis": "stated",
                "status": "observation",
                "source_id": src,
                "published": date.fromisoformat(pub[src]),
                "as_written": written,
                "quote": f"{written} (fixture)",
                "note": None,
                "source_file": "data/raw/reported/fixture.csv",
                "source_row": i,
            }
        )
    return Observations.validate(pl.DataFrame(recs, schema=frame_schema(Observations)))


def make_project(root: Path, *, notebooks: bool = True) -> dict[str, str]:
    """Write the fixture project under `root`; return the environment variables that select it."""
    from de06metrics.registry import load_registry

    reg = root / "registry"
    reg.mkdir(parents=True, exist_ok=True)
    (reg / "metrics.yaml").write_text(METRICS, encoding="utf-8")
    (reg / "sources.yaml").write_text(SOURCES, encoding="utf-8")
    (reg / "targets.yaml").write_text(TARGETS, encoding="utf-8")
    (reg / "areas.csv").write_text(AREAS, encoding="utf-8")
    registry = load_registry(reg)
    clean = root / "data" / "clean"
    clean.mkdir(parents=True, exist_ok=True)
    observations().write_parquet(clean / "observations.parquet")
    Targets.validate(registry.targets).write_parquet(clean / "targets.parquet")
    outputs = {n: sha256_file(clean / n) for n in ("observations.parquet", "targets.parquet")}
    (clean / "build.json").write_text(json.dumps({"outputs": outputs}), encoding="utf-8")
    if notebooks:
        shutil.copytree(REPO / "notebooks", root / "notebooks", dirs_exist_ok=True)
    return {"DE06_ROOT": str(root), "DE06_REGISTRY_DIR": str(reg)}
