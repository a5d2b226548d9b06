"""Draft a strategy file from the plain text of a strategy (`strategikoll draft`).

The text is read as a coordinator reads a PDF turned into text: page furniture (page numbers,
letterheads, label lines, tables, name lists) is set aside, a paragraph broken by a page is joined
again, headings are found (short lines without a final full stop, followed by text), and every
paragraph is split into sentences. A sentence that binds becomes a principle to complete: its
modal verb gives the modal and the severity, its heading the section, its words a topic and the
proposal fields that may serve in the condition, which is left for a person to write (`todo`).
Everything else is listed under `omitted:`, paragraph by paragraph, for a person to confirm.

A sentence binds when it has a modal verb (ska, skall, måste, får inte, bör, i möjligaste mån,
eftersträvas, or kan with the city or one of its bodies as subject), and also without one where
the README's readings apply: a present-tense verb that allocates authority (beslutar, ansvarar för,
är delegerat till, handläggs av, fordras beslut), an item of a list that the text introduces as
its principles or guidelines ("Principerna är följande:") or as the means of its work ("Detta gör
vi genom"), a sentence that calls itself a principle ("En grundläggande princip … är att"), a
criterion that steers a choice (styr), a priority stated as a fact (utgör … prioriteringsfaktorerna,
lyfter fram … prioriterade områden), and what the city publishes (publiceras, utgår från).

When the text is a covering letter or a report with the strategy as its annex ("Bilaga 1 …" and
then that title as a heading of its own), only the annex is read for principles; what comes before
it is listed as omitted, with that reason.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import json
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from strategikoll import texts
from strategikoll.errors import UsageError
from strategikoll.i18n import sv
from strategikoll.proposal import field_paths
from strategikoll.strategies import SEVERITY_OF_MODAL, Modal

MAX_SOURCE_BYTES = 16 * 1024 * 1024
"""The largest source text read: a strategy is tens of pages, not a corpus."""

TODO = "TODO"


# Reading the text: blocks, furniture, headings, paragraphs

BULLET = re.compile(r"^\s*(?:[-–•▪◦]|\*(?!\*))\s+")
"""A list item's mark: a dash, a bullet or a single asterisk, followed by space."""
ATT_ITEM = re.compile(r"^\s*\*att\*\s", re.IGNORECASE)
"""An item of an *att* list ("Detta gör vi genom / *att* delta i …")."""
FOOTNOTE = re.compile(r"^\s*[¹²³⁴⁵⁶⁷⁸⁹⁰]+\s*")
SUPERSCRIPTS = "¹²³⁴⁵⁶⁷⁸⁹⁰"
LABEL = re.compile(r"^[\wÅÄÖåäö][\w/ .&()-]{0,32}:\s*(\S|$)")
"""A letterhead or form line: `Handläggare: …`, `Dnr: …`, `Beslutat av: Kommunfullmäktige`."""
NUMBERED = re.compile(r"^(?:\d+\.|\d+(?:\.\d+)+\.?)\s+\S")
"""A numbered heading or item: `4. Principer`, `3.1 Profilering` (not `2040 och …`)."""
PAGE_NUMBER = re.compile(
    r"(?i)^[-–\s]*(?:(?:sid|sida|sidan|s\.|page|p\.)\s*)?\d+\s*(?:\(\d+\)|(?:av|of|/)\s*\d+)?[-–\s]*$"
)
"""A page number: `SID 1(6)`, `Sida 2 av 3`, `- 4 -`, `12`."""
RUNNING = 3
"""A line that stands alone this many times is a running header or footer, not a heading."""
TERMINAL = ".!?:;"
CLOSING = "\"”»’')]" + SUPERSCRIPTS
LOWER_START = re.compile(r"^[a-zåäöéü]")
DIGIT_START = re.compile(r"^\d")
CONTINUES = {
    "och", "eller", "samt", "av", "om", "för", "i", "på", "med", "till", "att", "genom", "som",
    "från", "den", "det", "de", "en", "ett", "är", "därför", "vid", "inom", "utan", "mot",
    "under", "över", "hos", "än", "så", "men",
}  # fmt: skip
"""Words a heading does not end with: a line that ends so goes on in the next paragraph."""


@dataclass
class Paragraph:
    """A paragraph or list item of the source, its white space folded and `*` dropped."""

    text: str
    section: str
    item: bool = False
    lead: str = ""  # the list an item belongs to: "principles", "means" or ""
    wrapper: bool = False  # before the strategy itself: a covering letter or report
    joints: tuple[int, ...] = ()  # see `_Block.joints`

    def pieces(self, start: int, end: int) -> list[tuple[int, int]]:
        """The stretch `start:end` of the text cut at its joints, each piece without the space
        around it: what can be quoted verbatim."""
        bounds = [start, *(j for j in self.joints if start < j < end), end]
        found = []
        for a, b in itertools.pairwise(bounds):
            piece = self.text[a:b]
            if piece.strip():
                found.append(
                    (a + len(piece) - len(piece.lstrip()), b - len(piece) + len(piece.rstrip()))
                )
        return found


def _clean(line: str) -> str:
    """A line without Markdown heading marks and emphasis (`#`, `*`), as quotes are written."""
    line = re.sub(r"^\s*#+\s*", "", line)
    return line.replace("*", "")


