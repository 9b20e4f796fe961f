"""Reading a written question as the Flemish Parliament publishes it (`vraag-342.txt`).

The text holds, in this order: the heading `SCHRIFTELIJKE VRAAG`, `nr. 342`, `van SUZY
WOUTERS`, `datum: 25 mei 2022`, the minister(s) in capitals (a name line, then title lines),
the subject line, an introduction, the numbered sub-questions (each may run over several
lines and hold several sentences) and a closing line `Deze vraag werd gesteld aan de ministers
Bart Somers (342) en Benjamin Dalle (145).` naming the co-addressed ministers with their own
numbers. Anything after the closing line (such as the published answer) is ignored.

Tolerated: page-break artefacts (form feeds, page numbers, running headers), words hyphenated
at a line's end, extra spaces and blank lines, `nr.`/`nr`/`nummer`/`no.`/`n°`, dates written
`25 mei 2022`, `25/05/2022` or `2022-05-25`. A text without the heading, number, member, date
or any sub-question is refused with a Dutch reason (`NotAQuestion`).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from wisselaar.i18n import t

MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "maart": 3, "mrt": 3, "maa": 3,
    "april": 4, "apr": 4, "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7,
    "augustus": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10,
    "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_DATES = (
    re.compile(rf"\b(\d{{1,2}})\s+({_MONTH})\.?\s+(\d{{4}})\b", re.I),
    re.compile(r"\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b"),
    re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b"),
)
HEADING = re.compile(r"schriftelijke\s+vraag", re.I)
NUMBER = re.compile(r"(?:\bnr|\bnummer|\bno|n°)\s*\.?\s*:?\s*(\d{1,6})\b", re.I)
MEMBER = re.compile(r"^van\s+(?!\d)(.+)$", re.I)
DATE_LINE = re.compile(r"^datum\b", re.I)
ITEM = re.compile(r"^(\d{1,2})\s*[.)]\s*(.*)$")
CLOSING = re.compile(r"^deze\s+vraag\s+werd\s+(?:ook\s+)?gesteld\s+aan\b", re.I)
ANSWER = re.compile(r"^(?:gecoordineerd\s+)?antwoord\b", re.I)
ARTEFACTS = (
    re.compile(r"^\d{1,3}$"),  # a bare page number
    re.compile(r"^[-–—]\s*\d{1,3}\s*[-–—]$"),  # - 2 -
    re.compile(r"^(?:pagina|blz\.?|p\.)\s*\d{1,3}(?:\s*(?:van|/)\s*\d{1,3})?$", re.I),
    re.compile(r"^\d{1,3}\s*/\s*\d{1,3}$"),  # 2/3
    re.compile(r"^vlaams\s+parlement(?:\s*[-–—|,].*)?$", re.I),  # a running header
)
HEADER_LINES = 8  # the heading, number, member and date are among the first lines
PARTICLES = {"van", "de", "den", "der", "het", "te", "ten", "ter", "vanden", "vander"}
TITLE_WORDS = re.compile(r"minister|staatssecretaris|president", re.I)
CONTINUES = re.compile(r"(?:,|\b(?:en|van|de|voor))$", re.I)  # a title line that goes on
_VOWELS = set("aeiouy")
LEFT_OUT = {"of", "en", "tot"}  # `over- of onderbenutting`: the hyphen stands for a word part


class NotAQuestion(ValueError):
    """The text is not a written question in the published format; `reason` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason  # a key of the catalogue's [inlezen] section

    def message(self, lang: str = "nl") -> str:
        return t(f"inlezen.{self.reason}", lang)


@dataclass(frozen=True)
class Minister:
    naam: str
    titel: str = ""
    nummer: int | None = None  # the question's number for this minister (closing line)


@dataclass(frozen=True)
class Recognised:
    nummer: int
    datum: dt.date
    lid: str
    ministers: tuple[Minister, ...]
    onderwerp: str
    medevragen: tuple[int, ...]  # the numbers of the same question for the other ministers
    deelvragen: tuple[str, ...]


