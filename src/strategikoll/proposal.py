"""The proposal: what an official writes down about one international engagement.

Only `title` and `kind` are required. Every other fact is optional on purpose: a principle that
needs a fact the proposal does not state says so ("cannot be judged") instead of rejecting the file.
The field descriptions here are the English ones; the Swedish ones live in `i18n/sv.py`.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any, Self, TypeVar, get_origin

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    ValidationError,
    model_validator,
)
from pydantic_core import PydanticCustomError

from strategikoll import texts
from strategikoll.conditions import FieldSpec
from strategikoll.errors import InputError, Problem
from strategikoll.i18n import sv
from strategikoll.validation import innermost_type, problems_from

if TYPE_CHECKING:
    from strategikoll.loader import Document

ISO_COUNTRIES = frozenset(
    """
    AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN
    BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ
    DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL
    GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM
    JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME
    MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP
    NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD
    SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO
    TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW
    """.split()
)

StrEnumT = TypeVar("StrEnumT", bound=StrEnum)


class Kind(StrEnum):
    """What sort of engagement a proposal is."""

    TWIN_TOWN_AGREEMENT = "twin_town_agreement"
    PARTNER_CITY_PROJECT = "partner_city_project"
    COOPERATION_AGREEMENT = "cooperation_agreement"
    LETTER_OF_INTENT = "letter_of_intent"
    MEMBERSHIP = "membership"
    EU_PROJECT = "eu_project"
    TRANSNATIONAL_PROJECT = "transnational_project"
    AID_PROJECT = "aid_project"
    VISIT_INVITATION = "visit_invitation"
    INCOMING_VISIT = "incoming_visit"
    CONFERENCE_TRIP = "conference_trip"
    SECONDMENT = "secondment"
    MARKETING = "marketing"
    TRADE_FAIR = "trade_fair"
    DECLARATION = "declaration"


class DecisionBody(StrEnum):
    """Who takes the decision."""

    KOMMUNFULLMAKTIGE = "kommunfullmaktige"
    KOMMUNSTYRELSEN = "kommunstyrelsen"
    NAMND = "namnd"
    BOLAGSSTYRELSE = "bolagsstyrelse"
    FINANSBORGARRADET = "finansborgarradet"
    FORVALTNING = "forvaltning"


class DecisionScope(StrEnum):
    """Whether an engagement concerns the whole city or one committee's or company's operations."""

    CITY_WIDE = "city_wide"
    OPERATION_SPECIFIC = "operation_specific"
    SEVERAL_OPERATIONS = "several_operations"  # bears on several committees' or companies' work


class CounterpartType(StrEnum):
    """What sort of party the city engages with."""

    CITY = "city"
    REGION = "region"
    ORGANISATION = "organisation"
    NETWORK = "network"
    NATIONAL_AUTHORITY = "national_authority"
    UNIVERSITY = "university"
    COMPANY = "company"
    OTHER = "other"


class Direction(StrEnum):
    """The directions (inriktningar) an engagement serves."""

    PROFILING = "profiling"
    MONITORING = "monitoring"
    COOPERATION = "cooperation"
    ADVOCACY = "advocacy"
    OPERATIONAL_DEVELOPMENT = "operational_development"
    BUSINESS_DEVELOPMENT = "business_development"


class WelfareArea(StrEnum):
    """The five priority areas of Malmö's programme Välfärd för alla."""

    WORK = "work"
    HOUSING = "housing"
    GROWTH = "growth"
    SAFETY = "safety"
    EDUCATION = "education"


class PartnerChoice(StrEnum):
    """What chose the partner: the subject matter, or geography."""

    SUBJECT_MATTER = "subject_matter"
    GEOGRAPHY = "geography"


class Stakeholder(StrEnum):
    """Other actors taking part beside the city."""

    PUBLIC_SECTOR = "public_sector"
    ACADEMIA = "academia"
    BUSINESS = "business"
    CIVIL_SOCIETY = "civil_society"


# Spellings beyond a member's value and its Swedish word (`VALUES` in `i18n/sv.py`): the
# abbreviations and inflected forms that decisions are commonly written with.
_SYNONYMS: dict[StrEnum, tuple[str, ...]] = {
    DecisionBody.KOMMUNFULLMAKTIGE: ("kf",),
    DecisionBody.KOMMUNSTYRELSEN: ("ks",),
    DecisionBody.NAMND: ("nämnden", "facknämnd", "stadsdelsnämnd"),
    DecisionBody.BOLAGSSTYRELSE: ("bolagsstyrelsen",),
    DecisionBody.FORVALTNING: ("förvaltningen",),
}

