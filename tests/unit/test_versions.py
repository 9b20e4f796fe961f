"""Preview, confirmation, comparison and rollback in the core: nothing stored before the
confirmation, exactly the previewed file after it, data changed under a preview noticed, every
data change refused without the right role, and uploads and readers at the same time."""

from __future__ import annotations

import hashlib
import threading
from decimal import Decimal
from pathlib import Path

import pytest

from tests.conftest import FIXTURE, edited_workbook
from wisselaar import audit
from wisselaar.answer import answer_342
from wisselaar.auth import NotAllowed, User
from wisselaar.ingest import ChangedSincePreview, NotThePreviewedFile, import_workbook
from wisselaar.store import Store, current_versions, list_versions, original_file
from wisselaar.versions import (
    ReasonMissing,
    UnknownVersion,
    compare,
    confirm_upload,
    original,
    preview_upload,
    rollback,
    versions,
)

LEZER, OPLADEN, BEHEER = User("lea", "lezer"), User("otto", "opladen"), User("bea", "beheer")


def budget(tmp_path: Path, amount: int, name: str = "budget.xlsx") -> bytes:
    """The fixture's Budget sheet alone, 2022's envelope (C3) set to `amount`."""
    path = edited_workbook(tmp_path / name, [("Budget", "C3", amount)], keep=["Budget"])
    return path.read_bytes()


def figures(settings) -> dict:
    return answer_342(settings).figures


def stored(settings) -> list[dict]:
    with Store(settings.db_path).read() as con:
        return list_versions(con)


def test_a_preview_stores_nothing_and_shows_what_would_change(settings, tmp_path):
    import_workbook(settings, FIXTURE, user="anna")
    data = budget(tmp_path, 200000)
    preview = preview_upload(settings, OPLADEN, data, "budget.xlsx")
    assert preview.accepted and preview.sha256 == hashlib.sha256(data).hexdigest()
    assert len(stored(settings)) == 1  # nothing stored
    (sheet,) = preview.sheets
    assert (sheet.sheet, sheet.added, sheet.changed, sheet.removed) == ("Budget", 0, 1, 0)
    assert sheet.rows[0].key == "2022 / Projectsubsidies"
    assert sheet.rows[0].columns == ("Beschikbaar",)
    changed = {c.figure: (c.before, c.after) for c in preview.figures}
    assert changed["beschikbaar"] == (Decimal("432044.00"), Decimal("482044.00"))
    assert "trajecten" not in changed


def test_a_preview_of_trajectories_counts_added_changed_and_removed_rows(settings, tmp_path):
    import_workbook(settings, FIXTURE, user="anna")

    def change(workbook):
        sheet = workbook["Trajecten"]
        sheet["I8"] = "afgerond"  # W2-03: another status
        row = [c.value for c in sheet[8]]
        sheet.append(["W9-01", *row[1:]])

    path = edited_workbook(tmp_path / "t.xlsx", keep=["Trajecten"], change=change)
    preview = preview_upload(settings, OPLADEN, path.read_bytes(), "t.xlsx")
    assert preview.accepted, [e.text() for e in preview.errors]
    (sheet,) = preview.sheets
    assert (sheet.added, sheet.changed, sheet.removed) == (1, 1, 0)
    assert {(r.key, r.kind) for r in sheet.rows} == {
        ("W9-01", "toegevoegd"),
        ("W2-03", "gewijzigd"),
    }
    assert {c.figure: c.after for c in preview.figures}["trajecten"] == 8


def test_a_refused_upload_changes_nothing_and_is_audited(settings, tmp_path):
    import_workbook(settings, FIXTURE, user="anna")
    bad = edited_workbook(tmp_path / "bad.xlsx", [("Budget", "C3", "veel")], keep=["Budget"])
    preview = preview_upload(settings, OPLADEN, bad.read_bytes(), "bad.xlsx")
    assert not preview.accepted and preview.errors[0].as_record()["blad"] == "Budget"
    assert len(stored(settings)) == 1
    (entry,) = audit.entries(settings, BEHEER)
    assert (entry["gebruiker"], entry["gebeurtenis"], entry["uitkomst"]) == (
        "otto",
        "upload",
        "geweigerd",
    )
    assert entry["details"]["fouten"] == len(preview.errors)


