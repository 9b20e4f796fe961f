"""The draft answer (.docx) and annex (.xlsx) of written question 342, and its sections.

The files come from draft_files (the writer every question shares); this module turns an
`Answer` into a `Draft`: the question's heading (number, date, member, ministers), a short
intro, the sentences of answer_text per sub-question, and the annex tables of the figures.
Composed questions (question_blocks.py) reuse `sections_342` on filtered figures.

The identifier `W342-<stand_van>-v<versions>-<sha>` names the moment (pass it back as
`--as-of`), the versions used and the first 8 hex digits of the SHA-256 of `answer --json`:
the same moment gives the same figures and the same identifier.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

from wisselaar.answer import Answer
from wisselaar.answer_text import paragraphs, stand_line
from wisselaar.draft_files import (
    DOCX,
    SHEET,
    XLSX,
    Draft,
    Heading,
    Section,
    Table,
    draft_bytes,
    identifier,
    write_draft,
)
from wisselaar.i18n import t
from wisselaar.municipalities import by_nis
from wisselaar.provenance import Entry, summary_columns, summary_rows

__all__ = ["DOCX", "SHEET", "XLSX", "answer_draft", "answer_files_bytes", "write_answer_files"]
MEMBER_342, DATE_342 = "Suzy Wouters", dt.date(2022, 5, 25)
MINISTERS_342 = (
    ("Bart Somers", "vraag342.titel_somers"),
    ("Benjamin Dalle", "vraag342.titel_dalle"),
)


# -- question 342 ---------------------------------------------------------------------------


def answer_files_bytes(answer: Answer, lang: str = "nl") -> dict[str, bytes]:
    """{"antwoord.docx": ..., "bijlage.xlsx": ...} for the download buttons."""
    return draft_bytes(answer_draft(answer, lang))


def write_answer_files(answer: Answer, out_dir: Path, lang: str = "nl") -> list[Path]:
    return write_draft(answer_draft(answer, lang), out_dir)


def answer_draft(answer: Answer, lang: str = "nl") -> Draft:
    stand = answer.figures["stand_van"]
    heading = Heading(
        "342",
        DATE_342,
        MEMBER_342,
        tuple((name, t(key, lang)) for name, key in MINISTERS_342),
        t("vraag342.onderwerp", lang),
        t("vraag342.gesteld_aan", lang),
    )
    return Draft(
        heading,
        (t("vraag342.intro", lang),),
        stand_line(answer.stand, lang),
        identifier("342", stand, (v.version for v in answer.versions), answer.shown_json()),
        t("bestand.reproduceer_342", lang, stand=stand),
        answer.sample,
        tuple(sections_342(answer, lang)),
        lang,
        stand,
        herkomst=provenance_table(provenance_342(answer, lang), lang),
    )


def provenance_342(answer: Answer, lang: str = "nl") -> list[Entry]:
    """Every figure of the answer with the annex table it is in (the `Herkomst` sheet)."""
    p, cards = answer.parts, answer.parts.kerncijfers.cards

    def card(nr: int, key: str) -> Entry:
        return Entry(nr, t(f"herkomst.{key}", lang), cards[key].figure, cards[key].match)

    def label(key: str) -> str:
        return t(f"herkomst.{key}", lang)

    return [
        Entry(1, label("werkgevers"), p.werkgevers),
        Entry(2, label("trajecten"), p.trajecten),
        Entry(2, label("per_status"), p.per_status),
        Entry(2, label("per_oproep"), p.per_oproep),
        card(3, "evaluaties"),
        card(3, "tevredenheid"),
        Entry(3, label("doelen"), p.doelen),
        Entry(3, label("meerwaarde"), p.meerwaarde),
        Entry(3, label("rapporten"), p.rapporten),
        Entry(4, label("budgetlijnen"), p.budgetlijnen),
        card(4, "beschikbaar"),
        card(4, "uitbetaald"),
        Entry(5, label("criteria"), p.criteria),
        card(6, "ondernomen"),
        card(6, "doelen"),
    ]


def provenance_table(entries: list[Entry], lang: str = "nl") -> Table:
    return Table(t("herkomst.titel", lang), summary_columns(lang), summary_rows(entries, lang))


def sections_342(answer: Answer, lang: str = "nl") -> list[Section]:
    details = {r["traject_id"]: r for r in answer.parts.trajecten.frame.to_dict("records")}
    tables = _tables_342(answer, lang, details)
    return [
        Section(kop, t(f"vraag342.v{nr}", lang), tuple(body), tables[nr - 1])
        for nr, (kop, body) in enumerate(paragraphs(answer, lang), 1)
    ]


def renumbered(section: Section, old: int, new: int, lang: str, **changes: Any) -> Section:
    """The section as sub-question `new` of another question (its annex table moves too)."""
    before, after = t("bestand.zie_tabel", lang, nr=old), t("bestand.zie_tabel", lang, nr=new)
    return dataclasses.replace(
        section,
        kop=t("antwoord.kop", lang, nr=new),
        tekst=tuple(line.replace(before, after) for line in section.tekst),
        **changes,
    )


def _name(nis: str) -> str:
    gemeente = by_nis(nis)
    return gemeente.naam if gemeente else nis


def _province(nis: str) -> str:
    gemeente = by_nis(nis)
    return gemeente.provincie if gemeente else ""


def _tables_342(
    answer: Answer, lang: str, details: dict[str, dict[str, Any]]
) -> list[tuple[Table, ...]]:
    """The annex tables of the six answers (the first of each is its main table)."""
    f = answer.shown
    places = answer.parts.gemeenten_totaal.frame.iloc[0]
    budget = answer.parts.budget_totaal.frame.iloc[0]

    def k(*keys: str) -> tuple[str, ...]:
        return tuple(t(f"kolom.{key}", lang) for key in keys)

    def b(key: str) -> str:
        return t(f"bijlage.{key}", lang)

    nvt, totaal = t("antwoord.nvt", lang), t("bestand.totaal", lang)
    v1, v2, v3, v4, v5, v6 = (f[f"vraag_{i}"] for i in range(1, 7))
    gemeenten = [
        [g["nis"], g["naam"], _province(g["nis"]), g["experts"], g["financiering_eur"]]
        for g in v1["gemeenten"]
    ]
    t1 = Table(
        b("tabel_1"),
        (*k("nis"), b("gemeente"), *k("provincie", "experts", "financiering")),
        gemeenten,
        money=k("financiering"),
        total=[None, totaal, None, int(places["experts"]), v1["totaal_financiering_eur"]],
    )
    trajecten = []
    for tr in v2["trajecten"]:
        extra = details.get(tr["traject_id"], {})
        aanbiedend, vragend = tr["aanbiedend"], tr["vragend"]
        parties = [aanbiedend, _name(aanbiedend), vragend, [_name(n) for n in vragend]]
        when = [extra.get("startdatum"), extra.get("einddatum")]
        trajecten.append(
            [tr["traject_id"], extra.get("oproep"), *parties, tr["vorm"], tr["status"], *when]
        )
    t2 = Table(
        b("tabel_2"),
        k("traject_id", "oproep", "aanbiedend", "aanbiedend_naam", "vragend", "vragend_naam")
        + k("vorm", "status", "startdatum", "einddatum"),
        trajecten,
    )
    counts = [
        [b("trajecten"), None, v2["aantal_trajecten"]],
        [b("ondernomen"), None, v2["ondernomen"]],
        *([*k("status"), s, n] for s, n in v2["per_status"].items()),
        *([*k("oproep"), jaar, n] for jaar, n in v2["per_oproep"].items()),
    ]
    t2b = Table(b("aantallen"), (b("kenmerk"), *k("waarde", "aantal")), counts)
    gem = v3["gemiddelde_tevredenheid"]
    t3 = Table(
        b("tabel_3"),
        (b("kenmerk"), *k("waarde", "aantal")),
        [
            [b("evaluaties"), None, v3["aantal_evaluaties"]],
            [b("gemiddelde_tevredenheid"), None, nvt if gem is None else gem],
            *([*k("doelen_bereikt"), d, n] for d, n in v3["doelen_bereikt"].items()),
            *([*k("meerwaarde"), m, n] for m, n in v3["meerwaarde"].items()),
        ],
        row_formats=(None, "0.00"),
    )
    rapporten = [[r["traject_id"], r["rapport"]] for r in v3["rapporten"]]
    t3b = Table(b("rapporten"), k("traject_id", "rapport"), rapporten)
    money = ("beschikbaar_eur", "toegekend_eur", "vastgelegd_eur", "uitbetaald_eur")
    columns = ("begrotingsjaar", "budgetlijn", *money, "benutting_pct", "oordeel", "toelichting")
    lines = v4["budgetlijnen"]
    sums = [budget[c] for c in money]
    t4 = Table(
        b("tabel_4"),
        k(*columns),
        [[line[c] for c in columns] for line in lines],
        money=k(*money),
        total=[totaal, None, *sums, v6["benutting_pct"], None, None],
    )
    criteria = [[c["code"], c["omschrijving"], c["aantal_experts"]] for c in v5["criteria"]]
    t5 = Table(b("tabel_5"), (b("code"), *k("omschrijving"), b("aantal_experts")), criteria)
    summary = (
        ("ondernomen", v6["ondernomen"], None),
        ("afgerond", v6["afgerond"], None),
        ("aandeel_doelen", v6["aandeel_doelen_bereikt_pct"], "0.0"),
        ("gemiddelde_tevredenheid", v6["gemiddelde_tevredenheid"], "0.00"),
        ("benutting", v6["benutting_pct"], "0.0"),
    )
    t6 = Table(
        b("tabel_6"),
        (b("cijfer"), *k("waarde")),
        [[b(key), nvt if value is None else value] for key, value, _ in summary],
        row_formats=tuple(fmt for _, _, fmt in summary),
    )
    return [(t1,), (t2, t2b), (t3, t3b), (t4,), (t5,), (t6,)]
