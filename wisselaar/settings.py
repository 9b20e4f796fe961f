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
    "WISSELAAR_AUDIT_DB": ("", "audit log file; empty: <database>-audit.duckdb beside it"),
    "WISSELAAR_ANONYMOUS_ROLE": ("", "role of a visitor who has not signed in; empty: none"),
    "WISSELAAR_ROLE_CLAIM": ("roles", "OpenID Connect claim that holds the user's role(s)"),
    "WISSELAAR_DEMO_ACCOUNT": ("1", "1: the demo account is active while none is configured"),
    "WISSELAAR_SIGNIN_DELAY_S": ("1", "wait after a failed sign-in; doubles per further failure"),
    "WISSELAAR_SIGNIN_MAX_DELAY_S": ("300", "longest wait after failed sign-ins, in seconds"),
    "WISSELAAR_SIGNIN_NAME_MAX_DELAY_S": (
        "30",
        "longest wait for one user name alone (failures from any address)",
    ),
    "WISSELAAR_SIGNIN_PER_MINUTE": ("60", "failed sign-ins a minute over all, before all wait"),
    "WISSELAAR_GRENZEN_DIR": ("data/grenzen", "folder of the checked, simplified boundary files"),
    "WISSELAAR_GRENZEN_2025_URL": (
        "https://geo.api.vlaanderen.be/VRBG2025/wfs",
        "WFS of the 2025 boundaries, or a local .geojson file",
    ),
    "WISSELAAR_GRENZEN_2025_LAYER": ("VRBG2025:RefgemG100", "WFS layer of the 2025 boundaries"),
    "WISSELAAR_GRENZEN_2019_URL": (
        "https://geo.api.vlaanderen.be/VRBG2019/wfs",
        "WFS of the 2019-2024 boundaries, or a local .geojson file",
    ),
    "WISSELAAR_GRENZEN_2019_LAYER": ("VRBG2019:Refgem", "WFS layer of the 2019-2024 boundaries"),
    "WISSELAAR_GRENZEN_TIMEOUT_S": ("120", "seconds a boundary download may take"),
    "WISSELAAR_GRENZEN_TOLERANCE": ("0.0005", "simplification tolerance, in degrees (~40 m)"),
    "WISSELAAR_VRIJE_DAGEN": ("", "days off besides weekends and Belgian public holidays"),
    "WISSELAAR_VRAAG_URL": ("", "URL of a written question's text, {nummer} filled in; empty: off"),
    "WISSELAAR_VRAAG_TIMEOUT_S": ("10", "seconds fetching one written question may take"),
    "WISSELAAR_MAX_FOUTEN": ("200", "errors of a refused upload listed; the rest are counted"),
}


def _raw(name: str) -> str:
    value = os.environ.get(name, "").strip()
    return value if value else SETTINGS[name][0]


def _flag(name: str) -> bool:
    return _raw(name).lower() not in {"0", "false", "nee", "no"}


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
    audit_db: Path | None = None  # None: <database>-audit.duckdb beside the database
    anonymous_role: str | None = None
    role_claim: str = "roles"
    demo_account: bool = True
    signin_delay_s: float = 1.0
    signin_max_delay_s: float = 300.0
    signin_name_max_delay_s: float = 30.0
    signin_per_minute: int = 60
    grenzen_dir: Path = field(default_factory=lambda: _path(SETTINGS["WISSELAAR_GRENZEN_DIR"][0]))
    grenzen_2025_url: str = SETTINGS["WISSELAAR_GRENZEN_2025_URL"][0]
    grenzen_2025_layer: str = SETTINGS["WISSELAAR_GRENZEN_2025_LAYER"][0]
    grenzen_2019_url: str = SETTINGS["WISSELAAR_GRENZEN_2019_URL"][0]
    grenzen_2019_layer: str = SETTINGS["WISSELAAR_GRENZEN_2019_LAYER"][0]
    grenzen_timeout_s: float = 120.0
    grenzen_tolerance: float = 0.0005
    vrije_dagen: str = ""  # see wisselaar/deadlines.py for the format
    vraag_url: str = ""  # empty: fetching questions by number is off
    vraag_timeout_s: float = 10.0

    max_errors_listed: int = 200

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
            audit_db=_path(_raw("WISSELAAR_AUDIT_DB")) if _raw("WISSELAAR_AUDIT_DB") else None,
            anonymous_role=_raw("WISSELAAR_ANONYMOUS_ROLE").lower() or None,
            role_claim=_raw("WISSELAAR_ROLE_CLAIM"),
            demo_account=_flag("WISSELAAR_DEMO_ACCOUNT"),
            signin_delay_s=float(_raw("WISSELAAR_SIGNIN_DELAY_S")),
            signin_max_delay_s=float(_raw("WISSELAAR_SIGNIN_MAX_DELAY_S")),
            signin_name_max_delay_s=float(_raw("WISSELAAR_SIGNIN_NAME_MAX_DELAY_S")),
            signin_per_minute=int(_raw("WISSELAAR_SIGNIN_PER_MINUTE")),
            grenzen_dir=_path(_raw("WISSELAAR_GRENZEN_DIR")),
            grenzen_2025_url=_raw("WISSELAAR_GRENZEN_2025_URL"),
            grenzen_2025_layer=_raw("WISSELAAR_GRENZEN_2025_LAYER"),
            grenzen_2019_url=_raw("WISSELAAR_GRENZEN_2019_URL"),
            grenzen_2019_layer=_raw("WISSELAAR_GRENZEN_2019_LAYER"),
            grenzen_timeout_s=float(_raw("WISSELAAR_GRENZEN_TIMEOUT_S")),
            grenzen_tolerance=float(_raw("WISSELAAR_GRENZEN_TOLERANCE")),
            vrije_dagen=_raw("WISSELAAR_VRIJE_DAGEN"),
            vraag_url=_raw("WISSELAAR_VRAAG_URL"),
            vraag_timeout_s=float(_raw("WISSELAAR_VRAAG_TIMEOUT_S")),
            max_errors_listed=max(1, int(_raw("WISSELAAR_MAX_FOUTEN"))),
        )

    @property
    def audit_path(self) -> Path:
        """The audit log's own file: sign-ins and exports never touch the data file, whose
        changes invalidate every cached figure (see `reads`)."""
        if self.audit_db is not None:
            return self.audit_db
        return self.db_path.with_name(f"{self.db_path.stem}-audit.duckdb")