_SEPARATORS = "-_ "
# The blanks allowed around a value, listed because `\s` means different characters in Python's
# regular expressions and in ECMA-262's, which JSON Schema uses.
_BLANK = r"[ \t\r\n]*"


def spellings(member: StrEnum) -> tuple[str, ...]:
    """Every spelling that names `member`: its value, its Swedish word, the usual abbreviations.

    Each is also accepted in any case, with `-`, `_` and space for one another, with blanks around
    it, and with å, ä, ö (any accented letter of the word) written as the plain letter or as the
    letter followed by its combining mark. Nothing else: other accents are not folded away, so the
    accepted spellings stay a finite set the JSON Schema can list exactly.
    """
    value = str(member.value)
    return tuple(dict.fromkeys((value, sv.VALUES.get(value, value), *_SYNONYMS.get(member, ()))))


def written_word(member: StrEnum, lang: str) -> str:
    """How `member` is best written in `lang`: its Swedish word in Swedish, its value otherwise."""
    value = str(member.value)
    return sv.VALUES.get(value, value) if lang == "sv" else value


def spelling_pattern(enum: type[StrEnum]) -> str:
    """A regular expression that matches exactly the spellings of `enum`'s members.

    It is written in the common part of Python's and ECMA-262's syntax, so a JSON Schema can carry
    it and accept exactly what `check` accepts.
    """
    return f"^{_BLANK}(?:{'|'.join(_member_patterns(enum))}){_BLANK}$"


def member_spelled(enum: type[StrEnumT], value: str) -> StrEnumT | None:
    """The member of `enum` that `value` is a spelling of, or None.

    Exactly what `spelling_pattern(enum)` accepts, found without a regular expression: `value`
    less the blanks around it, each character folded as the pattern folds it (`_folded_char`), is
    looked up among every way each spelling can be written (`_written_forms`).
    """
    table, longest = _spelled_forms(enum)
    word = value.strip(_BLANKS)
    if len(word) > longest:
        return None
    return table.get("".join([_folded_char(char) for char in word]))


def fold_spelling(value: Any) -> Any:
    """The value a spelling names in the proposal's enumerations (`KF` → `kommunfullmaktige`).

    For callers that do not know the enumeration; anything that is not a spelling of exactly one
    value is returned as it was, for validation to judge and to show as written.
    """
    if not isinstance(value, str):
        return value
    named = {str(m.value) for e in _enumerations() if (m := member_spelled(e, value)) is not None}
    return named.pop() if len(named) == 1 else value


def member_pattern(member: StrEnum) -> str:
    """A regular expression that matches exactly the spellings of `member`, blanks aside."""
    return _member_patterns(type(member))[list(type(member)).index(member)]


def _accepting_spellings(enum: type[StrEnum]) -> BeforeValidator:

    def validate(value: Any) -> Any:
        member = member_spelled(enum, value) if isinstance(value, str) else None
        # An unknown spelling goes on unchanged, so the error shows it as the user wrote it.
        return value if member is None else member

    return BeforeValidator(validate)


@functools.cache
def _member_patterns(enum: type[StrEnum]) -> tuple[str, ...]:
    return tuple("|".join(_spelling_regexes(spellings(m))) for m in enum)


def _spelling_regexes(words: tuple[str, ...]) -> list[str]:
    word_of: dict[str, str] = {}
    for word in words:
        word_of.setdefault(_spelling_regex(word), word)
    # `kommunfullmaktige` needs no pattern of its own beside `kommunfullmäktige`'s.
    return [
        regex
        for regex, word in word_of.items()
        if not any(other != regex and re.fullmatch(other, word) for other in word_of)
    ]


@functools.cache
def _spelled_forms(enum: type[StrEnumT]) -> tuple[dict[str, StrEnumT], int]:
    """Every written form of every spelling of `enum`'s members, folded, with its member; and
    the length of the longest."""
    table: dict[str, StrEnumT] = {}
    for member in enum:
        for word in spellings(member):
            for form in _written_forms(word):
                table.setdefault(form, member)
    return table, max(len(form) for form in table)