def _fold_space(text: str) -> str:
    return " ".join(text.split())


def _ends_a_sentence(text: str) -> bool:
    stripped = text.rstrip().rstrip(CLOSING).rstrip()
    return bool(stripped) and stripped[-1] in TERMINAL


def _words(text: str) -> list[str]:
    return text.split()


@dataclass
class _Block:
    """Lines between blank lines, or one item of a list inside them."""

    lines: list[str]
    item: bool = False
    kind: str = ""  # "prose", "heading", "furniture", "footnote"
    joints: list[int] = field(default_factory=list)
    """Where in `text` a part goes on that furniture or footnotes stood before: no quote spans
    one, since the source has other text between."""

    @property
    def text(self) -> str:
        return _fold_space(" ".join(_clean(line) for line in self.lines))


def _blocks(text: str) -> list[_Block]:
    """The text's blocks: runs of lines between blank lines, split at each list item."""
    found: list[_Block] = []
    current: list[str] = []
    for line in [*text.splitlines(), ""]:
        if line.strip():
            current.append(line.rstrip())
            continue
        if current:
            found.extend(_items(current))
            current = []
    return found


def _items(lines: list[str]) -> Iterator[_Block]:
    """A block as list items where its lines begin with a bullet, else as it is."""
    if not any(BULLET.match(line) or ATT_ITEM.match(line) for line in lines):
        yield _Block(lines)
        return
    current: list[str] = []
    item = False
    for line in lines:
        bullet = BULLET.match(line)
        if (bullet or ATT_ITEM.match(line)) and current:
            yield _Block(current, item)
            current = []
        if bullet or ATT_ITEM.match(line):
            item = True
        current.append(line[bullet.end() :] if bullet else line)
    if current:
        yield _Block(current, item)


def _is_furniture(block: _Block) -> bool:
    """Page numbers, letterheads, form lines, tables, name lists: no text of the strategy."""
    lines = [line.strip() for line in block.lines]
    if any(line.startswith("|") for line in lines) or any("\t" in line for line in lines):
        return True
    if len(lines) > 1 and not block.item:
        labels = sum(1 for line in lines if LABEL.match(_clean(line)))
        if labels * 2 >= len(lines) or all(len(line) < 45 for line in lines):
            return True  # a letterhead, a form, a signature
        if all(line[:1].isupper() and not _ends_a_sentence(line) for line in lines):
            return True  # a list of names, one to a line
    return _is_form_line(block)


def _is_form_line(block: _Block) -> bool:
    """A line of a form (`Diarienummer: 000482/2016`), a page number, or a line without a word."""
    text = block.text
    if PAGE_NUMBER.match(text):
        return True
    if LABEL.match(text) and not _ends_a_sentence(text) and len(_words(text)) < 12:
        return True
    return not re.search(r"[A-Za-zÅÄÖåäö]{3}", text)


def _is_prose(block: _Block) -> bool:
    words = len(_words(block.text))
    if block.item:
        return words >= 3
    return (words >= 4 and _ends_a_sentence(block.text)) or words >= 10


def _may_head(block: _Block) -> bool:
    """Whether a block has the shape of a heading: one short line without a final stop."""
    if len(block.lines) != 1 or block.item:
        return False
    text = block.text
    words = _words(text)
    if not words or len(words) > 12 or len(text) > 100 or ":" in text:
        return False
    if text.rstrip(CLOSING)[-1:] in TERMINAL + ",":
        return False
    if words[-1].lower() in CONTINUES:
        return False
    first = text[0]
    return first.isupper() or (first.isdigit() and bool(NUMBERED.match(text)))


def _classify(blocks: list[_Block]) -> None:
    """Name each block prose, heading, footnote or furniture.

    A block shaped like a heading is one when text follows it (another heading may come
    between, as a subsection follows its section); otherwise it is furniture, like a page's
    running header or a signature.
    """
    alone = Counter(b.text.lower() for b in blocks if len(b.lines) == 1)
    running = {line for line, times in alone.items() if times >= RUNNING}
    for block in blocks:
        if FOOTNOTE.match(block.lines[0]) and not block.item:
            block.kind = "footnote"
        elif len(block.lines) == 1 and block.text.lower() in running:
            block.kind = "furniture"  # a running header or footer
        elif _is_furniture(block) and not (block.item and _is_prose(block)):
            block.kind = "furniture"
        elif _may_head(block):
            block.kind = "heading?"
        elif _is_prose(block):
            block.kind = "prose"
        else:
            block.kind = "furniture"
    for block, after in itertools.pairwise(blocks):
        lead_in = not block.item and block.kind != "heading?" and len(_words(block.text)) >= 2
        if after.item and lead_in:
            block.kind = "prose"  # a list's lead-in ("Detta gör vi genom"), however short
    following: _Block | None = None
    for block in reversed(blocks):
        if block.kind == "heading?":
            block.kind = "heading" if _opens_text(following) else "furniture"
        following = block


def _opens_text(block: _Block | None) -> bool:
    """Whether a heading can stand before `block`: another heading, or text that begins a
    paragraph (not one that goes on in lower case: a running header inside a broken sentence)."""
    if block is None:
        return False
    return block.kind == "heading" or (block.kind == "prose" and not _goes_on(block.text))


