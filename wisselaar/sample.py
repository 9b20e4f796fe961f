"""The fictitious sample workbook `data/voorbeeld.xlsx` (see data/README.md).

Deterministic: a seeded `random.Random`, fixed dates and a fixed document moment, and the zip
is rewritten with fixed timestamps, so building it twice gives the same bytes. The data is
made up but plausible: real Flemish municipalities (valid on each reference date, including
the 2025 names for trajectories that start in 2025), pseudonymous experts, amounts within the
€ 50.000 per-project ceiling. `write_workbook` is shared with the benchmark (bench/).
"""

from __future__ import annotations

import datetime as dt
import io
import random
import re
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from wisselaar.municipalities import MunicipalityError, resolve
from wisselaar.schema import MEERWAARDE, SHEETS, THEMAS, VORMEN, Kind

SEED = 342
MOMENT = dt.datetime(2025, 3, 31, 12, 0, 0)  # the document's created/modified time (UTC)
DATE_FORMAT = "dd/mm/yyyy"
HEADERS: dict[str, list[str]] = {s.name: [c.header for c in s.columns] for s in SHEETS}
DATE_COLUMNS: dict[str, tuple[int, ...]] = {
    s.name: tuple(i for i, c in enumerate(s.columns) if c.kind is Kind.DATE) for s in SHEETS
}
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_CORE_TIME = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")