def _written_forms(word: str) -> list[str]:
    """The folded forms of `word` that its pattern accepts: each accented letter composed, as
    the plain letter, or as the letter followed by its marks; each separator as `-`."""
    forms = [""]
    for char in word:
        if char in _SEPARATORS:
            ways = ["-"]
        else:
            _either_case(char)  # a letter whose case cannot be matched has no pattern
            decomposed = unicodedata.normalize("NFD", char)
            ways = [_folded_char(char)]
            if len(decomposed) > 1:
                _either_case(decomposed[0])
                plain = _folded_char(decomposed[0])
                ways += [plain, plain + decomposed[1:]]
        forms = [form + way for form in forms for way in dict.fromkeys(ways)]
    return forms


@functools.lru_cache(maxsize=512)
def _folded_char(char: str) -> str:
    """A character as the patterns compare it: a separator as `-`; a letter in lower case when
    it is the capital of exactly that letter (`[kK]` takes K, not the Kelvin sign)."""
    if char in _SEPARATORS:
        return "-"
    lower = char.lower()
    return lower if lower != char and len(lower) == 1 and lower.upper() == char else char


_BLANKS = " \t\r\n"  # as `_BLANK` has them


def _spelling_regex(spelling: str) -> str:
    return "".join(_char_regex(char) for char in spelling)


def _char_regex(char: str) -> str:
    if char in _SEPARATORS:
        return "[-_ ]"
    decomposed = unicodedata.normalize("NFD", char)
    if len(decomposed) == 1:
        return _either_case(char)
    # Accented: as written (composed), as the plain letter, or decomposed (letter + mark).
    marks = "".join(f"\\u{ord(mark):04x}" for mark in decomposed[1:])
    return f"(?:{_either_case(char)}|{_either_case(decomposed[0])}(?:{marks})?)"


@functools.lru_cache(maxsize=256)
def _either_case(char: str) -> str:
    cased = "".join(dict.fromkeys((char.lower(), char.upper())))
    if len(cased) > 2 or not cased.isalnum():  # `ß` → `SS`: no spelling needs such letters
        raise ValueError(f"cannot match {char!r} regardless of case")
    return f"[{cased}]"


@functools.cache
def _enumerations() -> tuple[type[StrEnum], ...]:
    kinds = (spec.kind for spec in field_paths().values())
    return tuple(dict.fromkeys(k for k in kinds if isinstance(k, type) and issubclass(k, StrEnum)))


def _country(value: str) -> str:
    code = value.strip().upper()
    if code not in ISO_COUNTRIES:
        raise PydanticCustomError("country", "unknown country code {value}", {"value": value})
    return code


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso_date(value: Any) -> Any:
    """Dates only as written in ISO form (2025-03-01): no numbers of seconds, no `true`."""
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _ISO_DATE.match(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise PydanticCustomError("iso_date", "not a date in the form YYYY-MM-DD")


Country = Annotated[str, AfterValidator(_country)]
IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]
Flag = StrictBool  # true or false as written; `yes` is not read as true
Amount = Annotated[float, Field(strict=True, allow_inf_nan=False)]
Body = Annotated[DecisionBody, _accepting_spellings(DecisionBody)]
Text = Annotated[str, Field(min_length=1)]

MAX_AMOUNT_SEK = 10**12
"""The most one source can give, in kronor: 16 times Stockholm's whole city budget (about
6 × 10^10) and three quarters of the state's (about 1.3 × 10^12), so no real source comes near it.
Up to it, an amount in whole öre has at most 15 significant digits, which a float holds exactly."""

MAX_REVIEW_INTERVAL_YEARS = 100
"""A review less often than once a century is no review."""

MAX_WAIVERS = 100
"""Waivers one proposal may carry: each departs from one principle, and the largest strategy has
about a third as many. More is not a proposal but a way to make the run costly."""

