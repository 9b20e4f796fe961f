"""Answers 3 and 6 of question 342: what the evaluations say, and how the measure did.

Answer 3 gives the added value by theme with its count and, per theme, at most two short
quotes from the evaluations' own explanations (wisselaar/quotes.py; the adviser's choice,
by default the two most recent), then the reports. Answer 6 is a structured evaluation:
reach (trajectories and municipalities per call), results (completed trajectories, goals
reached and satisfaction, and how they moved between the first and the last call), budget
use, and one marked paragraph for the minister's own assessment, which the product never
writes. Every figure comes from the answer's parts (the figure engine); comparing two of
them to say "rose" or "fell" is all that happens here.
"""

from __future__ import annotations

from decimal import Decimal

from wisselaar.answer import Answer, Call
from wisselaar.answer_text import LIST_MAX, TABLES, counted, join, table_number, table_reference
from wisselaar.engine import derived
from wisselaar.formatting import (
    format_decimal_places,
    format_eur_text,
    format_int,
    format_month,
    format_pct,
)
from wisselaar.i18n import t, tn
from wisselaar.labels import label
from wisselaar.quotes import Choice, Quote, candidates, chosen, default_choice


def theme_order(answer: Answer) -> list[str]:
    """The added-value themes named at least once, the most named first (ties: the
    contract's order)."""
    counts = answer.shown["vraag_3"]["meerwaarde"]
    return [theme for theme, n in sorted(counts.items(), key=lambda kv: -kv[1]) if n]


def quote_options(answer: Answer) -> tuple[dict[str, list[Quote]], dict[str, list[str]]]:
    """Every theme's candidate quotes (newest first) and the default choice; the candidates
    made once per data version and scope (the draft asks for them three times)."""
    figure = answer.parts.toelichtingen
    if figure.source is None:
        found = candidates(figure.frame)
    else:
        found = derived(figure.source, "citaten", figure.filters, lambda: candidates(figure.frame))
    return found, default_choice(found, theme_order(answer))


def quotes_shown(answer: Answer, choice: Choice | None) -> dict[str, list[Quote]]:
    found, default = quote_options(answer)
    return chosen(found, default if choice is None else {**default, **choice})


def _quote(quote: Quote, lang: str) -> str:
    return t(
        "antwoord.v3_citaat",
        lang,
        tekst=quote.tekst,
        bestuur=quote.bestuur,
        rol=label("rol", quote.rol, lang),
        datum=format_month(quote.datum, lang),
    )


def answer_3(answer: Answer, nr: int, lang: str, choice: Choice | None) -> list[str]:
    v3 = answer.shown["vraag_3"]
    said = [tn("antwoord.v3", lang, v3["aantal_evaluaties"])]
    if v3["gemiddelde_tevredenheid"] is not None:
        score = format_decimal_places(v3["gemiddelde_tevredenheid"], 2, lang)
        said.append(t("antwoord.v3_tevredenheid", lang, gemiddelde=score))
    goals = v3["doelen_bereikt"]
    reached = counted([(f"antwoord.v3_doel_{d}", goals[d]) for d in ("ja", "deels", "nee")], lang)
    if reached:
        said.append(t("antwoord.v3_doelen", lang, doelen=join(reached, lang)))
    text = [" ".join(said)]
    themes = theme_order(answer)
    if themes:
        quotes = quotes_shown(answer, choice)
        text.append(t("antwoord.v3_meerwaarde", lang))
        for theme in themes:
            head = tn(
                "antwoord.v3_thema",
                lang,
                v3["meerwaarde"][theme],
                thema=t(f"antwoord_thema.{theme}", lang),
            )
            words = "; ".join(_quote(q, lang) for q in quotes.get(theme, []))
            line = (
                t("antwoord.v3_thema_citaten", lang, thema=head, citaten=words) if words else head
            )
            text.append(f"- {line}.")
        text.append(t("antwoord.v3_meerwaarde_tabel", lang, tabel=table_reference(3, 0, nr, lang)))
    reports = v3["rapporten"]
    if len(reports) > LIST_MAX:
        text.append(
            tn(
                "antwoord.v3_rapporten_lang",
                lang,
                len(reports),
                tabel=table_reference(3, 1, nr, lang),
            )
        )
        return text
    text.append(tn("antwoord.v3_rapporten", lang, len(reports)))
    text += ["- " + _report(r["traject_id"], str(r["rapport"]), lang) for r in reports]
    return text


def _report(traject: str, report: str, lang: str) -> str:
    """A report by its title (`Eindrapport ... (traject W1-01)`), or a link by its trajectory."""
    if report.startswith(("https://", "http://")):
        return t("antwoord.v3_rapport_link", lang, id=traject, rapport=report)
    if traject in report:  # "Eindrapport W22-08: ..." names its trajectory already
        return report
    return t("antwoord.v3_rapport", lang, id=traject, rapport=report)