def _join_broken(blocks: list[_Block]) -> list[_Block]:
    """Join a paragraph that a page broke: one that stops without a full stop and the next
    stretch of text that goes on in lower case (or with a number), across the page's furniture
    and footnotes between them."""
    joined: list[_Block] = []
    pending: list[_Block] = []  # furniture and footnotes inside a broken paragraph
    for block in blocks:
        last = joined[-1] if joined else None
        open_ = last is not None and last.kind == "prose" and not _ends_a_sentence(last.text)
        if open_ and last is not None and not block.item and _continues(block):
            if pending:
                last.joints.append(len(last.text) + 1)
            last.lines = [*last.lines, *block.lines]
            continue
        if open_ and block.kind in ("furniture", "footnote"):
            pending.append(block)
            continue
        joined.extend(pending)
        pending = []
        joined.append(block)
    joined.extend(pending)
    return joined


def _continues(block: _Block) -> bool:
    """Whether a block goes on with the sentence before it: text, not a page number."""
    return _goes_on(block.text) and (block.kind == "prose" or len(_words(block.text)) >= 3)


def _goes_on(text: str) -> bool:
    if ATT_ITEM.match(text) or text.lower().startswith("att "):
        return False
    if LOWER_START.match(text):
        return True
    return bool(DIGIT_START.match(text)) and not NUMBERED.match(text)


def _annex_start(blocks: list[_Block]) -> int:
    """Where the strategy begins when the text wraps it as an annex, else 0.

    A line `Bilaga`/`Bilagor` (`Bilaga 1 …`) names the annex's title, on that line or in the two
    blocks after it; the first later heading that is that title (or its end, after a `Dnr: …`)
    opens the annex.
    """
    for index, block in enumerate(blocks):
        first = _clean(block.lines[0]).strip()
        if not re.match(r"^Bilag(a|or)\b", first):
            continue
        named = [(index, _without_number(block.text))]
        named += [
            (index + n, _without_number(b.text))
            for n, b in enumerate(blocks[index + 1 : index + 3], 1)
        ]
        for later in range(index + 1, len(blocks)):
            heading = blocks[later]
            folded = heading.text.lower()
            if heading.kind != "heading" or len(_words(folded)) < 3:
                continue
            if any(at != later and title.lower().endswith(folded) for at, title in named):
                return later
    return 0


def _without_number(text: str) -> str:
    return re.sub(r"^(?:Bilag(?:a|or)\s*\d*[.:]?\s*|\d+(?:\.\d+)*\.?\s+)", "", text.strip())


def paragraphs(text: str) -> tuple[list[Paragraph], str | None]:
    """The paragraphs and list items of a source text, each with its section, in order; and the
    title of the strategy where the text names it plainly."""
    blocks = _blocks(text)
    _classify(blocks)
    blocks = _join_broken(blocks)
    start = _annex_start(blocks)
    title = _title(blocks, start)
    found: list[Paragraph] = []
    section = title or TODO
    lead = ""
    for index, block in enumerate(blocks):
        if block.kind == "heading":
            section = block.text
            lead = ""
            continue
        if block.kind == "footnote":
            text = FOOTNOTE.sub("", block.text)
            if len(_words(text)) >= 4:
                found.append(Paragraph(text, section, wrapper=index < start))
            continue
        if block.kind != "prose":
            continue
        if not block.item:
            lead = _lead_kind(block.text)
        lead_of_item = lead if block.item else ""
        wrapper = index < start
        found.append(
            Paragraph(block.text, section, block.item, lead_of_item, wrapper, tuple(block.joints))
        )
    return found, title


def _lead_kind(text: str) -> str:
    """What list a paragraph introduces, by its last sentence: principles or guidelines, the
    means of the work ("Detta gör vi genom"), or nothing that binds."""
    spans = sentence_spans(text)
    last = text[spans[-1][0] :].lower() if spans else text.lower()
    if re.search(r"\b(princip|riktlinj)", last) and last.rstrip().endswith(":"):
        return "principles"
    if re.search(r"\bgenom:?$", last.rstrip()):
        return "means"
    return ""


def _title(blocks: list[_Block], start: int) -> str | None:
    """The strategy's title where it is plain: the annex's heading, a Markdown `#` heading, or,
    on a title page (before the first paragraph of text), the first short line that names a
    strategy, policy or guidelines."""
    if start:
        return blocks[start].text
    for block in blocks:
        if len(block.lines) == 1 and re.match(r"^\s*#(?!#)\s*\S", block.lines[0]):
            return block.text
    for block in blocks:
        if block.kind == "prose":
            break
        text = block.text
        if (
            len(block.lines) == 1
            and 3 <= len(_words(text)) <= 12
            and ":" not in text
            and not _ends_a_sentence(text)
            and re.search(r"(?i)\b(strategi|policy|riktlinjer|program)\b", text)
        ):
            return text
    return None


# Sentences

