"""Every member of every enum the output depends on has its handler and its words."""

from __future__ import annotations

import pytest

from strategikoll import texts
from strategikoll.engine import Verdict
from strategikoll.formats import FORMATS
from strategikoll.i18n import en, sv
from strategikoll.proposal import (
    CounterpartType,
    DecisionBody,
    DecisionScope,
    Direction,
    Stakeholder,
)
from strategikoll.reporters import get_reporter
from strategikoll.reporters.text import STYLE
from strategikoll.strategies import SEVERITY_OF_MODAL, Modal


@pytest.mark.parametrize("language", [sv, en])
def test_every_verdict_has_a_label_and_a_style(language):
    for verdict in Verdict:
        assert f"verdict_{verdict.value}" in language.MESSAGES
        assert verdict in STYLE


def test_every_modal_verb_has_a_severity():
    assert set(SEVERITY_OF_MODAL) == set(Modal)


@pytest.mark.parametrize(
    "enum", [CounterpartType, DecisionBody, DecisionScope, Direction, Stakeholder]
)
def test_every_value_has_words_in_both_languages(enum):
    for member in enum:
        assert member.value in sv.VALUES
        assert member.value in en.VALUES


def test_every_topic_has_words_in_both_languages():
    assert texts.topics() == list(en.TOPICS)


@pytest.mark.parametrize("name", sorted(FORMATS["check"]))
def test_every_registered_format_loads(name):
    assert callable(get_reporter(name).write)
