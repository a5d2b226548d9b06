"""Make the proposal format discoverable: its JSON Schema, and a commented template per kind.

The template of a kind holds the core fields and every field that a bundled principle for that kind
reads, each with its description and allowed values, so the fields to fill in are exactly those the
strategies ask about.
"""

from __future__ import annotations

from enum import Enum, StrEnum
from typing import Any

from strategikoll import texts
from strategikoll.proposal import (
    Kind,
    Proposal,
    field_paths,
    spelling_pattern,
    spellings,
    written_word,
)
from strategikoll.strategies import all_principles

CORE = (
    "title",
    "kind",
    "description",
    "city",
    "counterpart.name",
    "counterpart.type",
    "counterpart.country",
    "themes",
    "start_date",
    "end_date",
    "funding.sources",
    "decision.body",
    "decision.reference",
)


def json_schema() -> dict[str, Any]:
    """The proposal's JSON Schema with titles and descriptions in the current language.

    Each enumeration accepts exactly the spellings `check` accepts (see `proposal.spellings`).
    """
    schema = Proposal.model_json_schema()
    _describe(schema, schema, "")
    _describe_definitions(schema["$defs"])
    schema["title"] = texts.t("schema_title")
    schema["description"] = texts.t("schema_help")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


def _describe_definitions(definitions: dict[str, Any]) -> None:
    """Name each model and enumeration after the first field that holds it, in the run's language.

    pydantic names a definition after its class and describes it by the English docstring.
    """
    described: set[str] = set()
    for path, spec in field_paths().items():
        name = getattr(spec.kind, "__name__", "")
        if name not in definitions or name in described:
            continue
        described.add(name)
        if isinstance(spec.kind, type) and issubclass(spec.kind, StrEnum):
            definitions[name] = _enumeration(spec.kind, texts.field_label(path))
        else:
            definitions[name]["title"] = texts.field_label(path)
            definitions[name]["description"] = texts.field_help(path)


def _enumeration(enum: type[StrEnum], title: str) -> dict[str, Any]:
    """A string that is one of `enum`'s spellings; the listed ones let editors offer them."""
    lang = texts.language()
    listed = []
    for member in enum:
        word = written_word(member, lang)
        others = [spelling for spelling in spellings(member) if spelling != word]
        listed.append(f"{word} ({', '.join(others)})" if others else word)
    return {
        "title": title,
        "type": "string",
        "description": texts.t("schema_enum", values=", ".join(listed)),
        "anyOf": [
            {"enum": [spelling for member in enum for spelling in spellings(member)]},
            {"pattern": spelling_pattern(enum)},
        ],
    }


def _describe(node: dict[str, Any], root: dict[str, Any], prefix: str) -> None:
    for name, prop in node.get("properties", {}).items():
        path = prefix + name
        prop["title"] = texts.field_label(path)
        prop["description"] = texts.field_help(path) or prop.get("description", "")
        for ref in _refs(prop):
            target = root["$defs"][ref.rsplit("/", 1)[-1]]
            _describe(target, root, path + ".")


def _refs(prop: dict[str, Any]) -> list[str]:
    found = [prop["$ref"]] if "$ref" in prop else []
    for key in ("anyOf", "items"):
        value = prop.get(key)
        for item in value if isinstance(value, list) else [value] if value else []:
            found += _refs(item)
    return found


def fields_for(kind: Kind) -> list[str]:
    """The core fields and every field a bundled principle for `kind` reads, in model order."""
    wanted = set(CORE)
    for _strategy, principle in all_principles():
        if principle.applies_to(kind):
            for condition in (principle.when, principle.condition):
                wanted |= condition.fields() if condition else set()
    specs = field_paths()
    lists = [path for path, spec in specs.items() if spec.many]
    # Fields inside the items of a list are shown by an example item, not one by one.
    return [p for p in specs if p in wanted and not any(p.startswith(f + ".") for f in lists)]


def template(kind: Kind, city: str | None) -> str:
    """A commented YAML proposal of `kind`, ready to fill in and check."""
    types = field_paths()
    lines = [
        f"# {texts.field_label('kind')}: {kind.value}",
        f"# strategikoll check FILE --city {city or 'stockholm'}",
    ]
    opened: set[str] = set()
    for path in fields_for(kind):
        parts = path.split(".")
        for depth in range(1, len(parts)):
            parent = ".".join(parts[:depth])
            if parent not in opened:
                opened.add(parent)
                lines.append(f"{'  ' * (depth - 1)}{parts[depth - 1]}:")
        indent = "  " * (len(parts) - 1)
        value = _placeholder(path, kind, city)
        lines.append(f"{indent}{parts[-1]}: {value}  # {_comment(path, types[path].kind)}")
        if path == "funding.sources":
            lines.append(f"{indent}#  - {{name: Sida, amount_sek: 100000, external: true}}")
    return "\n".join(lines) + "\n"


def _placeholder(path: str, kind: Kind, city: str | None) -> str:
    if path == "title":
        return '"…"'
    if path == "kind":
        return kind.value
    if path == "city" and city:
        return city
    return "null"  # a template states nothing the user did not write, not even "none" (`[]`)


def _comment(path: str, annotation: Any) -> str:
    text = f"{texts.field_label(path)}: {texts.field_help(path)}"
    if isinstance(annotation, type) and issubclass(annotation, Enum) and path != "kind":
        text += " [" + " | ".join(str(member.value) for member in annotation) + "]"
    return text
