"""The enumerations of a proposal: their Swedish words are accepted; schema and check agree.

`check` and the JSON Schema from `strategikoll schema` must accept exactly the same spellings, so an
editor that validates against the schema never contradicts the command line.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import unicodedata
from enum import StrEnum
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from pydantic import ValidationError

from conftest import EXAMPLES
from strategikoll.errors import InputError
from strategikoll.i18n import en, sv
from strategikoll.loader import load_file
from strategikoll.proposal import (
    DecisionBody,
    Kind,
    Proposal,
    field_paths,
    member_pattern,
    member_spelled,
    read_proposal,
    spellings,
)


def _enumerations() -> dict[type[StrEnum], str]:
    """Each enumeration of the proposal and the first field that holds it."""
    found: dict[type[StrEnum], str] = {}
    for path, spec in field_paths().items():
        if isinstance(spec.kind, type) and issubclass(spec.kind, StrEnum):
            found.setdefault(spec.kind, path)
    return found


ENUMS = _enumerations()
EXAMPLE_FILES = sorted(EXAMPLES.rglob("*.yaml"))
ALL_SPELLINGS = sorted({word for enum in ENUMS for m in enum for word in spellings(m)})


def _plain(word: str) -> str:
    """The word without accents: `nämnd` → `namnd`."""
    decomposed = unicodedata.normalize("NFD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _folded(word: str) -> str:
    return _plain(word).casefold().replace("-", "_").replace(" ", "_")


def proposal_with(enum: type[StrEnum], value: Any) -> dict[str, Any]:
    """A proposal that states `value` in the first field of type `enum`, and nothing else."""
    path = ENUMS[enum]
    proposal: dict[str, Any] = {"title": "Prov", "kind": "membership"}
    node = proposal
    *parents, name = path.split(".")
    for parent in parents:
        node = node.setdefault(parent, {})
    node[name] = [value] if field_paths()[path].many else value
    return proposal


def accepted_by_check(data: Any) -> bool:
    """Whether the proposal's model takes `data`, as `check` reads a file."""
    try:
        Proposal.model_validate(data)
    except ValidationError:
        return False
    return True


@pytest.fixture(scope="module")
def schemas() -> dict[str, Any]:
    """The schema as `strategikoll schema` prints it, in each language."""
    found = {}
    for lang in ("sv", "en"):
        run = subprocess.run(
            [sys.executable, "-m", "strategikoll", "schema", "--lang", lang],
            capture_output=True,
            check=True,
            text=True,
            encoding="utf-8",
        )
        found[lang] = json.loads(run.stdout)
    return found


@pytest.fixture(scope="module")
def validator(schemas: dict[str, Any]) -> Draft202012Validator:
    Draft202012Validator.check_schema(schemas["sv"])
    return Draft202012Validator(schemas["sv"])


# -- the words ------------------------------------------------------------------------------------


def test_every_enumeration_of_the_proposal_is_covered():
    assert set(ENUMS) >= {Kind, DecisionBody}
    assert len(ENUMS) == 8


@pytest.mark.parametrize("enum", list(ENUMS), ids=lambda e: e.__name__)
def test_every_value_has_a_swedish_word_and_an_english_name(enum):
    for member in enum:
        assert member.value in sv.VALUES
        assert member.value in en.VALUES
        assert sv.VALUES[member.value] in spellings(member)


@pytest.mark.parametrize("enum", list(ENUMS), ids=lambda e: e.__name__)
def test_every_spelling_names_its_member(enum):
    for member in enum:
        for word in spellings(member):
            assert member_spelled(enum, word) is member, word
            assert member_spelled(enum, _variant(word)) is member, word


@pytest.mark.parametrize("enum", list(ENUMS), ids=lambda e: e.__name__)
def test_no_two_members_share_a_spelling(enum):
    # Every string a spelling accepts folds to the spelling's own folding, so distinct foldings
    # mean no input can name two members.
    owner: dict[str, StrEnum] = {}
    for member in enum:
        for word in spellings(member):
            assert owner.setdefault(_folded(word), member) is member, word


# -- check ----------------------------------------------------------------------------------------


def _variant(word: str) -> str:
    """The same word as an official might type it: capitals, no accents, `_` for spaces."""
    return _plain(word).upper().replace(" ", "_").replace("-", " ")


def test_every_spelling_gets_the_same_verdicts_as_the_value(cli, write):
    pairs: list[tuple[Path, Path]] = []
    for enum in ENUMS:
        for member in enum:
            value = write(f"{enum.__name__}/{member.value}.yaml", _yaml(enum, member.value))
            for i, word in enumerate(spellings(member)):
                for j, written in enumerate((word, _variant(word), f"  {word}\n")):
                    name = f"{enum.__name__}/{member.value}-{i}-{j}.yaml"
                    pairs.append((write(name, _yaml(enum, written)), value))
    files = sorted({path for pair in pairs for path in pair})
    run = cli("check", *files, "--city", "all", "--format", "json")
    assert run.exit_code in (0, 1), run.stderr
    results: dict[str, list[Any]] = {}
    for result in run.json()["results"]:
        assert result["verdict"] != "error", result
        results.setdefault(result.pop("file"), []).append(result)
    for spelled, value in pairs:
        assert results[str(spelled)] == results[str(value)], spelled.read_text(encoding="utf-8")
    # The verdicts depend on the values, so a spelling read as the wrong member would show.
    assert len({json.dumps(r, sort_keys=True) for r in results.values()}) > 10


