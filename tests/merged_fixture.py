"""A second hand-checked workbook, built by the tests: municipalities merged on 1 January 2025
named on both sides of that date, so that counting them per period can be checked.

What it holds (reference dates decide the codes, CONTRACT.md section 2):
- Tielt as 37015 (M-01, 2023; expert X1 since 2020) and as 37022 (M-03, 2025; X3 since 2025);
- Melle 44040 and Merelbeke 44043 (2023-2024) and Merelbeke-Melle 44088 (2025); M-06 goes
  from Melle to Merelbeke, one municipality in 2025;
- Hasselt 71022 (X5, 2021) and 71072 (M-04, 2025; X4 since 2025);
- Lochristi 44034 and Wachtebeke 44073 in one trajectory (M-05, 2023): one municipality in
  2025 (Lochristi 44087), which M-04 names in 2025 too;
- Zwijndrecht 11056 (M-07, 2023): province Antwerpen until 2024, part of
  Beveren-Kruibeke-Zwijndrecht (46030, Oost-Vlaanderen) since 2025.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook

D = dt.date

TRAJECTEN = [
    [
        "Traject-ID",
        "Oproep",
        "Aanbiedend bestuur",
        "Vragend bestuur",
        "Vorm",
        "Thema's",
        "Startdatum",
        "Einddatum",
        "Status",
        "Expert-ID's",
        "Geplande uren",
        "Gepresteerde uren",
    ],
    [
        "M-01",
        2023,
        "Tielt",
        "Melle",
        "mentoring",
        "lokale regie",
        D(2023, 3, 1),
        D(2023, 12, 1),
        "afgerond",
        "X1",
        40,
        38,
    ],
    [
        "M-02",
        2024,
        "Merelbeke",
        "Hasselt",
        "stage",
        "participatie",
        D(2024, 5, 1),
        None,
        "lopend",
        "X2",
        None,
        None,
    ],
    [
        "M-03",
        2025,
        "Tielt",
        "Merelbeke-Melle",
        "combinatie",
        "data en tools",
        D(2025, 2, 1),
        None,
        "lopend",
        "X3",
        60,
        10,
    ],
    [
        "M-04",
        2025,
        "Hasselt",
        "Gent; Lochristi",
        "op maat",
        "andere",
        D(2025, 3, 1),
        None,
        "goedgekeurd",
        "X4",
        None,
        None,
    ],
    [
        "M-05",
        2023,
        "Gent",
        "Lochristi; Wachtebeke",
        "mentoring",
        "sociaal huis",
        D(2023, 9, 1),
        D(2024, 2, 1),
        "stopgezet",
        None,
        None,
        None,
    ],
    [
        "M-06",
        2024,
        "Melle",
        "Merelbeke",
        "stage",
        "participatie",
        D(2024, 1, 10),
        D(2024, 10, 1),
        "afgerond",
        None,
        20,
        20,
    ],
    [
        "M-07",
        2023,
        "Antwerpen",
        "Zwijndrecht",
        "mentoring",
        "impactmeting",
        D(2023, 4, 1),
        None,
        "lopend",
        "X5",
        None,
        None,
    ],
]
EXPERTS = [
    [
        "Expert-ID",
        "Werkgever",
        "Functie",
        "In dienst sinds",
        "Criteria",
        "Financieringsbron",
        "Financiering",
    ],
    ["X1", "Tielt", "beleidsmedewerker", D(2020, 1, 1), "C1", "Vlaamse projectsubsidie", 10000],
    ["X2", "Merelbeke", "coördinator", D(2019, 6, 1), "C1; C2", "eigen middelen", 8000],
    [
        "X3",
        "Tielt",
        "beleidsmedewerker",
        D(2025, 1, 15),
        "C2",
        "Vlaamse projectsubsidie",
        "12000,50",
    ],
    ["X4", "Hasselt", "teamleider", D(2025, 2, 1), None, "eigen middelen", None],
    ["X5", "Hasselt", "maatschappelijk werker", D(2021, 1, 1), "c1", "andere", 5000],
]
CRITERIA = [
    ["Code", "Omschrijving"],
    ["C1", "Minstens vijf jaar ervaring met lokaal armoedebeleid"],
    ["C2", "Ervaring met participatie van mensen in armoede"],
]
BUDGET = [
    ["Begrotingsjaar", "Budgetlijn", "Beschikbaar", "Toelichting"],
    [2021, "VVSG-begeleiding", 182044, ""],
    [2023, "Projectsubsidies", 100000, "Minder aanvragen dan verwacht."],
    [2025, "Projectsubsidies", 80000, ""],
]
FINANCIEN = [
    [
        "Boeking-ID",
        "Begrotingsjaar",
        "Budgetlijn",
        "Begunstigde",
        "Traject-ID",
        "Soort",
        "Bedrag",
        "Datum",
    ],
    ["F1", 2021, "VVSG-begeleiding", "VVSG", None, "uitbetaald", 182044, D(2021, 6, 1)],
    ["F2", 2023, "Projectsubsidies", "Tielt", "M-01", "toegekend", 20000, D(2023, 3, 15)],
    ["F3", 2023, "Projectsubsidies", "Tielt", "M-01", "uitbetaald", 20000, D(2023, 6, 1)],
    ["F4", 2023, "Projectsubsidies", "Merelbeke", "M-02", "toegekend", 25000, D(2024, 5, 10)],
    ["F5", 2023, "Projectsubsidies", "Merelbeke", "M-02", "uitbetaald", 25000, D(2024, 6, 1)],
    ["F6", 2023, "Projectsubsidies", "Merelbeke", "M-02", "teruggevorderd", 5000, D(2024, 12, 1)],
    ["F7", 2025, "Projectsubsidies", "Tielt", "M-03", "toegekend", 30000, D(2025, 2, 10)],
    ["F8", 2025, "Projectsubsidies", "Tielt", "M-03", "uitbetaald", "15.000,25", D(2025, 6, 1)],
    ["F9", 2025, "Projectsubsidies", "Hasselt", "M-04", "toegekend", 10000, D(2025, 3, 10)],
]
EVALUATIES = [
    [
        "Evaluatie-ID",
        "Traject-ID",
        "Bestuur",
        "Rol",
        "Datum",
        "Tevredenheid",
        "Doelen bereikt",
        "Meerwaarde",
        "Rapport",
        "Toelichting",
    ],
    [
        "V1",
        "M-01",
        "Tielt",
        "aanbiedend",
        D(2023, 12, 15),
        5,
        "ja",
        "kennisopbouw; netwerk",
        "Eindrapport M-01",
        "Het team van Melle werkt nu met een armoedetoets.",
    ],
    [
        "V2",
        "M-01",
        "Melle",
        "vragend",
        D(2023, 12, 20),
        4,
        "deels",
        "nieuwe werkwijze",
        None,
        "Meer tijd nodig voor de stage.",
    ],
    ["V3", "M-03", "Tielt", "aanbiedend", D(2025, 6, 1), 3, "nee", None, None, None],
    [
        "V4",
        "M-03",
        "Merelbeke-Melle",
        "vragend",
        D(2025, 6, 2),
        4,
        "ja",
        "betere dienstverlening",
        "https://example.org/m-03.pdf",
        None,
    ],
    ["V5", "M-05", "Wachtebeke", "vragend", D(2024, 2, 10), 2, "deels", "netwerk", None, None],
    ["V6", "M-06", "Merelbeke", "vragend", D(2024, 10, 5), 5, "ja", "kennisopbouw", None, None],
]
SHEETS = {
    "Trajecten": TRAJECTEN,
    "Experts": EXPERTS,
    "Criteria": CRITERIA,
    "Budget": BUDGET,
    "Financien": FINANCIEN,
    "Evaluaties": EVALUATIES,
}


def write_merged_workbook(path: Path) -> Path:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in SHEETS.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
        for cells in sheet.iter_rows(min_row=2):
            for cell in cells:
                if isinstance(cell.value, dt.date):
                    cell.number_format = "dd/mm/yyyy"
    workbook.save(path)
    return path
