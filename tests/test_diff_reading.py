"""`strategikoll diff` reads top-down: a summary of what differs first, the topics in its order,
and every witness told in one sentence above its YAML, in Swedish and in English."""

from __future__ import annotations

import re
import string

import pytest

from conftest import ROOT
from test_diff import OWN

ORDER = ("different", "only_a", "only_b")
"""The groups of topics that differ, in the order the summary names them and the topics follow."""

VERDICT_PHRASES = {
    "sv": {
        "pass": "godtas av {city}",
        "warn": "ger en varning hos {city}",
        "fail": "underkänns av {city}",
    },
    "en": {
        "pass": "is accepted by {city}",
        "warn": "gets a warning in {city}",
        "fail": "fails in {city}",
    },
}


def one_line(text: str) -> str:
    """Text with every run of blanks made one space: a sentence as wrapped text shows it."""
    return " ".join(text.split())


def titles_in_order(report: dict) -> list[str]:
    summary = report["summary"]
    titles = {topic["topic"]: topic["title"] for topic in report["topics"]}
    return [titles[topic] for group in ORDER for topic in summary["topics"][group]]


@pytest.mark.parametrize(
    ("lang", "a", "b", "names"),
    [
        ("sv", "goteborg", "stockholm@2016", {"a": "Göteborg", "b": "Stockholm"}),
        ("en", "stockholm@2008", "stockholm@2016", {"a": "Stockholm 2008", "b": "Stockholm 2016"}),
    ],
)
def test_the_summary_comes_first_and_the_topics_follow_in_its_order(cli, lang, a, b, names):
    args = ("diff", a, b, "--lang", lang)
    report = cli(*args, "--format", "json").json()
    titles = titles_in_order(report)
    lines = report["summary"]["lines"]
    assert len(titles) == report["summary"]["counts"]["differing"] > 10
    assert report["summary"]["names"] == names

    text = cli(*args).stdout
    heading = {"sv": "\nSammanfattning\n", "en": "\nSummary\n"}[lang]
    at = text.index(heading)
    flat = one_line(text)
    for line in lines:  # each line of the summary, in order, before the first topic
        assert one_line(line) in flat
    places = [text.index(f"\n{title} — ") for title in titles]
    assert at < places[0]
    assert places == sorted(places)
    assert max(len(line) for line in text.splitlines()) <= 100
    assert not [line for line in text.splitlines() if line != line.rstrip()]

    markdown = cli(*args, "--format", "markdown").stdout
    heading = {"sv": "\n## Sammanfattning\n", "en": "\n## Summary\n"}[lang]
    at = markdown.index(heading)
    for line in lines:
        assert f"\n- {line}\n" in markdown
    places = [markdown.index(f"\n## {title}\n") for title in titles]
    assert at < places[0]
    assert places == sorted(places)


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize(
    ("a", "b"),
    [("stockholm@2008", "stockholm@2016"), ("goteborg", "helsingborg"), ("malmo", "helsingborg")],
)
def test_every_witness_is_told_in_a_sentence(cli, lang, a, b):
    report = cli("diff", a, b, "--lang", lang, "--format", "json").json()
    names = report["summary"]["names"]
    if a.startswith("stockholm@"):
        assert names == {"a": "Stockholm 2008", "b": "Stockholm 2016"}
    assert report["witnesses"]
    for witness in report["witnesses"]:
        told = witness["sentence"]
        assert told[0].isupper() and told.endswith("."), told
        for side in ("a", "b"):
            phrase = VERDICT_PHRASES[lang][witness[side]].format(city=names[side])
            assert phrase in told, (witness["topic"], told)
        assert "_" not in told, told  # no field or value codes (decision.body, twin_town_agreement)
        if lang == "en":
            rest = told.replace("Malmö", "").replace("Göteborg", "")
            assert not re.search("[åäöÅÄÖ]", rest), told
    if lang == "sv":
        text = one_line(cli("diff", a, b).stdout)
        markdown = cli("diff", a, b, "--format", "markdown").stdout
        for witness in report["witnesses"]:
            told = witness["sentence"]
            header = one_line(witness["yaml"].splitlines()[0])
            assert text.index(told) < text.index(header)  # above its YAML
            assert f"**{told}**" in markdown


