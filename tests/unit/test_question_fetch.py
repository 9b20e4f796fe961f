"""Fetching a written question by number, against a fake service on 127.0.0.1 only: plain
text, JSON (the published text in one field, or fields with usual names), HTML, and the
failures (off, not found, too big, too slow, not http)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest

from tests.fake_question_service import FOUND
from tests.fake_question_service import service as fake_service
from wisselaar.question_fetch import FetchError, fetch_question
from wisselaar.question_intake import recognise


@pytest.fixture(scope="module")
def service() -> Iterator[str]:
    with fake_service() as url:
        yield url


def at(settings, url: str, timeout: float = 10.0):
    return dataclasses.replace(settings, vraag_url=url, vraag_timeout_s=timeout)


@pytest.mark.parametrize("path", ["tekst", "json", "gepubliceerd", "html"])
def test_every_kind_of_answer_becomes_the_question(settings, service, path):
    text = fetch_question(at(settings, f"{service}/{path}/{{nummer}}"), 342)
    found = recognise(text)
    assert (found.nummer, found.lid, found.datum) == (342, "Suzy Wouters", FOUND.datum)
    assert found.deelvragen == FOUND.deelvragen
    assert found.onderwerp == FOUND.onderwerp


def test_fetching_is_off_by_default(settings):
    assert settings.vraag_url == ""
    with pytest.raises(FetchError) as off:
        fetch_question(settings, 342)
    assert off.value.message() == (
        "Ophalen is uitgeschakeld: de instelling WISSELAAR_VRAAG_URL is leeg."
    )


@pytest.mark.parametrize(
    "path, key",
    [
        ("onbekend/{nummer}", "mislukt"),
        ("groot/{nummer}", "te_groot"),
        ("traag/{nummer}", "te_traag"),
    ],
)
def test_failures_say_what_went_wrong(settings, service, path, key):
    with pytest.raises(FetchError) as failed:
        fetch_question(at(settings, f"{service}/{path}", timeout=0.5), 342)
    assert failed.value.key == key
    assert service in failed.value.message()


def test_only_http_addresses_are_fetched(settings, tmp_path):
    with pytest.raises(FetchError) as refused:
        fetch_question(at(settings, f"file://{tmp_path}/{{nummer}}"), 342)
    assert refused.value.key == "geen_http"
