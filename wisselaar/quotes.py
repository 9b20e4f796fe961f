"""What the evaluations say, as short quotes per added-value theme (answer 3 of question 342).

The quotes are the evaluations' own words (`Toelichting`, figures.toelichtingen: newest
first, each with its `meerwaarde` list); nothing is paraphrased. Per theme at most two are
shown, by default the two most recent that another theme has not already quoted, preferring
evaluations that name the theme first (their main added value, so that the words are about
it) over those that name it among others; an adviser
may choose others or none on the Parlementaire vragen page. The choice is part of what the
draft's identifier hashes (`choice_key`), so the same choice gives the same files.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from wisselaar.schema import MEERWAARDE

if TYPE_CHECKING:
    import datetime as dt

    import pandas as pd

PER_THEME = 2
SHORT = 200  # characters; a longer explanation is cut after a sentence or word, with "(…)"
Choice = Mapping[str, Sequence[str]]  # theme -> the evaluatie_ids quoted for it


@dataclass(frozen=True)
class Quote:
    evaluatie_id: str
    traject_id: str
    bestuur: str  # the municipality's name
    rol: str  # aanbiedend / vragend
    datum: dt.date
    tekst: str  # the explanation, shortened to SHORT
    themes: tuple[str, ...] = ()  # the added values the evaluation names, in its order


def shorten(text: str, limit: int = SHORT) -> str:
    """The text whole when short, else up to the last sentence end (or word) before `limit`,
    marked with "(…)" as a cut quote is."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    head = text[:limit]
    ends = [m.end() for m in re.finditer(r"[.!?](?=\s)", head)]
    if ends and ends[-1] > limit // 2:
        return head[: ends[-1]] + " (…)"
    return head.rsplit(" ", 1)[0].rstrip(",;:") + " (…)"


def candidates(toelichtingen: pd.DataFrame) -> dict[str, list[Quote]]:
    """Per theme (in the contract's order) the distinct explanations of the evaluations that
    name it, newest first; the same words from several evaluations count once (the newest)."""
    out: dict[str, list[Quote]] = {theme: [] for theme in MEERWAARDE}
    seen: dict[str, set[str]] = {theme: set() for theme in MEERWAARDE}
    for row in toelichtingen.itertuples():
        text = " ".join(str(row.toelichting).split())
        themes = tuple(_themes(row.meerwaarde))
        for theme in themes:
            if theme in out and text not in seen[theme]:
                seen[theme].add(text)
                quote = Quote(
                    str(row.evaluatie_id),
                    str(row.traject_id),
                    str(row.bestuur_naam),
                    str(row.rol),
                    row.datum,
                    shorten(text),
                    themes,
                )
                out[theme].append(quote)
    return out


def _themes(value: Any) -> list[str]:
    if value is None or (isinstance(value, float) and value != value):
        return []
    return [str(v) for v in (value.tolist() if hasattr(value, "tolist") else value)]


def default_choice(
    found: Mapping[str, Sequence[Quote]], order: Sequence[str]
) -> dict[str, list[str]]:
    """The two most recent quotes per theme, going through the themes in `order` (the most
    named first) and skipping words another theme already quotes; the evaluations that name
    the theme first come before those that name it second or later."""
    used: set[str] = set()
    choice: dict[str, list[str]] = {}
    for theme in order:
        fresh = [q for q in found.get(theme, ()) if q.tekst not in used]
        main = [q for q in fresh if q.themes[:1] == (theme,)]
        picked = (main + [q for q in fresh if q not in main])[:PER_THEME]
        used.update(q.tekst for q in picked)
        choice[theme] = [q.evaluatie_id for q in picked]
    return choice


def chosen(found: Mapping[str, Sequence[Quote]], choice: Choice) -> dict[str, list[Quote]]:
    """The quotes of `choice` per theme (at most two, newest first); unknown ids are dropped."""
    out: dict[str, list[Quote]] = {}
    for theme, ids in choice.items():
        wanted = set(ids)
        out[theme] = [q for q in found.get(theme, ()) if q.evaluatie_id in wanted][:PER_THEME]
    return out


def choice_key(choice: Choice | None, default: Choice) -> str:
    """ "" for the default choice (the identifier is then the hash of the figures alone, as
    README's rule says), else the choice as canonical JSON, which the identifier also hashes."""
    if choice is None:
        return ""
    normal = {theme: sorted(choice.get(theme, ids)) for theme, ids in default.items()}
    if normal == {theme: sorted(ids) for theme, ids in default.items()}:
        return ""
    return json.dumps(normal, ensure_ascii=False, sort_keys=True)