def test_a_sentence_names_what_the_differing_principles_read(cli):
    """The facts that decide, in words; not those that only content other principles."""
    report = cli("diff", "goteborg", "stockholm@2008", "--format", "json").json()
    told = {w["topic"]: w["sentence"] for w in report["witnesses"]}
    assert told["twin_towns"] == (
        "Ett vänortsavtal som kommunstyrelsen beslutar underkänns av Göteborg men godtas av "
        "Stockholm."
    )
    assert told["partner_choice"] == (
        "Ett medlemskap där det som styrde valet av partner är geografin godtas av Göteborg men "
        "underkänns av Stockholm."
    )
    assert "nyttan för motparten saknas" in told["mutuality"]
    # Each witness states more facts (directions, benefit, who decides, …) to keep the other
    # principles content: its sentence leaves them out.
    for topic, filler in (
        ("twin_towns", ["nyttan", "inriktningar", "sakfrågan"]),
        ("mutuality", ["kommunfullmäktige", "nyttan för staden", "inriktningar"]),
        ("partner_choice", ["aktiva insatser", "inriktningar", "omvärldsbevakning"]),
    ):
        for words in filler:
            assert words not in told[topic], told[topic]
    english = cli("diff", "goteborg", "stockholm@2008", "--lang", "en", "--format", "json").json()
    twin = next(w for w in english["witnesses"] if w["topic"] == "twin_towns")
    assert twin["sentence"] == (
        "A twin-town agreement decided by the executive board fails in Göteborg but is accepted by "
        "Stockholm."
    )


def test_more_than_three_facts_are_named_as_three_and_more(cli):
    report = cli("diff", "stockholm@2008", "stockholm@2016", "--format", "json").json()
    [told] = [w["sentence"] for w in report["witnesses"] if w["topic"] == "cooperation_agreements"]
    assert "med flera saknas" in told
    english = cli("diff", "stockholm@2008", "stockholm@2016", "--format", "json", "--lang", "en")
    [told] = [
        w["sentence"] for w in english.json()["witnesses"] if w["topic"] == "cooperation_agreements"
    ]
    assert "and others are not stated" in told


WRONG_PLURAL = re.compile(
    r"(?<![\d\u00a0,.])1 (ämnen|topics|principer|principles|example proposals)\b"
)
"""A count of one with a plural noun ("1 ämnen"); a number such as 21 or 1 001 is not one."""


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_counts_of_one_are_singular(cli, write, lang):
    own = write("own.yaml", OWN)
    runs = [
        cli("diff", "stockholm", own, "--lang", lang),
        cli("diff", "stockholm", own, "--lang", lang, "--format", "markdown"),
        cli("diff", "stockholm@2008", "stockholm@2016", "--lang", lang),
    ]
    for run in runs:
        assert not WRONG_PLURAL.search(run.stdout), WRONG_PLURAL.search(run.stdout)
    one = {"sv": "1 ämne tas bara upp av Stockholm: Vänorter.", "en": "1 topic is taken up only by"}
    assert one[lang] in one_line(runs[0].stdout)
    found = {
        "sv": "1 exempelförslag hittades, för 1 ämne som skiljer sig.",
        "en": "1 example proposal was found, for 1 topic that differs.",
    }
    assert found[lang] in one_line(runs[0].stdout)
    none = {"sv": "inget för 1 ämne:", "en": "none for 1 topic:"}
    assert none[lang] in one_line(runs[2].stdout)


def test_a_strategy_with_itself_says_nothing_differs(cli):
    run = cli("diff", "goteborg", "göteborg")
    assert run.exit_code == 0
    text = one_line(run.stdout)
    assert "Inget ämne skiljer sig." in text
    assert "exempelförslag" not in text
    report = cli("diff", "goteborg", "göteborg", "--format", "json").json()
    assert report["summary"]["counts"]["differing"] == 0
    assert report["summary"]["topics"]["same"] == [t["topic"] for t in report["topics"]]


# The README's description of the JSON