MAX_PRINCIPLE_ID = 100
"""The longest principle id a waiver may name: twice the longest of the bundled ones."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Counterpart(_Model):
    """The other party of the engagement."""

    name: Text | None = Field(None, description="Name of the other party.")
    type: Annotated[CounterpartType | None, _accepting_spellings(CounterpartType)] = Field(
        None, description="What sort of party it is: city, region, organisation, network, …"
    )
    country: Country | None = Field(
        None, description="Country, ISO 3166 alpha-2 code (SE, NO, DE…)."
    )


class FundingSource(_Model):
    """One source of money for the engagement."""

    name: Text = Field(description="Who pays: the committee's own budget, Sida, an EU programme, …")
    amount_sek: Amount = Field(ge=0, le=MAX_AMOUNT_SEK, description="Amount in Swedish kronor.")
    external: Flag | None = Field(
        None, description="True when another party than the city pays (Sida, the EU, a partner)."
    )


class Funding(_Model):
    """How the engagement is paid for."""

    sources: list[FundingSource] | None = Field(None, description="Each source of money.")
    within_budget_frame: Flag | None = Field(
        None,
        description="The engagement fits within the committee's or company's given budget frame.",
    )
    in_ordinary_budget: Flag | None = Field(
        None, description="Funds for it are set aside in the ordinary budget."
    )
    eu_funding_sought: Flag | None = Field(None, description="EU funding is sought for it.")
    external_funding_examined: Flag | None = Field(
        None, description="Whether external funding is possible has been examined."
    )
    responsible: Text | None = Field(
        None, description="The operationally responsible official or manager who secures funding."
    )


class Decision(_Model):
    """Who decides the engagement, and how far the decision has come."""

    body: Body | None = Field(None, description="The deciding body.")
    scope: Annotated[DecisionScope | None, _accepting_spellings(DecisionScope)] = Field(
        None,
        description="city_wide, operation_specific to one committee or company, or "
        "several_operations (bearing on several committees' or companies' operations).",
    )
    reference: Text | None = Field(None, description="Registration number (dnr) of the matter.")
    date: IsoDate | None = Field(None, description="Date of the decision (YYYY-MM-DD).")
    on_behalf_of: Body | None = Field(
        None, description="The body on whose behalf a trip or participation is made."
    )
    prepared_by_ib: Flag | None = Field(
        None, description="The matter has been prepared by the International preparatory body (IB)."
    )
    ready: Flag | None = Field(None, description="The proposal is presented as ready for decision.")
    district_committee: Flag | None = Field(
        None, description="The deciding committee is a district committee (stadsdelsnämnd)."
    )


class Benefit(_Model):
    """What each side gains."""

    for_city: Text | None = Field(None, description="The benefit for the city and its residents.")
    for_counterpart: Text | None = Field(None, description="The benefit for the other party.")
    need: Text | None = Field(None, description="The need in the city's operations it answers.")
    long_term: Text | None = Field(None, description="The long-term benefit for the city.")


class Visit(_Model):
    """Facts about an incoming visit or an invitation to one."""

    prioritised: Flag | None = Field(
        None, description="The visit is particularly prioritised for the operation."
    )
    mutual_learning: Flag | None = Field(
        None, description="The visit serves mutual learning and exchange of experience."
    )
    strengthens_city_image: Flag | None = Field(
        None, description="The visit is used to strengthen the image of the city abroad."
    )
    significant: Flag | None = Field(
        None,
        description="A significant visit, for example at high political level or across several "
        "operational areas.",
    )
    coordinated_by_ks: Flag | None = Field(
        None, description="The visit is coordinated by the municipal executive board."
    )
    new_perspectives: Flag | None = Field(
        None, description="The visit aims to generate new perspectives for the operation."
    )


class Advocacy(_Model):
    """Advocacy (påverkansarbete) that the engagement involves."""

    eu_level: Flag | None = Field(
        None, description="The engagement involves advocacy towards the EU."
    )
    with_kommunstyrelsen: Flag | None = Field(
        None, description="The advocacy is done in close cooperation with the executive board."
    )


class Planning(_Model):
    """How the engagement sits in the ordinary planning and follow-up."""

    in_business_plan: Flag | None = Field(
        None, description="The engagement is written into this year's business plan."
    )
    follow_up: Flag | None = Field(
        None, description="The engagement will be documented and followed up."
    )
    priority_reason: Text | None = Field(
        None, description="Why the engagement is prioritised, as the business plan says."
    )
    annual_report: Flag | None = Field(
        None, description="The engagement is accounted for in the annual report."
    )


class Reporting(_Model):
    """Who hears about the engagement, and where it is published."""

    meetings_reported: Flag | None = Field(
        None, description="Every meeting is reported back to the city office's coordinator."
    )
    to_kommunstyrelsen: Flag | None = Field(
        None, description="The engagement is reported to the municipal executive board."
    )
    published_on_website: Flag | None = Field(
        None, description="The engagement is published on the city's website."
    )
    to_steering_group: Flag | None = Field(
        None, description="The engagement is reported to the steering group for international work."
    )


class Secondment(_Model):
    """A secondment, for example to the city's Brussels office."""

    destination: Text | None = Field(None, description="Where the official is seconded.")
    return_date: IsoDate | None = Field(None, description="The day the official comes home.")
    report_date: IsoDate | None = Field(
        None, description="The day the report on the secondment is handed in."
    )
    serves_international_work: Flag | None = Field(
        None, description="The secondment serves the city's international work."
    )

    @model_validator(mode="after")
    def _report_after_return(self) -> Self:
        if self.return_date and self.report_date and self.report_date < self.return_date:
            raise PydanticCustomError("report_before_return", "report date before return date")
        return self


