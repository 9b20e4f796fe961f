"""The draft answer as a Word document (python-docx): the question's heading, the answers
with real headings and list paragraphs, editable text, the cabinet's parts to complete
([in square brackets]) highlighted, one sober closing line with the moment and identifier,
and the identifier and page numbers in the footer; moment, versions and identifier are also
the document's properties."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Sequence
from typing import Any

from wisselaar.draft_files import LANGUAGE_TAGS, MAX_BULLETS, Draft, long_date, table_number
from wisselaar.i18n import t
from wisselaar.sample import stable_zip

FONT = "Calibri"
GREY = (0x44, 0x44, 0x44)
TO_COMPLETE = re.compile(r"(\[[^\]]+\])")  # "[Beoordeling door de minister: …]"


def docx_bytes(draft: Draft) -> bytes:
    from docx import Document  # costs a few tenths of a second; only the writer needs it
    from docx.shared import Pt, RGBColor

    lang, h = draft.lang, draft.heading
    doc = Document()
    _docx_setup(doc, draft)
    datum, lid = long_date(h.datum, lang), h.lid.upper()
    doc.add_heading(t("bestand.vraag_kop", lang, nummer=h.nummer, datum=datum, lid=lid), 1)
    for name, title in h.ministers:
        paragraph = doc.add_paragraph()
        paragraph.add_run(name.upper()).bold = True
        if title:
            paragraph.add_run().add_break()
            paragraph.add_run(title.upper())
    if h.onderwerp:
        doc.add_paragraph().add_run(h.onderwerp).bold = True
    if h.gesteld_aan:
        gesteld = t("bestand.gesteld_aan", lang, ministers=h.gesteld_aan)
        doc.add_paragraph().add_run(gesteld).italic = True
    answer_kind = "bestand.gecoordineerd" if len(h.ministers) > 1 else "bestand.antwoord"
    doc.add_heading(t(answer_kind, lang), 1)
    paragraph = doc.add_paragraph(t("bestand.antwoord_op", lang, nummer=h.nummer, datum=datum))
    paragraph.add_run().add_break()
    paragraph.add_run(t("bestand.van_lid", lang, lid=lid))
    if draft.sample:
        run = doc.add_paragraph().add_run(t("bestand.voorbeeld_kop", lang))
        run.bold, run.font.color.rgb = True, RGBColor(0xA0, 0x1C, 0x1C)
    for text in draft.intro:
        doc.add_paragraph(text)
    for nr, section in enumerate(draft.sections, 1):
        doc.add_heading(section.kop, 2)
        if section.vraag:
            doc.add_paragraph().add_run(section.vraag).italic = True
        for note in section.notes:
            doc.add_paragraph().add_run(note).font.size = Pt(9)
        reference = table_number(nr, 0, len(section.tabellen))
        _docx_body(doc, section.tekst, reference, lang)
    closing = doc.add_paragraph()
    closing.paragraph_format.space_before = Pt(18)
    for index, line in enumerate(draft.closing_lines()):
        if index:
            closing.add_run().add_break()
        run = closing.add_run(line)
        run.font.size, run.font.color.rgb = Pt(9), RGBColor(*GREY)
    buffer = io.BytesIO()
    doc.save(buffer)
    if not draft.stand_van:
        return buffer.getvalue()
    # The zip's entry times are the time of writing: the moment of the data instead, so that
    # the same data and choice give the same bytes.
    moment = dt.datetime.fromisoformat(draft.stand_van).astimezone(dt.UTC).replace(tzinfo=None)
    return stable_zip(buffer.getvalue(), moment)


def _docx_body(doc: Any, lines: Sequence[str], table: str, lang: str) -> None:
    in_list = hidden = 0
    for line in [_unbroken(line) for line in lines] + [""]:
        if line.startswith("- "):
            in_list += 1
            if in_list <= MAX_BULLETS:
                _runs(doc.add_paragraph(style="List Bullet"), line[2:])
            else:
                hidden += 1
            continue
        if hidden:
            doc.add_paragraph(t("bestand.meer", lang, aantal=hidden, nr=table), style="List Bullet")
        in_list = hidden = 0
        if line:
            _runs(doc.add_paragraph(), line)


def _runs(paragraph: Any, text: str) -> None:
    """The text as runs; a part [in square brackets] is for the cabinet to complete: bold and
    highlighted, so that it cannot go out unnoticed."""
    from docx.enum.text import WD_COLOR_INDEX

    for part in TO_COMPLETE.split(text):
        if not part:
            continue
        run = paragraph.add_run(part)
        if TO_COMPLETE.fullmatch(part):
            run.bold = True
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW


def _unbroken(text: str) -> str:
    """No line break inside `€ 1.234,56`, `1.234,56 euro` or `80,1 %`: a no-break space, as
    Word users type."""
    text = re.sub(r"(\d) euro\b", "\\1\u00a0euro", text)
    return text.replace("€ ", "€\u00a0").replace(" %", "\u00a0%")


def _docx_setup(doc: Any, draft: Draft) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Mm, Pt, RGBColor

    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = section.top_margin = Cm(2.5)
    section.bottom_margin = Cm(2)
    for name, size in (("Normal", 11), ("Heading 1", 14), ("Heading 2", 12)):
        style = doc.styles[name]
        style.font.size = Pt(size)
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attribute), None)  # theme fonts would win over the name
        style.font.name = FONT
        if name != "Normal":
            style.font.color.rgb = RGBColor(0, 0, 0)
            style.paragraph_format.space_before = Pt(14 if name == "Heading 1" else 12)
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), LANGUAGE_TAGS.get(draft.lang, "nl-BE"))
    doc.styles["Normal"].element.get_or_add_rPr().append(language)
    doc.styles["Normal"].paragraph_format.space_after = Pt(6)
    nummer = draft.heading.nummer
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    sample = " – " + t("bestand.voorbeeld_kop", draft.lang) if draft.sample else ""
    header.add_run(t("bestand.kop", draft.lang, nummer=nummer) + sample).font.size = Pt(8)
    footer = section.footer.paragraphs[0]
    footer.add_run(t("bestand.kenmerk", draft.lang, kenmerk=draft.kenmerk) + " · ")
    footer.add_run(t("bestand.pagina", draft.lang) + " ")
    _field(footer, "PAGE", OxmlElement, qn)
    footer.add_run(" " + t("bestand.pagina_van", draft.lang) + " ")
    _field(footer, "NUMPAGES", OxmlElement, qn)
    for run in footer.runs:
        run.font.size = Pt(8)
    _properties(doc, draft)


def _properties(doc: Any, draft: Draft) -> None:
    """Title, subject, identifier, and the moment and versions of the data as the comment;
    the document's dates are the moment of the data, so the same data give the same file."""
    import datetime as dt

    props = doc.core_properties
    props.title = t("bestand.kop", draft.lang, nummer=draft.heading.nummer)
    props.subject, props.identifier = draft.heading.onderwerp, draft.kenmerk
    props.comments = draft.stand
    props.language = LANGUAGE_TAGS.get(draft.lang, "nl-BE")
    props.author = props.last_modified_by = "Wisselaar-dashboard"
    if draft.stand_van:
        moment = dt.datetime.fromisoformat(draft.stand_van).astimezone(dt.UTC)
        props.created = props.modified = moment.replace(tzinfo=None)


def _field(paragraph: Any, code: str, element: Any, qn: Any) -> None:
    """A Word field (PAGE, NUMPAGES) that the reader's program fills in."""
    field = element("w:fldSimple")
    field.set(qn("w:instr"), code)
    run = element("w:r")
    properties = element("w:rPr")
    size = element("w:sz")
    size.set(qn("w:val"), "16")
    properties.append(size)
    run.append(properties)
    text = element("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)
