"""The annex as a workbook (XlsxWriter, xlsx_out.py): one sheet `Vraag n` per sub-question
with its numbered tables (through export.write_table, so text is neutralised as in every
other export), titled, with euro formats, a frozen header and A4 print settings with the
identifier in the footer; then `Herkomst` (every figure's versions and Excel rows) and
`Verantwoording` (the moment, the versions with their uploads, the identifier and how to make
the files again). The same draft gives the same bytes: the document properties carry the
moment of the data, not the time of writing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from wisselaar.draft_files import (
    ACCOUNT_SHEET,
    LANGUAGE_TAGS,
    PROVENANCE_SHEET,
    SHEET,
    Draft,
    Table,
    long_date,
    table_number,
)
from wisselaar.export import (
    DATE_FORMAT,
    EUR_FORMAT,
    RowFormats,
    cell_value,
    neutralise,
    write_table,
)
from wisselaar.formatting import format_moment
from wisselaar.i18n import t
from wisselaar.labels import label
from wisselaar.provenance import SHEET_ORDER
from wisselaar.xlsx_out import Book, Format, Sheet

MAX_WIDTH, WRAP_WIDTH = 60, 30  # column widths in characters
UNSET_WIDTH = 13  # a column no table has set (openpyxl's default, as the annex had it)
HEADER = {"bold": True, "valign": "top"}  # on one line: the columns are made wide enough
NUMBERS = Decimal | int | float


def xlsx_bytes(draft: Draft) -> bytes:
    lang, h = draft.lang, draft.heading
    book = Book()
    title = t(
        "bestand.bijlage_titel", lang, nummer=h.nummer, datum=long_date(h.datum, lang), lid=h.lid
    )
    for nr, section in enumerate(draft.sections, 1):
        sheet = book.sheet(SHEET.format(nr=nr))
        main, *more = section.tabellen
        notes = [title]
        if section.vraag:
            notes.append(t("bestand.vraag", lang, nr=nr, tekst=section.vraag))
        notes += [*section.notes, _stand(draft), t("bestand.kenmerk", lang, kenmerk=draft.kenmerk)]
        if draft.sample:
            notes.insert(0, t("bestand.voorbeeld_kop", lang))
        rows = main.rows + ([main.total] if main.total is not None else [])
        write_table(
            sheet,
            main.columns,
            rows,
            title=_title(draft, nr, 0, section, main),
            notes=notes,
            money_columns=main.money,
            header=HEADER,
            formats=_formats(book, main, len(rows)),
        )
        _widen(sheet, main.columns)
        for index, table in enumerate(more, 1):
            _append_table(sheet, table, _title(draft, nr, index, section, table))
        _print_setup(sheet, draft, SHEET.format(nr=nr))
    if draft.herkomst is not None:
        _provenance_sheet(book, draft)
    _account_sheet(book, draft)
    moment = None
    if draft.stand_van:  # the moment of the data: the same data and choice, the same bytes
        moment = dt.datetime.fromisoformat(draft.stand_van).astimezone(dt.UTC)
        moment = moment.replace(tzinfo=None)
    return book.close(
        moment,
        title=title,
        identifier=draft.kenmerk,
        creator="Wisselaar-dashboard",
        language=LANGUAGE_TAGS.get(lang, "nl-BE"),
    )


def _title(draft: Draft, nr: int, index: int, section: Any, table: Table) -> str:
    """`Tabel 2.1. Uitwisselingstrajecten`: the number and title the text refers to."""
    number = table_number(nr, index, len(section.tabellen))
    return t("bestand.tabel_nummer", draft.lang, nr=number, titel=table.title)


def _stand(draft: Draft) -> str:
    return t("bestand.stand_sober", draft.lang, moment=draft.moment_words())


def _provenance_sheet(book: Book, draft: Draft) -> None:
    """`Herkomst`: per figure of the answer the dataset versions and Excel rows it is made of."""
    table, lang = draft.herkomst, draft.lang
    assert table is not None
    sheet = book.sheet(PROVENANCE_SHEET)
    notes = [
        t("herkomst.uitleg", lang),
        _stand(draft),
        t("bestand.kenmerk", lang, kenmerk=draft.kenmerk),
    ]
    write_table(sheet, table.columns, table.rows, title=table.title, notes=notes, header=HEADER)
    _widen(sheet, table.columns)
    _print_setup(sheet, draft, PROVENANCE_SHEET)


def _widen(sheet: Sheet, columns: Sequence[str]) -> None:
    """Columns wide enough to show their bold header on one line (bold is wider)."""
    for index, name in enumerate(columns):
        width = sheet.width(index) or UNSET_WIDTH
        sheet.set_width(index, max(width, min(len(name) * 1.2 + 2, MAX_WIDTH)))


def _formats(book: Book, table: Table, count: int) -> RowFormats:
    """Per row of a table: euros in its money columns, else the row's number format for its
    numbers, else a decimal as precise as it is, dates as dd/mm/jjjj; its total in bold."""
    money = {i for i, c in enumerate(table.columns) if c in table.money}
    total = count - 1 if table.total is not None else -1
    made: dict[tuple[Any, ...], list[Format | None]] = {}

    def formats(offset: int, row: list[Any]) -> list[Format | None]:
        fmt = table.row_formats[offset] if offset < len(table.row_formats) else None
        # The formats follow from the row's types (and a decimal's places): made once each.
        kinds = tuple(
            (type(v), v.as_tuple().exponent) if isinstance(v, Decimal) else type(v) for v in row
        )
        key = (fmt, offset == total, kinds)
        if key not in made:
            made[key] = _row_formats(book, row, money, fmt, bold=offset == total)
        return made[key]

    return formats


def _row_formats(
    book: Book, row: list[Any], money: set[int], fmt: str | None, *, bold: bool
) -> list[Format | None]:
    style = {"bold": True} if bold else {}
    found = []
    for index, value in enumerate(row):
        number = None
        if index in money:
            number = EUR_FORMAT
        elif fmt and isinstance(value, NUMBERS):
            number = fmt
        elif isinstance(value, Decimal):
            number = _places_format(value)
        elif isinstance(value, dt.date):
            number = DATE_FORMAT
        found.append(book.format(**style, **({"num_format": number} if number else {})))
    return found


def _places_format(value: Decimal) -> str:
    """`0.0` for 26.9, `0.00` for 3.75: a decimal as precise as the figure is."""
    places = max(0, -int(value.as_tuple().exponent))
    return "0." + "0" * places if places else "0"


def _append_table(sheet: Sheet, table: Table, title: str) -> None:
    """A further table under the main one: its title, header and rows; text longer than its
    column wraps (with the row made high enough) rather than widening the main table."""
    book = sheet.book
    sheet.row += 1  # an empty row
    sheet.append([neutralise(title)], [book.format(bold=True, font_size=12)])
    sheet.append(
        [neutralise(c) for c in table.columns], [book.format(**HEADER)] * len(table.columns)
    )
    _widen(sheet, table.columns)
    formats = _formats(book, table, len(table.rows))
    for offset, values in enumerate(table.rows):
        row = [cell_value(v) for v in values]
        lines, wrapped = 1, set()
        for index, value in enumerate(row):
            width = sheet.width(index) or UNSET_WIDTH
            if len(text := str(value or "")) + 2 > width:
                width = min(max(width, len(text) + 2), WRAP_WIDTH)
                sheet.set_width(index, width)
                lines = max(lines, -(-len(text) // int(width - 2)))
                wrapped.add(index)
        cells = formats(offset, row)
        if wrapped:
            cells = [_wrapping(book, f) if i in wrapped else f for i, f in enumerate(cells)]
        written = sheet.append(row, cells)
        if lines > 1:
            sheet.ws.set_row(written, 15 * lines)


def _wrapping(book: Book, fmt: Format | None) -> Format | None:
    """`fmt` (a number format, bold) with the text wrapped at the top of the cell."""
    number = fmt.num_format if fmt is not None and fmt.num_format else None
    bold = bool(fmt is not None and fmt.bold)
    return book.format(
        text_wrap=True,
        valign="top",
        **({"num_format": number} if number else {}),
        **({"bold": True} if bold else {}),
    )


def _account_sheet(book: Book, draft: Draft) -> None:
    """`Verantwoording`: how the figures came about, for whoever checks the answer later."""
    lang = draft.lang

    def b(key: str, **values: Any) -> str:
        return t(f"bestand.{key}", lang, **values)

    sheet = book.sheet(ACCOUNT_SHEET)
    rows = [
        [b("v_kenmerk"), draft.kenmerk],
        [b("v_stand"), f"{draft.moment_words()} ({draft.stand_van})"],
        [None, b("v_stand_uitleg")],
        [b("v_opnieuw"), draft.reproduce],
        *([name, value] for name, value in draft.choices),
        [b("v_voorbeeld"), b("ja") if draft.sample else b("nee")],
    ]
    columns = (b("onderdeel"), b("gegeven"))
    notes = [b("verantwoording_uitleg")]
    write_table(sheet, columns, rows, title=b("verantwoording_titel"), notes=notes, header=HEADER)
    _widen(sheet, columns)
    versions = Table(
        b("v_versies"),
        tuple(
            b(f"kol_{k}")
            for k in ("gegevensset", "versie", "opgeladen", "door", "bestand", "voorbeeld")
        ),
        [
            [
                label("dataset", v.dataset, lang),
                v.version,
                format_moment(v.moment, seconds=True),
                v.user,
                v.filename or "",
                b("ja") if v.sample else b("nee"),
            ]
            for v in sorted(
                draft.versions, key=lambda v: (SHEET_ORDER.get(v.dataset, 99), v.version)
            )
        ],
    )
    _append_table(sheet, versions, versions.title)
    _print_setup(sheet, draft, ACCOUNT_SHEET)


def _print_setup(sheet: Sheet, draft: Draft, name: str) -> None:
    """A4; the question and the sheet's name above every page, the identifier and the page
    number below."""

    def escaped(text: str) -> str:
        return text.replace("&", "&&")

    lang = draft.lang
    left = t("bestand.bijlage_kop", lang, nummer=draft.heading.nummer)
    if draft.sample:
        left += " – " + t("bestand.voorbeeld_kop", lang)
    page = f"{escaped(t('bestand.pagina', lang))} &P {escaped(t('bestand.pagina_van', lang))} &N"
    sheet.ws.set_paper(9)  # A4
    sheet.ws.set_header(f"&L{escaped(left)}&R{escaped(name)}")
    sheet.ws.set_footer(f"&L{escaped(draft.kenmerk)}&R{page}")