def _yaml(enum: type[StrEnum], value: str) -> str:
    # JSON is YAML; it keeps every character of the value, blanks and accents included.
    return json.dumps(proposal_with(enum, value), ensure_ascii=False) + "\n"


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        (
            "decision: {scope: stadsövergripnde}\n",
            "sv",
            [
                "'stadsövergripnde' är inget giltigt värde",
                "stadsövergripande, verksamhetsspecifik",
                "menade du 'stadsövergripande'?",
            ],
        ),
        (
            "decision: {scope: Stadsövergripnde}\n",
            "en",
            [
                "'Stadsövergripnde' is not a valid value",
                "city_wide, operation_specific",
                "did you mean 'stadsövergripande'?",
            ],
        ),
        (
            "decision: {body: Kömmunfullmäktige}\n",
            "sv",
            ["'Kömmunfullmäktige'", "kommunfullmäktige, kommunstyrelsen, nämnd"],
        ),
        (
            "welfare_areas: [utbildning, trygghét]\n",
            "sv",
            ["welfare_areas.1: 'trygghét'", "arbete, boende", "menade du 'trygghet'?"],
        ),
        ("counterpart: {type: städ}\n", "sv", ["'städ'", "stad, region", "menade du 'stad'?"]),
    ],
)
def test_an_unknown_value_is_shown_as_written(cli, write, text, lang, expected):
    path = write("wrong.yaml", "title: Prov\nkind: medlemskap\n" + text)
    run = cli("check", path, "--city", "stockholm", "--lang", lang)
    assert run.exit_code == 2
    for part in expected:
        assert part in run.stdout + run.stderr


def test_an_unknown_kind_lists_the_swedish_kinds(cli, write):
    run = cli("check", write("wrong.yaml", "title: Prov\nkind: samarbetsavtalet\n"))
    assert run.exit_code == 2
    assert "'samarbetsavtalet' är inget giltigt värde" in run.stdout + run.stderr
    assert "vänortsavtal, partnerstadsprojekt, samarbetsavtal" in run.stdout + run.stderr
    assert "menade du 'samarbetsavtal'?" in run.stdout + run.stderr


# -- the schema -----------------------------------------------------------------------------------


def test_the_schema_accepts_every_example(schemas):
    assert EXAMPLE_FILES
    for schema in schemas.values():
        validator = Draft202012Validator(schema)
        for path in EXAMPLE_FILES:
            data = load_file(path).data
            read_proposal(load_file(path))  # check accepts it too
            errors = [e.message for e in validator.iter_errors(data)]
            assert not errors, (path, errors)


@pytest.mark.parametrize("enum", list(ENUMS), ids=lambda e: e.__name__)
def test_the_schema_accepts_every_spelling(validator, enum):
    for member in enum:
        for word in spellings(member):
            for written in (word, _variant(word), unicodedata.normalize("NFD", word), f"\t{word} "):
                assert validator.is_valid(proposal_with(enum, written)), written
        assert not validator.is_valid(proposal_with(enum, f"{member.value}x"))


def test_the_schema_speaks_the_language_it_is_asked_for(schemas):
    swedish, english = schemas["sv"], schemas["en"]
    assert swedish["title"] != english["title"]
    for name, definition in swedish["$defs"].items():
        other = english["$defs"][name]
        assert definition["title"] in {label for label, _ in sv.FIELDS.values()}, name
        assert other["title"] in {label for label, _ in en.FIELDS.values()}, name
        assert definition["description"] != other["description"], name
    kinds = swedish["$defs"]["Kind"]["description"]
    assert "samarbetsavtal (cooperation_agreement)" in kinds
    assert "cooperation_agreement (samarbetsavtal)" in english["$defs"]["Kind"]["description"]


# -- schema and check agree -----------------------------------------------------------------------

# Letters that fold or case-map to ASCII ones (Kelvin sign, dotless i, long s), foreign accents,
# combining marks, and blanks that Python's `\s`, ECMA-262's `\s` and `str.strip` count differently.
_ODD_BLANKS = [*"\x0b\x0c\x1c\x85\u00a0\u2028\u3000\ufeff"]
_ODD_CHARACTERS = [*"-_ \t\nıſøőéÅ\u212a\u0301\u0308\u030a\u200b", *_ODD_BLANKS, "ss"]
_BLANKS = ["", "", " ", "  ", "\t", "\n", "\r\n"]


