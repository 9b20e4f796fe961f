"""Second pass: rules over the resulting whole (the upload's sheets plus the stored datasets it
does not replace). Resolves municipalities on their reference dates, checks references both
ways, the parties of each evaluation, and raises the warnings of CONTRACT.md section 2.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

from wisselaar.dataset import Dataset
from wisselaar.formatting import format_eur
from wisselaar.issues import Issue
from wisselaar.municipalities import FUSIEDATUM as FUSION_DATE
from wisselaar.municipalities import LocalityNote, MunicipalityError, by_nis, resolve_noted
from wisselaar.normalize import match_key
from wisselaar.schema import REFERENCES, SHEET_BY_TABLE, SHEETS, Reference
from wisselaar.sheet_parsing import ParsedUpload
from wisselaar.values import display

MAX_ROWS_NAMED = 10


def check_whole(
    upload: ParsedUpload, stored: dict[str, Dataset], today: dt.date, ceiling: Decimal
) -> dict[str, Dataset]:
    """Adds errors and warnings to `upload`; returns the resulting whole per table.

    A sheet of the upload that could not be read (`upload.unreadable`) is already an error;
    rules that would need its content are skipped rather than reported against every row
    that refers to it."""
    unknown = upload.unreadable
    whole = {
        s.table: upload.datasets.get(s.table) or stored.get(s.table) or Dataset.empty(s)
        for s in SHEETS
    }
    _resolve_municipalities(upload, whole, today)
    for reference in REFERENCES:
        if unknown & {reference.sheet, reference.target}:
            continue
        if reference.sheet in upload.datasets or reference.target in upload.datasets:
            _check_reference(reference, whole, upload)
    parties = {"evaluaties", "trajecten"}
    if parties & set(upload.datasets) and not parties & unknown:
        _check_parties(whole, upload)
    if "financien" in upload.datasets:
        _warn_amounts(whole["financien"], upload, ceiling)
    return whole


# -- municipalities -------------------------------------------------------------------------


def _resolve_municipalities(
    upload: ParsedUpload, whole: dict[str, Dataset], today: dt.date
) -> None:
    trajecten = whole["trajecten"]
    fallback: dt.date | None = today
    if "trajecten" in upload.unreadable:  # its dates are unknown, and the dates taken from them
        trajecten, fallback = Dataset.empty(trajecten.sheet), None
    start_of = dict(
        zip(trajecten.columns["traject_id"], trajecten.columns["startdatum"], strict=True)
    )
    if (ds := upload.datasets.get("trajecten")) is not None:
        starts = ds.columns["startdatum"]
        _resolve(ds, "aanbiedend", starts, upload)
        _resolve(ds, "vragend", starts, upload)
        _check_not_self(ds, upload.errors)
    if (ds := upload.datasets.get("experts")) is not None:
        first_start: dict[str, dt.date] = {}
        for experts, start in zip(
            trajecten.columns["expert_ids"], trajecten.columns["startdatum"], strict=True
        ):
            for expert in experts or ():
                if start is not None and (expert not in first_start or start < first_start[expert]):
                    first_start[expert] = start
        dates = [
            since or first_start.get(expert, fallback)
            for expert, since in zip(
                ds.columns["expert_id"], ds.columns["in_dienst_sinds"], strict=True
            )
        ]
        _resolve(ds, "werkgever", dates, upload)
    if (ds := upload.datasets.get("financien")) is not None:
        _resolve(ds, "begunstigde", ds.columns["datum"], upload, allow_vvsg=True)
    if (ds := upload.datasets.get("evaluaties")) is not None:
        dates = [start_of.get(traject) for traject in ds.columns["traject_id"]]
        _resolve(ds, "bestuur", dates, upload)


def _resolve(
    ds: Dataset,
    field: str,
    dates: list[dt.date | None],
    upload: ParsedUpload,
    allow_vvsg: bool = False,
) -> None:
    column = ds.sheet.column(field)
    values = ds.columns[field]
    errors = upload.errors
    # Resolution depends on the period only (before or from 2025), and a column repeats few
    # municipalities: successes are remembered per (cell, period), with their locality notes
    # (a warning on every row); failures are redone per row, since their message names the
    # row's date.
    done: dict[tuple[Any, bool], tuple[Any, list[LocalityNote]]] = {}
    for position, (value, on) in enumerate(zip(values, dates, strict=True)):
        if value is None:
            continue
        if on is None:  # the date itself is wrong or unknown: already reported elsewhere
            values[position] = None
            continue
        key = (tuple(value) if column.is_list else value, on >= FUSION_DATE)
        if key in done:
            values[position], notes = done[key]
            _warn_localities(ds, position, column.header, notes, upload.warnings)
            continue
        resolved: list[str] = []
        notes = []
        failed = False
        for item in value if column.is_list else (value,):
            if allow_vvsg and match_key(item) == "vvsg":
                nis = "VVSG"
            else:
                try:
                    found, note = resolve_noted(item, on)
                except MunicipalityError as error:
                    failed = True
                    errors.append(
                        Issue(
                            f"gemeente.{error.kind}",
                            sheet=ds.sheet.name,
                            row=ds.rows[position],
                            column=column.header,
                            value=display(item),
                            render=error.message,
                        )
                    )
                    continue
                nis = found.nis
                notes += [note] if note else []
            if nis not in resolved:  # `Aalst; 41002` is one municipality
                resolved.append(nis)
        # A cell with a wrong item is unknown (None), so that no rule builds on half of it.
        values[position] = None if failed else (resolved if column.is_list else resolved[0])
        if not failed:
            done[key] = (values[position], notes)
            _warn_localities(ds, position, column.header, notes, upload.warnings)


def _warn_localities(
    ds: Dataset, position: int, header: str, notes: list[LocalityNote], warnings: list[Issue]
) -> None:
    """A locality accepted as its municipality is a warning that says what it became."""
    for note in notes:
        warnings.append(
            Issue(
                "gemeente.deelgemeente",
                sheet=ds.sheet.name,
                row=ds.rows[position],
                column=header,
                value=display(note.value),
                render=note.message,
            )
        )


def _check_not_self(ds: Dataset, errors: list[Issue]) -> None:
    header = ds.sheet.column("vragend").header
    for position, (offering, asking) in enumerate(
        zip(ds.columns["aanbiedend"], ds.columns["vragend"], strict=True)
    ):
        if offering is not None and asking and offering in asking:
            errors.append(
                Issue(
                    "validatie.vragend_is_aanbiedend",
                    {"aanbiedend": _label(offering)},
                    ds.sheet.name,
                    ds.rows[position],
                    header,
                    _label(offering),
                )
            )


def _label(nis: str) -> str:
    """A resolved code as people know it, for messages: 'Gent (44021)'."""
    gemeente = by_nis(nis)
    return f"{gemeente.naam} ({nis})" if gemeente else nis


# -- references -----------------------------------------------------------------------------


def _referenced(
    ds: Dataset, fields: tuple[str, ...], ignore_case: bool
) -> Iterator[tuple[int, tuple[Any, ...], tuple[Any, ...]]]:
    """(position, key as compared, key as written) for every reference a dataset makes; a
    list field makes one reference per item. Single fields skip tuple-building where they can:
    this runs over hundreds of thousands of rows."""
    columns = [ds.columns[f] for f in fields]
    for position, values in enumerate(zip(*columns, strict=True)):
        if len(values) == 1:
            value = values[0]
            if value is None:
                continue
            for item in value if isinstance(value, list) else (value,):
                yield position, (match_key(str(item)) if ignore_case else item,), (item,)
        elif None not in values:
            compared = tuple(match_key(str(v)) for v in values) if ignore_case else values
            yield position, compared, values


def _check_reference(ref: Reference, whole: dict[str, Dataset], upload: ParsedUpload) -> None:
    source, target = whole[ref.sheet], whole[ref.target]
    available = {key for _, key, _ in _referenced(target, ref.target_fields, ref.ignore_case)}
    missing = [
        (position, written)
        for position, key, written in _referenced(source, ref.fields, ref.ignore_case)
        if key not in available
    ]
    if not missing:
        return
    headers = " + ".join(source.sheet.column(f).header for f in ref.fields)
    target_headers = " + ".join(target.sheet.column(f).header for f in ref.target_fields)
    referring: dict[tuple[Any, ...], list[int]] = defaultdict(list)
    for position, written in missing:
        if source.version is None:
            upload.errors.append(
                Issue(
                    "validatie.verwijzing",
                    {"doelblad": target.sheet.name, "doelkolom": target_headers},
                    source.sheet.name,
                    source.rows[position],
                    headers,
                    " + ".join(str(v) for v in written),
                )
            )
        else:
            referring[written].append(position)
    for written, positions in referring.items():
        upload.errors.append(
            Issue(
                "validatie.verwijzing_terug",
                {
                    "waarde": " + ".join(str(v) for v in written),
                    "kolom": target_headers,
                    "bron": source.sheet.name,
                    "rijen": _rows_named(source, positions),
                },
                target.sheet.name,
            )
        )


def _rows_named(ds: Dataset, positions: list[int]) -> Callable[[str], str]:
    """The referring rows, worded when the message is rendered (in its language)."""
    from wisselaar.i18n import t

    def words(lang: str) -> str:
        named = ", ".join(ds.where(p, lang) for p in positions[:MAX_ROWS_NAMED])
        extra = len(positions) - MAX_ROWS_NAMED
        return named + (t("fout.en_meer", lang, aantal=extra) if extra > 0 else "")

    return words


# -- parties of an evaluation ---------------------------------------------------------------


def _check_parties(whole: dict[str, Dataset], upload: ParsedUpload) -> None:
    trajecten, evaluaties = whole["trajecten"], whole["evaluaties"]
    roles: dict[str, dict[str, str] | None] = {}
    for traject, offering, asking in zip(
        trajecten.columns["traject_id"],
        trajecten.columns["aanbiedend"],
        trajecten.columns["vragend"],
        strict=True,
    ):
        if traject in roles or offering is None or not asking:
            # A duplicate ID or a party that is itself wrong: reported already, and the
            # parties are not known well enough to judge the evaluations.
            roles[traject] = None
            continue
        parties = {nis: "vragend" for nis in asking}
        parties[offering] = "aanbiedend"
        roles[traject] = parties
    sheet = evaluaties.sheet
    for position, (traject, bestuur, rol) in enumerate(
        zip(
            evaluaties.columns["traject_id"],
            evaluaties.columns["bestuur"],
            evaluaties.columns["rol"],
            strict=True,
        )
    ):
        parties = roles.get(traject)
        if parties is None or bestuur is None:
            continue  # a missing trajectory is reported as a reference error
        expected = parties.get(bestuur)
        if expected == rol or (expected is not None and rol is None):
            continue
        key, column, value = (
            ("validatie.bestuur_geen_partij", "bestuur", _label(bestuur))
            if expected is None
            else ("validatie.rol_klopt_niet", "rol", rol)
        )
        values = {"traject": traject, "bestuur": _label(bestuur), "verwacht": expected or ""}
        if evaluaties.version is None:
            header = sheet.column(column).header
            upload.errors.append(
                Issue(key, values, sheet.name, evaluaties.rows[position], header, value)
            )
        else:
            values["rijen"] = _rows_named(evaluaties, [position])
            upload.errors.append(Issue(key + "_terug", values, trajecten.sheet.name))


# -- warnings -------------------------------------------------------------------------------


def _warn_amounts(financien: Dataset, upload: ParsedUpload, ceiling: Decimal) -> None:
    totals: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for traject, soort, bedrag in zip(
        financien.columns["traject_id"],
        financien.columns["soort"],
        financien.columns["bedrag"],
        strict=True,
    ):
        if traject is not None and soort is not None and bedrag is not None:
            totals[traject][soort] += bedrag
    name = SHEET_BY_TABLE["financien"].name
    for traject in sorted(totals):
        granted, paid = totals[traject]["toegekend"], totals[traject]["uitbetaald"]
        if granted > ceiling:
            upload.warnings.append(
                Issue(
                    "waarschuwing.boven_plafond",
                    {
                        "traject": traject,
                        "bedrag": format_eur(granted),
                        "plafond": format_eur(ceiling),
                    },
                    name,
                )
            )
        if paid > granted:
            upload.warnings.append(
                Issue(
                    "waarschuwing.meer_betaald",
                    {
                        "traject": traject,
                        "betaald": format_eur(paid),
                        "toegekend": format_eur(granted),
                    },
                    name,
                )
            )