def answer_6(answer: Answer, nr: int, lang: str, choice: Choice | None) -> list[str]:
    v6, k, calls = answer.shown["vraag_6"], answer.parts.kerncijfers, answer.parts.calls
    text = []
    if calls:
        per_call = [_reach(call, first=i == 0, lang=lang) for i, call in enumerate(calls)]
        text.append(
            t(
                "antwoord.v6_bereik",
                lang,
                oproepen="; ".join(per_call),
                aanbiedend=format_int(k.aanbiedende_gemeenten, lang),
                vragend=tn("aantal.vragend", lang, k.vragende_gemeenten),
            )
        )
    afgerond = tn("antwoord.v6_afgerond", lang, v6["afgerond"])
    results = [tn("antwoord.v6_resultaten", lang, v6["ondernomen"], afgerond=afgerond)]
    results += _results(v6["aandeel_doelen_bereikt_pct"], v6["gemiddelde_tevredenheid"], lang)
    text.append(" ".join(results + _movement(calls, lang)))
    closing = []
    if v6["benutting_pct"] is not None:
        budget = answer.shown["vraag_4"]
        closing.append(
            t(
                "antwoord.v6_budget",
                lang,
                beschikbaar=format_eur_text(budget["totaal_beschikbaar_eur"], lang),
                uitbetaald=format_eur_text(budget["totaal_uitbetaald_eur"], lang),
                benutting=format_pct(v6["benutting_pct"], 1, lang),
            )
        )
    titel = t(TABLES[6][0], lang)
    number = table_number(nr, 0, len(TABLES[6]))
    closing.append(t("antwoord.v6_tabel", lang, nr=number, titel=titel))
    text += [" ".join(closing), t("antwoord.v6_beoordeling", lang)]
    return text


def _reach(call: Call, *, first: bool, lang: str) -> str:
    k = call.kerncijfers
    return t(
        "antwoord.v6_oproep" if first else "antwoord.v6_oproep_verder",
        lang,
        jaar=call.oproep,
        trajecten=tn("aantal.trajecten", lang, k.trajecten),
        aanbiedend=format_int(k.aanbiedende_gemeenten, lang),
        vragend=tn("aantal.vragend", lang, k.vragende_gemeenten),
    )


def _score(value: Decimal | None, lang: str) -> str:
    return format_decimal_places(value, 2, lang) if value is not None else t("antwoord.nvt", lang)


def _results(goals: Decimal | None, score: Decimal | None, lang: str) -> list[str]:
    if goals is not None and score is not None:
        pct = format_pct(goals, 1, lang)
        return [t("antwoord.v6_doelen", lang, doelen=pct, gemiddelde=_score(score, lang))]
    if goals is not None:
        return [t("antwoord.v6_doelen_zonder_score", lang, doelen=format_pct(goals, 1, lang))]
    if score is not None:
        return [t("antwoord.v6_score", lang, gemiddelde=_score(score, lang))]
    return []


def _movement(calls: tuple[Call, ...], lang: str) -> list[str]:
    """Goals reached and satisfaction per call, and from the first to the last call with a
    completed trajectory: rose, fell or stayed. A call whose trajectories all still run has
    interim evaluations only; comparing it would read as a fall, so the text says why it is
    left out."""
    evaluated = [c for c in calls if c.kerncijfers.doelen_bereikt_pct is not None]
    rated = [c for c in evaluated if c.afgerond]
    if len(rated) < 2:
        return []
    running = [str(c.oproep) for c in evaluated if not c.afgerond]
    per_call = [
        t(
            "antwoord.v6_doelen_oproep" if i == 0 else "antwoord.v6_doelen_oproep_verder",
            lang,
            jaar=c.oproep,
            doelen=format_pct(c.kerncijfers.doelen_bereikt_pct, 1, lang),
            gemiddelde=_score(c.kerncijfers.gemiddelde_tevredenheid, lang),
        )
        for i, c in enumerate(rated)
    ]
    first, last = rated[0].kerncijfers, rated[-1].kerncijfers
    goals = _moved("doelen", first.doelen_bereikt_pct, last.doelen_bereikt_pct, lang)
    satisfied = _moved(
        "tevredenheid", first.gemiddelde_tevredenheid, last.gemiddelde_tevredenheid, lang
    )
    text = [t("antwoord.v6_per_oproep", lang, oproepen=join(per_call, lang))]
    if goals and satisfied:
        text.append(
            t(
                "antwoord.v6_verloop",
                lang,
                van=rated[0].oproep,
                tot=rated[-1].oproep,
                doelen=goals,
                tevredenheid=satisfied,
            )
        )
    if running:
        key = "antwoord.v6_nog_lopend" + ("_meer" if len(running) > 1 else "")
        text.append(t(key, lang, jaren=join(running, lang)))
    return text


def _moved(what: str, before: Decimal | None, after: Decimal | None, lang: str) -> str:
    if before is None or after is None:
        return ""
    way = "steeg" if after > before else "daalde" if after < before else "gelijk"
    shown = (
        (lambda v: format_pct(v, 1, lang))
        if what == "doelen"
        else (lambda v: format_decimal_places(v, 2, lang))
    )
    return t(f"antwoord.v6_{what}_{way}", lang, voor=shown(before), na=shown(after))