def decode(data: bytes) -> str:
    """A pasted or saved text file: UTF-8 (with or without BOM), else Windows-1252."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def recognise(text: str) -> Recognised:
    lines = clean_lines(text)
    start = next((i for i, line in enumerate(lines) if HEADING.search(line)), None)
    if start is None:
        raise NotAQuestion("geen_kop")
    lines = lines[start:]
    header_end, nummer, lid, datum = _header(lines)
    before, closing = _until_closing(lines[header_end:])
    header_ministers, rest = _ministers(before)
    onderwerp, body = _subject(_groups(rest))
    deelvragen = _sub_questions(body)
    if not deelvragen:
        raise NotAQuestion("geen_deelvragen")
    named = _closing_ministers(closing)
    return Recognised(
        nummer,
        datum,
        lid,
        _merge_ministers(named, header_ministers),
        onderwerp,
        tuple(dict.fromkeys(n for _, n in named if n != nummer)),
        deelvragen,
    )


# -- cleaning -------------------------------------------------------------------------------


def clean_lines(text: str) -> list[str]:
    """The text's lines, whitespace collapsed, page artefacts replaced by blank lines."""
    text = unicodedata.normalize("NFC", text).replace("\u00ad", "")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    lines = []
    for raw in text.split("\n"):
        line = re.sub(r"\s+", " ", raw.replace("\u00a0", " ")).strip()
        lines.append("" if any(p.match(line) for p in ARTEFACTS) else line)
    return lines


def join_lines(lines: list[str]) -> str:
    """Lines as one text: a word hyphenated at a line's end is joined again, except where
    Dutch keeps the hyphen (`armoede-expert`) or it stands for a left-out part (`over- of
    onderbenutting`); a capital after the hyphen (`Oost-Vlaanderen`) keeps it too."""
    text = ""
    for line in (line for line in lines if line):
        word = line.split(" ", 1)[0].lower()
        hyphenated = bool(re.search(r"[^\W\d_]-$", text))
        if not text:
            text = line
        elif not hyphenated or word in LEFT_OUT or not line[:1].isalpha():
            text = f"{text} {line}"
        elif line[:1].isupper() or (text[-2].lower() in _VOWELS and word[:1] in _VOWELS):
            text += line  # Oost-Vlaanderen, armoede-expert: the hyphen stays
        else:
            text = text[:-1] + line
    return text.strip()


# -- the parts ------------------------------------------------------------------------------


def _header(lines: list[str]) -> tuple[int, int, str, dt.date]:
    """(index after the header, number, member, date) from the first few lines."""
    nummer = lid = datum = None
    last = seen = 0
    for index, line in enumerate(lines):
        if nummer and lid and datum:
            break
        seen += bool(line)
        if seen > HEADER_LINES:
            break
        number_line = nummer is None and (found := NUMBER.search(line))
        if number_line:
            nummer, last, line = int(found.group(1)), index, line[found.end() :].strip()
        dated = DATE_LINE.match(line) or number_line or not _without_date(line)
        if datum is None and dated and (day := parse_date(line)):
            datum, last, line = day, index, _without_date(line)
        if lid is None and (found := MEMBER.match(line)):
            lid, last = _person(found.group(1)), index
    if nummer is None:
        raise NotAQuestion("geen_nummer")
    if not lid:
        raise NotAQuestion("geen_vraagsteller")
    if datum is None:
        raise NotAQuestion("geen_datum")
    return last + 1, nummer, lid, datum


def parse_date(text: str) -> dt.date | None:
    for index, pattern in enumerate(_DATES):
        if found := pattern.search(text):
            a, b, c = found.groups()
            try:
                if index == 0:
                    return dt.date(int(c), MONTHS[b.lower()], int(a))
                if index == 1:
                    return dt.date(int(c), int(b), int(a))
                return dt.date(int(a), int(b), int(c))
            except ValueError:
                return None
    return None


def _without_date(line: str) -> str:
    for pattern in _DATES:
        line = pattern.sub("", line)
    return re.sub(r"^datum\s*:?\s*", "", line, flags=re.I).strip()


def _until_closing(lines: list[str]) -> tuple[list[str], str]:
    """The lines before the closing line (or the answer), and the closing line's text."""
    for index, line in enumerate(lines):
        if CLOSING.match(line):
            closing = [line]
            for more in lines[index + 1 : index + 4]:
                if closing[-1].endswith(".") or not more or ANSWER.match(_plain(more)):
                    break
                closing.append(more)
            return lines[:index], join_lines(closing)
        if ANSWER.match(_plain(line)) and line.upper() == line:
            return lines[:index], ""
    return lines, ""


def _groups(lines: list[str]) -> list[list[str]]:
    """Lines in groups separated by blank lines."""
    groups: list[list[str]] = [[]]
    for line in lines:
        if line:
            groups[-1].append(line)
        elif groups[-1]:
            groups.append([])
    return [g for g in groups if g]


