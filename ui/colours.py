"""One colour and one pattern per value, the same on every chart and map, whatever the filters.

A status, form, theme or role keeps its look when filters remove the other values: a look
taken from a series' position would pass "afgerond"'s blue to a lone "stopgezet". Colours are
Okabe-Ito (safe for every colour-vision deficiency; its yellow is left out, too light on white
for thin marks), and a pattern goes with each colour, so colour is never the only cue: the
legend, the axis and every hover say the value in words too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from wisselaar.schema import STATUSSEN, THEMAS, VORMEN

BLUE, ORANGE, GREEN, PURPLE = "#0072B2", "#E69F00", "#009E73", "#CC79A7"
SKY, VERMILLION, BLACK = "#56B4E9", "#D55E00", "#000000"
PALETTE = (BLUE, ORANGE, GREEN, PURPLE, SKY, VERMILLION, BLACK)
PATTERNS = ("", "/", ".", "x", "-", "\\", "+")
NONE_COLOUR = "#E4E4E4"  # "no role": light grey, said in words in the legend


@dataclass(frozen=True)
class Look:
    colour: str
    pattern: str  # plotly's pattern shape; "" is solid


def _cycle(values: tuple[str, ...]) -> dict[str, Look]:
    """Distinct looks for more values than colours: colour and pattern advance together, and
    after each round of colours the pattern shifts by one, so no pair repeats."""
    n = len(PALETTE)
    return {v: Look(PALETTE[i % n], PATTERNS[(i + i // n) % n]) for i, v in enumerate(values)}


ROLES = {
    "aanbiedend": Look(BLUE, ""),
    "vragend": Look(ORANGE, "/"),
    "beide": Look(PURPLE, "x"),
    "geen": Look(NONE_COLOUR, ""),
}
LOOKS: dict[str, dict[str, Look]] = {
    "status": dict(
        zip(
            STATUSSEN,
            (
                Look(SKY, "."),  # aangevraagd
                Look(GREEN, "/"),  # goedgekeurd
                Look(ORANGE, "x"),  # lopend
                Look(BLUE, ""),  # afgerond
                Look(VERMILLION, "\\"),  # stopgezet
            ),
            strict=True,
        )
    ),
    "vorm": dict(
        zip(
            VORMEN,
            (Look(BLUE, ""), Look(ORANGE, "/"), Look(GREEN, "."), Look(PURPLE, "x")),
            strict=True,
        )
    ),
    "thema": _cycle(THEMAS),
    "rol": ROLES,  # the map's roles and the evaluations' roles (aanbiedend, vragend)
}


def look(kind: str, value: object) -> Look | None:
    """The look of `value` (a status, form, theme or role); None for values without one."""
    return LOOKS.get(kind, {}).get(str(value))


def by_position(index: int) -> Look:
    """For series that are no such value (available against paid): by their position."""
    return Look(PALETTE[index % len(PALETTE)], PATTERNS[index % len(PATTERNS)])


def marker(looks: list[Look], *, patterned: bool = True) -> dict[str, Any]:
    """A plotly bar marker: one look for a whole series, or one per bar."""
    colours = [x.colour for x in looks]
    shapes = [x.pattern for x in looks]
    single = len(looks) == 1
    result: dict[str, Any] = {"color": colours[0] if single else colours}
    if patterned and any(shapes):
        result["pattern"] = {"shape": shapes[0] if single else shapes}
    return result
