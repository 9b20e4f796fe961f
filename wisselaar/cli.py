"""The command line: template, import, answer (CONTRACT.md section 3).

Exit status: 0 success, 1 input refused or nothing to answer (reasons on stderr, in Dutch),
2 usage error (argparse's own convention).
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import json
import re
import sys
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from wisselaar.i18n import t
from wisselaar.settings import Settings

if TYPE_CHECKING:
    import duckdb

    from wisselaar.ingest import ImportResult

# What a command needs beyond the parser is imported in that command: `answer --json` from
# the kept JSON runs in a few tenths of a second, of which the audit log (argon2 through
# auth), the moments and the import's modules would take 50 ms it does not use.


class DutchHelp(argparse.HelpFormatter):
    """Help texts given as catalogue keys, looked up only when help is shown: parsing the
    catalogue cost every command (`answer --json` among them) 40 ms it never used."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        return t(action.help) if action.help else action.help

    def _format_text(self, text: str) -> str:
        return super()._format_text(t(text))


class DutchParser(argparse.ArgumentParser):
    """argparse with its own words (usage, errors) in Dutch; help texts are catalogue keys."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, formatter_class=DutchHelp, **kwargs)

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
    common.add_argument("--db", metavar="PAD", help="cli.help_db")
    parser = DutchParser(prog="python -m wisselaar", description="cli.beschrijving", add_help=False)
    parser.add_argument("-h", "--help", action="help", help="cli.help_help")
    commands = parser.add_subparsers(
        dest="command", metavar="OPDRACHT", required=True, parser_class=DutchParser
    )

    def command(name: str, help_key: str) -> argparse.ArgumentParser:
        """A subcommand with --db, a Dutch -h and its help text."""
        sub = commands.add_parser(
            name, parents=[common], add_help=False, help=help_key, description=help_key
        )
        sub.add_argument("-h", "--help", action="help", help="cli.help_help")
        return sub

    sub = command("template", "cli.help_template")
    sub.add_argument("out", metavar="UIT.xlsx", type=Path, help="cli.help_template_uit")
    sub = command("import", "cli.help_import")
    sub.add_argument("file", metavar="BESTAND.xlsx", type=Path, help="cli.help_import_bestand")
    sub.add_argument("--user", metavar="NAAM", help="cli.help_user")
    sub.add_argument("--dry-run", action="store_true", help="cli.help_dry_run")
    sub = command("answer", "cli.help_answer")
    sub.add_argument("--as-of", metavar="WANNEER", help="cli.help_as_of")
    sub.add_argument("--json", action="store_true", help="cli.help_json")
    sub.add_argument("--out", metavar="MAP", type=Path, help="cli.help_out")
    sub = command("vraag-inlezen", "intake.help")
    sub.add_argument("file", metavar="BESTAND", help="intake.help_bestand")
    sub.add_argument("--json", action="store_true", help="intake.help_json")
    sub = command("grenzen", "grenzen.help")
    sub.add_argument("--periode", choices=("2025", "2019-2024"), help="grenzen.help_periode")
    sub = command("wachtwoord", "wachtwoord.help")
    sub.add_argument(
        "--naam", metavar="NAAM", default="NAAM", type=account_name, help="wachtwoord.help_naam"
    )
    sub.add_argument(
        "--rol",
        choices=("lezer", "opladen", "beheer"),
        default="lezer",
        help="wachtwoord.help_rol",
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
        if args.command == "vraag-inlezen":
            return cmd_vraag_inlezen(args, settings, sys.stdout, sys.stderr)
        return cmd_answer(args, settings, sys.stdout, sys.stderr)
    except Exception as problem:
        # Imported here: whatever raised them has imported them already.
        from wisselaar.audit import AuditUnavailable
        from wisselaar.store import StoreProblem

        if not isinstance(problem, (StoreProblem, AuditUnavailable)):
            raise
        print(problem.message(), file=sys.stderr)  # in Dutch, with what to do
        return 1


def cmd_template(args: argparse.Namespace, out: TextIO) -> int:
    from wisselaar.template import write_template

    write_template(args.out)
    print(t("cli.template_klaar", pad=str(args.out)), file=out)
    return 0


def cmd_import(args: argparse.Namespace, settings: Settings, out: TextIO, err: TextIO) -> int:
    if not args.file.is_file():
        print(t("cli.bestand_niet_gevonden", pad=str(args.file)), file=err)
        return 1
    user = args.user or os_user()
    from wisselaar import store

    store.BULK_MEMORY_LIMIT = "256MB"  # this command only imports: no readers beside it
    try:
        result = import_audited(settings, args.file, user, args.dry_run)
    finally:
        store.BULK_MEMORY_LIMIT = None
    if result.errors:
        print(t("cli.geweigerd", bestand=result.filename, n=result.errors.total), file=err)
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
        print(t("cli.blad_rijen", blad=sheet, n=count), file=out)
    if result.warnings:
        print(t("cli.waarschuwingen", n=len(result.warnings)), file=out)
        for issue in result.warnings:
            print(f"- {issue.text()}", file=out)
    return 0


def os_user() -> str:
    """The operating-system user (also where no user database knows the process's uid)."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        import os

        return str(os.getuid())


def import_audited(settings: Settings, path: Path, user: str, dry_run: bool) -> ImportResult:
    """`import_workbook`, in the audit log under `--user` and the operating-system user. The
    entry of a stored version is written before the version commits (no entry, no version:
    AuditUnavailable); a refused import or a dry run is noted when the log can take it."""
    import duckdb

    from wisselaar import audit
    from wisselaar.ingest import import_workbook
    from wisselaar.store import StoreProblem, on_new_versions

    details = {"bestand": path.name, "bron": "opdrachtregel", "os_gebruiker": os_user()}

    def stored(con: duckdb.DuckDBPyConnection, versions: list[int]) -> None:
        query = "select sha256 from versie where versie_id = ?"
        (sha256,) = con.execute(query, [versions[-1]]).fetchone()
        audit.record(
            settings, "import", "bewaard", name=user, **details, sha256=sha256, versie=versions[-1]
        )

    try:
        with on_new_versions(stored):
            result = import_workbook(settings, path, user=user, dry_run=dry_run)
    except (StoreProblem, duckdb.Error):
        audit.note(settings, "import", "mislukt", name=user, **details)
        raise
    if result.errors:
        audit.note(settings, "import", "geweigerd", name=user, **details, fouten=len(result.errors))
    elif result.dry_run:
        audit.note(settings, "import", "proefrun", name=user, **details)
    return result


def cmd_answer(args: argparse.Namespace, settings: Settings, out: TextIO, err: TextIO) -> int:
    from wisselaar.store import Store, utc_now

    moment = _moment(args.as_of) if args.as_of else utc_now()
    if moment is None:
        print(t("cli.moment_ongeldig", waarde=args.as_of), file=err)
        return 2
    if args.out and not args.json:  # the files kept by an earlier --out of this data
        from wisselaar.answer_store import files_342

        files = files_342(settings, moment, lambda con: _made_files(con, moment, settings))
        if files is None:
            print(t("cli.geen_versie", moment=args.as_of or t("cli.nu")), file=err)
            return 1
        _write_files(files, args.out, out)
        return 0
    # One read of the database for the whole answer: figures, text, files and provenance.
    with Store(settings.db_path, settings.lock_timeout_s).read() as con:
        if args.json and not args.out:  # the JSON kept at import, when it is of this data
            from wisselaar.answer_store import lookup_bytes

            kept = lookup_bytes(con, moment, settings)
            if kept is not None:
                _print_bytes(kept, out)
                return 0
        code, computed, files = _answer(args, con, moment, settings, out, err)
    if computed is not None or files is not None:
        from wisselaar.answer_store import keep

        if computed is not None:
            keep(settings, computed, moment)
        if files is not None:
            keep(settings, files, moment)
    return code


def _made_files(
    con: duckdb.DuckDBPyConnection, moment: dt.datetime, settings: Settings
) -> dict[str, bytes] | None:
    """The draft files computed on `con` (None without a version at `moment`)."""
    from wisselaar.answer import compute
    from wisselaar.answer_files import answer_files_bytes

    answer = compute(con, moment, settings)
    return None if answer is None else answer_files_bytes(answer)


def _moment(as_of: str) -> dt.datetime | None:
    """`--as-of` as naive UTC, or None when it is no moment."""
    from wisselaar.moments import MomentError, parse_as_of

    try:
        return parse_as_of(as_of)
    except MomentError:
        return None


def _print_bytes(text: bytes, out: TextIO) -> None:
    """UTF-8 `text` and a newline, as print would: straight to the bytes under a text stream
    (6 MB of JSON decoded and encoded again cost 25 ms)."""
    buffer = getattr(out, "buffer", None)
    if buffer is None or (getattr(out, "encoding", None) or "").lower().replace("-", "") != "utf8":
        print(text.decode(), file=out)  # a StringIO (tests), or a console of another encoding
        return
    out.flush()
    buffer.write(text + b"\n")
    buffer.flush()


def _write_files(files: dict[str, bytes], out_dir: Path, out: TextIO) -> None:
    from wisselaar.draft_files import write_files

    for path in write_files(files, out_dir):
        print(t("cli.bestand_geschreven", pad=str(path)), file=out)


def _answer(
    args: argparse.Namespace,
    con: Any,
    moment: dt.datetime,
    settings: Settings,
    out: TextIO,
    err: TextIO,
) -> tuple[int, str | None, dict[str, bytes] | None]:
    """The exit status, and the JSON printed alone or the draft files written (to be kept for
    the next time)."""
    from wisselaar.answer import compute

    answer = compute(con, moment, settings)
    if answer is None:
        print(t("cli.geen_versie", moment=args.as_of or t("cli.nu")), file=err)
        return 1, None, None
    files = None
    if args.out:
        from wisselaar.answer_files import answer_files_bytes

        files = answer_files_bytes(answer)
        _write_files(files, args.out, out)
    if args.json:
        text = answer.to_json()
        print(text, file=out)
        if not args.out:
            out.flush()  # the answer first; keeping it is for the next time
            return 0, text, None
    elif not args.out:
        from wisselaar.answer_text import answer_text

        print(answer_text(answer), file=out)
    out.flush()
    return 0, None, files


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
                n=b.municipalities,
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


MAX_NAME_LENGTH = 100
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def account_name(value: str) -> str:
    """A user name for `wachtwoord --naam`: printable, without spaces at either end (sign-in
    trims them) and without invisible characters (nobody could type the name back)."""
    invisible = any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") for c in value)
    if not value.strip() or value != value.strip() or invisible or len(value) > MAX_NAME_LENGTH:
        raise argparse.ArgumentTypeError(t("wachtwoord.naam_ongeldig", n=MAX_NAME_LENGTH))
    return value


def toml_key(name: str) -> str:
    """`name` as a TOML key: bare when it may be, else a basic string with `\\` and `"`
    escaped (account_name has refused the characters that would need more)."""
    if _BARE_KEY.fullmatch(name):
        return name
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


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
        print(t("wachtwoord.te_kort", n=MIN_PASSWORD_LENGTH), file=err)
        return 1
    print(t("wachtwoord.klaar"), file=err)
    print(f"[wisselaar.accounts.{toml_key(args.naam)}]", file=out)
    print(f'role = "{args.rol}"', file=out)
    print(f'password_hash = "{hash_password(password)}"', file=out)
    return 0


MAX_QUESTION_BYTES = 1024 * 1024  # a written question is a few kB of text


def cmd_vraag_inlezen(
    args: argparse.Namespace, settings: Settings, out: TextIO, err: TextIO
) -> int:
    """What a written question's text file (`-`: standard input) holds: its parts, the blocks
    proposed per sub-question and the due date; as JSON with --json (issue 14)."""
    from wisselaar.deadlines import DaysOffError, days_off
    from wisselaar.intake import describe, read_question, to_json
    from wisselaar.question_intake import NotAQuestion, decode

    try:
        if args.file == "-":
            data = sys.stdin.buffer.read(MAX_QUESTION_BYTES + 1)
        else:
            with Path(args.file).open("rb") as handle:
                data = handle.read(MAX_QUESTION_BYTES + 1)
    except OSError:
        print(t("cli.bestand_niet_gevonden", pad=args.file), file=err)
        return 1
    if len(data) > MAX_QUESTION_BYTES:
        print(t("intake.te_groot", pad=args.file, kb=MAX_QUESTION_BYTES // 1024), file=err)
        return 1
    try:
        intake = read_question(decode(data), days_off(settings))
    except (NotAQuestion, DaysOffError) as error:
        print(error.message(), file=err)
        return 1
    if args.json:
        print(json.dumps(to_json(intake), ensure_ascii=False, indent=2), file=out)
    else:
        print("\n".join(describe(intake)), file=out)
    return 0