ABBREVIATIONS = {
    "t.ex", "bl.a", "s.k", "m.m", "o.s.v", "d.v.s", "dvs", "resp", "ca", "jfr", "tfn", "tel",
    "nr", "kap", "st", "t.o.m", "fr.o.m", "f.d", "p.g.a", "t.f", "fr", "e.d", "m.fl", "mfl",
    "ang", "avd", "enl", "inkl", "exkl", "kl", "s", "dnr", "dat", "ink", "f", "t",
}  # fmt: skip
"""Words written with a full stop that does not end the sentence."""
SENTENCE_END = re.compile(r"[.!?][\"”»’')\]" + SUPERSCRIPTS + r"]*(?=\s+[\"”»(–-]?[A-ZÅÄÖ\d])")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Where each sentence of a paragraph starts and ends."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in SENTENCE_END.finditer(text):
        before = text[start : match.start()].split()
        word = before[-1].lower().lstrip("(") if before else ""
        if word in ABBREVIATIONS or re.fullmatch(r"\d{1,2}", word):  # `1.`, not `år 2010.`
            continue
        spans.append((start, match.end()))
        start = match.end()
        while start < len(text) and text[start].isspace():
            start += 1
    if start < len(text) and text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return spans


# What binds


@dataclass(frozen=True)
class Reading:
    """How a sentence binds: its modal, the words that carry it, and why it is read so."""

    modal: Modal
    why: str  # a message key: the comment on the modal in the draft
    words: str


MODAL_WORD = re.compile(r"\b(ska|skall|måste|får\s+(?:inte|ej)|bör|kan)\b")
SOFT = re.compile(
    r"\b(i\s+(?:möjligaste|görligaste)\s+mån|så\s+långt\s+(?:som\s+)?möjligt|eftersträvas)\b"
)
NEGATION = re.compile(r"\b(inte|ej|aldrig|inga|ingen|inget)\b")
SHORT_INFINITIVES = {"nå", "gå", "få", "stå", "se", "ge", "bo", "ha", "dö", "må", "tro", "slå"}
AUTHORITY = re.compile(
    r"\b(beslutar|fattar\s+beslut|beslutas\s+av|fordras\s+beslut|krävs\s+beslut|ansvarar"
    r"|har\s+(?:det\s+)?(?:\w+\s+)?ansvar(?:et)?\s+för|ligger\s+hos"
    r"|är\s+delegera[dt]|delegeras\s+till|handläggs\s+av|koordinerar"
    r"|ingår\s+i\s+\w+\s+uppdrag)\b"
)
PRIORITY = re.compile(r"\b(utgör|lyfter\s+fram)\b.*\bprioriter\w*")
CRITERION = re.compile(r"(?<!\bsom )\b(styr)\b")
CONDUCT = re.compile(r"\b(publiceras|utgår\s+från)\b")
PRINCIPLE_STATEMENT = re.compile(r"\bprincip\w*\b.*\bär\s+att\b(?P<clause>.*)")
ACTORS = (
    r"staden|stad|kommunen|kommunfullmäktige|fullmäktige|kommunstyrelsen|nämnd\w*|förvaltning\w*"
    r"|bolag\w*|styrelse\w*|stadskontoret|stadsledningskontoret|tjänstem[aä]n\w*|verksamhet\w*"
    r"|finansborgarrådet|borgarråd\w*"
)


def reading(sentence: str, *, lead: str = "", city: str = "", item: bool = False) -> Reading | None:
    """How `sentence` binds, or None when it only describes.

    `lead` is the kind of list the sentence is an item of, `city` the city's name, a subject
    that `kan` gives a permission to as it does to "staden". `item`: the sentence opens a list
    item; one that begins with "att" goes on with the list's lead-in ("målen är: att Malmö ska
    vara …"), so its modal verbs are the lead-in's clause, and only the list's kind binds it.
    """
    s = sentence.lower()
    if item and s.startswith("att "):
        return _by_lead(s, lead)
    by_modal = _by_modal(s, city)
    if by_modal is not None:
        return by_modal
    by_lead = _by_lead(s, lead)
    if by_lead is not None:
        return by_lead
    statement = PRINCIPLE_STATEMENT.search(s)
    if statement:
        modal = Modal.SKA_INTE if NEGATION.search(statement["clause"]) else Modal.SKA
        return Reading(modal, "draft_why_statement", "princip … är att")
    for pattern, modal, why in (
        (AUTHORITY, Modal.SKA, "draft_why_authority"),
        (CRITERION, Modal.SKA, "draft_why_criterion"),
        (PRIORITY, Modal.BOR, "draft_why_priority"),
        (CONDUCT, Modal.BOR, "draft_why_conduct"),
    ):
        found = pattern.search(s)
        if found:
            return Reading(modal, why, _fold_space(found.group(1)))
    return None


def _by_modal(s: str, city: str) -> Reading | None:
    """How a sentence (in lower case) binds by its first modal verb that is its own, not that
    of a clause inside it; `kan` only where it gives a permission."""
    soft = SOFT.search(s)
    if soft:
        return Reading(Modal.I_MOJLIGASTE_MAN, "draft_why_modal", soft.group(1))
    for match in MODAL_WORD.finditer(s):
        word = match.group(1)
        if _embedded(s[: match.start()]):
            continue
        if word == "kan":
            if _permission(s, match, city):
                return Reading(Modal.KAN, "draft_why_kan", word)
            continue
        if word == "bör":
            return Reading(Modal.BOR, "draft_why_modal", word)
        if word.startswith("får"):
            return Reading(Modal.SKA_INTE, "draft_why_modal", _fold_space(word))
        negation = NEGATION.search(" ".join(s[match.end() :].split()[:3]))
        if negation:
            return Reading(Modal.SKA_INTE, "draft_why_modal", f"{word} … {negation.group(1)}")
        return Reading(Modal.SKA, "draft_why_modal", word)
    return None


