"""Composed parliamentary questions: number, date, member, minister(s) and sub-questions, each
answered by a block (question_blocks.py) with its own filters and "stand van" moment.

A question is saved in the store (table `vraag`, created with the store's schema; one row per
question, its blocks as JSON) so it can be reopened, edited and used as the start of a
follow-up (`vervolg_op`). Its draft is made by question_blocks.py, through the same writer as
question 342's.

A sub-question may have no block (NO_BLOCK): the draft then holds a marked paragraph that the
cabinet writes itself. A question is answered once the adviser records the date its answer
was sent (`beantwoord_op`); until then it is open, or late after its due date (deadlines.py).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import duckdb

from wisselaar.answer_files import DATE_342, MEMBER_342, MINISTERS_342
from wisselaar.draft_files import Section, Table
from wisselaar.formatting import BRUSSELS, format_date, format_moment
from wisselaar.i18n import t
from wisselaar.settings import Settings
from wisselaar.store import Store, add_question_columns, utc_now

FILTERS = ("oproepen", "provincies", "gemeente", "statussen")
NO_BLOCK = "geen"  # a sub-question that no block answers: the cabinet writes its answer


@dataclass(frozen=True)
class BlockFilters:
    oproepen: tuple[int, ...] = ()
    provincies: tuple[str, ...] = ()
    gemeente: str | None = None  # a NIS code; a 2025 code also covers the codes it merged
    statussen: tuple[str, ...] = ()
    stand: dt.datetime | None = None  # naive UTC; None: the moment the files are made for

    def to_json(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["stand"] = self.stand.isoformat() if self.stand else None
        return {k: list(v) if isinstance(v, tuple) else v for k, v in data.items()}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> BlockFilters:
        stand = data.get("stand")
        return cls(
            oproepen=tuple(int(c) for c in data.get("oproepen") or ()),
            provincies=tuple(data.get("provincies") or ()),
            gemeente=data.get("gemeente") or None,
            statussen=tuple(data.get("statussen") or ()),
            stand=dt.datetime.fromisoformat(stand) if stand else None,
        )

    @property
    def given(self) -> dict[str, Any]:
        """The filters that are set, by name (stand not included)."""
        return {name: value for name in FILTERS if (value := getattr(self, name))}


@dataclass(frozen=True)
class Block:
    blok: str  # a key of question_blocks.BLOCKS, or NO_BLOCK
    vraag: str = ""  # the sub-question as asked
    filters: BlockFilters = field(default_factory=BlockFilters)

    def to_json(self) -> dict[str, Any]:
        return {"blok": self.blok, "vraag": self.vraag, "filters": self.filters.to_json()}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Block:
        filters = BlockFilters.from_json(data.get("filters") or {})
        return cls(str(data["blok"]), str(data.get("vraag") or ""), filters)


@dataclass(frozen=True)
class Question:
    nummer: str
    datum: dt.date
    lid: str
    ministers: tuple[str, ...] = ()
    onderwerp: str = ""
    blokken: tuple[Block, ...] = ()
    id: int | None = None
    vervolg_op: int | None = None  # the question this one follows up on
    gemaakt_door: str = ""
    gemaakt_op: dt.datetime | None = None  # naive UTC
    gewijzigd_door: str = ""
    gewijzigd_op: dt.datetime | None = None  # naive UTC
    titels: tuple[str, ...] = ()  # the ministers' titles, in the order of `ministers`
    medevragen: tuple[str, ...] = ()  # the same question's numbers for the other ministers
    beantwoord_op: dt.date | None = None  # the date the answer was sent; None: not answered

    @property
    def complete(self) -> bool:
        return bool(self.nummer.strip() and self.lid.strip() and self.blokken)

    def ministers_with_titles(self) -> tuple[tuple[str, str], ...]:
        """(name, title) per minister; "" where no title is known."""
        return tuple(
            (name, self.titels[i] if i < len(self.titels) else "")
            for i, name in enumerate(self.ministers)
        )


def today() -> dt.date:
    return dt.datetime.now(BRUSSELS).date()


def question_342(lang: str = "nl") -> Question:
    """Question 342 as a composed question: a start for follow-ups."""
    return Question(
        "342",
        DATE_342,
        MEMBER_342,
        tuple(name for name, _ in MINISTERS_342),
        t("vraag342.onderwerp", lang),
        tuple(Block(f"v{i}", t(f"vraag342.v{i}", lang)) for i in range(1, 7)),
    )


def new_question(lang: str = "nl") -> Question:
    """An empty question that starts from the six blocks of question 342."""
    return dataclasses.replace(question_342(lang), nummer="", datum=today(), lid="", onderwerp="")


def follow_up(question: Question) -> Question:
    """A new, unsaved question that starts as a copy of `question`."""
    return dataclasses.replace(
        question,
        id=None,
        nummer="",
        datum=today(),
        vervolg_op=question.id,
        beantwoord_op=None,
        gemaakt_door="",
        gemaakt_op=None,
        gewijzigd_door="",
        gewijzigd_op=None,
    )


# -- storage --------------------------------------------------------------------------------

COLUMNS = (
    "id, nummer, datum, lid, ministers, onderwerp, blokken, vervolg_op, "
    "gemaakt_door, gemaakt_op, gewijzigd_door, gewijzigd_op, titels, medevragen, beantwoord_op"
)


def save_question(
    settings: Settings, question: Question, user: str, now: dt.datetime | None = None
) -> Question:
    """Stores a new question (id None) or the new content of a saved one; returns it as saved."""
    now = now or utc_now()
    blocks = json.dumps([b.to_json() for b in question.blokken], ensure_ascii=False)
    values = [
        question.nummer.strip(),
        question.datum,
        question.lid.strip(),
        [m.strip() for m in question.ministers if m.strip()],
        question.onderwerp.strip(),
        blocks,
        question.vervolg_op,
        [title.strip() for title in question.titels],
        [n.strip() for n in question.medevragen if n.strip()],
        question.beantwoord_op,
    ]
    with Store(settings.db_path, settings.lock_timeout_s).write() as con:
        add_question_columns(con)
        if question.id is None:
            (new_id,) = con.execute("select coalesce(max(id), 0) + 1 from vraag").fetchone()
            con.execute(
                f"""insert into vraag (id, nummer, datum, lid, ministers, onderwerp, blokken,
                       vervolg_op, titels, medevragen, beantwoord_op,
                       gemaakt_door, gemaakt_op, gewijzigd_door, gewijzigd_op)
                   values ({", ".join("?" * 15)})""",
                [new_id, *values, user, now, user, now],
            )
            question_id = int(new_id)
        else:
            found = con.execute(
                """update vraag set nummer = ?, datum = ?, lid = ?, ministers = ?, onderwerp = ?,
                       blokken = ?, vervolg_op = ?, titels = ?, medevragen = ?,
                       beantwoord_op = ?, gewijzigd_door = ?, gewijzigd_op = ?
                   where id = ? returning id""",
                [*values, user, now, question.id],
            ).fetchone()
            if found is None:
                raise KeyError(question.id)
            question_id = question.id
        row = con.execute(f"select {COLUMNS} from vraag where id = ?", [question_id]).fetchone()
    return _question(row)


def load_question(settings: Settings, question_id: int) -> Question | None:
    with Store(settings.db_path, settings.lock_timeout_s).read() as con:
        row = con.execute(
            f"select {_columns(con)} from vraag where id = ?", [question_id]
        ).fetchone()
    return _question(row) if row else None


def list_questions(settings: Settings) -> list[Question]:
    """Every saved question, the most recently changed first."""
    with Store(settings.db_path, settings.lock_timeout_s).read() as con:
        rows = con.execute(
            f"select {_columns(con)} from vraag order by gewijzigd_op desc, id desc"
        ).fetchall()
    return [_question(row) for row in rows]


def _columns(con: duckdb.DuckDBPyConnection) -> str:
    """COLUMNS, with null for a column a file made before it existed does not have yet (a
    read never changes the file; the next save adds them)."""
    present = {
        name
        for (name,) in con.execute(
            "select column_name from information_schema.columns where table_name = 'vraag'"
        ).fetchall()
    }
    return ", ".join(
        c if c in present else f"null as {c}" for c in (c.strip() for c in COLUMNS.split(","))
    )


def _question(row: tuple[Any, ...]) -> Question:
    (id_, nummer, datum, lid, ministers, onderwerp, blokken, vervolg_op, *who) = row
    *who, titels, medevragen, beantwoord_op = who
    return Question(
        nummer,
        datum,
        lid,
        tuple(ministers),
        onderwerp,
        tuple(Block.from_json(b) for b in json.loads(blokken)),
        int(id_),
        vervolg_op,
        *who,
        titels=tuple(titels or ()),
        medevragen=tuple(medevragen or ()),
        beantwoord_op=beantwoord_op,
    )


# -- the files ------------------------------------------------------------------------------


def unanswered_section(block: Block, nr: int, lang: str = "nl") -> Section:
    """The marked paragraph of a sub-question without a block, for the cabinet to write; its
    annex sheet says there are no figures."""
    note = t("intake.zelf_schrijven", lang)
    table = Table(t("intake.geen_blok_tabel", lang), (t("kolom.waarde", lang),), [[note]])
    return Section(t("antwoord.kop", lang, nr=nr), block.vraag, (note,), (table,))


# -- the page's form ------------------------------------------------------------------------


def label(question: Question, lang: str = "nl") -> str:
    """`Vraag 3: nr. 145 van 25/05/2022 (Suzy Wouters)`."""
    datum = format_date(question.datum)
    return t(
        "vragen.label", lang, id=question.id, nummer=question.nummer, datum=datum, lid=question.lid
    )


def history(
    question: Question, lang: str = "nl", quote: Callable[[object], str] = str
) -> list[str]:
    """Whose question it is and what it follows up on, in words; `quote` makes the user's
    name text for where it is shown (ui/text.md for Markdown)."""
    lines = [t("vragen.vervolg_op", lang, id=question.vervolg_op)] if question.vervolg_op else []
    if question.gemaakt_op and question.gewijzigd_op:
        lines.append(
            t(
                "vragen.gewijzigd",
                lang,
                door=quote(question.gemaakt_door),
                gemaakt=format_moment(question.gemaakt_op),
                gewijzigd=format_moment(question.gewijzigd_op),
            )
        )
    return lines


def edited(
    question: Question,
    *,
    ministers: str,
    rows: Iterable[Mapping[str, Any]],
    versions: Mapping[int, dt.datetime],
    **fields: Any,
) -> Question:
    """The question with the form's values: ministers one per line (`Name: title`, the title
    optional), co-question numbers separated by commas, sub-questions as rows."""
    lines = [m.partition(":") for m in ministers.splitlines() if m.strip()]
    names = tuple(name.strip() for name, _, _ in lines)
    titles = tuple(title.strip() for _, _, title in lines)
    if "medevragen" in fields:
        numbers = str(fields.pop("medevragen") or "").replace(";", ",").split(",")
        fields["medevragen"] = tuple(n.strip() for n in numbers if n.strip())
    blocks = blocks_from_rows(rows, versions)
    return dataclasses.replace(
        question, ministers=names, titels=titles if any(titles) else (), blokken=blocks, **fields
    )


def ministers_text(question: Question) -> str:
    """The form's text of the ministers: `Name: title` per line (see `edited`)."""
    return "\n".join(
        f"{name}: {title}" if title else name for name, title in question.ministers_with_titles()
    )