def test_the_confirmation_stores_exactly_the_previewed_file(settings, tmp_path):
    import_workbook(settings, FIXTURE, user="anna")
    data = budget(tmp_path, 200000)
    preview = preview_upload(settings, OPLADEN, data, "budget.xlsx")
    result = confirm_upload(settings, OPLADEN, preview, data)
    assert result.version == 2
    newest = stored(settings)[0]
    assert (newest["gebruiker"], newest["sha256"]) == ("otto", preview.sha256)
    with Store(settings.db_path).read() as con:
        assert original_file(con, 2) == data
    assert figures(settings)["vraag_4"]["totaal_beschikbaar_eur"] == 482044
    with pytest.raises(NotThePreviewedFile):
        confirm_upload(settings, OPLADEN, preview, budget(tmp_path, 1, "other.xlsx"))
    events = [(e["gebeurtenis"], e["uitkomst"]) for e in audit.entries(settings, BEHEER)]
    assert events == [
        ("bevestiging", "geweigerd"),
        ("bevestiging", "bewaard"),
        ("upload", "aanvaard"),
    ]


def test_data_changed_under_a_preview_must_be_confirmed_again(settings, tmp_path):
    import_workbook(settings, FIXTURE, user="anna")
    first, second = budget(tmp_path, 200000), budget(tmp_path, 300000, "second.xlsx")
    preview_1 = preview_upload(settings, OPLADEN, first, "a.xlsx")
    preview_2 = preview_upload(settings, BEHEER, second, "b.xlsx")
    confirm_upload(settings, OPLADEN, preview_1, first)
    with pytest.raises(ChangedSincePreview):
        confirm_upload(settings, BEHEER, preview_2, second)
    assert len(stored(settings)) == 2
    again = preview_upload(settings, BEHEER, second, "b.xlsx")  # now compared with version 2
    assert {c.figure: c.before for c in again.figures}["beschikbaar"] == Decimal("482044.00")
    assert confirm_upload(settings, BEHEER, again, second).version == 3
    assert figures(settings)["vraag_4"]["totaal_beschikbaar_eur"] == 582044


def test_every_data_change_and_reading_versions_needs_the_right_role(settings, tmp_path):
    import_workbook(settings, FIXTURE, user="anna")
    data = budget(tmp_path, 200000)
    for user in (LEZER, User("niemand", None)):
        with pytest.raises(NotAllowed):
            preview_upload(settings, user, data, "b.xlsx")
    preview = preview_upload(settings, OPLADEN, data, "b.xlsx")
    with pytest.raises(NotAllowed):
        confirm_upload(settings, LEZER, preview, data)
    for action in (
        lambda user: rollback(settings, user, 1, "reden"),
        lambda user: compare(settings, user, 1, 1),
        lambda user: versions(settings, user),
        lambda user: original(settings, user, 1),
        lambda user: audit.entries(settings, user),
    ):
        for user in (LEZER, OPLADEN):
            with pytest.raises(NotAllowed):
                action(user)
    assert len(stored(settings)) == 1


def test_rollback_makes_a_new_version_with_the_old_content(settings, tmp_path):
    import_workbook(settings, FIXTURE, user="anna")
    data = budget(tmp_path, 200000)
    confirm_upload(settings, OPLADEN, preview_upload(settings, OPLADEN, data, "b.xlsx"), data)
    with pytest.raises(ReasonMissing):
        rollback(settings, BEHEER, 1, "  ")
    with pytest.raises(UnknownVersion):
        rollback(settings, BEHEER, 9, "reden")
    made = rollback(settings, BEHEER, 1, "verkeerd budget")
    assert (made.version, made.sheets) == (3, ["Budget"])
    assert figures(settings)["vraag_4"]["totaal_beschikbaar_eur"] == 432044
    history = stored(settings)
    assert [v["versie_id"] for v in history] == [3, 2, 1]  # nothing rewritten
    assert (history[0]["soort"], history[0]["reden"], history[0]["basis_versie"]) == (
        "rollback",
        "verkeerd budget",
        1,
    )
    assert rollback(settings, BEHEER, 1, "nog eens") is None  # already so: no new version
    assert rollback(settings, BEHEER, 2, "toch wel").version == 4
    assert figures(settings)["vraag_4"]["totaal_beschikbaar_eur"] == 482044


