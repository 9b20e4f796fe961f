"""The command line: template, import, answer (CONTRACT.md section 3).

Exit status: 0 success, 1 input refused or nothing to answer (reasons on stderr, in Dutch),
2 usage error (argparse's own convention).
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import TextIO

from wisselaar.i18n import t
from wisselaar.issues import count_text
from wisselaar.moments import MomentError, parse_as_of
from wisselaar.settings import Settings
from wisselaar.store import StoreBusy


class DutchParser(argparse.ArgumentParser):
    """argparse with its own words (usage, errors) in Dutch."""

    def format_usage(self) -> str:
        return super().format_usage().replace("usage:", t("cli.gebruik"), 1)

    def format_help(self) -> str:
        text = super().format_help().replace("usage:", t("cli.gebruik"), 1)
        text = text.replace("positional arguments:", t("cli.argumenten"))
        return text.replace("options:", t("cli.opties"))

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(2, t("cli.fout_gebruik", prog=self.prog, melding=message) + "\n")


def build_parser() -> argparse.ArgumentParser:
    common = DutchParser(add_help=False)
    common.add_argument("--db", metavar="PAD", help=t("cli.help_db"))
    parser = DutchParser(
        prog="python -m wisselaar", description=t("cli.beschrijving"), add_help=False
    )
    parser.add_argument("-h", "--help", action="help", help=t("cli.help_help"))
    commands = parser.add_subparsers(
        dest="command", metavar="OPDRACHT", required=True, parser_class=DutchParser
    )

    def command(name: str, help_key: str) -> argparse.ArgumentParser:
        """A subcommand with --db, a Dutch -h and its help text."""
        sub = commands.add_parser(
            name, parents=[common], add_help=False, help=t(help_key), description=t(help_key)
        )
        sub.add_argument("-h", "--help", action="help", help=t("cli.help_help"))
        return sub

    sub = command("template", "cli.help_template")
    sub.add_argument("out", metavar="UIT.xlsx", type=Path, help=t("cli.help_template_uit"))
    sub = command("import", "cli.help_import")
    sub.add_argument("file", metavar="BESTAND.xlsx", type=Path, help=t("cli.help_import_bestand"))
    sub.add_argument("--user", metavar="NAAM", help=t("cli.help_user"))
    sub.add_argument("--dry-run", action="store_true", help=t("cli.help_dry_run"))
    sub = command("answer", "cli.help_answer")
    sub.add_argument("--as-of", metavar="WANNEER", help=t("cli.help_as_of"))
    sub.add_argument("--json", action="store_true", help=t("cli.help_json"))
    sub.add_argument("--out", metavar="MAP", type=Path, help=t("cli.help_out"))
    sub = command("grenzen", "grenzen.help")
    sub.add_argument("--periode", choices=("2025", "2019-2024"), help=t("grenzen.help_periode"))
    sub = command("wachtwoord", "wachtwoord.help")
    sub.add_argument("--naam", metavar="NAAM", default="NAAM", help=t("wachtwoord.help_naam"))
    sub.add_argument(
        "--rol",
        choices=("lezer", "opladen", "beheer"),
        default="lezer",
        help=t("wachtwoord.help_rol"),
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    settings = Settings.from_env(args.db)
    try:
        if args.command == "template":
            return cmd_template(args, sys.stdout)
        if args.command == "import":
            return cmd_import(args, settings, sys.stdout, sys.stderr)
        if args.command == "wachtwoord":
            return cmd_wachtwoord(args, sys.stdin, sys.stdout, sys.stderr)
        if args.command == "grenzen":
            return cmd_grenzen(args, settings, sys.stdout, sys.stderr)
        return cmd_answer(args, settings, sys.stdout, sys.stderr)
    except StoreBusy as busy:
        print(busy.message(), file=sys.stderr)
        return 1


def cmd_template(args: argparse.Namespace, out: TextIO) -> int:
    from wisselaar.template import write_template

    write_template(args.out)
    print(t("cli.template_klaar", pad=str(args.out)), file=out)
    return 0


def cmd_import(args: argparse.Namespace, settings: Settings, out: TextIO, err: TextIO) -> int:
    from wisselaar.ingest import import_workbook

    if not args.file.is_file():
        print(t("cli.bestand_niet_gevonden", pad=str(args.file)), file=err)
        return 1
    user = args.user or getpass.getuser()
    result = import_workbook(settings, args.file, user=user, dry_run=args.dry_run)
    if result.errors:
        total = count_text(result.errors.total, "nl")
        print(t("cli.geweigerd", bestand=result.filename, aantal=total), file=err)
        for issue in result.errors:
            print(f"- {issue.text()}", file=err)
        if result.errors.omitted:  # the rest, counted per sheet and column
            print(t("cli.niet_getoond", aantal=len(result.errors)), file=err)
            for line in result.errors.summary():
                print(f"- {line}", file=err)
        return 1
    if result.dry_run:
        print(t("cli.proefrun_geldig", bestand=result.filename), file=out)
    else:
        print(t("cli.versie_opgeslagen", versie=result.version, bestand=result.filename), file=out)
    for sheet, count in result.counts.items():
        print(t("cli.blad_rijen", blad=sheet, rijen=count), file=out)
    if result.warnings:
        print(t("cli.waarschuwingen", aantal=len(result.warnings)), file=out)
        for issue in result.warnings:
            print(f"- {issue.text()}", file=out)
    return 0


def cmd_answer(args: argparse.Namespace, settings: Settings, out: TextIO, err: TextIO) -> int:
    from wisselaar.answer import answer_342

    try:
        moment = parse_as_of(args.as_of) if args.as_of else None
    except MomentError:
        print(t("cli.moment_ongeldig", waarde=args.as_of), file=err)
        return 2
    answer = answer_342(settings, moment)
    if answer is None:
        print(t("cli.geen_versie", moment=args.as_of or t("cli.nu")), file=err)
        return 1
    if args.out:
        from wisselaar.answer_files import write_answer_files

        for path in write_answer_files(answer, args.out, settings=settings):
            print(t("cli.bestand_geschreven", pad=str(path)), file=out)
    if args.json:
        print(answer.to_json(), file=out)
    elif not args.out:
        from wisselaar.answer_text import answer_text

        print(answer_text(answer), file=out)
    return 0


def cmd_grenzen(args: argparse.Namespace, settings: Settings, out: TextIO, err: TextIO) -> int:
    from wisselaar.boundaries import PERIODES, BoundaryError, build_all

    try:
        built = build_all(settings, (args.periode,) if args.periode else PERIODES)
    except BoundaryError as error:
        print(error.message(), file=err)
        print(t("grenzen.niets_bewaard"), file=err)
        return 1
    for b, size in built:
        print(
            t(
                "grenzen.klaar",
                periode=b.periode,
                aantal=b.municipalities,
                bron=b.source.location,
                eigenschap=b.code_property,
                voor=b.points_before,
                na=b.points_after,
                pad=str(b.path),
                kb=round(size / 1024),
            ),
            file=out,
        )
    print(t("grenzen.bronvermelding"), file=out)
    return 0


def cmd_wachtwoord(args: argparse.Namespace, stdin: TextIO, out: TextIO, err: TextIO) -> int:
    """Prints a `[wisselaar.accounts.NAME]` table with the argon2 hash of a password that is
    read without echo (twice) from a terminal, or as one line from standard input. The
    password is never an argument: it would stay in the shell's history."""
    from wisselaar.auth import MIN_PASSWORD_LENGTH, hash_password

    if stdin.isatty():
        password = getpass.getpass(t("wachtwoord.vraag"))
        if getpass.getpass(t("wachtwoord.herhaal")) != password:
            print(t("wachtwoord.verschillend"), file=err)
            return 1
    else:
        password = stdin.readline().rstrip("\r\n")
    if len(password) < MIN_PASSWORD_LENGTH:
        print(t("wachtwoord.te_kort", minimum=MIN_PASSWORD_LENGTH), file=err)
        return 1
    print(t("wachtwoord.klaar"), file=err)
    name = args.naam if args.naam.replace("-", "").replace("_", "").isalnum() else f'"{args.naam}"'
    print(f"[wisselaar.accounts.{name}]", file=out)
    print(f'role = "{args.rol}"', file=out)
    print(f'password_hash = "{hash_password(password)}"', file=out)
    return 0
