"""Second pass: rules over the resulting whole (the upload's sheets plus the stored datasets it
does not replace). Resolves municipalities on their reference dates, checks references both
ways, the parties of each evaluation, and raises the warnings of CONTRACT.md section 2.

Each rule runs on whole columns (Arrow compute); municipalities are resolved once per
distinct (value, period). Only the findings that are listed are worded.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from wisselaar.arrow_tools import codes, first_seen, flat, joined_key, repeated
from wisselaar.dataset import Dataset
from wisselaar.formatting import format_eur
from wisselaar.issues import Issue, IssueList, collapse_in_place
from wisselaar.municipalities import FUSIEDATUM as FUSION_DATE
from wisselaar.municipalities import LocalityNote, MunicipalityError, by_nis, resolve, resolve_noted
from wisselaar.normalize import match_key
from wisselaar.schema import REFERENCES, SHEET_BY_TABLE, SHEETS, Reference
from wisselaar.sheet_parsing import ParsedUpload
from wisselaar.values import display

MAX_ROWS_NAMED = 10
_ON = {False: FUSION_DATE - dt.timedelta(days=1), True: FUSION_DATE}  # a day of each period


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
            _check_reference(reference, whole, upload.errors)
    parties = {"evaluaties", "trajecten"}
    if parties & set(upload.datasets) and not parties & unknown:
        _check_parties(whole, upload.errors)
    if "financien" in upload.datasets:
        _warn_amounts(whole["financien"], upload, ceiling)
    return whole


def _column(ds: Dataset, field: str) -> pa.Array:
    return ds.table.column(field).combine_chunks()


def _label(nis: str) -> str:
    """A resolved code as people know it, for messages: 'Gent (44021)'."""
    gemeente = by_nis(nis)
    return f"{gemeente.naam} ({nis})" if gemeente else nis


# -- municipalities -------------------------------------------------------------------------


def _resolve_municipalities(
    upload: ParsedUpload, whole: dict[str, Dataset], today: dt.date
) -> None:
    trajecten = whole["trajecten"]
    fallback: dt.date | None = today
    if "trajecten" in upload.unreadable:  # its dates are unknown, and the dates taken from them
        trajecten, fallback = Dataset.empty(trajecten.sheet), None
    if (ds := upload.datasets.get("trajecten")) is not None:
        starts = _column(ds, "startdatum")
        _resolve(ds, "aanbiedend", starts, upload)
        _resolve(ds, "vragend", starts, upload)
        _check_not_self(ds, upload.errors)
    if (ds := upload.datasets.get("experts")) is not None:
        first = _first_start(trajecten, _column(ds, "expert_id"))
        dates = pc.coalesce(_column(ds, "in_dienst_sinds"), first, pa.scalar(fallback, pa.date32()))
        _resolve(ds, "werkgever", dates, upload)
    if (ds := upload.datasets.get("financien")) is not None:
        _resolve(ds, "begunstigde", _column(ds, "datum"), upload, allow_vvsg=True)
    if (ds := upload.datasets.get("evaluaties")) is not None:
        found = pc.index_in(_column(ds, "traject_id"), _column(trajecten, "traject_id"))
        _resolve(ds, "bestuur", _column(trajecten, "startdatum").take(found), upload)


def _first_start(trajecten: Dataset, experts: pa.Array) -> pa.Array:
    """Per expert, the earliest Startdatum of the trajectories that list the expert."""
    listed, rows = flat(_column(trajecten, "expert_ids"))
    starts = pc.cast(_column(trajecten, "startdatum").take(rows), pa.int32())
    known = pc.and_(pc.is_in(listed, value_set=experts), pc.is_valid(starts))
    listed, starts = listed.filter(known), starts.filter(known).to_numpy()
    earliest = np.full(len(experts), np.iinfo(np.int32).max, dtype=np.int64)
    np.minimum.at(earliest, pc.index_in(listed, experts).to_numpy(), starts)
    days = pa.array(earliest, pa.int64(), mask=earliest == np.iinfo(np.int32).max)
    return pc.cast(pc.cast(days, pa.int32()), pa.date32())


def _resolve(
    ds: Dataset,
    field: str,
    dates: pa.Array,
    upload: ParsedUpload,
    allow_vvsg: bool = False,
) -> None:
    """Names and codes to NIS codes on each row's date. A cell with a wrong item, or whose
    date is itself wrong or unknown (reported elsewhere), becomes unknown (null), so that
    no rule builds on half of it. A deelgemeente or postal place is accepted as its
    municipality, with a warning that says what it became."""
    errors = upload.errors
    column = ds.sheet.column(field)
    values = _column(ds, field)
    items, rows = flat(values)
    on = dates.take(rows)
    later = pc.fill_null(pc.greater_equal(on, pa.scalar(FUSION_DATE, pa.date32())), False)
    resolved = pa.nulls(len(items), pa.string())
    usable = pc.and_(pc.is_valid(on), pc.is_valid(items))
    localities: list[Issue] = []
    for period in (False, True):
        chosen = pc.and_(usable, pc.equal(later, period))
        distinct = pc.unique(items.filter(chosen))
        found = [_code(v, _ON[period], allow_vvsg) for v in distinct.to_pylist()]
        codes = pa.array([code for code, _ in found], pa.string())
        resolved = pc.if_else(chosen, codes.take(pc.index_in(items, distinct)), resolved)
        for index, (_, note) in enumerate(found):
            if note is not None:
                where = pc.and_(chosen, pc.equal(items, distinct[index]))
                for row in rows.filter(where).to_pylist():
                    localities.append(_locality_issue(ds, row, column.header, note))
    failed = pc.and_(usable, pc.is_null(resolved))
    wrong_rows = np.zeros(len(values), dtype=bool)
    wrong_rows[rows.filter(failed).to_numpy()] = True
    wrong_rows |= pc.is_null(dates).to_numpy(zero_copy_only=False)
    new = _lists(values, resolved, rows).cast(values.type) if column.is_list else resolved
    ds.replace(field, pc.if_else(pa.array(wrong_rows), pa.nulls(len(values), new.type), new))
    failing = pc.indices_nonzero(failed)
    shown = failing.slice(0, errors.room).to_pylist()
    for index in shown:
        item, row = items[index].as_py(), rows[index].as_py()
        try:
            resolve(item, dates[row].as_py())
        except MunicipalityError as error:
            errors.append(_gemeente_issue(ds, row, column.header, item, error))
    errors.tally(ds.sheet.name, column.header, len(failing) - len(shown))
    collapse_in_place(localities, "gemeente.deelgemeente", "gemeente.deelgemeente_veel", "waarde")
    upload.warnings.extend(localities)


def _code(value: str, on: dt.date, allow_vvsg: bool) -> tuple[str | None, LocalityNote | None]:
    """The NIS code of `value` on `on` (None when it is no Flemish municipality then), and
    the note when it was a deelgemeente or postal place."""
    if allow_vvsg and match_key(value) == "vvsg":
        return "VVSG", None
    try:
        gemeente, note = resolve_noted(value, on)
    except MunicipalityError:
        return None, None
    return gemeente.nis, note


def _locality_issue(ds: Dataset, row: int, header: str, note: LocalityNote) -> Issue:
    return Issue(
        "gemeente.deelgemeente",
        sheet=ds.sheet.name,
        row=ds.rows[row],
        column=header,
        value=display(note.value),
        render=note.message,
    )


def _gemeente_issue(
    ds: Dataset, row: int, header: str, item: str, error: MunicipalityError
) -> Issue:
    return Issue(
        f"gemeente.{error.kind}",
        sheet=ds.sheet.name,
        row=ds.rows[row],
        column=header,
        value=display(item),
        render=error.message,
    )


def _lists(values: pa.Array, items: pa.Array, rows: pa.Array) -> pa.Array:
    """Resolved items back into their lists, duplicates dropped (`Aalst; 41002` is one)."""
    lengths = pc.fill_null(pc.list_value_length(values), 0).to_numpy(zero_copy_only=False)
    offsets = pa.array(np.concatenate([[0], np.cumsum(lengths)]), pa.int32())
    lists = pa.ListArray.from_arrays(offsets, items, mask=pc.is_null(values))
    row_numbers, item_codes = rows.to_numpy(), codes(items)
    pairs = row_numbers * (int(item_codes.max(initial=0)) + 2) + item_codes + 1
    if not repeated(pairs):
        return lists
    python = lists.to_pylist()
    for row in set(row_numbers[first_seen(pairs) != np.arange(len(pairs))].tolist()):
        python[row] = list(dict.fromkeys(python[row]))
    return pa.array(python, lists.type)


def _check_not_self(ds: Dataset, errors: IssueList) -> None:
    header = ds.sheet.column("vragend").header
    offering = _column(ds, "aanbiedend")
    asking, rows = flat(_column(ds, "vragend"))
    same = pc.fill_null(pc.equal(asking, offering.take(rows)), False)
    positions = pc.unique(rows.filter(same))
    shown = positions.slice(0, errors.room).to_pylist()
    for row in shown:
        label = _label(offering[row].as_py())
        values = {"aanbiedend": label}
        errors.append(
            Issue(
                "validatie.vragend_is_aanbiedend",
                values,
                ds.sheet.name,
                ds.rows[row],
                header,
                label,
            )
        )
    errors.tally(ds.sheet.name, header, len(positions) - len(shown))


# -- references -----------------------------------------------------------------------------


def _keys(
    ds: Dataset, fields: tuple[str, ...], ignore_case: bool
) -> tuple[pa.Array, pa.Array, Callable[[int], str]]:
    """(key as compared, row position) for every reference a dataset makes, and the key of
    reference i as written, for messages."""
    if len(fields) == 1:
        items, rows = flat(_column(ds, fields[0]))
        present = pc.is_valid(items)
        items, rows = items.filter(present), rows.filter(present)
        keys = pc.cast(items, pa.string())

        def written(index: int) -> str:
            return str(items[index].as_py())
    else:
        parts = [pc.cast(_column(ds, f), pa.string()) for f in fields]
        keys = pc.binary_join_element_wise(*parts, "\x1f")  # null where any part is
        rows = pa.array(np.arange(len(keys)), pa.int64()).filter(pc.is_valid(keys))
        keys = keys.filter(pc.is_valid(keys))

        def written(index: int) -> str:
            row = rows[index].as_py()
            return " + ".join(str(ds.columns[f][row]) for f in fields)

    if ignore_case:
        encoded = pc.dictionary_encode(keys)
        folded = pa.array([match_key(k) for k in encoded.dictionary.to_pylist()], pa.string())
        keys = folded.take(encoded.indices)
    return keys, rows, written


def _check_reference(ref: Reference, whole: dict[str, Dataset], errors: IssueList) -> None:
    source, target = whole[ref.sheet], whole[ref.target]
    available = _keys(target, ref.target_fields, ref.ignore_case)[0]
    keys, rows, written = _keys(source, ref.fields, ref.ignore_case)
    missing = pc.indices_nonzero(pc.invert(pc.is_in(keys, value_set=available)))
    if len(missing) == 0:
        return
    headers = " + ".join(source.sheet.column(f).header for f in ref.fields)
    target_headers = " + ".join(target.sheet.column(f).header for f in ref.target_fields)
    if source.version is None:
        shown = missing.slice(0, errors.room).to_pylist()
        values = {"doelblad": target.sheet.name, "doelkolom": target_headers}
        for index in shown:
            row = source.rows[rows[index].as_py()]
            errors.append(
                Issue(
                    "validatie.verwijzing", values, source.sheet.name, row, headers, written(index)
                )
            )
        errors.tally(source.sheet.name, headers, len(missing) - len(shown))
        return
    referring: dict[str, list[int]] = defaultdict(list)
    for index in missing.to_pylist():
        referring[written(index)].append(rows[index].as_py())
    for value, positions in referring.items():
        details = {
            "waarde": value,
            "kolom": target_headers,
            "bron": source.sheet.name,
            "rijen": _rows_named(source, positions),
        }
        errors.append(Issue("validatie.verwijzing_terug", details, target.sheet.name))


def _rows_named(ds: Dataset, positions: list[int]) -> Callable[[str], str]:
    """The referring rows, worded when the message is rendered (in its language)."""
    from wisselaar.i18n import t

    def words(lang: str) -> str:
        named = ", ".join(ds.where(p, lang) for p in positions[:MAX_ROWS_NAMED])
        extra = len(positions) - MAX_ROWS_NAMED
        return named + (t("fout.en_meer", lang, aantal=extra) if extra > 0 else "")

    return words


# -- parties of an evaluation ---------------------------------------------------------------


def _parties(trajecten: Dataset) -> tuple[pa.Array, pa.Array, pa.Array]:
    """(traject + bestuur key, rol) of the parties of the trajectories whose parties are
    known well enough to judge their evaluations (not a duplicate ID, reported already; no
    party that is wrong), and those trajectories. A municipality that is both (an error of
    its own) counts as the offering one."""
    ids = _column(trajecten, "traject_id")
    offering, asking = _column(trajecten, "aanbiedend"), _column(trajecten, "vragend")
    id_codes = codes(ids)
    once = np.bincount(id_codes[id_codes >= 0], minlength=len(ids))[np.maximum(id_codes, 0)] == 1
    sound = pc.and_(pa.array(once & (id_codes >= 0)), pc.is_valid(offering))
    sound = pc.and_(sound, pc.fill_null(pc.greater(pc.list_value_length(asking), 0), False))
    items, rows = flat(asking)
    keys = pa.concat_arrays(
        [
            joined_key([ids, offering]).filter(sound),
            joined_key([ids.take(rows), items]).filter(sound.take(rows)),
        ]
    )
    first = pc.sum(sound).as_py() or 0
    roles = pa.array(["aanbiedend"] * first + ["vragend"] * (len(keys) - first), pa.string())
    return keys, roles, ids.filter(sound)


def _check_parties(whole: dict[str, Dataset], errors: IssueList) -> None:
    trajecten, evaluaties = whole["trajecten"], whole["evaluaties"]
    party_keys, roles, known = _parties(trajecten)
    ids, bestuur, rol = (_column(evaluaties, f) for f in ("traject_id", "bestuur", "rol"))
    judged = pc.and_(pc.is_in(ids, value_set=known), pc.is_valid(bestuur))
    expected = roles.take(pc.index_in(joined_key([ids, bestuur]), party_keys))
    mismatch = pc.and_kleene(pc.is_valid(rol), pc.not_equal(expected, rol))
    wrong = pc.and_kleene(judged, pc.or_kleene(pc.is_null(expected), mismatch))
    positions = pc.indices_nonzero(pc.fill_null(wrong, False))
    sheet = evaluaties.sheet
    shown = positions.slice(0, errors.room).to_pylist()
    for position in shown:
        traject, party = ids[position].as_py(), bestuur[position].as_py()
        want, given = expected[position].as_py(), rol[position].as_py()
        key, column, value = (
            ("validatie.bestuur_geen_partij", "bestuur", _label(party))
            if want is None
            else ("validatie.rol_klopt_niet", "rol", given)
        )
        values = {"traject": traject, "bestuur": _label(party), "verwacht": want or ""}
        if evaluaties.version is None:
            header = sheet.column(column).header
            errors.append(Issue(key, values, sheet.name, evaluaties.rows[position], header, value))
        else:
            values["rijen"] = _rows_named(evaluaties, [position])
            errors.append(Issue(key + "_terug", values, trajecten.sheet.name))
    place = sheet if evaluaties.version is None else trajecten.sheet
    errors.tally(place.name, "", len(positions) - len(shown))


# -- warnings -------------------------------------------------------------------------------


def _warn_amounts(financien: Dataset, upload: ParsedUpload, ceiling: Decimal) -> None:
    """Per trajectory, the sums of `toegekend` and `uitbetaald` (exact, in cents)."""
    trajecten = _column(financien, "traject_id")
    encoded = pc.dictionary_encode(trajecten)
    traject_codes = pc.fill_null(pc.cast(encoded.indices, pa.int64()), -1).to_numpy()
    cents = pc.cast(pc.multiply(_column(financien, "bedrag"), Decimal(100)), pa.int64())
    cents = pc.fill_null(cents, 0).to_numpy()
    soort = _column(financien, "soort")
    sums = {}
    for kind in ("toegekend", "uitbetaald"):
        chosen = (traject_codes >= 0) & pc.fill_null(pc.equal(soort, kind), False).to_numpy(
            zero_copy_only=False
        )
        sums[kind] = np.zeros(len(encoded.dictionary), dtype=np.int64)
        np.add.at(sums[kind], traject_codes[chosen], cents[chosen])
    granted, paid = sums["toegekend"], sums["uitbetaald"]
    limit = int(ceiling * 100)
    names = encoded.dictionary.to_pylist()
    flagged = sorted(
        np.flatnonzero((granted > limit) | (paid > granted)).tolist(), key=names.__getitem__
    )
    name = SHEET_BY_TABLE["financien"].name
    warnings: list[Issue] = []
    for index in flagged:
        traject = names[index]
        toegekend, betaald = Decimal(int(granted[index])) / 100, Decimal(int(paid[index])) / 100
        if granted[index] > limit:
            amounts = {"bedrag": format_eur(toegekend), "plafond": format_eur(ceiling)}
            warnings.append(
                Issue("waarschuwing.boven_plafond", {"traject": traject, **amounts}, name)
            )
        if paid[index] > granted[index]:
            amounts = {"betaald": format_eur(betaald), "toegekend": format_eur(toegekend)}
            warnings.append(
                Issue("waarschuwing.meer_betaald", {"traject": traject, **amounts}, name)
            )
    for key in ("boven_plafond", "meer_betaald"):
        collapse_in_place(warnings, f"waarschuwing.{key}", f"waarschuwing.{key}_veel", "traject")
    upload.warnings.extend(warnings)