class Waiver(_Model):
    """A documented exception: a deciding body chose to depart from one principle, until a date."""

    principle: Text = Field(
        max_length=MAX_PRINCIPLE_ID, description="The id of the principle departed from."
    )
    reason: Text = Field(description="Why the exception was made.")
    decided_by: Body = Field(description="The body that decided the exception.")
    reference: Text = Field(description="Registration number (dnr) of that decision.")
    expires: IsoDate = Field(description="The last day the exception holds (YYYY-MM-DD).")


class RegisteredWaiver(_Model):
    """A decided exception as the city's register of exceptions records it."""

    principle: Text = Field(description="The id of the principle departed from.")
    reference: Text = Field(description="Registration number (dnr) of the decision.")
    decided_by: Body = Field(description="The body that decided the exception.")
    expires: IsoDate = Field(description="The last day the exception holds (YYYY-MM-DD).")
    reason: Text | None = Field(None, description="Why the exception was made.")


class RegisteredWaivers(_Model):
    """A register of decided exceptions, kept outside the proposals (`--waiver-register`)."""

    waivers: list[RegisteredWaiver] = Field(description="Every exception decided.")


class Proposal(_Model):
    """A proposal for one international engagement."""

    title: Text = Field(description="Short title of the engagement.")
    kind: Annotated[Kind, _accepting_spellings(Kind)] = Field(
        description="What sort of engagement it is."
    )
    description: str | None = Field(None, description="Free text about the engagement.")
    city: Text | None = Field(None, description="The city whose strategy applies (stockholm, …).")
    counterpart: Counterpart | None = Field(None, description="The other party.")
    themes: list[Text] | None = Field(None, description="The thematic areas the engagement covers.")
    thematic_area: Text | None = Field(
        None,
        description="The one thematic area the themes fall within (cycling, for cycle lanes and "
        "cycle parking).",
    )
    directions: list[Annotated[Direction, _accepting_spellings(Direction)]] | None = Field(
        None, description="Which directions of the strategy it serves: profiling, monitoring, …"
    )
    start_date: IsoDate | None = Field(
        None, description="First day of the engagement (YYYY-MM-DD)."
    )
    end_date: IsoDate | None = Field(None, description="Last day of the engagement (YYYY-MM-DD).")
    funding: Funding | None = Field(None, description="How it is paid for.")
    decision: Decision | None = Field(None, description="Who decides it.")
    benefit: Benefit | None = Field(None, description="What each side gains.")
    concrete_exchange: Flag | None = Field(
        None, description="The engagement is a concrete exchange, not a general declaration."
    )
    existing_forums_examined: Flag | None = Field(
        None, description="Cooperation within already established forums was examined first."
    )
    active_participation: Flag | None = Field(
        None, description="The city will take an active, strategically oriented part."
    )
    operational_development_link: Text | None = Field(
        None, description="How the engagement links to the planned development of operations."
    )
    within_international_initiative: Flag | None = Field(
        None,
        description="The engagement is part of an international initiative the city takes part in.",
    )
    new_membership: Flag | None = Field(
        None, description="The membership is new, not the continuation of an existing one."
    )
    review_interval_years: Amount | None = Field(
        None,
        gt=0,
        le=MAX_REVIEW_INTERVAL_YEARS,
        description="How often the agreement or membership is reviewed, in years.",
    )
    visit: Visit | None = Field(None, description="Facts about a visit.")
    brand_used: Flag | None = Field(None, description="The city's brand is used in the marketing.")
    stakeholders: list[Annotated[Stakeholder, _accepting_spellings(Stakeholder)]] | None = Field(
        None,
        description="Other actors taking part: public_sector, academia, business, civil_society.",
    )
    foreign_policy: Flag | None = Field(
        None,
        description="The engagement touches Sweden's relations with other states (foreign policy).",
    )
    increases_resource_burden: Flag | None = Field(
        None, description="The engagement adds to the city's use of resources."
    )
    advocacy: Advocacy | None = Field(None, description="Advocacy the engagement involves.")
    planning: Planning | None = Field(None, description="Planning and follow-up.")
    contact_person: Text | None = Field(
        None, description="The international contact person of the administration or company."
    )
    welfare_areas: list[Annotated[WelfareArea, _accepting_spellings(WelfareArea)]] | None = Field(
        None, description="Areas of Malmö's programme Välfärd för alla it serves: work, housing, …"
    )
    welfare_priority_exception: Text | None = Field(
        None,
        description="Why the engagement is prioritised although it serves none of the areas of "
        "Välfärd för alla.",
    )
    partner_chosen_by: Annotated[PartnerChoice | None, _accepting_spellings(PartnerChoice)] = Field(
        None, description="What chose the partner: subject_matter or geography."
    )
    existing_partners_considered: Flag | None = Field(
        None,
        description="Existing agreements and memberships were considered in choosing partners.",
    )
    regional_partners: list[Text] | None = Field(
        None, description="Actors of the region (Öresund, southern Sweden, …) taking part."
    )
    cost_benefit_analysis: Flag | None = Field(
        None, description="A careful analysis of the benefit against the resources has been made."
    )
    project_owner: Text | None = Field(
        None, description="The administration that owns the project and is responsible for it."
    )
    large_commitment: Flag | None = Field(
        None, description="The engagement is a larger commitment (project or investment)."
    )
    used_in_profiling: Flag | None = Field(
        None, description="The engagement is used strategically in profiling the city."
    )
    raises_competence: Flag | None = Field(
        None, description="The engagement raises the knowledge or competence of the staff."
    )
    reporting: Reporting | None = Field(None, description="Reporting and publication.")
    waivers: list[Waiver] | None = Field(
        None,
        max_length=MAX_WAIVERS,
        description="Documented exceptions from principles, each decided by a body.",
    )
    secondment: Secondment | None = Field(None, description="Facts about a secondment.")

    @model_validator(mode="after")
    def _end_after_start(self) -> Self:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise PydanticCustomError("end_before_start", "end date before start date")
        return self


