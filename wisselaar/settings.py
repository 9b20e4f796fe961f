"""Every setting of the product, read in one place.

Each setting is an environment variable with a documented default; tests/unit/test_settings.py
checks that every name below is documented in README.md.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from wisselaar import PROJECT_DIR

# name -> (default, one-line description). The README table is checked against this.
SETTINGS: dict[str, tuple[str, str]] = {
    "WISSELAAR_DB": ("data/wisselaar.duckdb", "path of the DuckDB database file"),
    "WISSELAAR_MAX_FILE_MB": ("50", "largest accepted upload, in MB"),
    "WISSELAAR_MAX_UNPACKED_MB": ("500", "largest total of a workbook's unpacked parts, in MB"),
    "WISSELAAR_LOCK_TIMEOUT_S": ("10", "seconds to wait while another process holds the database"),
    "WISSELAAR_ONDERBENUTTING_PCT": ("90", "benutting below this percentage is onderbenutting"),
    "WISSELAAR_OVERBENUTTING_PCT": ("100", "benutting above this percentage is overbenutting"),
    "WISSELAAR_SUBSIDIE_PLAFOND_EUR": (
        "50000",
        "granted per trajectory above this gives a warning",
    ),
    "WISSELAAR_SAMPLE_DATA": ("1", "1: import data/voorbeeld.xlsx when the app starts empty"),
}


def _raw(name: str) -> str:
    value = os.environ.get(name, "").strip()
    return value if value else SETTINGS[name][0]


def _path(value: str) -> Path:
    path = Path(value).expanduser()
    return path if path.is_absolute() else PROJECT_DIR / path


@dataclass(frozen=True)
class Settings:
    db_path: Path = field(default_factory=lambda: _path(SETTINGS["WISSELAAR_DB"][0]))
    max_file_bytes: int = 50 * 1024 * 1024
    max_unpacked_bytes: int = 500 * 1024 * 1024
    lock_timeout_s: float = 10.0
    onderbenutting_pct: Decimal = Decimal("90")
    overbenutting_pct: Decimal = Decimal("100")
    subsidie_plafond_eur: Decimal = Decimal("50000")
    load_sample: bool = True

    @classmethod
    def from_env(cls, db: str | os.PathLike[str] | None = None) -> Settings:
        """Settings from the environment; `db` (the --db option) wins over WISSELAAR_DB."""
        mb = 1024 * 1024
        return cls(
            db_path=_path(str(db)) if db else _path(_raw("WISSELAAR_DB")),
            max_file_bytes=int(float(_raw("WISSELAAR_MAX_FILE_MB")) * mb),
            max_unpacked_bytes=int(float(_raw("WISSELAAR_MAX_UNPACKED_MB")) * mb),
            lock_timeout_s=float(_raw("WISSELAAR_LOCK_TIMEOUT_S")),
            onderbenutting_pct=Decimal(_raw("WISSELAAR_ONDERBENUTTING_PCT")),
            overbenutting_pct=Decimal(_raw("WISSELAAR_OVERBENUTTING_PCT")),
            subsidie_plafond_eur=Decimal(_raw("WISSELAAR_SUBSIDIE_PLAFOND_EUR")),
            load_sample=_raw("WISSELAAR_SAMPLE_DATA").lower() not in {"0", "false", "nee", "no"},
        )
