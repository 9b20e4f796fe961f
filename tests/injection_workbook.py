"""A valid workbook whose every free-text field holds markup (issue 12 point 6), built by the
tests: one row per string in every sheet, extra columns whose headers and extra sheets whose
names are markup too (each an "ignored" warning), and two trajectories with the money
warnings of CONTRACT.md section 2 (more than the ceiling granted; more paid than granted),
so that every kind of text a file brings in reaches the pages, the charts and the warnings.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import zipfile
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook

START, END = dt.date(2022, 3, 1), dt.date(2022, 12, 1)
OFFERING, REQUESTING = "Gent", "Kortrijk"


def _rows(strings: Sequence[str]) -> dict[str, list[list[object]]]:
    n = range(len(strings))
    s = list(strings)
    money = [("toegekend", 60_000), ("uitbetaald", 2_000)]  # strings 0 and 1: warnings
    return {
        "Trajecten": [
            ["Traject-ID", "Oproep", "Aanbiedend bestuur", "Vragend bestuur", "Vorm", "Thema's",
             "Startdatum", "Einddatum", "Status", "Expert-ID's", "Geplande uren",
             "Gepresteerde uren", "Omschrijving"],
            *([s[i], 2022, OFFERING, REQUESTING, "mentoring", "lokale regie", START, END,
               "lopend", s[i], 10, 5, s[i]] for i in n),
        ],
        "Experts": [
            ["Expert-ID", "Werkgever", "Functie", "In dienst sinds", "Criteria",
             "Financieringsbron", "Financiering"],
            *([s[i], OFFERING, s[i], START, s[i], "eigen middelen", 1000] for i in n),
        ],
        "Criteria": [["Code", "Omschrijving"], *([s[i], s[i]] for i in n)],
        "Budget": [
            ["Begrotingsjaar", "Budgetlijn", "Beschikbaar", "Toelichting"],
            *([2022, s[i], 100_000, s[i]] for i in n),
        ],
        "Financien": [
            ["Boeking-ID", "Begrotingsjaar", "Budgetlijn", "Begunstigde", "Traject-ID", "Soort",
             "Bedrag", "Datum", "Omschrijving"],
            *([s[i], 2022, s[i], OFFERING, s[i], "toegekend", 1000, START, s[i]] for i in n),
            *([f"{s[i]} {soort}", 2022, s[i], OFFERING, s[i], soort, bedrag, END, s[i]]
              for i, (soort, bedrag) in enumerate(money[: len(s)])),
        ],
        "Evaluaties": [
            ["Evaluatie-ID", "Traject-ID", "Bestuur", "Rol", "Datum", "Tevredenheid",
             "Doelen bereikt", "Meerwaarde", "Rapport", "Toelichting"],
            *([s[i], s[i], OFFERING, "aanbiedend", END, 4, "ja", "kennisopbouw", s[i], s[i]]
              for i in n),
        ],
    }  # fmt: skip


def injection_workbook(
    target: Path,
    strings: Sequence[str],
    *,
    extra_columns: dict[str, Sequence[str]] | None = None,
    extra_sheets: Sequence[str] = (),
) -> Path:
    """Writes the workbook to `target`. `extra_columns`: per sheet, headers of columns the
    import ignores; `extra_sheets`: names of sheets it ignores, written into the workbook's
    XML as they are (Excel's own rules for sheet names do not bind a hostile file)."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in _rows(strings).items():
        sheet = workbook.create_sheet(name)
        headers = list(rows[0]) + list((extra_columns or {}).get(name, ()))
        sheet.append(headers)
        for row in rows[1:]:
            sheet.append([*row, *("x" for _ in headers[len(row) :])])
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, dt.date):
                    cell.number_format = "dd/mm/yyyy"
    placeholders = [f"Extra{i}" for i in range(len(extra_sheets))]
    for placeholder in placeholders:
        workbook.create_sheet(placeholder).append(["niets"])
    workbook.save(target)
    if extra_sheets:
        _rename_sheets(target, dict(zip(placeholders, extra_sheets, strict=True)))
    return target


def _rename_sheets(path: Path, names: dict[str, str]) -> None:
    with zipfile.ZipFile(path) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    xml = parts["xl/workbook.xml"].decode()
    for old, new in names.items():
        xml, count = re.subn(f'name="{old}"', f'name="{html.escape(new)}"', xml)
        assert count == 1, old
    parts["xl/workbook.xml"] = xml.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