@st.composite
def typed(draw: st.DrawFn, words: list[str]) -> str:
    """A spelling as someone might type it.

    Each letter kept, in the other case, without its accent or with the accent as a separate mark;
    each separator any of `-`, `_`, space; now and then a character added, dropped or replaced;
    blanks around it.
    """
    word = draw(st.sampled_from(words))
    chars = []
    for char in word:
        if char in "-_ ":
            chars.append(draw(st.sampled_from([char, "-", "_", " "])))
        else:
            nfd = unicodedata.normalize("NFD", char)
            chars.append(draw(st.sampled_from([char, char.swapcase(), _plain(char), nfd])))
    for _ in range(draw(st.sampled_from([0, 0, 0, 1, 2]))):
        at = draw(st.integers(0, len(chars)))
        odd = draw(st.sampled_from(_ODD_CHARACTERS) | st.characters())
        chars[at : at + draw(st.integers(0, 1))] = draw(st.sampled_from([[odd], []]))
    blank, odd = st.sampled_from(_BLANKS), st.sampled_from(_ODD_BLANKS)
    fine = st.tuples(blank, blank)
    around = st.one_of(fine, fine, st.tuples(odd, blank), st.tuples(blank, odd))
    before, after = draw(around)
    return before + "".join(chars) + after


def values_for(enum: type[StrEnum]) -> st.SearchStrategy[Any]:
    """Mostly the enumeration's own spellings, typed as people type; sometimes anything."""
    own = typed([word for member in enum for word in spellings(member)])
    anything = st.one_of(typed(ALL_SPELLINGS), st.text(max_size=12), st.integers())
    return st.one_of(own, own, own, anything)


@settings(max_examples=300, deadline=None)
@given(kind=values_for(Kind), body=values_for(DecisionBody))
def test_schema_and_check_agree_on_kind_and_body(validator, kind, body):
    proposal = {"title": "x", "kind": kind, "decision": {"body": body}}
    assert validator.is_valid(proposal) == accepted_by_check(proposal)


@pytest.mark.parametrize("enum", list(ENUMS), ids=lambda e: e.__name__)
@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_schema_and_check_agree_on_every_enumeration(validator, enum, data):
    proposal = proposal_with(enum, data.draw(values_for(enum)))
    assert validator.is_valid(proposal) == accepted_by_check(proposal)


@pytest.mark.parametrize("enum", list(ENUMS), ids=lambda e: e.__name__)
@settings(max_examples=80, deadline=None)
@given(data=st.data())
def test_the_member_found_is_the_one_whose_pattern_matches(enum, data):
    """`check` finds a member by a table of written forms, not by the schema's patterns: each
    value names the member whose own pattern matches it, and none when no pattern does."""
    value = data.draw(values_for(enum).filter(lambda v: isinstance(v, str)))
    word = value.strip(" \t\r\n")
    matching = [m for m in enum if re.fullmatch(member_pattern(m), word)]
    assert len(matching) <= 1
    assert member_spelled(enum, value) == (matching[0] if matching else None)


def test_check_jsonschema_agrees_with_check(tmp_path, schemas):
    """The schema in an ECMA-262 regex engine, as editors and CI use it, not Python's."""
    pytest.importorskip("check_jsonschema")
    schema = tmp_path / "schema.json"
    schema.write_text(json.dumps(schemas["sv"], ensure_ascii=False), encoding="utf-8")
    files = list(EXAMPLE_FILES)
    for enum in ENUMS:
        for member in enum:
            for i, word in enumerate(spellings(member)):
                for j, written in enumerate(_near(word)):
                    path = tmp_path / f"{enum.__name__}-{member.value}-{i}-{j}.yaml"
                    path.write_text(_yaml(enum, written), encoding="utf-8")
                    files.append(path)
    run = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "-o", "json", "--schemafile", schema, *files],
        capture_output=True,
        check=False,
        text=True,
        encoding="utf-8",
    )
    report = json.loads(run.stdout)
    assert not report["parse_errors"]
    rejected = {Path(error["filename"]) for error in report["errors"]}
    for path in files:
        assert (path not in rejected) == _checks(path), path.read_text(encoding="utf-8")
    assert not rejected & set(EXAMPLE_FILES)
    assert len(rejected) > len(files) / 4


def _near(word: str) -> list[str]:
    """The word, spellings that must be accepted, and near misses that must not."""
    vowel = next((c for c in word if c in "aeiou"), "")
    return [
        word,
        word.upper(),
        _plain(word),
        unicodedata.normalize("NFD", word),
        f" {word.title()}\t",
        word.replace(" ", "-"),
        word + "x",
        word[:-1],
        word.replace(vowel, vowel + "\u0301", 1) if vowel else word + "\u0301",
        f"\u00a0{word}",
        word.replace("k", "\u212a"),
    ]


def _checks(path: Path) -> bool:
    try:
        read_proposal(load_file(path))
    except InputError:
        return False
    return True
