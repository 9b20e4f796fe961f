"""Question 342 answered in the words of a written answer: the text of `answer`.

Full sentences from catalogue templates with the figures woven in (amounts as `182.044,00
euro`, counts with their plural rule), a short paragraph per sub-question; where a list
would run long, the text names the annex table by its number and title, exactly as the
annex titles it (`table_reference`). The draft (.docx) and the command line's plain text
share these paragraphs, so they never disagree. Answers 3 and 6, which say what the
evaluations say, are in answer_evaluation.py.

A paragraph that starts with "- " is a list item; text in [square brackets] is for the
cabinet to complete (the draft highlights it).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from wisselaar.answer import Answer
from wisselaar.draft_files import table_number
from wisselaar.engine import Stand
from wisselaar.formatting import format_eur_text, format_number, format_pct
from wisselaar.i18n import t, tn
from wisselaar.labels import label
from wisselaar.municipalities import by_nis
from wisselaar.provenance import stand_text
from wisselaar.quotes import Choice

LIST_MAX = 10  # a longer list is left to the annex table the text refers to
# The annex tables of each answer, in order: the catalogue key of each title.
TABLES: dict[int, tuple[str, ...]] = {
    1: ("bijlage.tabel_1",),
    2: ("bijlage.tabel_2", "bijlage.tabel_2b"),
    3: ("bijlage.tabel_3", "bijlage.tabel_3b"),
    4: ("bijlage.tabel_4",),
    5: ("bijlage.tabel_5",),
    6: ("bijlage.tabel_6", "bijlage.tabel_6b"),
}


def table_reference(answer_nr: int, index: int, nr: int, lang: str) -> str:
    """`tabel 2.1 van de bijlage, ‘Uitwisselingstrajecten’`: the number and title the annex
    gives table `index` of answer `answer_nr` when it is sub-question `nr`."""
    keys = TABLES[answer_nr]
    number = table_number(nr, index, len(keys))
    return t("bestand.verwijzing", lang, nr=number, titel=t(keys[index], lang))


def name(nis: str) -> str:
    gemeente = by_nis(nis)
    return gemeente.naam if gemeente else nis


def join(items: Sequence[str], lang: str) -> str:
    """`a, b en c`."""
    if len(items) < 2:
        return "".join(items)
    return t("antwoord.en", lang, eerste=", ".join(items[:-1]), laatste=items[-1])


def counted(phrases: Sequence[tuple[str, int]], lang: str) -> list[str]:
    """The plural phrases (key, count) whose count is not zero."""
    return [tn(key, lang, n) for key, n in phrases if n]


def _answer_1(answer: Answer, nr: int, lang: str, choice: Choice | None) -> list[str]:
    v1 = answer.shown["vraag_1"]
    places = sorted(v1["gemeenten"], key=lambda g: g["naam"])
    if not places:
        return [tn("antwoord.v1", lang, 0)]
    experts = int(answer.parts.gemeenten_totaal.frame.iloc[0]["experts"])
    total = format_eur_text(v1["totaal_financiering_eur"], lang)
    text = [
        tn("antwoord.v1", lang, len(places))
        + " "
        + tn("antwoord.v1_experts", lang, experts, bedrag=total)
    ]
    if len(places) <= LIST_MAX:
        text.append(t("antwoord.v1_lijst", lang))
        text += [
            "- "
            + tn(
                "antwoord.v1_gemeente",
                lang,
                g["experts"],
                naam=g["naam"],
                bedrag=format_eur_text(g["financiering_eur"], lang),
            )
            for g in places
        ]
    titel = t(TABLES[1][0], lang)
    text.append(t("antwoord.v1_tabel", lang, nr=table_number(nr, 0, 1), titel=titel))
    return text


def _answer_2(answer: Answer, nr: int, lang: str, choice: Choice | None) -> list[str]:
    v2 = answer.shown["vraag_2"]
    total, calls = v2["aantal_trajecten"], list(v2["per_oproep"].items())
    if not total:
        return [tn("antwoord.v2", lang, 0, oproepen="")]
    if len(calls) == 1:
        counts = [tn("antwoord.v2_een_oproep", lang, total, jaar=calls[0][0])]
    else:
        per_call = [
            t(
                "antwoord.v2_per_oproep" if i == 0 else "antwoord.v2_per_oproep_verder",
                lang,
                aantal=n,
                jaar=jaar,
            )
            for i, (jaar, n) in enumerate(calls)
            if n
        ]
        counts = [tn("antwoord.v2", lang, total, oproepen=join(per_call, lang))]
    status = v2["per_status"]
    started = counted(
        [(f"antwoord.v2_{s}", status[s]) for s in ("afgerond", "lopend", "stopgezet")], lang
    )
    counts.append(
        tn("antwoord.v2_ondernomen", lang, v2["ondernomen"], statussen=join(started, lang))
    )
    waiting = counted(
        [(f"antwoord.v2_{s}", status[s]) for s in ("goedgekeurd", "aangevraagd")], lang
    )
    if waiting:
        counts.append(t("antwoord.v2_nog", lang, wachtend=join(waiting, lang)))
    text = [" ".join(counts)]
    if len(v2["trajecten"]) <= LIST_MAX:
        text.append(t("antwoord.v2_lijst", lang))
        text += ["- " + _trajectory(tr, lang) for tr in v2["trajecten"]]
    keys = TABLES[2]
    text.append(
        t(
            "antwoord.v2_tabel",
            lang,
            trajecten_nr=table_number(nr, 0, len(keys)),
            trajecten=t(keys[0], lang),
            aantallen_nr=table_number(nr, 1, len(keys)),
            aantallen=t(keys[1], lang),
        )
    )
    return text


def _trajectory(tr: dict[str, Any], lang: str) -> str:
    return t(
        "antwoord.v2_traject",
        lang,
        id=tr["traject_id"],
        aanbiedend=name(tr["aanbiedend"]),
        vragend=join([name(n) for n in tr["vragend"]], lang),
        vorm=label("vorm", tr["vorm"], lang),
        status=label("status", tr["status"], lang),
    )


def _answer_4(answer: Answer, nr: int, lang: str, choice: Choice | None) -> list[str]:
    v4, benutting = answer.shown["vraag_4"], answer.shown["vraag_6"]["benutting_pct"]
    money = {
        "beschikbaar": format_eur_text(v4["totaal_beschikbaar_eur"], lang),
        "uitbetaald": format_eur_text(v4["totaal_uitbetaald_eur"], lang),
    }
    if benutting is None:
        text = [t("antwoord.v4_zonder_benutting", lang, **money)]
    else:
        text = [t("antwoord.v4", lang, **money, benutting=format_pct(benutting, 1, lang))]
    if v4["budgetlijnen"]:
        onder, boven = (format_number(p, lang) for p in answer.parts.thresholds)
        text[0] += " " + t("antwoord.v4_drempels", lang, onder=onder, boven=boven)
        text += ["- " + _budget_line(line, lang) for line in v4["budgetlijnen"]]
    titel = t(TABLES[4][0], lang)
    text.append(t("antwoord.v4_tabel", lang, nr=table_number(nr, 0, 1), titel=titel))
    return text


def _budget_line(line: dict[str, Any], lang: str) -> str:
    values = {
        "jaar": line["begrotingsjaar"],
        "lijn": line["budgetlijn"],
        "beschikbaar": format_eur_text(line["beschikbaar_eur"], lang),
        "uitbetaald": format_eur_text(line["uitbetaald_eur"], lang),
    }
    verdict, explanation = line["oordeel"], (line["toelichting"] or "").strip()
    if verdict == "n.v.t.":
        key = "antwoord.v4_lijn_nvt" if line["uitbetaald_eur"] else "antwoord.v4_lijn_niets"
        return " ".join([t(key, lang, **values), explanation]).strip()
    text = t(
        "antwoord.v4_lijn",
        lang,
        **values,
        benutting=format_pct(line["benutting_pct"], 1, lang),
        oordeel=t(f"antwoord.v4_{verdict}", lang),
    )
    if not explanation and verdict != "conform":
        explanation = t("antwoord.v4_verklaring_ontbreekt", lang)  # asked for: "hoe verklaart"
    return f"{text} {explanation}".strip()


def _answer_5(answer: Answer, nr: int, lang: str, choice: Choice | None) -> list[str]:
    criteria = answer.shown["vraag_5"]["criteria"]
    text = [tn("antwoord.v5", lang, len(criteria))]
    text += [
        "- "
        + tn(
            "antwoord.v5_criterium",
            lang,
            c["aantal_experts"],
            omschrijving=str(c["omschrijving"]).strip().rstrip("."),
        )
        for c in criteria
    ]
    if criteria:
        experts = int(answer.parts.gemeenten_totaal.frame.iloc[0]["experts"])
        titel = t(TABLES[5][0], lang)
        text.append(tn("antwoord.v5_tabel", lang, experts, nr=table_number(nr, 0, 1), titel=titel))
    return text


Writer = Callable[[Answer, int, str, Choice | None], list[str]]


def _writers() -> dict[int, Writer]:
    from wisselaar.answer_evaluation import answer_3, answer_6

    return {1: _answer_1, 2: _answer_2, 3: answer_3, 4: _answer_4, 5: _answer_5, 6: answer_6}


def answer_paragraphs(
    answer: Answer,
    number: int,
    nr: int | None = None,
    lang: str = "nl",
    choice: Choice | None = None,
) -> list[str]:
    """The paragraphs answering sub-question `number` of question 342, as sub-question `nr`
    of the document (its annex tables are numbered `nr`); `choice`: the quotes of answer 3."""
    return _writers()[number](answer, nr or number, lang, choice)


def paragraphs(
    answer: Answer, lang: str = "nl", choice: Choice | None = None
) -> list[tuple[str, list[str]]]:
    """(heading, paragraphs) per sub-question, in order."""
    return [
        (t("antwoord.kop", lang, nr=nr), answer_paragraphs(answer, nr, nr, lang, choice))
        for nr in range(1, 7)
    ]


def stand_line(stand: Stand, lang: str = "nl") -> str:
    """The moment and the versions (the command line's text, the annex's Verantwoording)."""
    line = stand_text(stand, lang)
    return line + (" " + t("antwoord.voorbeeld", lang) if stand.sample else "")


def answer_text(answer: Answer, lang: str = "nl") -> str:
    lines = [t("antwoord.titel", lang), stand_line(answer.stand, lang), ""]
    for heading, body in paragraphs(answer, lang):
        lines.append(heading)
        lines.extend(body)
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
