"""msgspec's conversion of parsed TOML into the :mod:`.schema`, and its errors in the project's words.

msgspec reports the first fault as a message and a path (``Expected `str`, got `int` - at
`$.points[2].kind```). :func:`explain` follows that path through the declared tables to the entry
and field at fault, and words it with the :class:`~.schema.Fault` the field's type carries, so no
msgspec wording reaches a user.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import types
from typing import Annotated, Any, Union, cast, get_args, get_origin

import msgspec

from .schema import Document, Fault, Table
from .toml_lines import TomlLines, TomlPath


def convert(data: dict[str, Any]) -> Document:
    """``data`` as tomllib parsed it, as a :class:`Document`; raises :class:`msgspec.ValidationError`."""
    _dates_as_days(Document, data)
    # Dates count as built-in values, so msgspec does not read a quoted "2020-03-02" as a date.
    return msgspec.convert(data, Document, builtin_types=(dt.date, dt.datetime, dt.time))


def explain(error: msgspec.ValidationError, data: dict[str, Any], lines: TomlLines) -> tuple[str, int | None]:
    """The message and line for ``error``: its path leads through the tables to the field at fault."""
    steps = _steps(str(error))
    # A file that is not a story at all (an unknown section, no [story] table) is told so first.
    if "story" not in data or any(key not in _fields(Document) for key in data):
        steps = []
    elif not isinstance(data["story"], dict):
        steps = ["story"]
    schema: type[Table] = Document
    table, at = data, cast(TomlPath, ())
    while steps and isinstance(steps[0], str) and steps[0] in _fields(schema):
        key, rest = steps[0], steps[1:]
        declared, value = _fields(schema)[key], table.get(key)
        inner, many = _tables_in(declared)
        item = _item(value, rest[0]) if many and rest and isinstance(rest[0], int) else None
        if inner and not many and isinstance(value, dict):
            schema, table, at, steps = inner, value, (*at, key), rest
        elif inner and item is not None:
            schema, table, at, steps = inner, item, (*at, key, rest[0]), rest[1:]
        else:
            fault = _fault_of(declared)
            label = schema.caption(at, table) if fault.labelled else None
            return _labelled(label, fault.word(key, value, tuple(rest))), lines.nearest((*at, key, *rest))
    return _table_fault(schema, table, at, lines, str(error))


def _table_fault(schema: type[Table], table: dict[str, Any], at: TomlPath, lines: TomlLines,
                 detail: str) -> tuple[str, int | None]:
    """A fault of a whole table: a field it must not have, or one it lacks."""
    label = schema.caption(at, table)
    fields = _fields(schema)
    for key in sorted(table) if schema is Document else table:
        if key not in fields:
            known = ", ".join(sorted(fields))
            return _labelled(label, schema.unknown.format(key=key, known=known)), lines.nearest((*at, key))
    for field in msgspec.structs.fields(schema):
        if field.required and field.encode_name not in table:
            fault = _fault_of(field.type)
            message = fault.missing.format(key=field.encode_name)
            return _labelled(label if fault.labelled else None, message), lines.nearest(at)
    return _labelled(label, f"cannot be read ({detail})"), lines.nearest(at)


def _labelled(label: str | None, message: str) -> str:
    return f"{label}: {message}" if label else message


def _steps(message: str) -> list[str | int]:
    """The path in a msgspec message (``... - at `$.points[2].kind```) as keys and indexes."""
    match = re.search(r" - at `\$([^`]*)`$", message)
    if not match:
        return []
    return [int(index) if index else key
            for key, index in re.findall(r"\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]", match.group(1))]


def _item(value: Any, index: int) -> dict[str, Any] | None:
    item = value[index] if isinstance(value, list) and index < len(value) else None
    return cast(dict[str, Any], item) if isinstance(item, dict) else None


@functools.cache
def _fields(schema: type[Table]) -> dict[str, Any]:
    """Each field's name as written in the file, with its declared type."""
    return {field.encode_name: field.type for field in msgspec.structs.fields(schema)}


_UNIONS = (Union, types.UnionType)


def _fault_of(declared: Any) -> Fault:
    """The :class:`Fault` a declared type carries (through ``| None``), or a plain one."""
    if get_origin(declared) is Annotated:
        for meta in declared.__metadata__:
            fault = (getattr(meta, "extra", None) or {}).get("fault")
            if isinstance(fault, Fault):
                return fault
    if get_origin(declared) in _UNIONS:
        for option in get_args(declared):
            if option is not type(None):
                return _fault_of(option)
    return Fault(lambda key, value, below: f"{key} cannot take {value!r}")


def _bare(declared: Any) -> Any:
    """A declared type without its ``Annotated`` constraints and its ``| None``."""
    while True:
        if get_origin(declared) is Annotated:
            declared = get_args(declared)[0]
        elif get_origin(declared) in _UNIONS:
            options = [option for option in get_args(declared) if option is not type(None)]
            if len(options) != 1:
                return declared
            declared = options[0]
        else:
            return declared


def _tables_in(declared: Any) -> tuple[type[Table] | None, bool]:
    """The Table type a field holds, and whether it holds a list of them."""
    bare = _bare(declared)
    many = get_origin(bare) is list
    inner = _bare(get_args(bare)[0]) if many else bare
    if isinstance(inner, type) and issubclass(inner, Table):
        return inner, many
    return None, False


def _dates_as_days(schema: type[Table], table: dict[str, Any]) -> None:
    """A TOML date-time where a date is wanted counts as its day (msgspec alone would refuse it)."""
    days, tables = _shape(schema)
    for key in days:
        value = table.get(key)
        if isinstance(value, dt.datetime):
            table[key] = value.date()
    for key, inner, many in tables:
        value = table.get(key)
        for item in value if many and isinstance(value, list) else [value]:
            if isinstance(item, dict):
                _dates_as_days(inner, item)


@functools.cache
def _shape(schema: type[Table]) -> tuple[list[str], list[tuple[str, type[Table], bool]]]:
    """A table's date fields, and its fields that hold tables (with whether they hold a list of them)."""
    days = [key for key, declared in _fields(schema).items() if _bare(declared) is dt.date]
    tables = [(key, inner, many) for key, declared in _fields(schema).items()
              for inner, many in [_tables_in(declared)] if inner is not None]
    return days, tables
