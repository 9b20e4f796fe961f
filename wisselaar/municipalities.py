"""Flemish municipalities: resolve a workbook's gemeente cell to a NIS code on a date.

Reads data/gemeenten.csv (built by scripts/build_gemeenten.py) and data/plaatsen.csv (the
localities, built by scripts/build_plaatsen.py; see data/README.md) once.
The 300 municipalities of 2019-2024 hold up to 31 December 2024, the 285 of 2025 from
1 January 2025 (earlier dates use 2019-2024). A value is a NIS code (5 digits, as text or
number, `12025.0` too) or a Dutch or French name, matched with `normalize.name_key`.

Ambiguity, resolved in this fixed order (first hit wins):
1. a Flemish municipality valid on the date: its Dutch name, then its French name, then
   another spelling from Statbel's current list (`Zwalin`); a tie goes to the lowest code.
   So `Saint-Nicolas` is Sint-Niklaas (46021), not the Walloon Saint-Nicolas (62093):
   this is a Flemish dashboard and a Walloon municipality could never be accepted anyway.
2. a Flemish municipality of the other period -> `andere_periode` (Melle in 2025).
3. a Brussels or Walloon municipality -> `niet_vlaams`.
4. a locality (deelgemeente or postal place name: `Sint-Amandsberg`) -> the municipality it
   belongs to on the date, with a note that says so (`resolve_noted`); a locality of several
   Flemish municipalities -> `plaats_meerdere` naming them; of a Brussels or Walloon one only
   -> `niet_vlaams`. The date decides here too: Gontrode is Melle before 2025 and
   Merelbeke-Melle from 2025.
5. nothing -> `onbekend`, with up to 3 Flemish names of the period that look alike.
A name such as `Tielt` exists in both periods under different codes (37015 / 37022): the
date decides, so it is never an error.
"""

from __future__ import annotations

import csv
import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any, NamedTuple

from rapidfuzz import fuzz, process

from wisselaar import DATA_DIR
from wisselaar.i18n import t
from wisselaar.normalize import name_key

TABLE_PATH = DATA_DIR / "gemeenten.csv"
PLACES_PATH = DATA_DIR / "plaatsen.csv"
OUD = "2019-2024"
NIEUW = "2025"
NIET_VLAAMS = "niet-vlaams"
PERIODES = (OUD, NIEUW)
FUSIEDATUM = datetime.date(2025, 1, 1)
MAX_SUGGESTIONS = 3
SUGGESTION_CUTOFF = 60.0  # rapidfuzz ratio (0-100) below which a name is no suggestion

_CODE = re.compile(r"\d{5}(?:\.0*)?")


@dataclass(frozen=True)
class Gemeente:
    nis: str
    naam: str  # Dutch name
    naam_fr: str
    provincie: str
    provincie_nis: str
    arrondissement: str
    periode: str  # "2019-2024", "2025" or "niet-vlaams"


class MunicipalityError(ValueError):
    """A gemeente value that cannot be used on the date: kind is "niet_vlaams", "onbekend",
    "andere_periode" or "plaats_meerdere". `suggestions` are display names ("Gent"; "Tielt
    (37022)" when the value was a code); `candidates` the matching Gemeente objects."""

    def __init__(
        self,
        kind: str,
        value: object,
        suggestions: tuple[str, ...] = (),
        *,
        on: datetime.date | None = None,
        periode: str = "",
        candidates: tuple[Gemeente, ...] = (),
        gewest_nis: str = "",
    ) -> None:
        super().__init__(kind, value)
        self.kind = kind
        self.value = value
        self.suggestions = tuple(suggestions)
        self.on = on
        self.periode = periode
        self.candidates = candidates
        self.gewest_nis = gewest_nis

    def message(self, lang: str = "nl", quote: Callable[[object], str] = str) -> str:
        """`quote` makes the value and the names text for where they are shown."""
        values: dict[str, Any] = {
            "waarde": quote(_text(self.value)),
            "periode": self.periode,
            "datum": self.on.strftime("%d/%m/%Y") if self.on else "",
            "suggesties": _join(tuple(quote(s) for s in self.suggestions), lang),
        }
        if self.kind == "niet_vlaams":
            values["gewest"] = t(f"gemeente.gewest.{self.gewest_nis}", lang)
            return t("gemeente.niet_vlaams", lang, **values)
        if self.kind == "plaats_meerdere":
            return t("gemeente.plaats_meerdere", lang, **values)
        if self.kind == "andere_periode":
            newer = any(c.periode == NIEUW for c in self.candidates)
            key = "andere_periode_opgegaan" if newer else "andere_periode_nieuw"
            return t(f"gemeente.{key}", lang, **values)
        key = "onbekend_suggesties" if self.suggestions else "onbekend"
        return t(f"gemeente.{key}", lang, **values)

    def __str__(self) -> str:
        try:
            return self.message("nl")
        except (KeyError, OSError):  # catalogue unavailable: still say what went wrong
            return f"{self.kind}: {self.value!r}"


