"""Blocks proposed per sub-question from the declared keywords (block_keywords.toml): the
declaration covers the catalogue, the stemming-light matching, the reasons in words, and the
filters a text names."""

from __future__ import annotations

import pytest

from wisselaar.block_matching import (
    TOPIC_WEIGHT,
    asked,
    keywords,
    named_filters,
    propose,
    stem,
    words,
)
from wisselaar.i18n import catalogue, t
from wisselaar.question_blocks import BLOCKS
from wisselaar.questions import BlockFilters


def test_the_declaration_covers_every_block_and_every_concept_has_its_words_in_both_languages():
    concepts, blocks = keywords()
    assert list(blocks) == list(BLOCKS)  # the catalogue's order breaks ties
    used = {c for weights in blocks.values() for c in weights}
    assert used == set(concepts)
    for block, weights in blocks.items():
        assert max(weights.values()) >= TOPIC_WEIGHT, block  # every block can be proposed
    for lang in ("nl", "en"):
        assert {f"matching.begrip_{c}" for c in concepts} <= set(catalogue(lang))


def test_stemming_light_meets_plurals_compounds_and_accents():
    assert stem("trajecten") == stem("traject") == "traject"
    assert stem("gemeenten") == stem("gemeente")
    assert stem("budgetten") == "budget"
    assert words("Thema’s en CRITERIA, coördinatie") == ["thema", "en", "criteria", "coordinati"]
    assert asked("Hoeveel uitwisselingstrajecten liepen er?") >= {"traject", "aantal"}
    assert "expert" in asked("een armoedebestrijdingsexpert")  # the compound's head
    assert "budget" in asked("per begrotingsjaar")  # a synonym
    assert "vorm" not in asked("Welke vorming kregen de medewerkers?")  # "=vorm": whole word


@pytest.mark.parametrize(
    "text, blocks",
    [
        ("Welke gemeenten namen een expert in dienst en hoe werd die gefinancierd?", ["v1"]),
        ("Aan welke criteria moet een deskundige voldoen?", ["v5"]),
        ("Wat zijn de kerncijfers van het programma?", ["kerncijfers"]),
        ("Welke gemeenten werkten met elkaar samen?", ["stromen"]),
        ("Welk bedrag kreeg elke begunstigde?", ["begunstigden"]),
        ("Wanneer komt er een nieuw decreet?", []),
        ("Hoeveel mensen wonen er in de gemeenten?", []),  # context words only
    ],
)
def test_proposals_follow_the_declared_words(text, blocks):
    assert [p.blok for p in propose(text)] == blocks


def test_proposals_are_ranked_and_say_why_in_words():
    (proposal,) = propose(t("vraag342.v4"))
    assert proposal.blok == "v4"
    assert proposal.begrippen == ("budget", "benutting")  # the topics; "verklaart" weighs 1
    assert proposal.reason() == "vraagt naar budget en over- of onderbenutting"
    assert proposal.reason("en") == "asks about budget and over- or under-use"
    first, second = propose("Hoeveel trajecten liepen er, per status?")
    assert (first.blok, second.blok) == ("per_kenmerk", "v2")
    assert first.score > second.score
    assert propose("Hoe werd het budget benut?")[0].reason() == (
        "vraagt naar budget en over- of onderbenutting"
    )


def test_the_text_names_calls_provinces_and_municipalities():
    assert named_filters("Hoeveel trajecten uit de oproep van 2023?") == BlockFilters(
        oproepen=(2023,)
    )
    assert named_filters("in de projectoproep 2022 en de oproep 2024").oproepen == (2022, 2024)
    assert named_filters("de Oost-Vlaamse en Limburgse gemeenten").provincies == (
        "Limburg",
        "Oost-Vlaanderen",
    )
    assert named_filters("Met wie werkte de stad Gent samen?").gemeente == "44021"
    assert named_filters("Werkte de gemeente Brussel mee?") == BlockFilters()  # not Flemish
    assert named_filters("in 2023 en in de provincie Antwerpen").provincies == ("Antwerpen",)
    assert named_filters("in 2023").oproepen == ()  # a year alone is no call