CRITERIA: tuple[tuple[str, str], ...] = (
    ("ERVARING", "Minstens drie jaar ervaring in het lokale armoedebestrijdingsbeleid"),
    ("COACHING", "Coachende vaardigheden: kan een collega begeleiden in een veranderingstraject"),
    ("PARTICIPATIE", "Kennis van participatie van mensen in armoede aan het lokale beleid"),
    ("SOCIAAL-HUIS", "Kennis van het model sociaal huis en geïntegreerd breed onthaal"),
    ("BESCHIKBAAR", "Beschikbaar voor minstens vier uur per week gedurende het traject"),
)
INTRO: tuple[str, ...] = (
    "Voorbeeldgegevens De Wisselaar - FICTIEF",
    "Dit werkboek bevat verzonnen gegevens om het dashboard te tonen en te testen.",
    "De gemeenten bestaan echt, maar de trajecten, experts, bedragen en evaluaties niet.",
    "Experts staan onder een pseudoniem (EXP-01, ...), nooit onder hun naam.",
    "Het werkboek wordt gemaakt door scripts/make_sample.py (zie data/README.md).",
    "Dit blad wordt bij het importeren genegeerd (met een waarschuwing).",
)
# The offering municipalities and their experts; every expert works for one of them.
OFFERING: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Gent", ("EXP-01", "EXP-02")),
    ("Antwerpen", ("EXP-03", "EXP-04")),
    ("Mechelen", ("EXP-05",)),
    ("Leuven", ("EXP-06",)),
    ("Genk", ("EXP-07",)),
    ("Kortrijk", ("EXP-08",)),
    ("Brugge", ("EXP-09",)),
    ("Oostende", ("EXP-10",)),
    ("Sint-Niklaas", ("EXP-11",)),
    ("Hasselt", ("EXP-12",)),
)
# Asking municipalities over the five provinces; Melle only before 2025, the last two only from
# 2025 (mergers), Tielt and Lokeren under both (with another NIS code from 2025).
ASKING: tuple[str, ...] = (
    "Turnhout", "Geel", "Mol", "Boom", "Lier", "Herentals", "Sint-Truiden", "Beringen",
    "Maasmechelen", "Lommel", "Houthalen-Helchteren", "Aalst", "Dendermonde", "Ronse",
    "Oudenaarde", "Eeklo", "Ninove", "Melle", "Vilvoorde", "Halle", "Tienen", "Aarschot",
    "Diest", "Zaventem", "Roeselare", "Ieper", "Menen", "Tielt", "Lokeren",
    "Merelbeke-Melle", "Tongeren-Borgloon",
)  # fmt: skip
FUNCTIES = ("beleidsmedewerker armoede", "coördinator sociaal huis", "stafmedewerker welzijn")
BRONNEN = (
    ("Vlaamse projectsubsidie",) * 8 + ("eigen middelen",) * 2 + ("Europese middelen", "andere")
)
# Per call: the statuses of its trajectories, the decision date and the earliest start.
CALLS: tuple[tuple[int, str, dt.date, dt.date], ...] = (
    (2022, "afgerond*7 stopgezet lopend", dt.date(2022, 7, 15), dt.date(2022, 9, 1)),
    (2023, "afgerond*3 lopend*4 stopgezet", dt.date(2023, 7, 14), dt.date(2023, 9, 1)),
    (2024, "lopend*3 goedgekeurd*3 aangevraagd*2", dt.date(2024, 11, 29), dt.date(2024, 12, 2)),
)
# Planned start of trajectories not started yet (both in 2025: they use the 2025 names).
PLANNED_START = {"goedgekeurd": dt.date(2025, 4, 1), "aangevraagd": dt.date(2025, 5, 15)}
SIZE = {  # per vorm: duration in months and planned hours
    "mentoring": ((6, 10), (150, 300)),
    "stage": ((3, 6), (200, 400)),
    "combinatie": ((9, 14), (300, 500)),
    "op maat": ((12, 18), (400, 700)),
}
OMSCHRIJVING = {
    "lokale regie": "opbouw van de lokale regie armoedebestrijding met de partners",
    "participatie": "structurele participatie van mensen in armoede aan het beleid",
    "data en tools": "een lokale armoedebarometer met open data",
    "grondrechtenbenadering": "een beleid vanuit de grondrechten van mensen in armoede",
    "goede praktijken": "het overnemen van een beproefde aanpak van de aanbiedende stad",
    "integraal beleid": "een armoedetoets voor alle beleidsdomeinen",
    "impactmeting": "het meten van de impact van het armoedebeleid",
    "uithuiszettingen": "het voorkomen van uithuiszettingen met een vroegtijdig meldpunt",
    "sociaal huis": "de uitbouw van een laagdrempelig sociaal huis",
    "organisatieontwikkeling": "een armoedebewuste organisatie en werking van het OCMW",
    "andere": "een aanpak van kinderarmoede via de scholen",
}
VVSG_LINE, NETWORK_LINE = "VVSG-begeleiding", "Lerend netwerk en kennisdeling"
VVSG_CENTS, NETWORK_CENTS = 18_204_400, 1_500_000  # € 182.044,00 as in the real answer
VVSG_TRANCHES = (9_102_200, 5_461_320, 3_640_880)  # 50 %, 30 %, 20 %
VVSG_PAID_ON = (dt.date(2021, 9, 15), dt.date(2022, 9, 15), dt.date(2024, 12, 13))
TOELICHTING_OVER = (
    "In de eerste oproep werden negen trajecten goedgekeurd voor een envelop die "
    "op ongeveer zeven trajecten was berekend; het tekort werd bij de begrotingsaanpassing "
    "opgevangen met een herverdeling binnen het Vlaams Actieplan Armoedebestrijding."
)
TOELICHTING_2023 = (
    "Vier trajecten lopen nog en krijgen hun saldo pas na het eindrapport; "
    "één traject werd stopgezet en het voorschot werd deels teruggevorderd."
)
TOELICHTING_2024 = (
    "De oproep 2024 werd pas eind november toegekend; enkel de voorschotten van "
    "de lopende trajecten zijn betaald, drie goedgekeurde trajecten starten in het voorjaar van "
    "2025 en twee aanvragen zijn nog in behandeling."
)
TOELICHTING_VVSG = "Subsidie aan VVSG voor het matchen en begeleiden van de trajecten, 2021-2024."
# What an evaluation says (Toelichting), by the first added value it names and the role of the
# municipality that wrote it: the sample's answers quote these, so they read as a real
# evaluation would (chosen without the random generator, so no other value changes).
SAID_DONE: dict[str, tuple[str, str]] = {  # added value -> (offering, requesting)
    "kennisopbouw": (
        "Onze aanpak uitleggen dwong ons om die zelf scherper te beschrijven en te evalueren.",
        "Onze maatschappelijk werkers passen nu zelf een armoedetoets toe op nieuwe beslissingen.",
    ),
    "nieuwe werkwijze": (
        "De vragende gemeente nam onze werkwijze met huisbezoeken over en paste ze aan haar "
        "eigen diensten aan.",
        "We werken nu met een vaste wekelijkse overlegtafel rond kwetsbare gezinnen, naar het "
        "voorbeeld van de aanbiedende gemeente.",
    ),
    "betere dienstverlening": (
        "Samen vereenvoudigden we het onthaal: inwoners worden bij het eerste contact meteen "
        "juist doorverwezen.",
        "Mensen in armoede vinden sneller de weg naar het sociaal huis; de wachttijd voor een "
        "eerste gesprek is gehalveerd.",
    ),
    "netwerk": (
        "Het traject bracht ons in contact met collega's uit de regio met wie we blijven "
        "samenwerken.",
        "We hebben nu vaste contactpersonen bij de aanbiedende gemeente en bij de lokale "
        "welzijnsorganisaties.",
    ),
    "organisatieontwikkeling": (
        "Onze expert kreeg er tijd en erkenning voor, wat ook intern de aandacht voor armoede "
        "versterkte.",
        "Armoedebestrijding staat nu vast op de agenda van het managementteam.",
    ),
    "participatie doelgroep": (
        "Onze ervaringsdeskundigen toonden de collega's hoe je een inspraakmoment "
        "toegankelijk maakt.",
        "Voor het eerst besprak een groep mensen met armoede-ervaring mee het lokale actieplan.",
    ),
    "andere": (
        "De samenwerking leverde ook een gezamenlijke aanvraag op voor een buurtproject.",
        "De uitwisseling gaf ons het vertrouwen om met de scholen een aanpak van kinderarmoede "
        "op te starten.",
    ),
}
SAID_RUNNING: dict[str, str] = {  # an interim evaluation, by its first added value
    "kennisopbouw": "onze medewerkers leren al veel uit de gesprekken met de collega's van de "
    "aanbiedende gemeente.",
    "nieuwe werkwijze": "we proberen de werkwijze van de aanbiedende gemeente nu uit in één wijk.",
    "betere dienstverlening": "het nieuwe onthaal draait proef en de eerste reacties van "
    "inwoners zijn positief.",
    "netwerk": "we kennen nu de juiste mensen bij de welzijnsorganisaties in de buurt.",
    "organisatieontwikkeling": "het managementteam volgt het traject op en maakte er tijd "
    "voor vrij.",
    "participatie doelgroep": "een eerste inspraakmoment met mensen met armoede-ervaring is "
    "gepland.",
    "andere": "de uitwisseling bracht ook de scholen en de huisartsen mee rond de tafel.",
}
SAID_STOPPED = (  # why a trajectory stopped, then what it brought until then
    "Het traject werd voortijdig stopgezet na het vertrek van onze contactpersoon.",
    "Het traject werd na een personeelswissel in onze sociale dienst stopgezet.",
)
BROUGHT: dict[str, str] = {
    "kennisopbouw": "nieuwe kennis over armoedebeleid",
    "nieuwe werkwijze": "ideeën voor een andere werkwijze",
    "betere dienstverlening": "ideeën om ons onthaal te verbeteren",
    "netwerk": "nieuwe contacten in de regio",
    "organisatieontwikkeling": "meer aandacht voor armoede in onze organisatie",
    "participatie doelgroep": "ervaring met inspraak van mensen in armoede",
    "andere": "een eerste aanzet tot samenwerking",
}