def readme_json_shape() -> dict:
    """The keys at each level of `diff --format json` as the README describes them: the first
    `text` block after "`--format json` prints one object" in "Comparing two strategies"."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### Comparing two strategies") :]
    section = section[section.index("`--format json` prints one object") :]
    block = section[section.index("```text\n") + len("```text\n") :]
    return parse_shape(block[: block.index("```")])


def parse_shape(text: str) -> dict:
    """`{"a", "b": {"c"}, "d": [{"e"}], "f": [ids]}` → {"a": None, "b": {"c": None}, "d":
    [{"e": None}], "f": [None]}: a key's value is what the description says of it, None for a
    value it does not describe further."""
    tokens = re.findall(r'"[^"]*"|[{}\[\]:,]|[^\s{}\[\]:,"]+', text)
    shape, end = _value(tokens, 0)
    assert end == len(tokens), tokens[end:]
    assert isinstance(shape, dict)
    return shape


def _value(tokens: list[str], at: int) -> tuple[object, int]:
    token = tokens[at]
    if token == "{":
        found: dict[str, object] = {}
        at += 1
        while tokens[at] != "}":
            key = tokens[at].strip('"')
            at += 1
            value: object = None
            if tokens[at] == ":":
                value, at = _value(tokens, at + 1)
            found[key] = value
            if tokens[at] == ",":
                at += 1
        return found, at + 1
    if token == "[":
        item, at = _value(tokens, at + 1)
        assert tokens[at] == "]"
        return [item], at + 1
    return None, at + 1


def actual_shape(value: object) -> object:
    """The keys at each level of real output, items of a list merged, nulls left out."""
    if isinstance(value, dict):
        return {key: actual_shape(item) for key, item in value.items()}
    if isinstance(value, list):
        merged: object = None
        for item in value:
            merged = _merged(merged, actual_shape(item))
        return [merged]
    return None


def _merged(one: object, two: object) -> object:
    if isinstance(one, dict) and isinstance(two, dict):
        return {key: _merged(one.get(key), two.get(key)) for key in {*one, *two}}
    if isinstance(one, list) and isinstance(two, list):
        return [_merged(one[0], two[0])]
    return one if two is None else two


def assert_described(described: object, actual: object, where: str = "") -> None:
    if described is None:  # not described further
        return
    if isinstance(described, dict):
        assert isinstance(actual, dict), where
        assert set(described) == set(actual), (where, set(described) ^ set(actual))
        for key, value in described.items():
            assert_described(value, actual[key], f"{where}.{key}")
    else:
        assert isinstance(described, list) and isinstance(actual, list), where
        assert_described(described[0], actual[0], f"{where}[]")


def test_the_readme_describes_the_json_as_it_is(cli):
    described = readme_json_shape()
    assert {"summary", "witnesses", "topics"} <= set(described)
    # Two versions of one city: a topic only one takes up carries `change`.
    report = cli("diff", "stockholm@2008", "stockholm@2016", "--format", "json").json()
    assert_described(described, actual_shape(report))
    assert "sentence" in described["witnesses"][0]


def test_every_message_of_the_summary_and_sentences_is_in_both_languages():
    from strategikoll.i18n import en, sv
    from strategikoll.proposal import Kind

    def fields(entry: object) -> set[str]:
        forms = entry.values() if isinstance(entry, dict) else [entry]
        return {name for form in forms for _, name, _, _ in string.Formatter().parse(form) if name}

    mine = [key for key in sv.MESSAGES if key.startswith(("diff_summary", "diff_sentence"))]
    assert mine == [key for key in en.MESSAGES if key.startswith(("diff_summary", "diff_sentence"))]
    for key in mine:
        assert fields(sv.MESSAGES[key]) == fields(en.MESSAGES[key]), key
        assert isinstance(sv.MESSAGES[key], dict) == isinstance(en.MESSAGES[key], dict), key
        if isinstance(sv.MESSAGES[key], dict):  # a count in every plural form
            assert all("{n}" in form for form in [*sv.MESSAGES[key].values()]), key
            assert all("{n}" in form for form in [*en.MESSAGES[key].values()]), key
    for kind in Kind:
        assert f"diff_sentence_kind_{kind.value}" in mine, kind
