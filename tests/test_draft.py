"""`strategikoll draft`: a strategy's plain text read into a skeleton strategy file, each sentence
that binds a principle to complete and the rest listed as omitted, written atomically and never
over a file without --force; and what it finds in the five real sources."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest
import yaml

from conftest import ROOT, SEEDS, needs_sources
from strategikoll.strategies import StrategySpec

# A strategy of our own in the style of the sources: a letterhead, a title page, two headings, a
# sentence broken by a page (its number and the repeated letterhead between the parts), a word
# hyphenated at a line's end, a footnote, a list; ska, bör, kan, får inte, ska inte and
# beslutar, and sentences that only describe.
STRATEGY = """\
EXEMPELBY KOMMUN

Strategi för Exempelby kommuns internationella arbete

Antagen av kommunfullmäktige 2021-05-12

Dnr KS 2021/45

Inledning

Exempelby kommun har i många år haft kontakter med städer i Norden och Baltikum.
Strategin gäller för alla nämnder och kommunens bolag.

Varje internationellt engagemang ska ha ett tydligt syfte och ett slutdatum. Kommunen bör
i första hand samarbeta med städer i Östersjöregionen. Ett engagemang får inte

Sida 2 av 3

EXEMPELBY KOMMUN

medföra kostnader utanför nämndens budget. Erfarenheterna från tidigare projekt har varit goda.¹

Samarbete och besök

Kommunen kan delta i EU-projekt om minst hälften av kost-
naden finansieras av EU. Medlemskap i internationella nätverk bör omprövas vart fjärde år.
Kommunen ska inte teckna nya vänortsavtal. Kommunstyrelsen beslutar om nya medlemskap.

Intresset för studiebesök i kommunen är stort. Besöken ger ofta nya kontakter för näringslivet.

- Inkommande besök ska tas emot av den förvaltning som besöket gäller.
- Besök på hög politisk nivå bör samordnas av kommunstyrelsen.

¹ Enligt uppföljningen 2020.