@functools.cache
def field_paths() -> dict[str, FieldSpec]:
    """Every dotted field path of the proposal format, in model order, with its type.

    Items of a list of models are reached without an index: `funding.sources.amount_sek`.
    """
    return _field_paths(Proposal, "")


def _field_paths(model: type[BaseModel], prefix: str) -> dict[str, FieldSpec]:
    paths: dict[str, FieldSpec] = {}
    for name, info in model.model_fields.items():
        inner = innermost_type(info.annotation)
        many = get_origin(innermost_type(info.annotation, keep_lists=True)) is list
        paths[prefix + name] = FieldSpec(inner, many)
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            paths.update(_field_paths(inner, f"{prefix}{name}."))
    return paths


def is_proposal_like(data: Any) -> bool:
    """Whether YAML data could be meant as a proposal: anything but a mapping that has none of
    the proposal's fields (`site_name:` and `nav:` of a mkdocs.yml). A file that names even one
    field is a proposal, judged strictly, so a misspelt key is an error, never a skip."""
    return not isinstance(data, dict) or any(key in Proposal.model_fields for key in data)


def read_proposal(document: Document) -> Proposal:
    """Validate a loaded document as a proposal; every problem becomes part of one `InputError`."""
    data = document.data
    if not isinstance(data, dict):
        given = texts.t("a_list") if isinstance(data, list) else repr(data)
        raise InputError(document.file, [Problem(texts.t("not_a_mapping", given=given), 1, 1)])
    try:
        return Proposal.model_validate(data)
    except ValidationError as exc:
        raise InputError(document.file, problems_from(exc, document, Proposal)) from None