def _by_lead(sentence: str, lead: str) -> Reading | None:
    """How an item of a list binds by what the list's lead-in calls it."""
    if lead == "principles":
        modal = Modal.SKA_INTE if NEGATION.search(sentence) else Modal.SKA
        return Reading(modal, "draft_why_principles", "")
    if lead == "means":
        return Reading(Modal.BOR, "draft_why_means", "")
    return None


def _embedded(before: str) -> bool:
    """Whether a modal verb after `before` (in the same sentence) belongs to a clause that
    describes rather than binds: an indirect question ("klargör hur arbetet ska bedrivas",
    "vilka städer Stockholm ska jämföra sig med"), what something is or entails ("Syftet … är
    att staden ska stå bättre rustad", "Budskapet är att …", "Det innebär att …"), or a purpose
    with its own subject ("för att staden ska nå")."""
    clause = re.split(r"[,;:–]", before)[-1]
    if re.search(r"\b(hur|vad|vilka|vilken|vilket)\b|\b(är|innebär)\s+att\b", clause):
        return True
    purpose = re.search(r"\bför\s+att\s+(\w+)", clause)
    if purpose is None:
        return False
    word = purpose.group(1)
    return not (word.endswith("a") or word in SHORT_INFINITIVES)


def _permission(sentence: str, match: re.Match[str], city: str) -> bool:
    """Whether `kan` gives a permission: with the city or one of its bodies as subject
    ("Staden kan teckna", "kan Malmö stad påverka", "som Göteborg kan samarbeta med"), or
    under a condition ("kan … endast", "kan … då …")."""
    name = _ascii(city)
    before = sentence[: match.start()].split()[-1:]
    after = sentence[match.end() :].split()[:2]
    for near in (*before, *after):
        word = near.strip(",")
        if re.fullmatch(ACTORS, word) or (name and _ascii(word) == name):
            return True
    rest = sentence[match.end() :]
    return bool(re.search(r"\b(endast|enbart|bara)\b|\bdå\s+(?:hela|det|den|de)\b", rest))


def _ascii(text: str) -> str:
    """Lower case without diacritics: `Göteborg` and `goteborg` alike."""
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# Topics and fields


TOPIC_WORDS: tuple[tuple[str, str], ...] = (
    ("utrikespolitik", "foreign_policy"),
    ("vänort", "twin_towns"),
    ("partnerstad", "partner_cities"),
    ("partnerstäder", "partner_cities"),
    ("intentionsavtal", "letters_of_intent"),
    ("samarbetsavtal", "cooperation_agreements"),
    ("kontaktperson", "contact_person"),
    ("utstationer", "secondments"),
    ("inbjudningsbrev", "invitations"),
    ("bistånd", "aid_projects"),
    ("sida=", "aid_projects"),
    ("beslut", "decision_authority"),
    ("delegera", "decision_authority"),
    ("påverkansarbete", "eu_advocacy"),
    ("eu-projekt", "eu_projects"),
    ("eu-finansiering", "eu_projects"),
    ("eu:s=", "eu_projects"),
    ("eu=", "eu_projects"),
    ("transnationell", "transnational_projects"),
    ("medlemskap", "memberships"),
    ("ompröv", "review"),
    ("etablerade forum", "existing_forums"),
    ("besök", "visits"),
    ("delegation", "visits"),
    ("marknadsför", "marketing"),
    ("varumärke", "marketing"),
    ("mässa", "marketing"),
    ("mässor", "marketing"),
    ("profiler", "marketing"),
    ("publicer", "publication"),
    ("hemsida", "publication"),
    ("webbplats", "publication"),
    ("extern finansiering", "external_funding"),
    ("budget", "budget"),
    ("ekonomisk ram", "budget"),
    ("medel=", "budget"),
    ("finansiering", "budget"),
    ("rapport", "reporting"),
    ("redovis", "reporting"),
    ("verksamhetsplan", "planning"),
    ("målprogram", "planning"),
    ("planer", "planning"),
    ("uppfölj", "planning"),
    ("ömsesidig", "mutuality"),
    ("samarbetspartner", "partner_choice"),
    ("partners", "partner_choice"),
    ("öresund", "regional_cooperation"),
    ("regionala", "regional_cooperation"),
    ("akademi", "stakeholders"),
    ("näringsliv", "stakeholders"),
    ("nätverk", "networks"),
    ("organisation", "networks"),
    ("nytta", "benefit"),
    ("nyttan", "benefit"),
    ("behov", "benefit"),
    ("priorit", "priorities"),
    ("inriktning", "priorities"),
    ("undantag", "waivers"),
)
"""Words that point out a topic of the shared vocabulary, the more specific first: a word of the
sentence that begins with one, or holds it inside (a compound: "studiebesök"), takes its topic;
one marked `=` must be the word itself ("Sida", not "hemsida"). A sentence takes the first topic
found."""
DEFAULT_TOPIC = "priorities"


