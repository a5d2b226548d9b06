"""The HTML reports: `check --format html` and `diff`'s page, read as a browser would read them.

Each page is parsed (`html.parser`) and held to what a committee secretary attaches to a
tjänsteutlåtande: self-contained (no script, nothing fetched, links only to anchors), in the run's
language, landmarks and headings in order, verdicts by word and mark as well as colour, colours at
WCAG AA contrast, a print style sheet; and whatever a proposal, a file name or a strategy says
shown as text, never as markup.
"""

from __future__ import annotations

import html
import io
import itertools
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import EXAMPLES, ROOT
from strategikoll import escaping, texts
from strategikoll.diff import compare
from strategikoll.diff_html import write_html
from strategikoll.diff_report import sentence
from strategikoll.html_page import COLOURS
from strategikoll.i18n import en, sv
from strategikoll.strategies import resolve
from strategikoll.witnesses import witness_yaml

FAILING = EXAMPLES / "stockholm" / "aid-project-sida-70.yaml"
FAILING_PRINCIPLE = "sthlm16.aid-fully-external"
HOSTILE = ROOT / "tests" / "hostile" / "output"
VOID = {"meta", "input", "br", "link", "img", "hr", "wbr", "source", "col", "area", "base"}
LIVE = {"script", "img", "svg", "iframe", "object", "embed", "frame", "base", "link", "form"}
ACTED_ON = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff]"
)
EXTERNAL = re.compile(r"""(?:src|href|action)\s*=\s*["']?\s*(?:[a-z][a-z0-9+.-]*:|//)""", re.I)
PAYLOADS = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "javascript:alert(1)",
    "]]>",
    '"><svg onload=alert(1)>',
)


class Page(HTMLParser):
    """A page as a browser's parser reads it: every element with its attributes and the elements
    it is in, and every piece of text with the elements it is in."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None], tuple[str, ...]]] = []
        self.texts: list[tuple[tuple[str, ...], str]] = []
        self.open: list[str] = []
        self.feed(source)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs), tuple(self.open)))
        if tag not in VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs), tuple(self.open)))

    def handle_endtag(self, tag: str) -> None:
        if tag in self.open:
            while self.open.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        self.texts.append((tuple(self.open), data))

    def text(self, inside: str | None = None) -> str:
        """The text shown, or that inside an element, with blanks run together."""
        found = "".join(data for within, data in self.texts if inside is None or inside in within)
        return " ".join(found.split())

    def tags(self, name: str) -> list[dict[str, str | None]]:
        return [attrs for tag, attrs, _ in self.elements if tag == name]

    def ids(self) -> set[str]:
        return {str(attrs["id"]) for _, attrs, _ in self.elements if attrs.get("id")}

    def headings(self) -> list[int]:
        return [int(tag[1]) for tag, _, _ in self.elements if re.fullmatch(r"h[1-6]", tag)]


def check_html(cli, tmp_path: Path, *args: object) -> tuple[int, str]:
    """`strategikoll check ARGS… --format html -o FILE`: the exit status and the page."""
    target = tmp_path / "report.html"
    target.unlink(missing_ok=True)
    run = cli("check", *args, "--format", "html", "-o", target)
    assert "Traceback" not in run.stderr
    assert run.stdout == ""
    return run.exit_code, target.read_text(encoding="utf-8")


def assert_inert(source: str) -> Page:
    """A page nothing in which acts: no element that runs or fetches, no event handler, no link
    but to an anchor on the page, nothing fetched by the style sheet, no raw control."""
    page = Page(source)
    for tag, attrs, _ in page.elements:
        assert tag not in LIVE, (tag, attrs)
        assert not [name for name in attrs if name.startswith("on")], (tag, attrs)
        if "href" in attrs:
            assert str(attrs["href"]).startswith("#"), attrs
        assert "src" not in attrs, attrs
    assert not EXTERNAL.search(source)
    assert "url(" not in source
    assert "@import" not in source
    assert not ACTED_ON.search(source), ACTED_ON.findall(source)
    return page


def assert_well_formed(page: Page, lang: str) -> None:
    """The run's language, a title, the landmarks, headings that never skip a level."""
    html = page.tags("html")
    assert len(html) == 1
    assert html[0]["lang"] == lang
    assert page.text("title")
    assert len(page.tags("header")) == 1
    assert len(page.tags("main")) == 1
    levels = page.headings()
    assert levels[0] == 1
    assert levels.count(1) == 1
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), levels
    assert len(page.ids()) == sum(1 for _, attrs, _ in page.elements if attrs.get("id"))