@dataclass(frozen=True)
class _Table:
    by_period: dict[str, dict[str, Gemeente]]  # periode -> nis -> Gemeente
    names: dict[str, dict[str, Gemeente]]  # periode -> name_key -> Gemeente
    choices: dict[str, dict[str, list[Gemeente]]]  # periode -> name_key -> Flemish matches
    gewest: dict[str, str]  # nis -> gewest_nis, for the Brussels and Walloon rows
    nieuw: dict[str, str]  # 2019-2024 nis -> 2025 nis
    fusie_van: dict[str, tuple[str, ...]]  # 2025 nis -> 2019-2024 nis codes


@cache
def _table() -> _Table:
    with TABLE_PATH.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    all_periods = (*PERIODES, NIET_VLAAMS)
    by_period: dict[str, dict[str, Gemeente]] = {p: {} for p in all_periods}
    names: dict[str, dict[str, Gemeente]] = {p: {} for p in all_periods}
    choices: dict[str, dict[str, list[Gemeente]]] = {p: {} for p in PERIODES}
    spellings: list[tuple[int, str, str, Gemeente]] = []
    gewest: dict[str, str] = {}
    nieuw: dict[str, str] = {}
    fusie_van: dict[str, tuple[str, ...]] = {}
    for row in rows:
        g = Gemeente(
            nis=row["nis_code"],
            naam=row["naam_nl"],
            naam_fr=row["naam_fr"],
            provincie=row["provincie"],
            provincie_nis=row["provincie_nis"],
            arrondissement=row["arrondissement"],
            periode=row["periode"],
        )
        by_period[g.periode][g.nis] = g
        others = [(2, s) for s in row["andere_namen"].split(";") if s]
        spellings.extend((r, g.nis, s, g) for r, s in [(0, g.naam), (1, g.naam_fr), *others])
        if g.periode == NIET_VLAAMS:
            gewest[g.nis] = row["gewest_nis"]
        elif g.periode == OUD:
            nieuw[g.nis] = row["nieuw_nis"] or g.nis
        else:
            fusie_van[g.nis] = tuple(c for c in row["fusie_van"].split(";") if c) or (g.nis,)
    for _rank, _nis, spelling, g in sorted(spellings, key=lambda s: s[:2]):
        key = name_key(spelling)
        names[g.periode].setdefault(key, g)
        if g.periode in choices and g not in choices[g.periode].setdefault(key, []):
            choices[g.periode][key].append(g)
    return _Table(by_period, names, choices, gewest, nieuw, fusie_van)


@dataclass(frozen=True)
class LocalityNote:
    """A gemeente value that was a locality, accepted as the municipality it belongs to."""

    value: object
    postcodes: tuple[str, ...]
    gemeente: Gemeente

    def message(self, lang: str = "nl", quote: Callable[[object], str] = str) -> str:
        """`quote` makes the value and the names text for where they are shown."""
        return t(
            "gemeente.deelgemeente",
            lang,
            waarde=quote(_text(self.value)),
            postcodes=", ".join(self.postcodes),
            gemeente=quote(self.gemeente.naam),
            nis=self.gemeente.nis,
        )

    def __str__(self) -> str:
        return self.message("nl")


