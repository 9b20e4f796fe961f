"""Which catalogue blocks answer a sub-question: a transparent, declared matching.

The words per concept and the concepts per block are data (block_keywords.toml, next to the
block catalogue question_blocks.BLOCKS; its header explains the rules). No external service:
a proposal says in words why it was made ("vraagt naar budget en over- of onderbenutting").

Besides blocks, the text may name filters a block can apply: a call (`oproep 2023`), a
province (`provincie Limburg`, `Limburgse gemeenten`) or a municipality (`gemeente Genk`).
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from wisselaar.i18n import t
from wisselaar.municipalities import FUSIEDATUM, MunicipalityError, resolve
from wisselaar.questions import BlockFilters

KEYWORDS = Path(__file__).with_name("block_keywords.toml")
TOPIC_WEIGHT = 2  # a concept of at least this weight makes a block a candidate
KEEP_RATIO = (2, 3)  # keep proposals scoring at least 2/3 of the best
MAX_PROPOSALS = 3
_ENDINGS = (("'s", ""), ("heden", "heid"), ("ingen", "ing"), ("en", ""), ("s", ""), ("e", ""))
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


@dataclass(frozen=True)
class Term:
    words: tuple[str, ...]  # stems
    exact: bool = False


@dataclass(frozen=True)
class Proposal:
    blok: str
    score: int
    begrippen: tuple[
        str, ...
    ]  # the block's topics asked for (weight >= TOPIC_WEIGHT), heaviest first

    def reason(self, lang: str = "nl") -> str:
        """`vraagt naar budget en over- of onderbenutting`."""
        labels = [t(f"matching.begrip_{c}", lang) for c in self.begrippen]
        if len(labels) > 1:
            labels = [t("antwoord.en", lang, eerste=", ".join(labels[:-1]), laatste=labels[-1])]
        return t("matching.reden", lang, begrippen=labels[0])


@cache
def keywords() -> tuple[dict[str, tuple[Term, ...]], dict[str, dict[str, int]]]:
    """({concept: its terms}, {block: {concept: weight}}) from block_keywords.toml."""
    with KEYWORDS.open("rb") as handle:
        data = tomllib.load(handle)
    concepts = {
        name: tuple(_term(word) for word in spec["woorden"])
        for name, spec in data["begrippen"].items()
    }
    return concepts, {block: dict(weights) for block, weights in data["blokken"].items()}


def _term(text: str) -> Term:
    exact = text.startswith("=")
    return Term(tuple(words(text.lstrip("="))), exact)


def stem(word: str) -> str:
    """Stemming-light for Dutch: one ending dropped, a doubled last consonant undoubled."""
    for ending, replacement in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            word = word[: -len(ending)] + replacement
            break
    if len(word) >= 4 and word[-1] == word[-2] and word[-1] not in "aeiou":
        word = word[:-1]
    return word


def words(text: str) -> list[str]:
    """The stems of a text's words: lower case, accents and apostrophe kinds dropped."""
    plain = unicodedata.normalize("NFKD", text.replace("’", "'").casefold())
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return [stem(w) for w in _WORD.findall(plain)]


def _matches(word: str, term: str, exact: bool) -> bool:
    if word == term:
        return True
    return not exact and len(term) >= 4 and (word.startswith(term) or word.endswith(term))


def _found(stems: list[str], term: Term) -> bool:
    n = len(term.words)
    for start in range(len(stems) - n + 1):
        window = stems[start : start + n]
        head = all(w == x for w, x in zip(window[:-1], term.words[:-1], strict=True))
        if head and _matches(window[-1], term.words[-1], term.exact):
            return True
    return False


def asked(text: str) -> set[str]:
    """The concepts a text asks for."""
    stems = words(text)
    concepts, _ = keywords()
    return {name for name, terms in concepts.items() if any(_found(stems, x) for x in terms)}


def propose(text: str) -> list[Proposal]:
    """The blocks that answer `text`, best first (ties in catalogue order); [] when no block
    is asked for."""
    found = asked(text)
    proposals = []
    for block, weights in keywords()[1].items():
        hits = sorted((c for c in weights if c in found), key=lambda c: -weights[c])
        if hits and weights[hits[0]] >= TOPIC_WEIGHT:
            topics = tuple(c for c in hits if weights[c] >= TOPIC_WEIGHT)
            proposals.append(Proposal(block, sum(weights[c] for c in hits), topics))
    proposals.sort(key=lambda p: -p.score)  # stable: catalogue order within a score
    if not proposals:
        return []
    best, (num, den) = proposals[0].score, KEEP_RATIO
    return [p for p in proposals if p.score * den >= best * num][:MAX_PROPOSALS]


# -- filters named in the text --------------------------------------------------------------

CALL = re.compile(r"\b(?:project)?oproep(?:\s+(?:van|uit|in))?\s+(20[2-3]\d)\b", re.I)
PROVINCES = {
    "Antwerpen": r"provincie\s+antwerpen|antwerpse\s+gemeenten",
    "Limburg": r"limburg",
    "Oost-Vlaanderen": r"oost-?\s?vla(?:anderen|amse)",
    "Vlaams-Brabant": r"vlaams-?\s?brabant",
    "West-Vlaanderen": r"west-?\s?vla(?:anderen|amse)",
}
PLACE = re.compile(r"\b(?:gemeente|stad)\s+((?:[A-Z][\w'’-]+)(?:\s+[A-Z][\w'’-]+)?)")


def named_filters(text: str) -> BlockFilters:
    """The call years, provinces and municipality (2025 code) a text names."""
    calls = tuple(sorted({int(year) for year in CALL.findall(text)}))
    provinces = tuple(p for p, pattern in PROVINCES.items() if re.search(pattern, text, re.I))
    return BlockFilters(oproepen=calls, provincies=provinces, gemeente=_municipality(text))


def _municipality(text: str) -> str | None:
    for found in PLACE.finditer(text):
        name = found.group(1)
        for candidate in (name, name.split()[0]):
            try:
                return resolve(candidate, FUSIEDATUM).nis
            except MunicipalityError:
                continue
    return None


def combined(first: BlockFilters, fallback: BlockFilters) -> BlockFilters:
    """`first`, each filter it does not set taken from `fallback` (such as the subject's)."""
    return BlockFilters(
        oproepen=first.oproepen or fallback.oproepen,
        provincies=first.provincies or fallback.provincies,
        gemeente=first.gemeente or fallback.gemeente,
        statussen=first.statussen or fallback.statussen,
        stand=first.stand or fallback.stand,
    )
