"""Fetching a written question's text by its number (optional; off by default).

The Flemish Parliament has an open-data web service for written questions, but its response
format could not be verified when this was written. So the fetcher is small and tolerant:
WISSELAAR_VRAAG_URL names the address, with `{nummer}` where the number goes; whatever comes
back becomes text for question_intake.recognise: plain text as it is, HTML without its tags,
JSON as the string value that holds the published question, else as a text built from
fields with usual names (number, member, date, subject, text). Pasting stays the primary way.
"""

from __future__ import annotations

import html
import json
import re
import urllib.error
import urllib.request
from collections.abc import Callable
from typing import Any

from wisselaar.i18n import t
from wisselaar.settings import Settings

MAX_BYTES = 2 * 1024 * 1024
FIELDS = {  # what the built text needs -> the field names tried, in order
    "nummer": ("nummer", "number", "nr", "vraagnummer", "id"),
    "lid": ("vraagsteller", "member", "auteur", "author", "lid"),
    "datum": ("datum", "date", "datumVraag", "datum_vraag"),
    "onderwerp": ("onderwerp", "subject", "titel", "title"),
    "tekst": ("tekst", "text", "vraag", "inhoud", "body", "content"),
}


class FetchError(Exception):
    def __init__(self, key: str, **values: Any) -> None:
        super().__init__(key)
        self.key, self.values = key, values

    def message(self, lang: str = "nl", quote: Callable[[object], str] = str) -> str:
        """`quote` makes each value (the address, the reason) text for where it is shown."""
        return t(f"ophalen.{self.key}", lang, **{k: quote(v) for k, v in self.values.items()})


def enabled(settings: Settings) -> bool:
    return bool(settings.vraag_url.strip())


def fetch_question(settings: Settings, nummer: int) -> str:
    """The text of question `nummer` from the configured service; raises FetchError."""
    if not enabled(settings):
        raise FetchError("uit")
    url = settings.vraag_url.strip().replace("{nummer}", str(int(nummer)))
    if not url.startswith(("http://", "https://")):
        raise FetchError("geen_http", url=url)
    request = urllib.request.Request(url, headers={"Accept": "application/json, text/*"})
    try:
        with urllib.request.urlopen(request, timeout=settings.vraag_timeout_s) as response:
            data = response.read(MAX_BYTES + 1)
            kind = response.headers.get_content_type()
            charset = response.headers.get_content_charset() or "utf-8"
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        if isinstance(error, TimeoutError) or isinstance(reason, TimeoutError):
            raise FetchError("te_traag", url=url, n=settings.vraag_timeout_s) from None
        raise FetchError("mislukt", url=url, reden=reason) from None
    if len(data) > MAX_BYTES:
        raise FetchError("te_groot", url=url, mb=MAX_BYTES // (1024 * 1024))
    return as_text(data.decode(charset, errors="replace"), kind)


def as_text(body: str, kind: str = "text/plain") -> str:
    stripped = body.lstrip()
    if "json" in kind or stripped[:1] in "{[":
        try:
            return _from_json(json.loads(body))
        except ValueError:
            pass
    if "html" in kind or stripped[:1] == "<":
        return _from_html(body)
    return body


def _from_html(body: str) -> str:
    body = re.sub(r"(?is)<(script|style)\b.*?</\1>", "", body)
    body = re.sub(r"(?i)<br\s*/?>|</(p|div|h\d|li|tr)>", "\n", body)
    return html.unescape(re.sub(r"<[^>]+>", "", body))


def _from_json(data: Any) -> str:
    texts = list(_strings(data))
    published = [s for s in texts if re.search(r"schriftelijke\s+vraag", s, re.I)]
    if published:
        return max(published, key=len)
    record = _record(data)
    parts = {name: _field(record, names) for name, names in FIELDS.items()}
    lines = ["SCHRIFTELIJKE VRAAG", f"nr. {parts['nummer']}", f"van {parts['lid']}"]
    lines += [f"datum: {parts['datum']}", "", parts["onderwerp"], "", _from_html(parts["tekst"])]
    return "\n".join(lines)


def _strings(data: Any):
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from _strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from _strings(value)


def _record(data: Any) -> dict[str, Any]:
    """The first object that has a text field (the answer may wrap it in a list or key)."""
    if isinstance(data, dict):
        if any(name in data for name in FIELDS["tekst"]):
            return data
        data = list(data.values())
    for item in data if isinstance(data, list) else []:
        if isinstance(item, dict | list) and (found := _record(item)):
            return found
    return {}


def _field(record: dict[str, Any], names: tuple[str, ...]) -> str:
    lowered = {str(k).lower(): v for k, v in record.items()}
    for name in names:
        value = lowered.get(name.lower())
        if isinstance(value, str | int) and str(value).strip():
            return str(value).strip()
    return ""