class _Located(NamedTuple):
    gemeente: Gemeente
    postcodes: tuple[str, ...]


@cache
def _places() -> dict[str, dict[str, list[tuple[str, str]]]]:
    """periode -> name_key of a locality -> [(postcode, nis)], from data/plaatsen.csv."""
    places: dict[str, dict[str, list[tuple[str, str]]]] = {OUD: {}, NIEUW: {}}
    with PLACES_PATH.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            key = name_key(row["plaats"])
            for periode, column in ((OUD, "nis_2019_2024"), (NIEUW, "nis_2025")):
                if row[column]:  # empty: not known for that period
                    places[periode].setdefault(key, []).append((row["postcode"], row[column]))
    return places


def _locality(key: str, periode: str) -> _Outcome | None:
    """A locality's municipality on the period, preferring Flemish ones (a Flemish dashboard:
    Haren in Tongeren rather than in Brussel), or None when `key` names no locality."""
    found = _places()[periode].get(key)
    if not found:
        return None
    table = _table()
    flemish: dict[str, list[str]] = {}
    elsewhere: list[Gemeente] = []
    for postcode, nis in found:
        if nis in table.by_period[periode]:
            flemish.setdefault(nis, []).append(postcode)
        elif nis in table.gewest:
            elsewhere.append(table.by_period[NIET_VLAAMS][nis])
    if len(flemish) == 1:
        ((nis, postcodes),) = flemish.items()
        return _Located(table.by_period[periode][nis], tuple(sorted(postcodes)))
    if flemish:
        candidates = sorted((table.by_period[periode][n] for n in flemish), key=lambda g: g.naam)
        return ("plaats_meerdere", tuple(g.naam for g in candidates), tuple(candidates), "")
    if elsewhere:
        return ("niet_vlaams", (), (elsewhere[0],), table.gewest[elsewhere[0].nis])
    return None


def period_for(d: datetime.date) -> str:
    """The period whose municipalities hold on `d`: "2019-2024" before 2025, else "2025"."""
    if isinstance(d, datetime.datetime):
        d = d.date()
    return OUD if d < FUSIEDATUM else NIEUW


