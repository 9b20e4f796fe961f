"""Real plural rules: every message that carries a count is a plural message (CLDR categories
through Babel, wisselaar/i18n.py), rendered here for 0, 1 and many in every language; no
"(n)", "(s)", "(en)" placeholder plurals and no "1 <plural>" anywhere in the catalogues."""

from __future__ import annotations

import re
import string

import pytest

from wisselaar.i18n import LANGUAGES, catalogue, plural_category, t, tn

PLACEHOLDER_PLURALS = re.compile(r"\w\((n|s|en|e|es|ies)\)")
# Nouns that would read wrong after "1": a plain template with "{x} <one of these>" is a
# count shown without its plural rule.
PLURAL_NOUNS = {
    "nl": "aanvragen begunstigden besturen cellen criteria dagen deelvragen evaluaties experts "
    "fouten gemeenten kwartalen onderdelen paren provincies punten rapporten rijen seconden "
    "stromen tekens trajecten uitwisselingen uitwisselingstrajecten versies waarden "
    "waarschuwingen",
    "en": "applications beneficiaries cells characters criteria days errors evaluations experts "
    "exchanges flows municipalities pairs parts points provinces quarters reports rows seconds "
    "sub-questions trajectories values versions warnings",
}

# Plain messages whose count is above a limit or a whole period, so never 1.
NEVER_ONE = {
    "lezer.te_veel_onderdelen": "more parts than the limit (thousands)",
    "lezer.bereik_te_groot": "more cells than the limit (millions)",
    "trajecten.stromen_top": "shown only above MAX_FLOWS (40)",
    "kaart.lijnen_top": "shown only above MAX_LINES",
    "kaart.alt_rol": "the 285 or 300 municipalities of a period",
    "kaart.alt_maat": "the 285 or 300 municipalities of a period",
    "fout.waarde_lang": "a value is shortened only above MAX_SHOWN (60) characters",
    "gemeente.deelgemeente_veel": "one warning in place of more than MAX_SAME (10)",
    "waarschuwing.boven_plafond_veel": "one warning in place of more than MAX_SAME (10)",
    "waarschuwing.meer_betaald_veel": "one warning in place of more than MAX_SAME (10)",
    "cli.niet_getoond": "the errors listed when more are found than the list keeps",
    "opladen.niet_getoond": "the errors listed when more are found than the list keeps",
}


def _plurals(lang: str) -> dict[str, dict[str, str]]:
    return {k: v for k, v in catalogue(lang).items() if isinstance(v, dict)}


def _dummy_values(forms: dict[str, str]) -> dict[str, str]:
    names = {
        name for text in forms.values() for _, name, _, _ in string.Formatter().parse(text) if name
    }
    return {name: f"<{name}>" for name in names - {"n"}}


def test_dutch_and_english_follow_cldr():
    for lang in LANGUAGES:
        assert [plural_category(n, lang) for n in (0, 1, 2, 5, 1.5)] == [
            "other", "one", "other", "other", "other",
        ]  # fmt: skip


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_count_bearing_message_reads_right_for_zero_one_and_many(lang):
    plurals = _plurals(lang)
    assert len(plurals) >= 20  # the catalogue's counted messages, not an empty selection
    for key, forms in plurals.items():
        assert {"one", "other"} <= set(forms), key
        values = _dummy_values(forms)
        texts = {n: tn(key, lang, n, **values) for n in (0, 1, 7, 1234)}
        for n, text in texts.items():
            assert not PLACEHOLDER_PLURALS.search(text), (key, n, text)
            assert "{" not in text and "}" not in text, (key, n, text)
        # The count is shown in the language's format (or, for an exact match, in words).
        thousands = "1.234" if lang == "nl" else "1,234"
        assert thousands in texts[1234] or "=1234" in forms, key
        # One reads differently from many: the noun (or verb) follows the count.
        assert texts[1] != texts[7].replace("7", "1"), (key, texts[1])
        for noun in PLURAL_NOUNS[lang].split():
            assert not re.search(rf"(^|\D)1 {re.escape(noun)}\b", texts[1]), (key, texts[1])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_plain_message_shows_a_count_before_a_plural_noun(lang):
    nouns = "|".join(re.escape(n) for n in PLURAL_NOUNS[lang].split())
    counted = re.compile(rf"\{{\w+\}} ({nouns})\b")
    found = {
        key: text
        for key, text in catalogue(lang).items()
        if isinstance(text, str) and counted.search(text) and key not in NEVER_ONE
    }
    assert found == {}
    placeholders = {
        key: text
        for key, text in catalogue(lang).items()
        if isinstance(text, str) and PLACEHOLDER_PLURALS.search(text)
    }
    assert placeholders == {}


def test_a_plural_message_needs_its_count_and_exact_matches_win():
    with pytest.raises(TypeError):
        t("cli.geweigerd", "nl", bestand="x.xlsx")
    with pytest.raises(TypeError):
        tn("cli.template_klaar", "nl", 1, pad="x")
    assert tn("cli.geweigerd", "nl", 1, bestand="x.xlsx").endswith("1 fout. Er is niets bewaard.")
    assert "2 fouten" in tn("cli.geweigerd", "nl", 2, bestand="x.xlsx")
    assert tn("evaluatie.aantal", "en", 0) == "No evaluations of the filtered trajectories."
    assert tn("evaluatie.aantal", "en", 1) == "1 evaluation of the filtered trajectories."
    assert t("opslag.bezet", "nl", pad="db", n=0.5).startswith("De databank db is al 0,5 seconden")


def test_a_count_given_as_text_chooses_the_form_and_is_shown_in_the_language():
    # The import passes its counts formatted ("3.000"), a message's values may come quoted.
    assert t("fout.meer_in_blad", "nl", blad="B", aantal="1") == (
        "Blad 'B': nog 1 fout, niet afzonderlijk getoond."
    )
    assert "nog 3.000 fouten" in t("fout.meer_in_blad", "nl", blad="B", aantal="3.000")
    assert "3,000 more errors" in t("fout.meer_in_blad", "en", blad="B", aantal="3,000")
    waited = t("grenzen.download_tijd", "nl", periode="2025", bron="x", n="0.5")
    assert "langer dan 0,5 seconden" in waited