def topic(sentence: str) -> tuple[str, str | None]:
    """The topic suggested for a sentence, and the word that suggested it (None: the default)."""
    known = set(texts.topics())
    words = re.findall(r"[\wåäöÅÄÖ:-]+", sentence.lower())
    joined = " ".join(words)
    for stem, name in TOPIC_WORDS:
        if name not in known:
            continue
        if " " in stem:
            if stem in joined:
                return name, stem
            continue
        exact, bare = stem.endswith("="), stem.rstrip("=")
        for word in words:
            if word == bare or (not exact and (word.startswith(bare) or bare in word)):
                return name, word
            if word.startswith(bare + "-"):
                return name, word
    return DEFAULT_TOPIC, None


STOP = {
    "staden", "stadens", "stad", "städer", "internationell", "internationella", "internationellt",
    "arbete", "arbetet", "engagemang", "engagemanget", "engagemangets", "förslaget", "förslag",
    "verksamhet", "verksamheten", "verksamheter", "eller", "inte", "till", "från", "för", "med",
    "som", "och", "att", "den", "det", "de", "en", "ett", "är", "har", "när", "där", "vilka",
    "vilket", "annan", "andra", "också", "även", "samt", "inom", "utan", "efter", "under",
    "över", "mellan", "genom", "sina", "sitt", "sin", "dess", "deras", "varje", "alla",
    "samtliga", "respektive", "true", "false", "något", "någon", "vars", "eget", "egen", "egna",
    "vara", "ange", "anges", "sker", "gäller", "hela", "parten", "part", "kommunen",
    "skall", "måste", "kunna", "ingen", "inga", "fler", "flera", "dessa", "detta", "stads",
    "kommuns",
}  # fmt: skip
MAX_FIELDS = 5
MIN_SCORE = 2.5
"""How much of a field's words a sentence must share to suggest it: about one rare word of its
label, or two of its help; and no less than half what the best field shares."""


def _tokens(text: str) -> set[str]:
    """The words of a text that can name a field: not the common ones, without diacritics (a
    field's help writes `kommunfullmaktige`)."""
    words = re.findall(r"[a-zåäöéü]+", text.lower())
    return {_ascii(w) for w in words if len(w) >= 4 and w not in STOP}


SUFFIXES = (
    "arnas", "ernas", "andet", "ande", "arna", "erna", "orna", "ades", "else", "ning", "ens",
    "ets", "are", "ade", "ar", "er", "or", "en", "et", "na", "as", "es", "at", "a", "e", "s", "t",
)  # fmt: skip
"""Endings taken off a word before it is compared: `beslutar`, `beslutet` and `beslutande`
are all `beslut`."""


@functools.cache
def _stem(word: str) -> str:
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 5:
            return word[: -len(suffix)]
    return word


def _alike(a: str, b: str) -> bool:
    """Two words that are forms or compounds of each other: their stems are one, or one begins
    the other (at least five letters), or they share their first eight letters."""
    a, b = _stem(a), _stem(b)
    short, long_ = sorted((a, b), key=len)
    if len(short) >= 5 and long_.startswith(short):
        return True
    return len(short) >= 8 and short[:8] == long_[:8]


@dataclass
class _FieldIndex:
    """The proposal's fields a condition can read, by the words of their Swedish label and help."""

    words: dict[str, tuple[set[str], set[str]]] = field(default_factory=dict)
    weight: dict[str, float] = field(default_factory=dict)

    @classmethod
    def build(cls) -> _FieldIndex:
        paths = list(field_paths())
        leaves = [
            p
            for p in paths
            if not any(q.startswith(p + ".") for q in paths)
            and p.split(".")[0] not in ("title", "description", "kind", "city", "waivers")
        ]
        index = cls()
        for path in leaves:
            label, help_ = sv.FIELDS.get(path, ("", ""))
            index.words[path] = (_tokens(label), _tokens(help_))
        counts: dict[str, int] = {}
        for label_words, help_words in index.words.values():
            for word in label_words | help_words:
                counts[word] = counts.get(word, 0) + 1
        total = len(index.words)
        index.weight = {word: math.log(total / n) for word, n in counts.items()}
        return index

    def suggest(self, sentence: str) -> list[str]:
        """Up to `MAX_FIELDS` fields whose words the sentence shares, the most telling first:
        each word of the sentence counts once for a field, by the rarest of the field's words
        it is a form of, twice when that word is in the field's label."""
        said = _tokens(sentence)
        scored: list[tuple[float, int, str]] = []
        for order, (path, (label_words, help_words)) in enumerate(self.words.items()):
            score = sum(
                max(
                    (
                        self.weight[word] * (2 if word in label_words else 1)
                        for word in label_words | help_words
                        if _alike(word, spoken)
                    ),
                    default=0.0,
                )
                for spoken in said
            )
            if score >= MIN_SCORE:
                scored.append((-score, order, path))
        scored.sort()
        best = -scored[0][0] if scored else 0.0
        return [path for score, _, path in scored[:MAX_FIELDS] if -score >= best / 2]


# The draft