def _text(value: object) -> str:
    """The value as text: a whole float without its fraction (12025.0 -> "12025")."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _join(items: tuple[str, ...], lang: str) -> str:
    if len(items) < 2:
        return "".join(items)
    return t("gemeente.of", lang, eerste=", ".join(items[:-1]), laatste=items[-1])


# An outcome: a Gemeente, a locality's municipality (_Located), or (kind, suggestions,
# candidates, gewest_nis).
_Outcome = Gemeente | _Located | tuple[str, tuple[str, ...], tuple[Gemeente, ...], str]


@lru_cache(maxsize=1 << 17, typed=True)
def _outcome(value: object, periode: str) -> _Outcome:
    table = _table()
    text = _text(value)
    other = NIEUW if periode == OUD else OUD
    if _CODE.fullmatch(text):
        code = text[:5]
        found = table.by_period[periode].get(code)
        if found:
            return found
        elsewhere = table.by_period[other].get(code)
        if elsewhere:
            return _other_period(elsewhere, with_code=True)
        if code in table.gewest:
            return ("niet_vlaams", (), (table.by_period[NIET_VLAAMS][code],), table.gewest[code])
        return ("onbekend", (), (), "")
    key = name_key(text)
    found = table.names[periode].get(key)
    if found:
        return found
    elsewhere = table.names[other].get(key)
    if elsewhere:
        return _other_period(elsewhere, with_code=False)
    outside = table.names[NIET_VLAAMS].get(key)
    if outside:
        return ("niet_vlaams", (), (outside,), table.gewest[outside.nis])
    place = _locality(key, periode) if key else None
    if place is not None:
        return place
    alike = suggest(text, periode) if key else []
    return ("onbekend", tuple(g.naam for g in alike), tuple(alike), "")


def _other_period(g: Gemeente, *, with_code: bool) -> _Outcome:
    """andere_periode: a 2019-2024 municipality asked in 2025 (suggest what it became), or a
    2025 one asked before 2025 (suggest the municipalities it was formed from)."""
    table = _table()
    if g.periode == OUD:
        related = [table.by_period[NIEUW][table.nieuw[g.nis]]]
    else:
        related = sorted(
            (table.by_period[OUD][c] for c in table.fusie_van[g.nis]), key=lambda x: x.naam
        )
    shown = tuple(f"{r.naam} ({r.nis})" if with_code else r.naam for r in related)
    return ("andere_periode", shown, tuple(related), "")


def resolve(value: object, on: datetime.date) -> Gemeente:
    """The Flemish municipality that `value` (a name, NIS code or locality) means on date `on`.

    Raises MunicipalityError ("niet_vlaams", "onbekend", "andere_periode" or
    "plaats_meerdere"). Memoized per (value, period), so a column of repeated names costs one
    lookup each. `resolve_noted` also says when the value was a locality."""
    return resolve_noted(value, on)[0]


def resolve_noted(value: object, on: datetime.date) -> tuple[Gemeente, LocalityNote | None]:
    """As `resolve`, with a note when `value` was a locality rather than a municipality (the
    import accepts it with a warning that says what it was resolved to)."""
    periode = period_for(on)
    try:
        outcome = _outcome(value, periode)
    except TypeError:  # unhashable value: not worth caching
        outcome = _outcome.__wrapped__(value, periode)
    if isinstance(outcome, Gemeente):
        return outcome, None
    if isinstance(outcome, _Located):
        return outcome.gemeente, LocalityNote(value, outcome.postcodes, outcome.gemeente)
    kind, suggestions, candidates, gewest_nis = outcome
    raise MunicipalityError(
        kind,
        value,
        suggestions,
        on=on,
        periode=periode,
        candidates=candidates,
        gewest_nis=gewest_nis,
    )


def suggest(text: str, periode: str, limit: int = MAX_SUGGESTIONS) -> list[Gemeente]:
    """Up to `limit` Flemish municipalities of `periode` whose Dutch or French name looks
    like `text` (rapidfuzz ratio >= SUGGESTION_CUTOFF); best first, ties by name."""
    choices = _table().choices[periode]
    matches = process.extract(
        name_key(text), list(choices), scorer=fuzz.ratio, limit=None, score_cutoff=SUGGESTION_CUTOFF
    )
    best: dict[Gemeente, float] = {}
    for key, score, _index in matches:
        for g in choices[key]:
            best[g] = max(best.get(g, 0.0), score)
    ranked = sorted(best.items(), key=lambda item: (-item[1], item[0].naam, item[0].nis))
    return [g for g, _score in ranked[:limit]]


def by_nis(nis: str, periode: str | None = None) -> Gemeente | None:
    """The municipality with this code; without `periode`, the most recent: a code valid in
    both periods gives its 2025 row; Brussels and Walloon codes give a "niet-vlaams" row."""
    by_period = _table().by_period
    if periode is not None:
        return by_period[periode].get(nis)
    for p in (NIEUW, OUD, NIET_VLAAMS):
        if nis in by_period[p]:
            return by_period[p][nis]
    return None


def all_in_period(periode: str) -> list[Gemeente]:
    """All municipalities of "2019-2024" (300), "2025" (285) or "niet-vlaams", by code."""
    if periode not in (*PERIODES, NIET_VLAAMS):
        raise ValueError(f"unknown period {periode!r}")
    return list(_table().by_period[periode].values())


def merged_into(nis_2019: str) -> str:
    """The 2025 code that a 2019-2024 code became (itself if unchanged or already 2025)."""
    table = _table()
    if nis_2019 in table.by_period[NIEUW]:
        return nis_2019
    if nis_2019 in table.nieuw:
        return table.nieuw[nis_2019]
    raise KeyError(nis_2019)


def merged_from(nis_2025: str) -> list[str]:
    """The 2019-2024 codes a 2025 code was formed from ([itself] if unchanged)."""
    table = _table()
    if nis_2025 not in table.fusie_van:
        raise KeyError(nis_2025)
    return list(table.fusie_van[nis_2025])
