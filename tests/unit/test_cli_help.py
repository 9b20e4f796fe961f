"""The command line's help is Dutch (CONTRACT.md section 3): every text from the catalogue,
looked up when help is shown, and usage errors exit with 2."""

from __future__ import annotations

import pytest

from wisselaar.cli import main
from wisselaar.i18n import t


def help_of(capsys, *argv: str) -> str:
    with pytest.raises(SystemExit) as done:
        main([*argv, "--help"])
    assert done.value.code == 0
    return " ".join(capsys.readouterr().out.split())  # argparse wraps lines


def flat(key: str) -> str:
    return " ".join(t(key).split())


def test_the_overview_names_every_command_in_dutch(capsys):
    text = help_of(capsys)
    assert text.startswith("gebruik: python -m wisselaar")
    assert flat("cli.beschrijving") in text and "opties:" in text and "argumenten:" in text
    for key in ("cli.help_template", "cli.help_import", "cli.help_answer", "intake.help"):
        assert flat(key) in text
    assert "cli." not in text and "usage:" not in text and "show this help" not in text


def test_each_option_of_answer_has_its_dutch_help(capsys):
    text = help_of(capsys, "answer")
    for key in ("cli.help_answer", "cli.help_db", "cli.help_as_of", "cli.help_json"):
        assert flat(key) in text
    assert flat("cli.help_help") in text and "cli.help" not in text


def test_a_wrong_option_is_a_dutch_usage_error(capsys):
    with pytest.raises(SystemExit) as done:
        main(["answer", "--bogus"])
    assert done.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("gebruik: python -m wisselaar") and "fout:" in err and "--bogus" in err
