"""`answer --json` figures on the hand-checked fixture (tests/data/fixture.xlsx).

Every expected figure below was worked out by hand from the fixture's rows; the comments say
how, so a reviewer can check them without running anything.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

from wisselaar.answer import answer_342
from wisselaar.ingest import import_workbook
from wisselaar.moments import brussels_iso

EXPECTED = {
    "vraag_1": {
        # Mechelen: E1 12.500; Leuven: E4 5.000; Gent: E2 20.000,50 + E3 empty (= 0).
        "gemeenten": [
            {"nis": "12025", "naam": "Mechelen", "experts": 1, "financiering_eur": 12500.00},
            {"nis": "24062", "naam": "Leuven", "experts": 1, "financiering_eur": 5000.00},
            {"nis": "44021", "naam": "Gent", "experts": 2, "financiering_eur": 20000.50},
        ],
        "totaal_financiering_eur": 37500.50,
    },
    "vraag_2": {
        "aantal_trajecten": 7,
        "ondernomen": 5,  # 2 afgerond + 2 lopend + 1 stopgezet
        "per_status": {
            "aangevraagd": 1,
            "goedgekeurd": 1,
            "lopend": 2,
            "afgerond": 2,
            "stopgezet": 1,
        },
        "per_oproep": {"2022": 4, "2023": 3},
        "trajecten": [
            {
                "traject_id": "W1-01",
                "aanbiedend": "12025",
                "vragend": ["24062"],
                "vorm": "mentoring",
                "status": "afgerond",
            },
            # Aalst 41002 and Melle 44040 (valid in 2022), sorted ascending
            {
                "traject_id": "W1-02",
                "aanbiedend": "44021",
                "vragend": ["41002", "44040"],
                "vorm": "stage",
                "status": "afgerond",
            },
            {
                "traject_id": "W1-03",
                "aanbiedend": "24062",
                "vragend": ["71016"],
                "vorm": "combinatie",
                "status": "lopend",
            },
            {
                "traject_id": "W1-04",
                "aanbiedend": "44021",
                "vragend": ["34022"],
                "vorm": "op maat",
                "status": "stopgezet",
            },
            # Hasselt in 2023 is the old code 71022
            {
                "traject_id": "W2-01",
                "aanbiedend": "12025",
                "vragend": ["71022"],
                "vorm": "mentoring",
                "status": "lopend",
            },
            {
                "traject_id": "W2-02",
                "aanbiedend": "71016",
                "vragend": ["12025"],
                "vorm": "stage",
                "status": "goedgekeurd",
            },
            {
                "traject_id": "W2-03",
                "aanbiedend": "34022",
                "vragend": ["24062"],
                "vorm": "mentoring",
                "status": "aangevraagd",
            },
        ],
    },
    "vraag_3": {
        "aantal_evaluaties": 6,
        "gemiddelde_tevredenheid": 4.20,  # (5 + 4 + 4 + 3 + 5) / 5, EV5 has no score
        "doelen_bereikt": {"ja": 2, "deels": 2, "nee": 1},  # EV6 has no answer
        "meerwaarde": {
            "kennisopbouw": 3,
            "nieuwe werkwijze": 1,
            "betere dienstverlening": 1,
            "netwerk": 2,
            "organisatieontwikkeling": 0,
            "participatie doelgroep": 0,
            "andere": 1,
        },
        "rapporten": [
            {"traject_id": "W1-01", "rapport": "Eindrapport W1-01"},
            {"traject_id": "W1-02", "rapport": "https://example.org/w1-02.pdf"},
        ],
    },
    "vraag_4": {
        "totaal_beschikbaar_eur": 432044.00,  # 182.044 + 150.000 + 100.000 + 0
        # 182.044 + (30.000 + 25.000 - 1.000) + (65.000,50 + 45.000)
        "totaal_uitbetaald_eur": 346044.50,
        "budgetlijnen": [
            {
                "begrotingsjaar": 2021,
                "budgetlijn": "VVSG-begeleiding",
                "beschikbaar_eur": 182044.00,
                "toegekend_eur": 182044.00,
                "vastgelegd_eur": 182044.00,
                "uitbetaald_eur": 182044.00,
                "benutting_pct": 100.0,
                "oordeel": "conform",
                "toelichting": "",
            },
            {
                "begrotingsjaar": 2022,
                "budgetlijn": "Projectsubsidies",
                "beschikbaar_eur": 150000.00,
                "toegekend_eur": 55000.00,
                "vastgelegd_eur": 25000.00,
                "uitbetaald_eur": 54000.00,
                "benutting_pct": 36.0,
                "oordeel": "onderbenutting",
                "toelichting": "Trajecten startten later dan gepland.",
            },
            # 110.000,50 / 100.000 = 110,0005 % -> 110,0 and overbenutting
            {
                "begrotingsjaar": 2023,
                "budgetlijn": "Projectsubsidies",
                "beschikbaar_eur": 100000.00,
                "toegekend_eur": 105000.00,
                "vastgelegd_eur": 0.00,
                "uitbetaald_eur": 110000.50,
                "benutting_pct": 110.0,
                "oordeel": "overbenutting",
                "toelichting": "Extra trajecten na de tweede oproep.",
            },
            {
                "begrotingsjaar": 2024,
                "budgetlijn": "Projectsubsidies",
                "beschikbaar_eur": 0.00,
                "toegekend_eur": 0.00,
                "vastgelegd_eur": 0.00,
                "uitbetaald_eur": 0.00,
                "benutting_pct": None,
                "oordeel": "n.v.t.",
                "toelichting": "",
            },
        ],
    },
    "vraag_5": {
        "criteria": [  # E2 lists "c1": codes match without regard to case
            {
                "code": "C1",
                "omschrijving": "Minstens vijf jaar ervaring met lokaal armoedebeleid",
                "aantal_experts": 3,
            },
            {"code": "C2", "omschrijving": "Coachende vaardigheden", "aantal_experts": 1},
            {
                "code": "C3",
                "omschrijving": "Kennis van participatie van mensen in armoede",
                "aantal_experts": 1,
            },
        ]
    },
    "vraag_6": {
        "ondernomen": 5,
        "afgerond": 2,
        "aandeel_doelen_bereikt_pct": 40.0,  # 2 ja of 5 answers
        "gemiddelde_tevredenheid": 4.20,
        "benutting_pct": 80.1,  # 346.044,50 / 432.044 = 80,0945... %
    },
}


def test_answer_json_on_fixture_gives_the_hand_checked_figures(settings, fixture_xlsx):
    moment = dt.datetime(2024, 3, 1, 13, 5, 9, 250000, tzinfo=dt.UTC)
    result = import_workbook(settings, fixture_xlsx, user="test", now=moment)
    assert result.errors == []
    answer = answer_342(settings)
    figures = json.loads(answer.to_json())
    assert figures["stand_van"] == "2024-03-01T14:05:09+01:00"
    del figures["stand_van"]
    assert figures == EXPECTED


def test_amounts_stay_decimal_inside(settings, fixture_xlsx):
    import_workbook(settings, fixture_xlsx, user="test")
    figures = answer_342(settings).figures
    assert figures["vraag_4"]["totaal_uitbetaald_eur"] == Decimal("346044.50")
    assert isinstance(figures["vraag_1"]["gemeenten"][2]["financiering_eur"], Decimal)


def test_no_version_means_no_answer(settings):
    assert answer_342(settings) is None


def test_stand_van_is_brussels_time_with_offset():
    summer = dt.datetime(2024, 7, 1, 10, 0, 0, 999999)
    assert brussels_iso(summer) == "2024-07-01T12:00:00+02:00"