def test_rollback_to_before_a_dataset_existed_empties_it(settings, tmp_path):
    only_budget = edited_workbook(tmp_path / "b.xlsx", keep=["Budget"])
    import_workbook(settings, only_budget, user="anna")
    import_workbook(settings, FIXTURE, user="anna")
    rollback(settings, BEHEER, 1, "alleen budget")
    with Store(settings.db_path).read() as con:
        versions_now = current_versions(con)
        rows = con.execute("select rijen from versie_dataset where versie_id = 3").fetchall()
    assert versions_now["trajecten"] == 3 and versions_now["budget"] == 2
    assert len(rows) == 5 and {r for (r,) in rows} == {0}
    assert figures(settings)["vraag_2"]["aantal_trajecten"] == 0


def test_compare_two_versions_lists_the_rows_that_differ(settings, tmp_path):
    import_workbook(settings, FIXTURE, user="anna")
    data = budget(tmp_path, 200000)
    import_workbook(settings, data, user="bert")
    diffs = {d.sheet: d for d in compare(settings, BEHEER, 1, 2)}
    assert not diffs["Trajecten"].differs and diffs["Trajecten"].old_rows == 7
    assert (diffs["Budget"].changed, diffs["Budget"].rows[0].key) == (1, "2022 / Projectsubsidies")
    backwards = {d.sheet: d for d in compare(settings, BEHEER, 2, 1)}
    assert backwards["Budget"].changed == 1
    assert original(settings, BEHEER, 2) == data


def test_two_uploads_racing_through_the_core_are_both_stored(settings, tmp_path):
    import_workbook(settings, FIXTURE, user="anna")
    files = {"otto": budget(tmp_path, 200000, "o.xlsx"), "bea": budget(tmp_path, 250000, "b.xlsx")}
    users = {"otto": OPLADEN, "bea": BEHEER}
    previews = {n: preview_upload(settings, users[n], d, f"{n}.xlsx") for n, d in files.items()}
    start = threading.Barrier(2)
    outcome: dict[str, object] = {}

    def upload(name: str) -> None:
        start.wait()
        try:
            outcome[name] = confirm_upload(settings, users[name], previews[name], files[name])
        except ChangedSincePreview:  # the user sees the new comparison and confirms again
            again = preview_upload(settings, users[name], files[name], f"{name}.xlsx")
            outcome[name] = confirm_upload(settings, users[name], again, files[name])
        except Exception as error:  # reported below, not lost in the thread
            outcome[name] = error

    threads = [threading.Thread(target=upload, args=(n,)) for n in files]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sorted(r.version for r in outcome.values()) == [2, 3], outcome
    history = stored(settings)
    assert {v["sha256"] for v in history[:2]} == {p.sha256 for p in previews.values()}
    stages = [(e["gebruiker"], e["uitkomst"]) for e in audit.entries(settings, BEHEER)]
    assert stages.count(("otto", "bewaard")) == stages.count(("bea", "bewaard")) == 1


def test_eight_readers_during_an_upload_see_the_old_or_the_new_figures(settings, tmp_path):
    import_workbook(settings, FIXTURE, user="anna")
    data = budget(tmp_path, 200000)
    preview = preview_upload(settings, OPLADEN, data, "b.xlsx")
    seen: list[object] = []
    final: list[object] = []  # each reader's read after the upload
    done = threading.Event()

    def read() -> None:
        try:
            while not done.is_set():
                seen.append(figures(settings)["vraag_4"]["totaal_beschikbaar_eur"])
            final.append(figures(settings)["vraag_4"]["totaal_beschikbaar_eur"])
        except Exception as error:
            seen.append(error)

    readers = [threading.Thread(target=read) for _ in range(8)]
    for reader in readers:
        reader.start()
    result = confirm_upload(settings, OPLADEN, preview, data)
    done.set()
    for reader in readers:
        reader.join(timeout=120)
    assert result.version == 2
    assert set(seen) <= {432044, 482044}, [s for s in seen if s not in {432044, 482044}]
    assert len(seen) >= 8 and final == [482044] * 8