EXEMPELBY KOMMUN
"""

FIRST, SECOND = "Inledning", "Samarbete och besök"
PRINCIPLES = [  # the quote, its modal, severity and section
    (
        "Varje internationellt engagemang ska ha ett tydligt syfte och ett slutdatum.",
        "ska",
        "fail",
        FIRST,
    ),
    (
        "Kommunen bör i första hand samarbeta med städer i Östersjöregionen.",
        "bor",
        "warn",
        FIRST,
    ),
    # broken by the page: the part that holds its modal verb is what can be quoted verbatim
    ("Ett engagemang får inte", "ska_inte", "fail", FIRST),
    (
        "Kommunen kan delta i EU-projekt om minst hälften av kost- naden finansieras av EU.",
        "kan",
        "fail",
        SECOND,
    ),
    ("Medlemskap i internationella nätverk bör omprövas vart fjärde år.", "bor", "warn", SECOND),
    ("Kommunen ska inte teckna nya vänortsavtal.", "ska_inte", "fail", SECOND),
    ("Kommunstyrelsen beslutar om nya medlemskap.", "ska", "fail", SECOND),
    (
        "Inkommande besök ska tas emot av den förvaltning som besöket gäller.",
        "ska",
        "fail",
        SECOND,
    ),
    ("Besök på hög politisk nivå bör samordnas av kommunstyrelsen.", "bor", "warn", SECOND),
]
DESCRIBING = [
    "Exempelby kommun har i många år haft kontakter med städer i Norden och Baltikum.",
    "Strategin gäller för alla nämnder och kommunens bolag.",
    "Erfarenheterna från tidigare projekt har varit goda.¹",
    "Intresset för studiebesök i kommunen är stort.",
    "Besöken ger ofta nya kontakter för näringslivet.",
]


def folded(text: str) -> str:
    """White space folded, as the quotes are checked against their sources."""
    return " ".join(text.replace("*", "").split())


@pytest.fixture
def source(write) -> Path:
    return write("exempelby.txt", STRATEGY)


@pytest.fixture
def drafted(cli, source, tmp_path) -> dict:
    out = tmp_path / "exempelby.yaml"
    run = cli("draft", source, "--city", "Exempelby", "--version", "2021", "-o", out)
    assert run.exit_code == 0, run.stderr
    assert run.stdout == ""
    assert run.stderr == f"skrev {out}: 9 principer och 3 utelämnade stycken att gå igenom\n"
    return dict(yaml.safe_load(out.read_text(encoding="utf-8")))


def test_each_sentence_that_binds_is_a_principle_with_its_modal_severity_and_section(drafted):
    found = [
        (p["citation"]["quote"], p["modal"], p["severity"], p["citation"]["section"])
        for p in drafted["principles"]
    ]
    assert found == PRINCIPLES


def test_the_sentences_that_only_describe_are_omitted_by_paragraph(drafted):
    omitted = [(o["quote"], o["section"], o["reason"]) for o in drafted["omitted"]]
    reason = "TODO: bekräfta att stycket inte binder ett engagemang"
    assert omitted == [
        (" ".join(DESCRIBING[:2]), FIRST, reason),
        (DESCRIBING[2], FIRST, reason),
        (" ".join(DESCRIBING[3:]), SECOND, reason),
    ]


def test_every_quote_stands_verbatim_in_the_text(drafted):
    text = folded(STRATEGY)
    quotes = [p["citation"]["quote"] for p in drafted["principles"]]
    quotes += [o["quote"] for o in drafted["omitted"]]
    for quote in quotes:
        assert folded(quote) in text, quote
    assert not any("Sida 2" in q or "EXEMPELBY KOMMUN" in q for q in quotes)


def test_the_draft_is_a_strategy_file_to_complete(drafted):
    """What the text shows is filled in; the rest is TODO; each principle has its condition
    still to write, with fields that may serve, and the file reads as a strategy."""
    assert drafted["city"] == "exempelby"
    assert drafted["version"] == "2021"
    assert drafted["aliases"] == []
    assert drafted["source"] == {
        "title": "Strategi för Exempelby kommuns internationella arbete",
        "publisher": "TODO",
        "date": "2021-05-12",
        "reference": "dnr KS 2021/45",
        "text": "exempelby.txt",
    }
    assert drafted["source_status"] == "adopted"
    first = drafted["principles"][0]
    assert first["id"] == "exempelby.s-01"
    assert first["title"] == {"sv": "Varje internationellt engagemang ska ha ett…", "en": "TODO"}
    assert first["message"]["en"] == "TODO"
    assert first["kinds"] == "all"
    assert "condition" not in first
    assert first["todo"].startswith("Skriv villkoret. Fält som kan passa: ")
    assert "end_date" in first["todo"]
    by_quote = {p["citation"]["quote"]: p for p in drafted["principles"]}
    assert by_quote["Kommunen ska inte teckna nya vänortsavtal."]["topic"] == "twin_towns"
    assert by_quote["Kommunstyrelsen beslutar om nya medlemskap."]["topic"] == (
        "decision_authority"
    )
    assert "decision.body" in by_quote["Kommunstyrelsen beslutar om nya medlemskap."]["todo"]
    assert [p["id"] for p in drafted["principles"]] == [
        f"exempelby.s-{n:02d}" for n in range(1, 10)
    ]
    StrategySpec.model_validate(drafted)


def test_the_draft_marks_what_a_person_must_fill_in(cli, source, tmp_path):
    out = tmp_path / "d.yaml"
    cli("draft", source, "-c", "Exempelby", "--version", "2021", "-o", out)
    text = out.read_text(encoding="utf-8")
    assert "source_status: adopted  # TODO: adopted, remiss, summary eller secondary\n" in text
    assert "    kinds: all  # TODO: vilka typer av engagemang principen gäller\n" in text
    assert "    modal: ska  # »ska«\n" in text
    assert "läst som ska\n" in text  # beslutar: present tense, read as binding
    assert "\n  - id: exempelby.s-01\n    title:\n      sv: " in text  # block style


def test_an_existing_file_is_refused_without_force_and_the_source_is_never_written(
    cli, source, tmp_path
):
    out = tmp_path / "exempelby.yaml"
    out.write_text("mitt arbete\n", encoding="utf-8")
    before = source.read_bytes()
    run = cli("draft", source, "--city", "exempelby", "--version", "2021", "-o", out)
    assert run.exit_code == 2
    assert f"{out} finns redan; använd --force för att skriva över" in run.stderr
    assert out.read_text(encoding="utf-8") == "mitt arbete\n"
    forced = cli("draft", source, "--city", "exempelby", "--version", "2021", "-o", out, "--force")
    assert forced.exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("# Utkast av strategikoll draft")
    onto_source = cli("draft", source, "-c", "exempelby", "--version", "1", "-o", source, "--force")
    assert onto_source.exit_code == 2
    assert "en indatafil skrivs aldrig över" in onto_source.stderr
    assert source.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["exempelby.txt", "exempelby.yaml"]


def test_in_english_the_messages_and_the_notes_are_english(cli, source, tmp_path):
    out = tmp_path / "exempelby.yaml"
    run = cli("draft", source, "-c", "Exempelby", "--version", "2021", "-o", out, "--lang", "en")
    assert run.exit_code == 0
    assert run.stderr == f"wrote {out}: 9 principles and 3 omitted passages to go through\n"
    text = out.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert data["principles"][0]["todo"].startswith("Write the condition. Fields that may serve: ")
    assert {o["reason"] for o in data["omitted"]} == {
        "TODO: confirm that the passage binds no engagement"
    }
    assert "# TODO: adopted, remiss, summary or secondary" in text
    assert "Skriv villkoret" not in text
    assert "bekräfta" not in text
    # the quotes and the Swedish messages stay as the source has them
    assert data["principles"][0]["message"]["sv"] == PRINCIPLES[0][0]


def test_a_city_name_with_diacritics_becomes_its_code_and_an_alias(cli, source, tmp_path):
    out = tmp_path / "d.yaml"
    assert cli("draft", source, "-c", "Växjö", "--version", "2021", "-o", out).exit_code == 0
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert (data["city"], data["aliases"]) == ("vaxjo", ["växjö"])
    assert data["principles"][0]["id"] == "vaxjo.s-01"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "sökvägen finns inte"),
        (b"Staden ska \xe5 n\xe5got.\n", "filen är inte kodad i UTF-8"),
    ],
)
def test_a_source_that_cannot_be_read_is_a_usage_error(cli, write, tmp_path, content, message):
    path = tmp_path / "saknas.txt" if content is None else write("latin1.txt", content)
    out = tmp_path / "d.yaml"
    run = cli("draft", path, "-c", "exempelby", "--version", "1", "-o", out)
    assert run.exit_code == 2
    assert message in run.stderr
    assert not out.exists()


# The five real sources


def _recall_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("draft_recall", ROOT / "tools/draft_recall.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["draft_recall"] = module
    spec.loader.exec_module(module)
    return module


MEASURED = {  # strategy: (recall, noise) as tools/draft_recall.py measured them
    "goteborg@undated": (1.0, 0),
    "helsingborg@2012": (1.0, 1),
    "malmo@2006": (1.0, 0),
    "stockholm@2008": (1.0, 1),
    "stockholm@2016": (1.0, 8),
}


def test_recall_on_the_five_sources_is_what_was_measured(cli, tmp_path):
    """Every quote the bundled strategies' principles cite is found as a draft principle, and
    the draft's principles without any counterpart in the strategy stay as few as measured."""
    needs_sources()
    tool = _recall_tool()
    rows = {}
    for strategy in tool.bundled_strategies():
        source = SEEDS / tool.text_name(strategy)
        out = tmp_path / f"{strategy['city']}-{strategy['version']}.yaml"
        city, version = strategy["city"], strategy["version"]
        run = cli("draft", source, "--city", city, "--version", version, "-o", out)
        assert run.exit_code == 0, run.stderr
        row = tool.measure(strategy, yaml.safe_load(out.read_text(encoding="utf-8")))
        rows[row.strategy] = row
    assert set(rows) == set(MEASURED)
    for name, (recall, noise) in MEASURED.items():
        assert rows[name].recall >= recall, (name, rows[name].missed)
        assert len(rows[name].noise) <= noise, (name, rows[name].noise)


def test_the_drafts_of_the_real_sources_quote_them_verbatim_and_read_as_strategies(cli, tmp_path):
    needs_sources()
    for source in sorted(SEEDS.glob("*.txt")):
        out = tmp_path / f"{source.stem}.yaml"
        assert cli("draft", source, "-c", "x", "--version", "1", "-o", out).exit_code == 0
        data = yaml.safe_load(out.read_text(encoding="utf-8"))
        text = folded(source.read_text(encoding="utf-8"))
        for quote in [p["citation"]["quote"] for p in data["principles"]] + [
            o["quote"] for o in data["omitted"]
        ]:
            assert folded(quote) in text, (source.name, quote)
        StrategySpec.model_validate(data)


@pytest.mark.parametrize("value", ["1e5", "0o17", "2E3", "yes", "null", "12", "~", "Avsnitt 4"])
def test_a_drafted_value_reads_back_as_the_text_it_was(value):
    """A value the draft writes plainly or quoted is read by strategikoll (YAML 1.2) as that
    text, not as a number or a boolean."""
    from strategikoll.draft import _scalar
    from strategikoll.loader import load_text

    assert load_text(f"k: {_scalar(value)}\n", "prov.yaml").data["k"] == value
