"""A pasted written question as a composed question: what was recognised (question_intake),
the blocks proposed per sub-question (block_matching) and the due date (deadlines).

Shared by the page (recognise, show, let the adviser correct, save) and the command line
(`vraag-inlezen FILE [--json]`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from wisselaar.block_matching import Proposal, combined, named_filters, propose
from wisselaar.deadlines import NO_DAYS_OFF, DaysOff, due_date
from wisselaar.formatting import format_date
from wisselaar.i18n import t
from wisselaar.question_intake import Recognised, recognise
from wisselaar.questions import NO_BLOCK, Block, BlockFilters, Question


@dataclass(frozen=True)
class Intake:
    recognised: Recognised
    proposals: tuple[tuple[Proposal, ...], ...]  # per sub-question, best first
    filters: tuple[BlockFilters, ...]  # per sub-question: the filters its text names
    due: dt.date


def read_question(text: str, off: DaysOff = NO_DAYS_OFF) -> Intake:
    """Raises question_intake.NotAQuestion when `text` is not a written question."""
    found = recognise(text)
    subject = named_filters(found.onderwerp)
    return Intake(
        found,
        tuple(tuple(propose(text)) for text in found.deelvragen),
        tuple(combined(named_filters(text), subject) for text in found.deelvragen),
        due_date(found.datum, off),
    )


def as_question(intake: Intake) -> Question:
    """An unsaved composed question: each sub-question with its best proposal (NO_BLOCK and
    no filters when there is none)."""
    r = intake.recognised
    blocks = tuple(
        Block(proposals[0].blok, text, filters) if proposals else Block(NO_BLOCK, text)
        for text, proposals, filters in zip(
            r.deelvragen, intake.proposals, intake.filters, strict=True
        )
    )
    return Question(
        str(r.nummer),
        r.datum,
        r.lid,
        tuple(m.naam for m in r.ministers),
        r.onderwerp,
        blocks,
        titels=tuple(m.titel for m in r.ministers) if any(m.titel for m in r.ministers) else (),
        medevragen=tuple(str(n) for n in r.medevragen),
    )


def to_json(intake: Intake) -> dict[str, Any]:
    """The `vraag-inlezen --json` object (issue 14, point 4)."""
    r = intake.recognised
    return {
        "number": r.nummer,
        "member": r.lid,
        "date": r.datum.isoformat(),
        "ministers": [m.naam for m in r.ministers],
        "subject": r.onderwerp,
        "co_questions": list(r.medevragen),
        "sub_questions": [
            {"text": text, "blocks": [p.blok for p in proposals]}
            for text, proposals in zip(r.deelvragen, intake.proposals, strict=True)
        ],
        "due_date": intake.due.isoformat(),
    }


def describe(intake: Intake, lang: str = "nl") -> list[str]:
    """What was recognised, the proposals and the due date, as lines of readable text."""
    r = intake.recognised
    lines = [
        t("intake.tekst_nummer", lang, nummer=r.nummer, datum=format_date(r.datum), lid=r.lid),
        t("intake.tekst_onderwerp", lang, onderwerp=r.onderwerp or "–"),
    ]
    for m in r.ministers:
        number = f" ({m.nummer})" if m.nummer is not None else ""
        title = f": {m.titel}" if m.titel else ""
        lines.append(t("intake.tekst_minister", lang, naam=m.naam + number, titel=title))
    if r.medevragen:
        numbers = ", ".join(str(n) for n in r.medevragen)
        lines.append(t("intake.tekst_medevragen", lang, nummers=numbers))
    lines.append(t("intake.tekst_termijn", lang, datum=format_date(intake.due)))
    for nr, (text, proposals) in enumerate(zip(r.deelvragen, intake.proposals, strict=True), 1):
        lines += ["", f"{nr}. {text}"]
        for p in proposals:
            label, reden = t(f"blok.{p.blok}", lang), p.reason(lang)
            voorstel = t("intake.tekst_voorstel", lang, blok=p.blok, label=label, reden=reden)
            lines.append(f"   {voorstel}")
        if not proposals:
            lines.append("   " + t("intake.tekst_geen_voorstel", lang))
    return lines
