"""The injection strings of issue 12 point 6 (and their relatives), for the text tests."""

from __future__ import annotations


def injections(base: str) -> list[str]:
    """Markup that must stay text; `base` is a server that must never be asked for anything."""
    return [
        f"![p]({base}/beeld.png)",
        "$x^2$",
        ":smile:",
        ":red[x]",
        ":material/home:",
        f'<a href="{base}/link">klik</a>',
        "<b>vet</b>",
        f"<img src={base}/img.png>",
        f"{base}/autolink en www.example.com en iemand@example.com",
        "**vet** _schuin_ `code` # geen titel",
        "%{y} en %{customdata[0]}",
    ]