@dataclass(frozen=True)
class Drafted:
    """A principle of the draft: the sentence, where it stands, and how it binds."""

    sentence: str
    quote: str  # the sentence, or the piece of it that can be quoted verbatim
    section: str
    reading: Reading


@dataclass(frozen=True)
class Left:
    """A stretch of a paragraph that is not a principle, for `omitted:`."""

    quote: str
    section: str
    wrapper: bool


@dataclass
class Draft:
    """What a source text gives: its principles, what is left, and what could be guessed."""

    principles: list[Drafted]
    omitted: list[Left]
    title: str | None
    reference: str | None
    date: str | None


MIN_QUOTE = 12
"""A citation's quote is at least this long (`Citation.quote`)."""


def read_source(text: str, city: str = "") -> Draft:
    """Read a strategy's plain text into a draft."""
    found, title = paragraphs(text)
    principles: list[Drafted] = []
    omitted: list[Left] = []
    for paragraph in found:
        left: tuple[int, int] | None = None
        spans = sentence_spans(paragraph.text)
        for start, end in spans:
            sentence = paragraph.text[start:end]
            read = None
            if not paragraph.wrapper and len(sentence) >= MIN_QUOTE:
                read = reading(
                    sentence, lead=paragraph.lead, city=city, item=paragraph.item and not start
                )
            if read is None:
                left = (left[0] if left else start, end)
                continue
            if left:
                omitted += _left(paragraph, left)
                left = None
            quote = _quote(paragraph, start, end, read)
            principles.append(Drafted(sentence, quote, paragraph.section, read))
        if left:
            omitted += _left(paragraph, left)
    return Draft(principles, omitted, title, _reference(text), _date(text))


def _quote(paragraph: Paragraph, start: int, end: int, read: Reading) -> str:
    """The sentence as it can be quoted: where a page's furniture cuts it, the piece that holds
    the words it is read by (else the longest)."""
    pieces = [paragraph.text[a:b] for a, b in paragraph.pieces(start, end)]
    holding = [p for p in pieces if read.words in p.lower() and len(p) >= MIN_QUOTE]
    return (holding or sorted(pieces, key=len, reverse=True))[0]


def _left(paragraph: Paragraph, span: tuple[int, int]) -> list[Left]:
    return [
        Left(paragraph.text[a:b], paragraph.section, paragraph.wrapper)
        for a, b in paragraph.pieces(*span)
    ]


DNR = re.compile(r"(?i)\bdnr\b[.:]?\s*((?:[a-zåäö]{2,5}[-\s])?\d+(?:\s?-\s?\d+)*/\d+)")
"""A diarienummer as written: `Dnr: 171-482/2016`, `DNR:748/2011`, `Dnr KS 2021/45`."""
MONTHS = (
    "januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
    "oktober", "november", "december",
)  # fmt: skip


def _reference(text: str) -> str | None:
    """The first diarienummer written as one (`Dnr: 171-482/2016`, `DNR:748/2011`)."""
    found = DNR.search(text)
    return "dnr " + re.sub(r"(?<=\d)\s*-\s*(?=\d)", "-", found.group(1)) if found else None


def _date(text: str) -> str | None:
    """The document's date as far as the text shows it plainly: the first date written
    `ÅÅÅÅ-MM-DD`, else a year alone on a line (a title page's), else the first date written
    `28 mars 2012`."""
    for match in re.finditer(r"\b(\d{4})-(\d{2})-(\d{2})\b", text):
        try:
            return dt.date(*map(int, match.groups())).isoformat()
        except ValueError:
            continue
    year = re.search(r"^\s*((?:19|20)\d{2})\s*$", text, re.MULTILINE)
    if year:
        return year.group(1)
    months = "|".join(MONTHS)
    for day, month, number in re.findall(rf"\b(\d{{1,2}})\s+({months})\s+(\d{{4}})\b", text, re.I):
        try:
            return dt.date(int(number), MONTHS.index(month.lower()) + 1, int(day)).isoformat()
        except ValueError:
            continue
    return None


# Writing it


def city_slug(name: str) -> str:
    """A city's name as a strategy file writes `city:` (`Malmö` → `malmo`)."""
    slug = re.sub(r"[^a-z0-9_-]+", "-", _ascii(name)).strip("-")
    if not slug:
        raise UsageError(texts.t("draft_bad_city", city=name))
    return slug


def _scalar(value: str) -> str:
    """A one-line YAML scalar: plain where YAML reads it back as the same text, else quoted."""
    import yaml

    from strategikoll.loader import _STR, _implicit_tag

    dumped = yaml.safe_dump({"k": value}, allow_unicode=True, width=1_000_000)
    shown = dumped[len("k: ") :].rstrip("\n").removesuffix("\n...")
    # PyYAML writes YAML 1.1, which leaves `1e5` and `0o17` plain; strategikoll reads YAML 1.2,
    # where they are numbers. A JSON string is a YAML string either way.
    if not shown.startswith(("'", '"')) and _implicit_tag(value) != _STR:
        return json.dumps(value, ensure_ascii=False)
    return shown