def principle(ident: str):
    strategy = resolve("stockholm")[0]
    return next(p for p in strategy.principles if p.id == ident)


# One proposal


def test_one_proposal_is_a_page_about_it_in_swedish(cli, tmp_path):
    code, source = check_html(cli, tmp_path, FAILING)
    assert code == 1
    page = assert_inert(source)
    assert_well_formed(page, "sv")
    title = yaml.safe_load(FAILING.read_text(encoding="utf-8"))["title"]
    assert page.text("h1") == title
    assert title in page.text("title")
    banner = next(attrs for attrs in page.tags("p") if "banner" in str(attrs.get("class")))
    assert banner["class"] == "banner fail"
    assert "✗ UNDERKÄND" in page.text()
    result = cli("check", FAILING, "--format", "json").json()["results"][0]
    found = next(f for f in result["findings"] if f["principle"] == FAILING_PRINCIPLE)
    assert found["message"].replace("`", "") in page.text()
    quote = principle(FAILING_PRINCIPLE).spec.citation
    assert quote.quote in page.text("blockquote")
    assert quote.section in page.text()
    assert quote.source in page.text()
    assert "Internationell strategi för Stockholms stad" in page.text()
    assert "remissversion 2016-06-02" in page.text()
    assert "Stockholm" in page.text("dl")


def test_one_proposal_in_english(cli, tmp_path):
    code, source = check_html(cli, tmp_path, FAILING, "--lang", "en")
    assert code == 1
    page = assert_inert(source)
    assert_well_formed(page, "en")
    assert "✗ FAIL" in page.text()
    assert "UNDERKÄND" not in page.text()
    assert "International strategy for the City of Stockholm" in page.text()


def test_the_passes_are_folded_but_there_and_what_was_not_judged_says_why(cli, tmp_path):
    _, source = check_html(cli, tmp_path, FAILING)
    page = Page(source)
    result = cli("check", FAILING, "--format", "json").json()["results"][0]
    passed = [f["principle"] for f in result["findings"] if f["verdict"] == "pass"]
    assert passed
    assert page.tags("details")
    folded = page.text("details")
    assert f"{len(passed)} principer uppfylls" in folded
    assert all(ident in folded for ident in passed)
    for entry in result["not_judged"]:
        assert entry["principle"] in page.text("ul")
    assert "bedöms inte" in page.text()


def test_a_waiver_is_a_documented_departure_not_a_quote(cli, tmp_path, write):
    proposal = write(
        "vanort.yaml",
        "title: Vänort\nkind: twin_town_agreement\ncity: stockholm\n"
        "waivers:\n  - principle: sthlm16.no-twin-towns\n"
        "    reason: Kommunfullmäktige beslutade om ett vänortsavtal inför jubileet.\n"
        "    decided_by: kommunfullmäktige\n    reference: KS 2025/123\n"
        "    expires: 2999-12-31\n",
    )
    _, source = check_html(cli, tmp_path, proposal)
    page = Page(source)
    departure = "Undantag beslutat av kommunfullmäktige (dnr KS 2025/123)"
    assert departure in page.text()
    assert departure not in page.text("blockquote")
    assert "UNDANTAGEN" in page.text()
    assert "beslutat undantag" in page.text("h2")


def test_a_file_that_cannot_be_read_says_where(cli, tmp_path, write):
    broken = write("trasig.yaml", "title: [trasig\n")
    code, source = check_html(cli, tmp_path, broken, "--city", "stockholm")
    assert code == 2
    page = assert_inert(source)
    assert_well_formed(page, "sv")
    assert "✗ FEL" in page.text()
    assert f"{broken}:1:" in page.text()


def test_without_output_the_page_goes_to_stdout(cli):
    run = cli("check", EXAMPLES / "stockholm" / "minimal.yaml", "--format", "html")
    assert run.exit_code == 0
    assert run.stdout.startswith("<!DOCTYPE html>")
    assert run.stdout.rstrip().endswith("</html>")


# Many files, every strategy


