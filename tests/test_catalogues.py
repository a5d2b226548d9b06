"""The message catalogues: every entry in both languages, with the same placeholders and plural
forms, and every yes/no field with its own words; counts worded right."""

from __future__ import annotations

import string

import pytest

from strategikoll import texts
from strategikoll.i18n import en, sv
from strategikoll.proposal import field_paths


def _placeholders(entry: str | dict[str, str]) -> dict[str, set[str]]:
    forms = entry if isinstance(entry, dict) else {"": entry}
    return {form: _names(text) for form, text in forms.items()}


def _names(text: str) -> set[str]:
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}
    except ValueError:  # a brace written as itself: a message with no placeholder
        return set()


@pytest.mark.parametrize("table", ["MESSAGES", "FIELDS", "VALUES", "TOPICS", "STATEMENTS"])
def test_every_entry_is_in_both_languages(table):
    swedish, english = getattr(sv, table), getattr(en, table)
    assert sorted(set(swedish) - set(english)) == [], "missing in en.py"
    assert sorted(set(english) - set(swedish)) == [], "missing in sv.py"


def test_every_message_has_the_same_placeholders_and_plural_forms_in_both():
    differ = {
        key: (_placeholders(entry), _placeholders(en.MESSAGES[key]))
        for key, entry in sv.MESSAGES.items()
        if _placeholders(entry) != _placeholders(en.MESSAGES[key])
    }
    assert differ == {}


def test_a_plural_entry_has_exactly_the_forms_one_and_other():
    for language in (sv, en):
        for key, entry in language.MESSAGES.items():
            if isinstance(entry, dict):
                assert set(entry) == {"one", "other"}, key


def test_every_yes_no_field_has_words_for_yes_and_no():
    bools = {path for path, spec in field_paths().items() if spec.kind is bool}
    for language in (sv, en):
        assert set(language.STATEMENTS) == bools
        for yes, no in language.STATEMENTS.values():
            assert yes != no
            assert yes[:1].islower() or yes.startswith("EU")


@pytest.mark.parametrize(
    ("lang", "count", "words"),
    [
        ("sv", 0, "0 filer kontrollerade"),
        ("sv", 1, "1 fil kontrollerad"),
        ("sv", 2, "2 filer kontrollerade"),
        ("en", 1, "1 file checked"),
        ("en", 3, "3 files checked"),
        ("sv", 1400000, "1\u00a0400\u00a0000 filer kontrollerade"),
        ("en", 1400000, "1,400,000 files checked"),
    ],
)
def test_counts_take_the_right_form_and_number_format(lang, count, words):
    assert texts.t_in(lang, "n_files", n=count) == words


def test_numbers_as_each_language_writes_them():
    assert texts.number(0.5, "sv") == "0,5"
    assert texts.number(1234567.25, "sv") == "1\u00a0234\u00a0567,25"
    assert texts.number(0.5, "en") == "0.5"
    assert texts.number(3.0, "sv") == "3"


def test_a_run_summary_has_no_wrong_plural(cli, write):
    one = write("a.yaml", "title: Ett medlemskap\nkind: membership\n")
    run = cli("check", one, "--city", "stockholm")
    last = run.stdout.strip().splitlines()[-1]
    assert last == "1 fil kontrollerad: 0 godkända, 1 med varning, 0 underkända, 0 med fel"
    english = cli("check", one, "--city", "stockholm", "--lang", "en").stdout.strip()
    assert english.splitlines()[-1] == (
        "1 file checked: 0 passed, 1 with a warning, 0 failed, 0 with errors"
    )
    many = cli("check", one, "--city", "all").stdout.strip().splitlines()[-1]
    assert many.startswith("4 bedömningar av 1 fil: ")
