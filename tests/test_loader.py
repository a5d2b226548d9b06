"""Properties of the safe loader: any input gives data or an InputError, never anything else."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from strategikoll.errors import InputError
from strategikoll.loader import load_bytes, load_text

yaml_alphabet = st.sampled_from([*"ab:- \n[]{},&*!'\"#|>?%@`\t0129.", "NO", "yes", "~", "é"])


@settings(max_examples=300, deadline=None)
@given(st.lists(yaml_alphabet, max_size=60).map("".join))
def test_any_text_loads_or_raises_input_error(text):
    try:
        document = load_text(text, "fuzz.yaml")
    except InputError as error:
        assert error.problems
        assert all(p.message for p in error.problems)
    else:
        assert document.positions


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_any_bytes_load_or_raise_input_error(raw):
    try:
        load_bytes(raw, "fuzz.yaml")
    except InputError as error:
        assert error.problems


scalars = st.one_of(
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=12),
)
documents = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text("abcdef_", min_size=1, max_size=6), inner, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(documents)
def test_json_compatible_documents_round_trip(data):
    import json

    # JSON is a subset of YAML 1.2: whatever JSON writes, the loader reads back unchanged.
    assert load_text(json.dumps(data, ensure_ascii=False), "doc.yaml").data == data


def test_positions_are_one_based_line_and_column():
    document = load_text("title: x\ncounterpart:\n  country: NO\n", "p.yaml")
    assert document.data["counterpart"]["country"] == "NO"
    assert document.positions[("counterpart", "country")] == (3, 12)
    assert document.key_positions[("counterpart", "country")] == (3, 3)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("NO", "NO"),
        ("yes", "yes"),
        ("off", "off"),
        ("1:30", "1:30"),
        ("true", True),
        ("012", 12),
        ("1e3", 1000.0),
        ("~", None),
        ("2025-01-01", "2025-01-01"),
        ("0x1F", 31),
    ],
)
def test_plain_scalars_follow_yaml_12(text, value):
    assert load_text(f"v: {text}\n", "p.yaml").data["v"] == value


def test_alias_expansion_is_bounded():
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    with pytest.raises(InputError) as caught:
        load_text("\n".join(lines), "bomb.yaml")
    assert "för många värden" in caught.value.problems[0].message


def test_deep_nesting_is_bounded():
    with pytest.raises(InputError):
        load_text("[" * 5000 + "]" * 5000, "deep.yaml")


def _loaded(text: str) -> tuple[object, dict, dict] | str:
    try:
        document = load_text(text, "doc.yaml")
    except InputError:
        return "error"  # its problems are the builder's either way: both paths end there
    return document.data, document.positions, document.key_positions


def _one_line_down(loaded: tuple[object, dict, dict] | str) -> tuple[object, dict, dict] | str:
    if isinstance(loaded, str):
        return loaded
    data, positions, key_positions = loaded
    down = {path: (line + 1, column) for path, (line, column) in positions.items()}
    keys_down = {path: (line + 1, column) for path, (line, column) in key_positions.items()}
    return data, down, keys_down


plain_alphabet = st.sampled_from([*"ab:- \n[]{},!'\"#|>?%@`\t0129.", "NO", "yes", "~", "é"])


@settings(max_examples=400, deadline=None)
@given(
    st.one_of(
        st.lists(plain_alphabet, max_size=60).map("".join),
        documents.map(lambda data: __import__("yaml").safe_dump(data, allow_unicode=True)),
    )
)
def test_a_document_loads_the_same_whichever_way_it_is_read(text):
    """Plain documents are composed by libyaml, others built event by event (a `&` anywhere, even
    in a comment, sends a text that way): both must give the same data and positions."""
    assert _loaded("# &\n" + text) == _one_line_down(_loaded(text))


def test_bundled_files_load_the_same_whichever_way_they_are_read():
    from conftest import EXAMPLES
    from strategikoll.strategies import BUNDLED_DIR

    paths = [*EXAMPLES.rglob("*.yaml"), *BUNDLED_DIR.rglob("*.yaml")]
    assert len(paths) > 60
    for path in paths:
        text = path.read_text(encoding="utf-8")
        assert _loaded("# &\n" + text) == _one_line_down(_loaded(text)), path


def test_aliases_of_scalars_and_keys_are_their_values():
    text = "a: &one 1\nb: *one\n&k c: [*k, *one]\nd: &list [x, y]\ne: *list\n"
    assert load_text(text, "doc.yaml").data == {
        "a": 1,
        "b": 1,
        "c": ["c", 1],
        "d": ["x", "y"],
        "e": ["x", "y"],
    }


def test_the_non_specific_tag_keeps_a_value_as_text():
    assert load_text("a: ! 123\nb: ! true\nc: [! 1.5]\n", "doc.yaml").data == {
        "a": "123",
        "b": "true",
        "c": ["1.5"],
    }


def test_keys_count_towards_the_limit_on_values():
    text = "{" + ", ".join(f"k{i}" for i in range(60_000)) + "}\n"
    with pytest.raises(InputError, match="100000"):
        load_text(text, "doc.yaml")


def test_the_line_of_a_problem_is_counted_as_yaml_counts_lines():
    """YAML breaks lines at U+2028 too (and not at a form feed); the quoted line must match."""
    for text, where in (
        ("title: 'a\u2028b'\nkind: [x\n", (3, 7, "kind: [x")),
        ("title: 'a\u2028b\x0cc'\nkind: x\n", (2, 2, "b\x0cc'")),  # a form feed is not allowed
    ):
        with pytest.raises(InputError) as caught:
            load_text(text, "doc.yaml")
        [problem] = caught.value.problems
        assert (problem.line, problem.column, problem.excerpt) == where
