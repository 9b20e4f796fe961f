"""The language catalogues: every user-facing string lives in catalog/<lang>.toml.

Keys are "section.name"; values are str.format templates. Dutch is the reference language:
a key missing in another language falls back to Dutch, and a test checks both catalogues
hold the same keys and placeholders.

A message that carries a count is a *plural message*: an inline table of CLDR plural
categories (`one`, `other`; Babel's `Locale.plural_form` picks one for the language), and
optionally exact matches as in ICU MessageFormat (`"=0"`), each a template in which `{n}` is
the count in the language's format:

    geweigerd = { one = "... {n} fout ...", other = "... {n} fouten ..." }

`tn(key, lang, count)` renders one (as does `t` given `n=count`, for messages kept as a
key with values); without a count `t` refuses it, so a count is never shown without its
rule. Short counted phrases that several messages share ("3 trajecten") live in section
[aantal] and are filled into a sentence as a value.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING, Any

from wisselaar import PACKAGE_DIR

if TYPE_CHECKING:
    from babel import Locale

# Babel, the language formats (wisselaar.formatting) and the TOML parser are imported where a
# message is made: every module that may word a problem imports `t`, and `answer --json`
# from the kept JSON, which words none, would spend 40 ms on them.

LANGUAGES = ("nl", "en")
DEFAULT_LANGUAGE = "nl"
PLURAL_CATEGORIES = frozenset({"zero", "one", "two", "few", "many", "other"})

Message = str | dict[str, str]  # a template, or a plural message: category -> template


def is_plural(node: object) -> bool:
    """An inline table of plural categories (with `other`) and exact matches (`=0`)."""
    return (
        isinstance(node, dict)
        and "other" in node
        and all(k in PLURAL_CATEGORIES or k.startswith("=") for k in node)
        and all(isinstance(v, str) for v in node.values())
    )


@cache
def catalogue(lang: str) -> dict[str, Message]:
    """The flattened catalogue of one language: {"section.name": template or plural}."""
    import tomllib

    with (PACKAGE_DIR / "catalog" / f"{lang}.toml").open("rb") as handle:
        data = tomllib.load(handle)
    flat: dict[str, Message] = {}

    def walk(prefix: str, node: dict[str, Any]) -> None:
        for key, value in node.items():
            name = f"{prefix}.{key}" if prefix else key
            if is_plural(value):
                flat[name] = dict(value)
            elif isinstance(value, dict):
                walk(name, value)
            else:
                flat[name] = str(value)

    walk("", data)
    return flat


def _message(key: str, lang: str) -> Message:
    message = catalogue(lang).get(key)
    return catalogue(DEFAULT_LANGUAGE)[key] if message is None else message


def t(key: str, lang: str = DEFAULT_LANGUAGE, /, **values: Any) -> str:
    """The text for `key` in `lang`, with `values` filled in. A plural message needs its
    count as `n` or `aantal` (a number or its text; see `tn`), shown as `{n}`."""
    template = _message(key, lang)
    if isinstance(template, dict):
        count = _count_of(values.get("n", values.get("aantal")), lang)
        if not isinstance(count, int | float | Decimal) or isinstance(count, bool):
            raise TypeError(f"{key} is a plural message: give its count (tn, or n=...)")
        return _plural(template, lang, count).format(**{**values, "n": _number(count, lang)})
    return template.format(**values) if values else template


def _count_of(aantal: Any, lang: str) -> int | float | Decimal | None:
    """The count of a plural message, given as a number or as the number's text in the
    language's format (`1.234`: the import's `aantal`, a value made text for where it is
    shown)."""
    if isinstance(aantal, int | float | Decimal) or aantal is None:
        return aantal
    text = str(aantal).strip()
    if re.fullmatch(r"\d{1,3}([.,\u00a0 ]\d{3})+", text):  # 1.234 / 1,234: thousands
        return int(re.sub(r"\D", "", text))
    if re.fullmatch(r"-?\d+(\.\d+)?", text):  # 0.5, 12: a number as Python writes it
        return float(text) if "." in text else int(text)
    from babel.numbers import NumberFormatError, parse_decimal

    from wisselaar.formatting import LOCALES

    try:
        number = parse_decimal(text, locale=LOCALES.get(lang, "nl_BE"))
    except NumberFormatError:
        return None
    return int(number) if number == number.to_integral_value() else number


def tn(key: str, lang: str, count: int | float | Decimal, /, **values: Any) -> str:
    """The plural message `key` for `count` (like gettext's ngettext): the exact match
    `=count` if there is one, else the form of the count's CLDR category, else `other`;
    `{n}` is the count in the language's format."""
    if isinstance(_message(key, lang), str):
        raise TypeError(f"{key} is not a plural message: use t()")
    return t(key, lang, n=count, **values)


@cache
def _locale(lang: str) -> Locale:
    from babel import Locale

    from wisselaar.formatting import LOCALES

    return Locale.parse(LOCALES.get(lang, "nl_BE"))


def plural_category(count: int | float | Decimal, lang: str = DEFAULT_LANGUAGE) -> str:
    """CLDR's plural category of `count` in `lang` ("one" for 1 in Dutch and English)."""
    return _locale(lang).plural_form(count)


def _plural(forms: dict[str, str], lang: str, count: int | float | Decimal) -> str:
    exact = forms.get(f"={count:g}") if isinstance(count, int | float) else None
    return exact or forms.get(plural_category(count, lang)) or forms["other"]


def _number(count: int | float | Decimal, lang: str) -> str:
    """`1.234` or `2,5` in Dutch, `1,234` or `2.5` in English."""
    from babel.numbers import format_decimal

    from wisselaar.formatting import LOCALES

    return format_decimal(count, format="#,##0.###", locale=LOCALES.get(lang, "nl_BE"))