def _folded(lead: str, key: str, value: str, width: int = 100) -> list[str]:
    """`key: value` after `lead` (its indentation, or `  - `), or `key: >-` and the value folded
    over lines of at most `width`.

    The value has single spaces only (white space is folded when the source is read), so
    folding it at spaces gives back exactly the same text.
    """
    line = f"{lead}{key}: {_scalar(value)}"
    if len(line) <= width:
        return [line]
    lines, current = [f"{lead}{key}: >-"], ""
    inner = " " * (len(lead) + 2)
    for word in value.split(" "):
        if current and len(inner) + len(current) + 1 + len(word) > width:
            lines.append(inner + current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    lines.append(inner + current)
    return lines


def _comment(text: str) -> str:
    return "  # " + " ".join(text.split())


def _title_words(sentence: str, count: int = 6) -> str:
    words = sentence.split()
    head = " ".join(words[:count]).rstrip(".,;:!?")
    return head + ("…" if len(words) > count else "")


def render(draft: Draft, *, source_name: str, city: str, version: str, aliases: list[str]) -> str:
    """The draft as a commented YAML strategy file, block style, for a person to complete."""
    fields = _FieldIndex.build()
    prefix = city.replace("_", "-")
    lines = [
        f"# {texts.t('draft_header', source=source_name)}",
        f"# {texts.t('draft_header_todo')}",
        f"city: {_scalar(city)}",
        f"version: {json.dumps(version, ensure_ascii=False)}",
        "name:",
        f"  sv: {_scalar(draft.title or TODO)}"
        + (_comment(texts.t("draft_confirm")) if draft.title else ""),
        f"  en: {TODO}",
        f"aliases: {json.dumps(aliases, ensure_ascii=False)}",
        "source:",
        f"  title: {_scalar(draft.title or TODO)}"
        + _comment(texts.t("draft_confirm") if draft.title else texts.t("draft_fill_title")),
        f"  publisher: {TODO}" + _comment(texts.t("draft_fill_publisher")),
        (f'  date: "{draft.date}"' + _comment(texts.t("draft_confirm")))
        if draft.date
        else "  date: not stated" + _comment(texts.t("draft_fill_date")),
        (f"  reference: {_scalar(draft.reference)}" + _comment(texts.t("draft_confirm")))
        if draft.reference
        else f"  reference: {TODO}" + _comment(texts.t("draft_fill_reference")),
        f"  text: {_scalar(source_name)}",
        "source_status: adopted" + _comment(texts.t("draft_fill_status")),
        "",
        "principles:" if draft.principles else "principles: []",
    ]
    width = max(2, len(str(len(draft.principles))))
    for number, principle in enumerate(draft.principles, 1):
        lines += _principle(principle, f"{prefix}.s-{number:0{width}d}", fields)
    lines.append("")
    lines.append("omitted:" if draft.omitted else "omitted: []")
    for left in draft.omitted:
        reason = texts.t("draft_omitted_wrapper" if left.wrapper else "draft_omitted_reason")
        lines += _folded("  - ", "section", left.section)
        lines += _folded("    ", "quote", left.quote)
        lines.append(f"    reason: {_scalar(reason)}")
    return "\n".join(lines) + "\n"


def _principle(principle: Drafted, principle_id: str, fields: _FieldIndex) -> list[str]:
    read = principle.reading
    name, word = topic(principle.sentence)
    topic_note = texts.t("draft_topic_word", word=word) if word else texts.t("draft_topic_default")
    why = texts.t(read.why, words=read.words)
    suggested = fields.suggest(principle.sentence)
    todo = (
        texts.t("draft_todo", fields=", ".join(suggested))
        if suggested
        else texts.t("draft_todo_no_fields")
    )
    return [
        f"  - id: {principle_id}",
        "    title:",
        f"      sv: {_scalar(_title_words(principle.sentence))}",
        f"      en: {TODO}",
        f"    topic: {name}" + _comment(topic_note),
        "    kinds: all" + _comment(texts.t("draft_fill_kinds")),
        f"    modal: {read.modal.value}" + _comment(why),
        f"    severity: {SEVERITY_OF_MODAL[read.modal].value}",
        "    citation:",
        *_folded("      ", "section", principle.section),
        *_folded("      ", "quote", principle.quote),
        "    message:",
        *_folded("      ", "sv", principle.sentence),
        f"      en: {TODO}",
        *_folded("    ", "todo", todo),
    ]


def read_text(path: Path) -> str:
    """The source's text, or a `UsageError` that says why it cannot be read."""
    try:
        if not path.is_file():
            reason = texts.t("path_missing") if not path.exists() else texts.t("not_a_file")
            raise UsageError(f"{path}: {reason}")
        if path.stat().st_size > MAX_SOURCE_BYTES:
            raise UsageError(f"{path}: {texts.t('draft_too_large', limit='16M')}")
        data = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"{path}: {texts.t('unreadable', reason=exc.strerror or exc)}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UsageError(f"{path}: {texts.t('not_utf8')}") from None


def draft_file(source: Path, city: str, version: str) -> tuple[str, Draft]:
    """Read `source` and write its draft as YAML text; the draft too, for a summary."""
    text = read_text(source)
    slug = city_slug(city)
    aliases = [city.strip().lower()] if city.strip().lower() != slug else []
    drafted = read_source(text, city.strip())
    return render(
        drafted, source_name=source.name, city=slug, version=version, aliases=aliases
    ), drafted