def _ministers(lines: list[str]) -> tuple[list[Minister], list[str]]:
    """The ministers at the start (names and titles in capitals, blank lines or not between
    them), and the lines after them. A last line in capitals that is no title and does not go
    on from one is the subject."""
    taken: list[int] = []
    for index, line in enumerate(lines):
        if not line:
            continue
        if ITEM.match(line) or not (_capitals(line) or (taken and TITLE_WORDS.search(line))):
            break
        taken.append(index)
    while taken and not TITLE_WORDS.search(lines[taken[-1]]):
        if len(taken) > 1 and CONTINUES.search(lines[taken[-2]]):
            break
        taken.pop()
    if not taken:
        return [], lines
    return _split_ministers([lines[i] for i in taken]), lines[taken[-1] + 1 :]


def _capitals(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) / len(letters) > 0.9


def _split_ministers(group: list[str]) -> list[Minister]:
    """A name line starts a minister when a title line follows it; other lines are titles."""
    ministers: list[tuple[str, list[str]]] = []
    for index, line in enumerate(group):
        after_title = index > 0 and bool(CONTINUES.search(group[index - 1]))
        title_next = index + 1 < len(group) and bool(TITLE_WORDS.search(group[index + 1]))
        name = not TITLE_WORDS.search(line) and "," not in line and len(line.split()) <= 5
        if not ministers or (name and title_next and not after_title):
            ministers.append((line, []))
        else:
            ministers[-1][1].append(line)
    return [Minister(_person(name), join_lines(title)) for name, title in ministers]


def _subject(groups: list[list[str]]) -> tuple[str, list[list[str]]]:
    """The subject line (the first short group before the introduction) and the rest."""
    if groups and not ITEM.match(groups[0][0]):
        subject = join_lines(groups[0])
        if len(groups[0]) <= 3 and len(subject) <= 250 and "?" not in subject:
            return subject, groups[1:]
    return "", groups


def _sub_questions(groups: list[list[str]]) -> tuple[str, ...]:
    """Numbered items 1, 2, 3 ... (each until the next); without numbers, each paragraph
    that asks something."""
    items: list[list[str]] = []
    for line in (line for group in groups for line in [*group, ""]):
        found = ITEM.match(line)
        if found and int(found.group(1)) == len(items) + 1:
            items.append([found.group(2)])
        elif items:
            items[-1].append(line)
    if items:
        return tuple(text for item in items if (text := join_lines(item)))
    return tuple(text for group in groups if "?" in (text := join_lines(group)))


def _closing_ministers(closing: str) -> list[tuple[str, int]]:
    """[(name, number)] from `... gesteld aan de ministers Bart Somers (342) en ... (145).`"""
    rest = CLOSING.sub("", closing).strip()
    found = []
    for name, number in re.findall(r"([^(),]+?)\s*\((?:nr\.?\s*)?(\d{1,6})\)", rest, re.I):
        name = re.sub(r"^(?:en|,)\s+", "", name.strip(), flags=re.I)
        name = re.sub(
            r"^(?:de\s+)?(?:vice)?(?:minister-president|ministers?|staatssecretaris)\s+",
            "",
            name,
            flags=re.I,
        )
        if name:
            found.append((_person(name), int(number)))
    return found


def _merge_ministers(named: list[tuple[str, int]], header: list[Minister]) -> tuple[Minister, ...]:
    """The closing line's ministers (with their numbers) and the header's titles; a minister
    only in the header is kept too."""
    titles = {_key(m.naam): m.titel for m in header}
    merged = [Minister(name, titles.get(_key(name), ""), number) for name, number in named]
    known = {_key(m.naam) for m in merged}
    return tuple(merged + [m for m in header if _key(m.naam) not in known])


def _person(text: str) -> str:
    """`SUZY WOUTERS` -> `Suzy Wouters`, `VAN DEN BOSSCHE` -> `Van den Bossche`; a name in
    mixed case is kept as written. Forms of address are dropped."""
    text = re.sub(r"^(?:mevrouw|mevr\.|de heer|dhr\.|mr\.)\s+", "", text.strip(" .,:"), flags=re.I)
    if text != text.upper():
        return text
    words = [w.title() for w in text.split()]
    for index in range(1, len(words)):
        if words[index].lower() in PARTICLES and words[index - 1].lower() in PARTICLES:
            words[index] = words[index].lower()
    return " ".join(words)


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _key(name: str) -> str:
    return re.sub(r"\W+", "", _plain(name).casefold())
