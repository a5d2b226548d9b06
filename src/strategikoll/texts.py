"""Access to user-facing text in the language of the run (Swedish unless `--lang en`)."""

from __future__ import annotations

from enum import Enum
from types import ModuleType

from strategikoll.i18n import en, sv

LANGUAGES: dict[str, ModuleType] = {"sv": sv, "en": en}
_current: ModuleType = sv


def set_language(lang: str) -> None:
    """Choose the language for every message of this run."""
    global _current  # noqa: PLW0603 - one language per process, set once by the command line
    _current = LANGUAGES[lang]


def t_in(lang: str, message_key: str, /, **params: object) -> str:
    """The message `message_key` in the language `lang`, whatever the run's language is."""
    template: str = LANGUAGES[lang].MESSAGES[message_key]
    return template.format(**params) if params else template


def language() -> str:
    """The code of the current language."""
    return "en" if _current is en else "sv"


def t(message_key: str, /, **params: object) -> str:
    """The message `message_key` in the current language, with `params` filled in."""
    template: str = _current.MESSAGES[message_key]
    return template.format(**params) if params else template


def field_label(path: str) -> str:
    """A short name for a proposal field (`end_date` → `slutdatum`); list indices are dropped."""
    key = ".".join(part for part in path.split(".") if not part.isdigit())
    entry = _current.FIELDS.get(key)
    return entry[0] if entry else path


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