EDITOR_COLUMNS = ("vraag", "blok", "oproepen", "provincies", "gemeente", "statussen", "stand")


def editor_rows(question: Question, versions: Mapping[int, dt.datetime]) -> list[dict[str, Any]]:
    """One row per sub-question for an editable table; `stand` is a version id (0: none)."""
    return [
        {
            "vraag": block.vraag,
            "blok": block.blok,
            "oproepen": [str(c) for c in block.filters.oproepen],
            "provincies": list(block.filters.provincies),
            "gemeente": block.filters.gemeente,
            "statussen": list(block.filters.statussen),
            "stand": version_at(versions, block.filters.stand),
        }
        for block in question.blokken
    ]


def blocks_from_rows(
    rows: Iterable[Mapping[str, Any]], versions: Mapping[int, dt.datetime]
) -> tuple[Block, ...]:
    """The sub-questions of an edited table; rows without a block are left out."""
    blocks = []
    for row in rows:
        if not _filled(row.get("blok")):
            continue
        version = int(row["stand"]) if _filled(row.get("stand")) else 0
        filters = BlockFilters(
            oproepen=tuple(int(c) for c in _items(row.get("oproepen"))),
            provincies=tuple(str(p) for p in _items(row.get("provincies"))),
            gemeente=str(row["gemeente"]) if _filled(row.get("gemeente")) else None,
            statussen=tuple(str(s) for s in _items(row.get("statussen"))),
            stand=versions.get(version) if version else None,
        )
        vraag = str(row["vraag"]) if _filled(row.get("vraag")) else ""
        blocks.append(Block(str(row["blok"]), vraag.strip(), filters))
    return tuple(blocks)


def version_at(versions: Mapping[int, dt.datetime], moment: dt.datetime | None) -> int:
    """The version in force at `moment` (0 for none or no moment)."""
    if moment is None:
        return 0
    before = [v for v, at in versions.items() if at <= moment]
    return max(before, key=lambda v: versions[v]) if before else 0


def _filled(value: Any) -> bool:
    return value is not None and value == value and value != ""  # NaN != NaN


def _items(value: Any) -> list[Any]:
    if value is None or isinstance(value, float):
        return []
    return list(value.tolist() if hasattr(value, "tolist") else value)
