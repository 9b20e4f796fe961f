"""The annex tables of question 342's six answers: each answer's tables in order (the first
is its main table), titled as answer_text.TABLES names them, so that the text and the annex
give a table the same number and title. They only present the answer's figures."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from wisselaar.answer import Answer
from wisselaar.answer_text import TABLES, name
from wisselaar.draft_files import Table
from wisselaar.i18n import t
from wisselaar.labels import label
from wisselaar.municipalities import by_nis


def _k(lang: str, *keys: str) -> tuple[str, ...]:
    return tuple(t(f"kolom.{key}", lang) for key in keys)


def _b(lang: str, key: str) -> str:
    return t(f"bijlage.{key}", lang)


def _title(number: int, index: int, lang: str) -> str:
    return t(TABLES[number][index], lang)


def _province(nis: str, lang: str) -> str:
    gemeente = by_nis(nis)
    return label("provincie", gemeente.provincie, lang) if gemeente else ""


def _table_1(answer: Answer, lang: str) -> tuple[Table, ...]:
    v1, places = answer.shown["vraag_1"], answer.parts.gemeenten_totaal.frame.iloc[0]
    rows = [
        [g["nis"], g["naam"], _province(g["nis"], lang), g["experts"], g["financiering_eur"]]
        for g in v1["gemeenten"]
    ]
    total = [None, t("bestand.totaal", lang), None, int(places["experts"])]
    return (
        Table(
            _title(1, 0, lang),
            (
                *_k(lang, "nis"),
                _b(lang, "gemeente"),
                *_k(lang, "provincie", "experts", "financiering"),
            ),
            rows,
            money=_k(lang, "financiering"),
            total=[*total, v1["totaal_financiering_eur"]],
        ),
    )


def _table_2(answer: Answer, lang: str) -> tuple[Table, ...]:
    v2 = answer.shown["vraag_2"]
    details = {r["traject_id"]: r for r in answer.parts.trajecten.frame.to_dict("records")}
    rows = []
    for tr in v2["trajecten"]:
        extra = details.get(tr["traject_id"], {})
        aanbiedend, vragend = tr["aanbiedend"], tr["vragend"]
        parties = [aanbiedend, name(aanbiedend), vragend, [name(n) for n in vragend]]
        kind = [label("vorm", tr["vorm"], lang), label("status", tr["status"], lang)]
        when = [extra.get("startdatum"), extra.get("einddatum")]
        rows.append([tr["traject_id"], extra.get("oproep"), *parties, *kind, *when])
    columns = _k(lang, "traject_id", "oproep", "aanbiedend", "aanbiedend_naam", "vragend")
    columns += _k(lang, "vragend_naam", "vorm", "status", "startdatum", "einddatum")
    status, oproep = _k(lang, "status", "oproep")
    counts = [
        [_b(lang, "trajecten"), None, v2["aantal_trajecten"]],
        [_b(lang, "ondernomen"), None, v2["ondernomen"]],
        *([status, label("status", s, lang), n] for s, n in v2["per_status"].items()),
        *([oproep, jaar, n] for jaar, n in v2["per_oproep"].items()),
    ]
    header = (_b(lang, "kenmerk"), *_k(lang, "waarde", "aantal"))
    return Table(_title(2, 0, lang), columns, rows), Table(_title(2, 1, lang), header, counts)


def _table_3(answer: Answer, lang: str) -> tuple[Table, ...]:
    v3, nvt = answer.shown["vraag_3"], t("antwoord.nvt", lang)
    gem = v3["gemiddelde_tevredenheid"]
    doelen, meerwaarde = _k(lang, "doelen_bereikt", "meerwaarde")
    main = Table(
        _title(3, 0, lang),
        (_b(lang, "kenmerk"), *_k(lang, "waarde", "aantal")),
        [
            [_b(lang, "evaluaties"), None, v3["aantal_evaluaties"]],
            [_b(lang, "gemiddelde_tevredenheid"), None, nvt if gem is None else gem],
            *([doelen, label("doelen", d, lang), n] for d, n in v3["doelen_bereikt"].items()),
            *([meerwaarde, label("meerwaarde", m, lang), n] for m, n in v3["meerwaarde"].items()),
        ],
        row_formats=(None, "0.00"),
    )
    reports = [[r["traject_id"], r["rapport"]] for r in v3["rapporten"]]
    return main, Table(_title(3, 1, lang), _k(lang, "traject_id", "rapport"), reports)


def _table_4(answer: Answer, lang: str) -> tuple[Table, ...]:
    v4, budget = answer.shown["vraag_4"], answer.parts.budget_totaal.frame.iloc[0]
    money = ("beschikbaar_eur", "toegekend_eur", "vastgelegd_eur", "uitbetaald_eur")
    columns = ("begrotingsjaar", "budgetlijn", *money, "benutting_pct", "oordeel", "toelichting")
    rows = [
        [label("oordeel", line[c], lang) if c == "oordeel" else line[c] for c in columns]
        for line in v4["budgetlijnen"]
    ]
    total = [t("bestand.totaal", lang), None, *(budget[c] for c in money)]
    benutting = answer.shown["vraag_6"]["benutting_pct"]
    return (
        Table(
            _title(4, 0, lang),
            _k(lang, *columns),
            rows,
            money=_k(lang, *money),
            total=[*total, benutting, None, None],
        ),
    )


def _table_5(answer: Answer, lang: str) -> tuple[Table, ...]:
    criteria = answer.shown["vraag_5"]["criteria"]
    rows = [[c["code"], c["omschrijving"], c["aantal_experts"]] for c in criteria]
    columns = (_b(lang, "code"), *_k(lang, "omschrijving"), _b(lang, "aantal_experts"))
    return (Table(_title(5, 0, lang), columns, rows),)


def _table_6(answer: Answer, lang: str) -> tuple[Table, ...]:
    v6, k, nvt = answer.shown["vraag_6"], answer.parts.kerncijfers, t("antwoord.nvt", lang)

    def row(name: object, figures: Any, afgerond: int) -> list[Any]:
        return [
            name,
            figures.trajecten,
            figures.ondernomen,
            afgerond,
            figures.aanbiedende_gemeenten,
            figures.vragende_gemeenten,
            figures.evaluaties,
            figures.doelen_bereikt_pct,
            figures.gemiddelde_tevredenheid,
        ]

    columns = ("oproep", "trajecten", "ondernomen", "afgerond", "aanbiedende_gemeenten")
    columns += ("vragende_gemeenten", "evaluaties", "aandeel_doelen", "gemiddelde_tevredenheid")
    per_call = Table(
        _title(6, 0, lang),
        tuple(_b(lang, c) for c in columns),
        [row(c.oproep, c.kerncijfers, c.afgerond) for c in answer.parts.calls],
        total=row(_b(lang, "alle_oproepen"), k, v6["afgerond"]),
    )
    summary = (
        ("ondernomen", v6["ondernomen"], None),
        ("afgerond", v6["afgerond"], None),
        ("aandeel_doelen", v6["aandeel_doelen_bereikt_pct"], "0.0"),
        ("gemiddelde_tevredenheid", v6["gemiddelde_tevredenheid"], "0.00"),
        ("benutting", v6["benutting_pct"], "0.0"),
    )
    return per_call, Table(
        _title(6, 1, lang),
        (_b(lang, "cijfer"), *_k(lang, "waarde")),
        [[_b(lang, key), nvt if value is None else value] for key, value, _ in summary],
        row_formats=tuple(fmt for _, _, fmt in summary),
    )


TABLE_WRITERS: dict[int, Callable[[Answer, str], tuple[Table, ...]]] = {
    1: _table_1,
    2: _table_2,
    3: _table_3,
    4: _table_4,
    5: _table_5,
    6: _table_6,
}


def tables_342(answer: Answer, number: int, lang: str) -> tuple[Table, ...]:
    """The annex tables of answer `number`."""
    return TABLE_WRITERS[number](answer, lang)