def test_many_files_start_with_a_matrix_that_links_to_each_result(cli, tmp_path):
    code, source = check_html(cli, tmp_path, EXAMPLES, "--city", "all")
    assert code == 1
    page = assert_inert(source)
    assert_well_formed(page, "sv")
    files = sorted(EXAMPLES.rglob("*.yaml"))
    strategies = [s.ref for s in resolve("all")]
    table = Page(source[source.index('<table class="matrix">') : source.index("</table>") + 8])
    assert len([t for t in table.tags("tr") if "row" in str(t.get("class"))]) == len(files)
    columns = [t for t in table.tags("th") if t.get("scope") == "col"]
    assert len(columns) == 1 + len(strategies)
    assert all(ref in table.text("thead") for ref in strategies)
    assert all(str(f.relative_to(ROOT)) in table.text("tbody") for f in files)
    for word in ("GODKÄND", "UNDERKÄND", "VARNING"):
        assert word in table.text("td")
    targets = {str(attrs["href"])[1:] for attrs in table.tags("a")}
    assert targets <= page.ids()
    sections = [
        attrs for attrs in page.tags("section") if "proposal" in str(attrs.get("class", ""))
    ]
    assert len(sections) == len(files)
    assert {str(attrs["id"]) for attrs in sections} <= targets
    results = [attrs for attrs in page.tags("section") if attrs.get("class") == "result"]
    assert len(results) == len(files) * len(strategies)
    assert {str(attrs["id"]) for attrs in results} <= targets
    assert source.index('class="matrix"') < source.index('class="proposal')


def test_the_matrix_can_be_narrowed_to_a_verdict_without_script(cli, tmp_path):
    _, source = check_html(cli, tmp_path, EXAMPLES / "stockholm", "--city", "all")
    page = Page(source)
    radios = [attrs for attrs in page.tags("input") if attrs.get("type") == "radio"]
    assert {str(attrs["id"]) for attrs in radios} >= {"filter-all", "filter-fail"}
    labels = {str(attrs["for"]) for attrs in page.tags("label")}
    assert {str(attrs["id"]) for attrs in radios} == labels
    assert "#filter-fail:checked" in page.text("style")
    assert not page.tags("script")


def test_the_page_prints_on_a4_with_nothing_cut_and_nothing_folded(cli, tmp_path):
    _, source = check_html(cli, tmp_path, FAILING)
    style = Page(source).text("style").replace(" ", "")
    assert "@mediaprint" in style
    assert "@page{size:A4;margin:" in style
    assert ".finding,blockquote,tr" in style
    assert "break-inside:avoid" in style
    assert "details::details-content{content-visibility:visible" in style


def test_every_colour_meets_wcag_aa_contrast():
    for name, (ink, paper) in COLOURS.items():
        assert contrast(ink, paper) >= 4.5, name


def contrast(first: str, second: str) -> float:
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_every_coloured_verdict_also_has_its_word_and_mark(cli, tmp_path):
    _, source = check_html(cli, tmp_path, EXAMPLES / "stockholm", "--city", "all")
    for match in re.finditer(r'class="(?:verdict |badge |banner )(pass|warn|fail|error)"', source):
        start = source.index(">", match.end()) + 1
        after = Page(source[start : start + 200].split("</p>")[0]).text()
        word = texts.t_in("sv", f"verdict_{match.group(1)}")
        assert word in after, after
        assert after.strip()[0] in "✓!✗", after


def test_no_word_of_the_other_language(cli, tmp_path):
    _, swedish = check_html(cli, tmp_path, EXAMPLES / "stockholm", "--city", "all")
    _, english = check_html(cli, tmp_path, EXAMPLES / "stockholm", "--city", "all", "--lang", "en")
    for page, other in ((swedish, en), (english, sv)):
        shown = Page(page).text()
        for key in ("verdict_pass", "verdict_warn", "verdict_fail", "html_adoption", "html_filter"):
            assert str(other.MESSAGES[key]) not in shown, key
    assert "principles met" not in Page(swedish).text()
    assert "principer uppfylls" not in Page(english).text()


# Hostile text


