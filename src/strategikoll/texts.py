"""Access to user-facing text in the language of the run (Swedish unless `--lang en`)."""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum
from types import ModuleType

from strategikoll.i18n import en, sv

LANGUAGES: dict[str, ModuleType] = {"sv": sv, "en": en}
_current: ModuleType = sv


def set_language(lang: str) -> None:
    """Choose the language for every message of this run."""
    global _current  # noqa: PLW0603 - one language per process, set once by the command line
    _current = LANGUAGES[lang]


Entry = str | dict[str, str]
"""A catalogue entry: a text, or plural forms {"one": …, "other": …} chosen by the parameter `n`
(Swedish and English share the rule: "one" for exactly 1, "other" for any other number)."""


WORDS: dict[str, dict[str, Entry]] = {"sv": {}, "en": {}}
"""Words that come with a condition form defined outside the catalogues (`Condition.words`)."""


def add_words(words: dict[str, dict[str, Entry]]) -> None:
    """Add a form's own words, per language, to those the catalogues hold."""
    for lang, entries in words.items():
        WORDS[lang].update(entries)


def _entry(lang: str, message_key: str) -> Entry:
    entry = LANGUAGES[lang].MESSAGES.get(message_key)
    return entry if entry is not None else WORDS[lang][message_key]


def _filled(entry: Entry, params: dict[str, object], lang: str) -> str:
    if isinstance(entry, dict):
        count = params.get("n")
        entry = entry["one" if count == 1 else "other"]
        if "n" in params:
            params = {**params, "n": number(count, lang)}
    return entry.format(**params) if params else entry


def t_in(lang: str, message_key: str, /, **params: object) -> str:
    """The message `message_key` in the language `lang`, whatever the run's language is."""
    return _filled(_entry(lang, message_key), params, lang)


def language() -> str:
    """The code of the current language."""
    return "en" if _current is en else "sv"


def t(message_key: str, /, **params: object) -> str:
    """The message `message_key` in the current language, with `params` filled in."""
    lang = language()
    return _filled(_entry(lang, message_key), params, lang)


def listed(items: Sequence[str], word: str = "and", lang: str | None = None) -> str:
    """Items as a sentence lists them: "a, b och c" (`word` "and"), "a, b eller c" ("or")."""
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + t_in(lang or language(), word) + items[-1]


def number(value: object, lang: str | None = None) -> str:
    """A number as the run's language writes it: Swedish groups thousands with a space that does
    not break a line and writes a decimal comma (1 400 000, 0,5); English 1,400,000 and 0.5.
    Anything that is not a number is returned as text."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = f"{value:,}" if isinstance(value, int) else f"{value:,.12g}"
    if "e" in text:  # a float too large or small for grouping: as Python writes it
        text = repr(value)
    if (lang or language()) == "en":
        return text
    return text.replace(",", "\u00a0").replace(".", ",")


def field_label(path: str) -> str:
    """A short name for a proposal field (`end_date` → `slutdatum`); list indices are dropped."""
    key = ".".join(part for part in path.split(".") if not part.isdigit())
    entry = _current.FIELDS.get(key)
    return entry[0] if entry else path


def statement(path: str, value: bool) -> str | None:
    """A yes/no field as a clause in the field's own words, for `value`: "avtalet avser ett
    konkret utbyte" / "avtalet inte avser något konkret utbyte" (word order of a clause after
    "att"); None for a field that has no such words."""
    key = ".".join(part for part in path.split(".") if not part.isdigit())
    entry = _current.STATEMENTS.get(key)
    return entry[0 if value else 1] if entry else None


def field_help(path: str) -> str:
    """The description of a proposal field in the current language."""
    entry = _current.FIELDS.get(path)
    return entry[1] if entry else ""


def topic_label(topic: str) -> str:
    """The name of a topic of the shared vocabulary."""
    return str(_current.TOPICS.get(topic, topic))


def topics() -> list[str]:
    """Every topic of the shared vocabulary, in its canonical order."""
    return list(sv.TOPICS)


def value_word(value: object) -> str:
    """A value as a user reads it: booleans as ja/nej (yes/no), lists joined, dates ISO."""
    if value is True:
        return t("yes")
    if value is False:
        return t("no")
    if isinstance(value, list | tuple | set | frozenset):
        return ", ".join(value_word(v) for v in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value.value if isinstance(value, Enum) else value)
    return str(_current.VALUES.get(text, text))
