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


def page_injections(base: str) -> list[str]:
    """Issue 12 point 6's strings (and an autolink and a Plotly template), one per row of
    tests/injection_workbook.py: each fits every free-text field of the workbook (no `;`,
    the list separator; distinct without regard to case, for the criteria codes)."""
    return [
        f"![p]({base}/x.png)",
        f"[link]({base}/link)",
        f'<a href="{base}/a">klik</a>',
        "<b>vet</b>",
        f"<img src={base}/img.png>",
        "$x^2$",
        ":smile:",
        ":red[x]",
        ":material/home:",
        "**bold**",
        "# heading",
        f"{base}/autolink www.example.com",
        "%{y} %{customdata[0]}",
    ]
