"""What every HTML page strategikoll writes shares: the skeleton, the style sheet, the marks.

A page is one self-contained file a committee secretary can attach to a tjänsteutlåtande: its
style sheet inline, no script, nothing fetched from anywhere (no font, image or link but to an
anchor on the page). Every verdict is shown by a word and a symbol as well as its colour, and
every colour pair here meets WCAG AA contrast (4.5:1) for the text it is used for. Printed, it
fits A4: nothing navigational, no finding or table row cut across pages, folded parts open.

Whatever a proposal, a file name or a strategy says goes through `text` (`escaping.html_text`);
markup is written only by the functions here and in the two reporters that use them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from strategikoll import escaping, texts
from strategikoll.engine import Verdict
from strategikoll.wording import MARK, WAIVED_MARK

if TYPE_CHECKING:
    from collections.abc import Iterable

NOTICE_MARK = "ℹ"
DIFFERS_MARK = "≠"

INK, PAPER = "#1a1a1a", "#ffffff"
COLOURS: dict[str, tuple[str, str]] = {
    "page": (INK, PAPER),
    "muted": ("#4b5563", PAPER),
    "link": ("#1d4ed8", PAPER),
    "pass": ("#14532d", "#dcfce7"),
    "warn": ("#713f12", "#fef3c7"),
    "fail": ("#7f1d1d", "#fee2e2"),
    "error": ("#ffffff", "#7f1d1d"),
    "waived": ("#1e3a8a", "#dbeafe"),
    "notice": (INK, "#f3f4f6"),
    "differs": (INK, "#fef3c7"),
    "quote": ("#374151", "#f9fafb"),
}
"""Text colour and background of each kind of box; the tests hold each pair to WCAG AA."""

STYLE = """
*,*::before,*::after{box-sizing:border-box}
html{color:%(page_fg)s;background:%(page_bg)s}
body{font:1rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;
max-width:62rem;margin:0 auto;padding:1rem 1.5rem 3rem}
h1{font-size:1.6rem;line-height:1.25;margin:.5rem 0}
h2{font-size:1.3rem;margin:1.75rem 0 .5rem}
h3{font-size:1.1rem;margin:1.25rem 0 .4rem}
h4,h5{font-size:1rem;margin:1rem 0 .3rem}
a{color:%(link_fg)s}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.92em;
overflow-wrap:anywhere}
pre{background:%(notice_bg)s;padding:.6rem .8rem;overflow-x:auto;white-space:pre-wrap;
overflow-wrap:anywhere}
.tool,.muted,.meta{color:%(muted_fg)s}
.tool{margin:0;font-size:.9rem}
.meta{font-size:.92rem;margin:.2rem 0}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.15rem 1rem;margin:.75rem 0}
dl.facts dt{font-weight:600}
dl.facts dd{margin:0;overflow-wrap:anywhere}
.pass{color:%(pass_fg)s;background:%(pass_bg)s}
.warn{color:%(warn_fg)s;background:%(warn_bg)s}
.fail{color:%(fail_fg)s;background:%(fail_bg)s}
.error{color:%(error_fg)s;background:%(error_bg)s}
.waived{color:%(waived_fg)s;background:%(waived_bg)s}
.notice{color:%(notice_fg)s;background:%(notice_bg)s}
.differs{color:%(differs_fg)s;background:%(differs_bg)s}
.pass a,.warn a,.fail a,.error a{color:inherit}
.banner{font-size:1.35rem;font-weight:700;padding:.5rem .9rem;margin:1rem 0 .5rem;
border-left:.5rem solid currentColor}
.banner .counts{font-size:1rem;font-weight:400}
.badge{display:inline-block;font-size:.85rem;font-weight:700;padding:0 .4rem;
border:1px solid currentColor;border-radius:.2rem;margin-right:.4rem;vertical-align:.1em}
.mark{font-weight:700}
p.notice{padding:.4rem .8rem;border-left:.25rem solid currentColor}
.finding{border-left:.25rem solid %(muted_fg)s;padding:.1rem 0 .1rem .9rem;margin:.9rem 0}
.finding.fail{border-left-color:%(fail_fg)s}
.finding.warn{border-left-color:%(warn_fg)s}
.finding.waived{border-left-color:%(waived_fg)s}
.finding,.finding.fail,.finding.warn,.finding.waived{color:inherit;background:none}
.finding h3,.finding h4,.finding h5{margin:.1rem 0 .3rem}
.departure{padding:.3rem .6rem;border:1px dashed currentColor}
blockquote{margin:.5rem 0;padding:.4rem .9rem;border-left:.25rem solid #9ca3af;
color:%(quote_fg)s;background:%(quote_bg)s;font-style:italic}
blockquote p{margin:0}
.cite{margin:.2rem 0 0;font-size:.9rem;color:%(muted_fg)s}
details{margin:.5rem 0}
summary{cursor:pointer;font-weight:600}
summary>:is(h2,h3,h4,h5){display:inline;margin:0}
table{border-collapse:collapse;width:100%%;margin:.5rem 0}
th,td{border:1px solid #9ca3af;padding:.3rem .5rem;text-align:left;vertical-align:top}
thead th{background:%(notice_bg)s}
td.verdict,.matrix thead th{white-space:nowrap}
.matrix th[scope=row]{font-weight:400}
.side-by-side{table-layout:fixed}
.side-by-side thead td{width:8.5rem;border:none}
.side-by-side tbody{border-top:3px solid #6b7280}
strong.differs{white-space:nowrap;padding:0 .2rem}
fieldset.filter{border:1px solid #9ca3af;margin:.75rem 0;padding:.4rem .8rem}
fieldset.filter label{margin-right:1rem;white-space:nowrap}
.legend{font-size:.9rem;color:%(muted_fg)s;margin:.25rem 0}
.proposal{border-top:2px solid #9ca3af;margin-top:2rem}
.result{margin-top:1rem}
footer{margin-top:2.5rem;border-top:1px solid #9ca3af;color:%(muted_fg)s;font-size:.9rem}
@media screen{
.proposal{content-visibility:auto;contain-intrinsic-size:auto 60rem}
%(filters)s
}
@page{size:A4;margin:16mm 15mm 18mm}
@media print{
html{font-size:10pt}
body{max-width:none;padding:0}
nav,.filter,.no-print{display:none!important}
a{color:inherit;text-decoration:none}
h1,h2,h3,h4,h5,summary{break-after:avoid}
.finding,blockquote,tr,.banner,dl.facts,li{break-inside:avoid}
thead{display:table-header-group}
.proposal{break-before:page;border-top:none;margin-top:0}
details::details-content{content-visibility:visible;display:contents}
details>summary{list-style:none}
details>summary::-webkit-details-marker{display:none}
pre{white-space:pre-wrap}
}
"""


CONTENT_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"
)
"""The page's Content-Security-Policy: no script, no request, no form; only its inline style."""


def style(filters: Iterable[str] = ()) -> str:
    """The style sheet, with `filters` (the rules of a page's view filter, for the screen) among
    it. A long page renders only the proposals in view (`content-visibility`), so that a run of
    a thousand files opens in a few seconds."""
    params = {f"{name}_fg": fg for name, (fg, _) in COLOURS.items()}
    params |= {f"{name}_bg": bg for name, (_, bg) in COLOURS.items()}
    params["filters"] = "\n".join(filters)
    return STYLE % params


def head(title: str, filters: Iterable[str] = ()) -> str:
    """The start of a page up to `<body>`: its language, title and style sheet."""
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{texts.language()}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        # Nothing loads and nothing runs, whatever a proposal holds: inline style only.
        f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_POLICY}">\n'
        '<meta name="generator" content="strategikoll">\n'
        f"<title>{text(title)}</title>\n<style>{style(filters)}</style>\n</head>\n<body>\n"
    )


def tail(footer: str) -> str:
    """The end of a page: its footer (markup) and the closing tags."""
    return f"<footer>\n{footer}\n</footer>\n</body>\n</html>\n"


def text(value: object) -> str:
    """Anything shown on the page, escaped (`escaping.html_text`)."""
    return escaping.html_text(str(value))


def words(value: object) -> str:
    """A sentence of ours that names fields in backticks, escaped, the fields as `<code>`."""
    return escaping.html_code_spans(text(value))


def code(value: object) -> str:
    """A name shown as code: a file, a principle's id, a strategy's `city@version`."""
    return f"<code>{text(value)}</code>"


def heading(level: int, content: str, attributes: str = "") -> str:
    """`<hN>` at a level kept within h1 … h6."""
    level = min(max(level, 1), 6)
    return f"<h{level}{attributes}>{content}</h{level}>"


def verdict_word(verdict: Verdict) -> str:
    """A verdict's word, as the text format shows it: UNDERKÄND, FAIL."""
    return texts.t(f"verdict_{verdict.value}")


def mark(symbol: str) -> str:
    """A symbol that repeats what the word beside it says, so screen readers skip it."""
    return f'<span class="mark" aria-hidden="true">{symbol}</span>'


def marked(symbol: str, said: str) -> str:
    """Words with their symbol before them: `✗ UNDERKÄND`."""
    return f"{mark(symbol)} {text(said)}"


def badge(verdict: Verdict) -> str:
    """A verdict as a mark and a word in its colour."""
    return (
        f'<span class="badge {verdict.value}">{marked(MARK[verdict], verdict_word(verdict))}</span>'
    )


def waived_badge() -> str:
    """A waived finding's mark and word in its colour."""
    return f'<span class="badge waived">{marked(WAIVED_MARK, texts.t("verdict_waived"))}</span>'


def notice(sentence: str) -> str:
    """A note on the source, set apart by a mark and a frame as well as its colour."""
    return f'<p class="notice">{marked(NOTICE_MARK, sentence)}</p>'


def differs_mark() -> str:
    """What marks a part of a comparison that differs: a sign and a word, on its colour."""
    return f'<strong class="differs">{marked(DIFFERS_MARK, texts.t("html_differs"))}</strong>'


def facts(rows: Iterable[tuple[str, str]]) -> str:
    """A description list of label → value (markup)."""
    items = "".join(f"<dt>{text(label)}</dt><dd>{value}</dd>" for label, value in rows)
    return f'<dl class="facts">{items}</dl>'
