"""Question 342 answered in readable Dutch (or English): the plain-text form of `answer`.

The sentences are catalogue templates with the figures filled in, in Belgian formats; the
draft .docx of a later stage reuses `paragraphs` so text and document never disagree.
"""

from __future__ import annotations

from typing import Any

from wisselaar.answer import Answer
from wisselaar.engine import Stand
from wisselaar.formatting import (
    format_decimal_places,
    format_eur,
    format_int,
    format_pct,
)
from wisselaar.i18n import t
from wisselaar.municipalities import by_nis
from wisselaar.provenance import stand_text


def _name(nis: str) -> str:
    gemeente = by_nis(nis)
    return gemeente.naam if gemeente else nis


def _join(items: list[str], lang: str) -> str:
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return t("antwoord.en", lang, eerste=", ".join(items[:-1]), laatste=items[-1])


def _count_list(counts: dict[str, int], lang: str) -> str:
    return (
        _join([f"{format_int(n, lang)} {label}" for label, n in counts.items() if n], lang) or "0"
    )


def paragraphs(answer: Answer, lang: str = "nl") -> list[tuple[str, list[str]]]:
    """(heading, paragraphs) per sub-question, in order."""
    f: dict[str, Any] = answer.shown
    v1, v2, v3, v4, v5, v6 = (f[f"vraag_{i}"] for i in range(1, 7))
    out: list[tuple[str, list[str]]] = []

    gemeenten = [
        t(
            "antwoord.v1_gemeente",
            lang,
            naam=g["naam"],
            experts=format_int(g["experts"], lang),
            bedrag=format_eur(g["financiering_eur"], lang),
        )
        for g in v1["gemeenten"]
    ]
    v1_text = [
        t(
            "antwoord.v1",
            lang,
            aantal=format_int(len(v1["gemeenten"]), lang),
            totaal=format_eur(v1["totaal_financiering_eur"], lang),
        )
    ]
    v1_text += [f"- {line}" for line in gemeenten]
    out.append((t("antwoord.kop", lang, nr=1), v1_text))

    v2_text = [
        t(
            "antwoord.v2",
            lang,
            aantal=format_int(v2["aantal_trajecten"], lang),
            ondernomen=format_int(v2["ondernomen"], lang),
            statussen=_count_list(v2["per_status"], lang),
            oproepen=_join(
                [
                    f"{n} ({t('antwoord.oproep', lang)} {jaar})"
                    for jaar, n in v2["per_oproep"].items()
                ],
                lang,
            )
            or "0",
        )
    ]
    v2_text += [
        "- "
        + t(
            "antwoord.v2_traject",
            lang,
            id=tr["traject_id"],
            aanbiedend=_name(tr["aanbiedend"]),
            vragend=_join([_name(n) for n in tr["vragend"]], lang),
            vorm=tr["vorm"],
            status=tr["status"],
        )
        for tr in v2["trajecten"]
    ]
    out.append((t("antwoord.kop", lang, nr=2), v2_text))

    gem = v3["gemiddelde_tevredenheid"]
    v3_text = [
        t(
            "antwoord.v3",
            lang,
            aantal=format_int(v3["aantal_evaluaties"], lang),
            gemiddelde=format_decimal_places(gem, 2, lang)
            if gem is not None
            else t("antwoord.nvt", lang),
            doelen=_count_list(v3["doelen_bereikt"], lang),
            meerwaarde=_count_list(
                dict(sorted(v3["meerwaarde"].items(), key=lambda kv: -kv[1])), lang
            ),
        ),
        t("antwoord.v3_rapporten", lang, aantal=format_int(len(v3["rapporten"]), lang)),
    ]
    v3_text += [f"- {r['traject_id']}: {r['rapport']}" for r in v3["rapporten"]]
    out.append((t("antwoord.kop", lang, nr=3), v3_text))

    v4_text = [
        t(
            "antwoord.v4",
            lang,
            beschikbaar=format_eur(v4["totaal_beschikbaar_eur"], lang),
            uitbetaald=format_eur(v4["totaal_uitbetaald_eur"], lang),
            benutting=format_pct(v6["benutting_pct"], 1, lang) or t("antwoord.nvt", lang),
        )
    ]
    for line in v4["budgetlijnen"]:
        text = t(
            "antwoord.v4_lijn",
            lang,
            jaar=line["begrotingsjaar"],
            lijn=line["budgetlijn"],
            beschikbaar=format_eur(line["beschikbaar_eur"], lang),
            uitbetaald=format_eur(line["uitbetaald_eur"], lang),
            benutting=format_pct(line["benutting_pct"], 1, lang) or t("antwoord.nvt", lang),
            oordeel=line["oordeel"],
        )
        if line["toelichting"]:
            text += " " + line["toelichting"]
        v4_text.append(f"- {text}")
    out.append((t("antwoord.kop", lang, nr=4), v4_text))

    v5_text = [t("antwoord.v5", lang, aantal=format_int(len(v5["criteria"]), lang))]
    v5_text += [
        "- "
        + t(
            "antwoord.v5_criterium",
            lang,
            code=c["code"],
            omschrijving=c["omschrijving"],
            experts=format_int(c["aantal_experts"], lang),
        )
        for c in v5["criteria"]
    ]
    out.append((t("antwoord.kop", lang, nr=5), v5_text))

    nvt = t("antwoord.nvt", lang)
    out.append(
        (
            t("antwoord.kop", lang, nr=6),
            [
                t(
                    "antwoord.v6",
                    lang,
                    ondernomen=format_int(v6["ondernomen"], lang),
                    afgerond=format_int(v6["afgerond"], lang),
                    doelen=format_pct(v6["aandeel_doelen_bereikt_pct"], 1, lang) or nvt,
                    gemiddelde=format_decimal_places(gem, 2, lang) if gem is not None else nvt,
                    benutting=format_pct(v6["benutting_pct"], 1, lang) or nvt,
                )
            ],
        )
    )
    return out


def stand_line(stand: Stand, lang: str = "nl") -> str:
    line = stand_text(stand, lang)
    return line + (" " + t("antwoord.voorbeeld", lang) if stand.sample else "")


def answer_text(answer: Answer, lang: str = "nl") -> str:
    lines = [t("antwoord.titel", lang), stand_line(answer.stand, lang), ""]
    for heading, body in paragraphs(answer, lang):
        lines.append(heading)
        lines.extend(body)
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
