"""The workbook declared as data (CONTRACT.md section 2).

One declaration drives the validator, the template, the explanation sheet, the database tables
and the documentation. Rules that involve more than one cell (references, the parties of a
trajectory, date order) are declared here too, as data, and carried out by `validation`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from wisselaar.normalize import header_key, match_key


class Kind(StrEnum):
    TEXT = "tekst"
    YEAR = "jaar"
    INTEGER = "geheel getal"
    NUMBER = "getal"
    AMOUNT = "bedrag"
    DATE = "datum"
    CHOICE = "keuzelijst"
    GEMEENTE = "gemeente"
    BEGUNSTIGDE = "begunstigde"  # `VVSG` or a gemeente


# DuckDB type of one (non-list) value of each kind.
SQL_TYPES: dict[Kind, str] = {
    Kind.TEXT: "varchar",
    Kind.YEAR: "integer",
    Kind.INTEGER: "integer",
    Kind.NUMBER: "double",
    Kind.AMOUNT: "decimal(18,2)",
    Kind.DATE: "date",
    Kind.CHOICE: "varchar",
    Kind.GEMEENTE: "varchar",
    Kind.BEGUNSTIGDE: "varchar",
}

YEAR_RANGE = (2021, 2030)


@dataclass(frozen=True)
class Column:
    header: str  # the spelling of CONTRACT.md, used in the template and in messages
    field: str  # the database column
    kind: Kind
    required: bool = False
    is_list: bool = False
    choices: tuple[str, ...] = ()
    minimum: Decimal | int | None = None
    maximum: Decimal | int | None = None
    exclusive_minimum: bool = False  # "> 0" rather than ">= 0"
    unique: bool = False
    unique_ignoring_case: bool = False
    free_text: bool = False  # a description: no invisible-character check (values.py)

    @property
    def sql_type(self) -> str:
        base = SQL_TYPES[self.kind]
        return f"{base}[]" if self.is_list else base

    @property
    def choice_by_key(self) -> dict[str, str]:
        return {match_key(choice): choice for choice in self.choices}


@dataclass(frozen=True)
class Sheet:
    name: str  # as in CONTRACT.md
    table: str  # the dataset name and database table
    columns: tuple[Column, ...]
    key: tuple[str, ...]  # fields that identify a row (unique in the sheet)

    def column(self, field: str) -> Column:
        return next(c for c in self.columns if c.field == field)

    @property
    def column_by_key(self) -> dict[str, Column]:
        return {header_key(c.header): c for c in self.columns}


@dataclass(frozen=True)
class Reference:
    """Every value of `sheet.field` must exist as `target.target_field` (or the tuple of them)."""

    sheet: str
    fields: tuple[str, ...]
    target: str
    target_fields: tuple[str, ...]
    ignore_case: bool = False


VORMEN = ("mentoring", "stage", "combinatie", "op maat")
THEMAS = (
    "lokale regie",
    "participatie",
    "data en tools",
    "grondrechtenbenadering",
    "goede praktijken",
    "integraal beleid",
    "impactmeting",
    "uithuiszettingen",
    "sociaal huis",
    "organisatieontwikkeling",
    "andere",
)
STATUSSEN = ("aangevraagd", "goedgekeurd", "lopend", "afgerond", "stopgezet")
ONDERNOMEN = ("lopend", "afgerond", "stopgezet")
FINANCIERINGSBRONNEN = ("Vlaamse projectsubsidie", "eigen middelen", "Europese middelen", "andere")
SOORTEN = ("toegekend", "vastgelegd", "uitbetaald", "teruggevorderd")
ROLLEN = ("aanbiedend", "vragend")
DOELEN = ("ja", "deels", "nee")
MEERWAARDE = (
    "kennisopbouw",
    "nieuwe werkwijze",
    "betere dienstverlening",
    "netwerk",
    "organisatieontwikkeling",
    "participatie doelgroep",
    "andere",
)
ZERO = Decimal(0)

C = Column
TRAJECTEN = Sheet(
    "Trajecten",
    "trajecten",
    (
        C("Traject-ID", "traject_id", Kind.TEXT, required=True, unique=True),
        C("Oproep", "oproep", Kind.YEAR, required=True),
        C("Aanbiedend bestuur", "aanbiedend", Kind.GEMEENTE, required=True),
        C("Vragend bestuur", "vragend", Kind.GEMEENTE, required=True, is_list=True),
        C("Vorm", "vorm", Kind.CHOICE, required=True, choices=VORMEN),
        C("Thema's", "themas", Kind.CHOICE, required=True, is_list=True, choices=THEMAS),
        C("Startdatum", "startdatum", Kind.DATE, required=True),
        C("Einddatum", "einddatum", Kind.DATE),
        C("Status", "status", Kind.CHOICE, required=True, choices=STATUSSEN),
        C("Expert-ID's", "expert_ids", Kind.TEXT, is_list=True),
        C("Geplande uren", "geplande_uren", Kind.NUMBER, minimum=ZERO),
        C("Gepresteerde uren", "gepresteerde_uren", Kind.NUMBER, minimum=ZERO),
        C("Omschrijving", "omschrijving", Kind.TEXT, free_text=True),
    ),
    key=("traject_id",),
)
EXPERTS = Sheet(
    "Experts",
    "experts",
    (
        C("Expert-ID", "expert_id", Kind.TEXT, required=True, unique=True),
        C("Werkgever", "werkgever", Kind.GEMEENTE, required=True),
        C("Functie", "functie", Kind.TEXT, free_text=True),
        C("In dienst sinds", "in_dienst_sinds", Kind.DATE),
        C("Criteria", "criteria", Kind.TEXT, is_list=True),
        C(
            "Financieringsbron",
            "financieringsbron",
            Kind.CHOICE,
            required=True,
            choices=FINANCIERINGSBRONNEN,
        ),
        C("Financiering", "financiering", Kind.AMOUNT, minimum=ZERO),
    ),
    key=("expert_id",),
)
CRITERIA = Sheet(
    "Criteria",
    "criteria",
    (
        C("Code", "code", Kind.TEXT, required=True, unique=True, unique_ignoring_case=True),
        C("Omschrijving", "omschrijving", Kind.TEXT, required=True, free_text=True),
    ),
    key=("code",),
)
BUDGET = Sheet(
    "Budget",
    "budget",
    (
        C("Begrotingsjaar", "begrotingsjaar", Kind.YEAR, required=True),
        C("Budgetlijn", "budgetlijn", Kind.TEXT, required=True),
        C("Beschikbaar", "beschikbaar", Kind.AMOUNT, required=True, minimum=ZERO),
        C("Toelichting", "toelichting", Kind.TEXT, free_text=True),
    ),
    key=("begrotingsjaar", "budgetlijn"),
)
FINANCIEN = Sheet(
    "Financien",
    "financien",
    (
        C("Boeking-ID", "boeking_id", Kind.TEXT, required=True, unique=True),
        C("Begrotingsjaar", "begrotingsjaar", Kind.YEAR, required=True),
        C("Budgetlijn", "budgetlijn", Kind.TEXT, required=True),
        C("Begunstigde", "begunstigde", Kind.BEGUNSTIGDE, required=True),
        C("Traject-ID", "traject_id", Kind.TEXT),
        C("Soort", "soort", Kind.CHOICE, required=True, choices=SOORTEN),
        C("Bedrag", "bedrag", Kind.AMOUNT, required=True, minimum=ZERO, exclusive_minimum=True),
        C("Datum", "datum", Kind.DATE, required=True),
        C("Omschrijving", "omschrijving", Kind.TEXT, free_text=True),
    ),
    key=("boeking_id",),
)
EVALUATIES = Sheet(
    "Evaluaties",
    "evaluaties",
    (
        C("Evaluatie-ID", "evaluatie_id", Kind.TEXT, required=True, unique=True),
        C("Traject-ID", "traject_id", Kind.TEXT, required=True),
        C("Bestuur", "bestuur", Kind.GEMEENTE, required=True),
        C("Rol", "rol", Kind.CHOICE, required=True, choices=ROLLEN),
        C("Datum", "datum", Kind.DATE, required=True),
        C("Tevredenheid", "tevredenheid", Kind.INTEGER, minimum=1, maximum=5),
        C("Doelen bereikt", "doelen_bereikt", Kind.CHOICE, choices=DOELEN),
        C("Meerwaarde", "meerwaarde", Kind.CHOICE, is_list=True, choices=MEERWAARDE),
        C("Rapport", "rapport", Kind.TEXT, free_text=True),
        C("Toelichting", "toelichting", Kind.TEXT, free_text=True),
    ),
    key=("evaluatie_id",),
)
del C

SHEETS: tuple[Sheet, ...] = (TRAJECTEN, EXPERTS, CRITERIA, BUDGET, FINANCIEN, EVALUATIES)
SHEET_BY_KEY: dict[str, Sheet] = {header_key(s.name): s for s in SHEETS}
SHEET_BY_TABLE: dict[str, Sheet] = {s.table: s for s in SHEETS}

REFERENCES: tuple[Reference, ...] = (
    Reference("trajecten", ("expert_ids",), "experts", ("expert_id",)),
    Reference("experts", ("criteria",), "criteria", ("code",), ignore_case=True),
    Reference(
        "financien", ("begrotingsjaar", "budgetlijn"), "budget", ("begrotingsjaar", "budgetlijn")
    ),
    Reference("financien", ("traject_id",), "trajecten", ("traject_id",)),
    Reference("evaluaties", ("traject_id",), "trajecten", ("traject_id",)),
)
