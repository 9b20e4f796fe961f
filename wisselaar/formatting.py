"""Formats at the edge: Belgian `€ 182.044,00`, `26,9 %`, `25/05/2022` (Babel's nl_BE rules), or
English `€182,044.00`, `26.9%` (en_GB) when the user chose English.

Values stay Decimal/date inside the product; only presentation calls these. Every rounding
is half up (CONTRACT.md section 4), so we quantize before Babel (which rounds half even).
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from babel.numbers import format_currency, format_decimal

BRUSSELS = ZoneInfo("Europe/Brussels")
LOCALES = {"nl": "nl_BE", "en": "en_GB"}
NBSP = "\u00a0"


def round_half_up(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _locale(lang: str) -> str:
    return LOCALES.get(lang, "nl_BE")


def format_eur(value: Decimal | float | int | None, lang: str = "nl") -> str:
    """`€ 182.044,00` (Dutch) or `€182,044.00` (English); empty for None."""
    if value is None:
        return ""
    amount = round_half_up(Decimal(str(value)), 2)
    return format_currency(amount, "EUR", locale=_locale(lang)).replace(NBSP, " ")


def format_eur_text(value: Decimal | float | int | None, lang: str = "nl") -> str:
    """An amount in running text: `182.044,00 euro`, as the Flemish government writes it in
    a written answer (English: `€182,044.00`)."""
    if value is None:
        return ""
    if lang != "nl":
        return format_eur(value, lang)
    return f"{format_decimal_places(value, 2, lang)} euro"


def format_month(value: dt.date, lang: str = "nl") -> str:
    """`april 2024` (`April 2024`)."""
    from babel.dates import format_date as babel_date

    return babel_date(value, format="MMMM y", locale=_locale(lang))


def format_decimal_places(
    value: Decimal | float | int | None, places: int, lang: str = "nl"
) -> str:
    if value is None:
        return ""
    amount = round_half_up(Decimal(str(value)), places)
    pattern = "#,##0" + ("." + "0" * places if places else "")
    return format_decimal(amount, format=pattern, locale=_locale(lang))


PERCENT_SIGN = {"nl": " %", "en": "%"}  # Dutch writes a space before %, English none


def format_pct(value: Decimal | float | None, places: int = 1, lang: str = "nl") -> str:
    """`26,9 %` in Dutch, `26.9%` in English (a percentage already x100)."""
    if value is None:
        return ""
    return format_decimal_places(value, places, lang) + PERCENT_SIGN.get(lang, " %")


def format_number(value: Decimal | float | int, lang: str = "nl") -> str:
    """A setting or bound as written: `90`, `92,5` (Dutch) or `92.5` (English)."""
    return format_decimal(value, format="#,##0.##", locale=_locale(lang))


def format_int(value: int | None, lang: str = "nl") -> str:
    return "" if value is None else format_decimal(value, format="#,##0", locale=_locale(lang))


def format_number_plain(value: Decimal | float | int) -> str:
    """A number as written in a Belgian cell: decimal comma, no thousands separator."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = format(value, "f") if isinstance(value, Decimal) else str(value)
    return text.replace(".", ",")


def format_date(value: dt.date | None) -> str:
    """`25/05/2022`."""
    return "" if value is None else value.strftime("%d/%m/%Y")


def format_moment(value: dt.datetime | None, seconds: bool = False) -> str:
    """`25/05/2022 14:05` (or `14:05:09`) in Brussels time."""
    if value is None:
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(BRUSSELS).strftime("%d/%m/%Y %H:%M" + (":%S" if seconds else ""))
