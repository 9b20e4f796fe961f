"""The Opladen page stays small whatever the file (issue 12 points 2 and 3): a flood of errors
shows the listed errors, the rest counted per sheet and column, and the total; many ignored
columns show one warning."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.app.conftest import APP, OPLADEN, as_user
from tests.app.test_roles import upload
from tests.conftest import rendered
from tests.unit.test_hostile_workbooks import flood, wide


def opladen() -> AppTest:
    app = as_user(AppTest.from_file(APP, default_timeout=120), OPLADEN)
    app.run()
    app.switch_page("pages/opladen.py").run()
    assert not app.exception, app.exception
    return app


def test_a_flood_of_errors_shows_the_first_ones_and_counts_the_rest(settings, tmp_path):
    app = upload(opladen(), flood(tmp_path / "flood.xlsx", 2000))
    assert "is geweigerd: 20.999 fouten." in app.error[0].value
    listed, rest = (frame.value for frame in app.dataframe)
    assert len(listed) == 200
    assert listed["Waarde"].str.len().max() < 100  # 2,000 characters shortened
    assert listed.iloc[0]["Waarde"] == "x" * 60 + "… (2.000 tekens)"
    assert any("de eerste 200 van de 20.999 fouten" in c.value for c in app.caption)
    assert dict(zip(rest["Kolom"], rest["Aantal fouten"], strict=True)) == {
        "Datum": 3000,
        "Doelen bereikt": 3000,
        "Evaluatie-ID": 2999,
        "Meerwaarde": 3000,
        "Rol": 2800,
        "Tevredenheid": 3000,
        "Traject-ID": 3000,
    }


def test_many_ignored_columns_show_one_warning(settings, tmp_path):
    app = upload(opladen(), wide(tmp_path / "wide.xlsx", 16_382, True))
    assert "is geldig" in app.success[0].value
    (warning,) = app.warning
    assert rendered(warning.value).startswith("Blad 'Criteria': 16.382 kolommen zijn niet gekend")


def test_the_page_states_the_products_upload_limit_in_words(settings, monkeypatch):
    """Issue 11 point 7: the limit the product applies (WISSELAAR_MAX_FILE_MB), in Dutch,
    under the upload field; Streamlit's own "200MB per file" is hidden (tests/e2e walk)."""
    monkeypatch.setenv("WISSELAAR_MAX_FILE_MB", "7.5")
    app = opladen()
    captions = [c.value for c in app.caption]
    assert "Eén werkmap (.xlsx) per keer, van ten hoogste 7,5 MB." in captions
    monkeypatch.setenv("WISSELAAR_MAX_FILE_MB", "50")
    assert "Eén werkmap (.xlsx) per keer, van ten hoogste 50 MB." in [
        c.value for c in opladen().caption
    ]