@pytest.mark.parametrize("payload", PAYLOADS)
def test_hostile_text_is_shown_never_acted_on(cli, tmp_path, payload):
    folder = tmp_path / "in"
    folder.mkdir()
    quoted = yaml.safe_dump(payload).removesuffix("\n...\n").strip()
    proposal = (
        f"title: {quoted}\nkind: cooperation_agreement\ncity: stockholm\n"
        f"description: {quoted}\ncounterpart: {{name: {quoted}, type: city, country: DK}}\n"
    )
    name = payload.replace("/", "∕")
    (folder / f"{name}.yaml").write_text(proposal, encoding="utf-8")
    (folder / f"{name}-2.yaml").write_text(proposal, encoding="utf-8")
    for args in ((folder / f"{name}.yaml",), (folder, "--city", "all")):
        _, source = check_html(cli, tmp_path, *args)
        page = assert_inert(source)
        assert payload in page.text()
        assert name in page.text()


def test_invisible_and_bidi_characters_are_shown(cli, tmp_path, write):
    proposal = write(
        "bidi.yaml", 'title: "a\\u202eb\\u200fc\\x1bd"\nkind: membership\ncity: stockholm\n'
    )
    _, source = check_html(cli, tmp_path, proposal)
    assert_inert(source)
    assert "a\\u202eb" in Page(source).text("h1")


@pytest.mark.parametrize(
    "proposal", sorted((HOSTILE / "proposals").glob("*.yaml")), ids=lambda path: path.stem
)
def test_the_hostile_corpus_is_shown_not_acted_on(cli, tmp_path, proposal):
    shutil.copy(proposal, tmp_path / proposal.name)
    _, source = check_html(cli, tmp_path, tmp_path / proposal.name)
    assert_inert(source)


def test_the_hostile_file_names_are_shown_not_acted_on(cli, tmp_path):
    names = yaml.safe_load((HOSTILE / "file-names.yaml").read_text(encoding="utf-8"))
    folder = tmp_path / "in"
    folder.mkdir()
    failing = "title: Vänort\nkind: twin_town_agreement\ncity: stockholm\n"
    for stem in names.values():
        (folder / f"{stem}.yaml").write_text(failing, encoding="utf-8")
        (folder / f"{stem}-fel.yaml").write_text("title: [x\n", encoding="utf-8")
    _, source = check_html(cli, tmp_path, folder, "--city", "all")
    assert_inert(source)


# diff


@pytest.fixture(scope="module")
def malmo_goteborg():
    return compare(resolve("malmo")[0], resolve("goteborg")[0])


def diff_page(diff, lang: str = "sv") -> str:
    texts.set_language(lang)
    try:
        stream = io.StringIO()
        write_html(diff, stream)
        return stream.getvalue()
    finally:
        texts.set_language("sv")


def test_diff_opens_with_its_summary_then_the_topics(malmo_goteborg):
    source = diff_page(malmo_goteborg)
    page = assert_inert(source)
    assert_well_formed(page, "sv")
    assert source.index(">Sammanfattning</h2>") < source.index('class="topic"')
    assert "malmo@2006 jämförd med goteborg@undated" in page.text("h1")


def test_diff_tells_each_witness_with_its_yaml_folded_beneath(malmo_goteborg):
    source = diff_page(malmo_goteborg)
    page = Page(source)
    witnesses = malmo_goteborg.witnesses
    assert witnesses
    folded = page.text("pre")
    for witness in witnesses:
        assert sentence(witness, malmo_goteborg) in page.text()
        assert " ".join(witness_yaml(witness.proposal).split()) in folded
    assert all("details" in within for within, data in page.texts if "pre" in within)


def test_diff_marks_what_differs_with_a_word_and_a_sign(malmo_goteborg):
    page = Page(diff_page(malmo_goteborg))
    marked = [attrs for attrs in page.tags("strong") if attrs.get("class") == "differs"]
    assert marked
    assert page.text("th").count("≠ skiljer sig") == len(marked)
    assert page.tags("td")


def test_diff_in_english(malmo_goteborg):
    page = assert_inert(diff_page(malmo_goteborg, "en"))
    assert_well_formed(page, "en")
    assert "≠ differs" in page.text()
    assert "skiljer sig" not in page.text()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*"ab&<>\"' å", "&amp;", "\u202e", "\x00", "\n"])).map("".join))
def test_text_is_escaped_as_the_standard_library_escapes_it(text):
    """The page's own escaping does what `html.escape(quote=True)` does to what `visible` shows."""
    assert escaping.html_text(text) == html.escape(escaping.visible(text), quote=True)
    assert escaping.html_text(text, lines=True) == html.escape(
        escaping.visible(text, lines=True), quote=True
    )