def _project_line(year: int) -> str:
    return f"Projectsubsidie oproep {year}"


def _valid(name: str, on: dt.date) -> bool:
    try:
        resolve(name, on)
    except MunicipalityError:
        return False
    return True


def _eur(cents: int) -> float:
    return cents / 100


def _expand(statuses: str) -> list[str]:
    """From `afgerond*2 lopend` to ["afgerond", "afgerond", "lopend"]."""
    out: list[str] = []
    for part in statuses.split():
        name, _, count = part.partition("*")
        out += [name] * int(count or 1)
    return out


class _Builder:
    """Builds the rows of the six sheets from one seeded random generator."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.trajecten: list[list[object]] = []
        self.financien: list[list[object]] = []
        self.evaluaties: list[list[object]] = []
        self.expert_cents: dict[str, int] = {}
        self.granted: dict[tuple[int, str], int] = {}  # budget line -> cents
        self.paid: dict[tuple[int, str], int] = {}  # uitbetaald minus teruggevorderd
        self.pool = list(ASKING)
        self.rng.shuffle(self.pool)

    def book(self, line: tuple[int, str], who: str, traject: str | None, soort: str,
             cents: int, on: dt.date, text: str = "") -> None:  # fmt: skip
        number = f"B{line[0]}-{len(self.financien) + 1:03d}"
        self.financien.append([number, *line, who, traject, soort, _eur(cents), on, text])
        if soort == "toegekend":
            self.granted[line] = self.granted.get(line, 0) + cents
        elif soort in ("uitbetaald", "teruggevorderd"):
            sign = 1 if soort == "uitbetaald" else -1
            self.paid[line] = self.paid.get(line, 0) + sign * cents

    def asking(self, count: int, on: dt.date) -> list[str]:
        """The next `count` asking municipalities of the pool that exist on `on`."""
        chosen: list[str] = []
        for _ in range(len(self.pool)):
            name = self.pool.pop(0)
            self.pool.append(name)
            if _valid(name, on):
                chosen.append(name)
                if len(chosen) == count:
                    break
        return chosen

    def trajectory(self, call: tuple[int, str, dt.date, dt.date], number: int, status: str) -> None:
        rng, (year, _, decision, first_start) = self.rng, call
        index = len(self.trajecten)  # every vorm, theme and offering municipality in turn
        traject, vorm = f"W{year % 100}-{number:02d}", VORMEN[index % len(VORMEN)]
        offering, experts = OFFERING[index % len(OFFERING)]
        themes = [THEMAS[index % len(THEMAS)]]
        if rng.random() < 0.5:
            themes.append(rng.choice([t for t in THEMAS if t not in themes]))
        start = PLANNED_START.get(status, first_start) + dt.timedelta(days=rng.randrange(120))
        asking = self.asking(
            rng.choice((2, 3)) if vorm == "op maat" or index % 7 == 6 else 1, start
        )
        months = rng.randint(2, 4) if status == "stopgezet" else rng.randint(*SIZE[vorm][0])
        end = start + dt.timedelta(days=round(months * 30.4))
        planned = rng.randrange(SIZE[vorm][1][0], SIZE[vorm][1][1] + 1, 10)
        share = {"afgerond": (0.85, 1.05), "stopgezet": (0.1, 0.35), "lopend": (0.25, 0.7)}
        done = round(planned * rng.uniform(*share[status]) * 2) / 2 if status in share else None
        used = [e for e in experts if rng.random() < 0.6] or list(experts)
        self.trajecten.append([
            traject, year, offering, "; ".join(asking), vorm, "; ".join(themes), start,
            None if status == "aangevraagd" else end, status, "; ".join(used), planned, done,
            f"{vorm.capitalize()} rond {OMSCHRIJVING[themes[0]]}.",
        ])  # fmt: skip
        if status == "aangevraagd":
            return
        # 50 % of the officer's hourly cost for the planned hours: well under € 50.000.
        cents = planned * rng.randrange(6000, 7600, 50) // 2 // 100 * 100
        for expert in used:
            self.expert_cents[expert] = self.expert_cents.get(expert, 0) + cents // len(used)
        line = (year, _project_line(year))
        self.book(line, offering, traject, "toegekend", cents, decision, "Toekenning")
        if status == "goedgekeurd":
            return  # committed when the trajectory starts
        self.book(line, offering, traject, "vastgelegd", cents, decision + dt.timedelta(14))
        due = round(cents * min(1.0, (done or 0) / planned))
        after, advance = end + dt.timedelta(days=rng.randrange(30, 75)), cents // 2
        if year == 2022 and status == "afgerond":  # the first call paid after the final report
            self.book(line, offering, traject, "uitbetaald", due, after, "Betaling na eindrapport")
        else:  # later calls pay an advance; the first one an interim payment
            text = "Voorschot 50 %" if year > 2022 else "Tussentijdse betaling 50 %"
            paid_on = max(start, decision) + dt.timedelta(days=30 if year > 2022 else 60)
            self.book(line, offering, traject, "uitbetaald", advance, paid_on, text)
            if status == "afgerond":
                self.book(line, offering, traject, "uitbetaald", due - advance, after, "Saldo")
            elif status == "stopgezet":
                text = "Terugvordering: traject stopgezet"
                self.book(line, offering, traject, "teruggevorderd", advance - due, after, text)
        self.evaluate(traject, offering, asking, status, start, end)

    def evaluate(self, traject: str, offering: str, asking: list[str], status: str,
                 start: dt.date, end: dt.date) -> None:  # fmt: skip
        """Both roles when the trajectory ended, one interim evaluation while it runs."""
        rng = self.rng
        parties = [(offering, "aanbiedend"), *((a, "vragend") for a in asking)]
        on = end + dt.timedelta(days=rng.randrange(14, 60))
        if status == "lopend":
            parties, on = [rng.choice(parties)], start + dt.timedelta(days=rng.randrange(90, 150))
        elif status == "stopgezet":
            parties = parties[:2]
        for bestuur, rol in parties:
            number = len(self.evaluaties) + 1
            if status == "stopgezet":
                score, goal = rng.randint(1, 3), rng.choice(("nee", "deels"))
            elif status == "lopend":
                score, goal = rng.randint(3, 5), "deels"
            else:
                score, goal = rng.choice((3, 4, 4, 5, 5)), rng.choice(("ja", "ja", "ja", "deels"))
            values = dict.fromkeys(
                MEERWAARDE[(number + 3 * k) % len(MEERWAARDE)] for k in range(rng.randint(1, 3))
            )
            text = _said(status, rol, next(iter(values)), number)
            report = None
            if status == "afgerond" and rol == "aanbiedend":
                report = (
                    f"https://example.org/wisselaar/rapporten/{traject}.pdf"
                    if number % 2
                    else f"Eindrapport {traject}: uitwisseling van {bestuur} met {_and(asking)}"
                )
            self.evaluaties.append([
                f"EV-{number:03d}", traject, bestuur, rol, on,
                None if number % 13 == 0 else score, goal, "; ".join(values), report, text,
            ])  # fmt: skip

    def budget(self) -> list[list[object]]:
        """One line over-used (the 2022 envelope was sized for fewer trajectories than were
        approved), two under-used (envelopes that cover every grant, mostly still to pay)."""
        paid, granted = self.paid, self.granted
        thousands = 100_000  # cents
        return [
            [2021, VVSG_LINE, _eur(VVSG_CENTS), TOELICHTING_VVSG],
            [2022, _project_line(2022),
             _eur(paid[2022, _project_line(2022)] * 100 // 104 // thousands * thousands),
             TOELICHTING_OVER],
            [2023, _project_line(2023),
             _eur((granted[2023, _project_line(2023)] // thousands + 1) * thousands),
             TOELICHTING_2023],
            [2023, NETWORK_LINE, _eur(NETWORK_CENTS), ""],
            [2024, _project_line(2024),
             _eur((granted[2024, _project_line(2024)] // thousands + 50) * thousands),
             TOELICHTING_2024],
        ]  # fmt: skip

    def experts(self) -> list[list[object]]:
        rows: list[list[object]] = []
        pairs = [(offering, expert) for offering, experts in OFFERING for expert in experts]
        for number, (offering, expert) in enumerate(pairs):
            codes = [CRITERIA[number % len(CRITERIA)][0]]
            codes += [c for c, _ in CRITERIA if c not in codes and self.rng.random() < 0.45]
            source = BRONNEN[number % len(BRONNEN)]
            cents = self.expert_cents.get(expert, 0)
            if source != "Vlaamse projectsubsidie":
                cents = self.rng.randrange(300, 1500) * 1000
            since = dt.date(self.rng.randrange(2008, 2020), self.rng.randrange(1, 13), 1)
            function = self.rng.choice(FUNCTIES)
            rows.append([expert, offering, function, since, "; ".join(codes), source, _eur(cents)])
        return rows


def _and(names: Sequence[str]) -> str:
    return " en ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)


def _said(status: str, rol: str, value: str, number: int) -> str:
    """The explanation of an evaluation, about the first added value it names: what it meant
    for the municipality, an interim word, or why the trajectory stopped and what it brought."""
    if status == "lopend":
        return "Tussentijdse evaluatie: " + SAID_RUNNING[value]
    if status == "stopgezet":
        stop = SAID_STOPPED[number % len(SAID_STOPPED)]
        return f"{stop} Tot dan leverde het vooral {BROUGHT[value]} op."
    return SAID_DONE[value][rol == "vragend"]


def sample_rows(seed: int = SEED) -> dict[str, list[list[object]]]:
    """The rows (without headers) of the six sheets, in the order of the contract."""
    builder = _Builder(seed)
    vvsg, network = (2021, VVSG_LINE), (2023, NETWORK_LINE)
    builder.book(vvsg, "VVSG", None, "toegekend", VVSG_CENTS, dt.date(2021, 6, 25), "Besluit")
    builder.book(vvsg, "VVSG", None, "vastgelegd", VVSG_CENTS, dt.date(2021, 7, 9))
    for cents, on in zip(VVSG_TRANCHES, VVSG_PAID_ON, strict=True):
        builder.book(vvsg, "VVSG", None, "uitbetaald", cents, on, "Schijf subsidie VVSG")
    for call in CALLS:
        statuses = _expand(call[1])
        builder.rng.shuffle(statuses)
        for number, status in enumerate(statuses, 1):
            builder.trajectory(call, number, status)
    builder.book(network, "VVSG", None, "toegekend", NETWORK_CENTS, dt.date(2023, 3, 10))
    builder.book(network, "VVSG", None, "vastgelegd", NETWORK_CENTS, dt.date(2023, 3, 24))
    text = "Lerende netwerkdagen 2023"
    builder.book(network, "VVSG", None, "uitbetaald", NETWORK_CENTS * 95 // 100,
                 dt.date(2024, 2, 16), text)  # fmt: skip
    return {
        "Trajecten": builder.trajecten,
        "Experts": builder.experts(),
        "Criteria": [list(c) for c in CRITERIA],
        "Budget": builder.budget(),
        "Financien": builder.financien,
        "Evaluaties": builder.evaluaties,
    }


def write_workbook(
    path: Path,
    sheets: dict[str, Iterable[Sequence[object]]],
    *,
    intro: Sequence[str] = (),
    stable: bool = True,
    moment: dt.datetime = MOMENT,
) -> Path:
    """Writes the sheets (contract headers first, then the rows) with openpyxl's write-only
    mode: dates as date cells in dd/mm/yyyy. `stable` rewrites the zip with fixed times."""
    book = Workbook(write_only=True)
    bold = Font(bold=True)
    if intro:
        sheet = book.create_sheet("Toelichting")
        sheet.column_dimensions["A"].width = 100
        for line in intro:
            sheet.append([line])
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for letter in "ABCDEFGHIJKLM":
            sheet.column_dimensions[letter].width = 18
        header = []
        for text in HEADERS[name]:
            cell = WriteOnlyCell(sheet, text)
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        dates = DATE_COLUMNS[name]
        for row in rows:
            values = list(row)
            for i in dates:
                if values[i] is not None:
                    cell = WriteOnlyCell(sheet, values[i])
                    cell.number_format = DATE_FORMAT
                    values[i] = cell
            sheet.append(values)
    book.properties.creator = "Wisselaar-dashboard"
    book.properties.created = moment
    buffer = io.BytesIO()
    book.save(buffer)
    data = buffer.getvalue()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(stable_zip(data, moment) if stable else data)
    return path


def stable_zip(data: bytes, moment: dt.datetime) -> bytes:
    """The same zip with fixed entry times and a fixed docProps moment (openpyxl writes now)."""
    stamp = moment.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "docProps/core.xml":
                content = _CORE_TIME.sub(lambda m: m[1] + stamp + m[3], content)
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, content, compresslevel=6)
    return out.getvalue()


def build_sample_workbook(path: Path) -> Path:
    """Writes the sample workbook to `path` (same bytes every time) and returns `path`."""
    return write_workbook(Path(path), sample_rows(), intro=INTRO)
