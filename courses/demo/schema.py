"""A small schema check for the demo data files: types, required and unknown keys, allowed values."""

import copy
import datetime

# Python types stand for TOML's scalar types; the names are those an editor reads in an error message.
TYPE_NAMES = {
    str: "Text",
    int: "ganze Zahl",
    bool: "true oder false",
    datetime.date: "Datum (JJJJ-MM-TT)",
    list: "Liste",
    dict: "Tabelle",
}
_LEAVE_OUT = object()


class SchemaError(ValueError):
    """A value does not fit its schema; `key` is the dotted path to it, positions counted from 1."""

    def __init__(self, key, message):
        super().__init__(message)
        self.key, self.message = key, message


class Optional:
    """A table key that may be missing; when `default` is given, it is filled in (copied) instead."""

    def __init__(self, schema, default=_LEAVE_OUT):
        self.schema, self.default = schema, default


class Choice:
    """One of a fixed set of texts, e.g. a lesson's completion rule."""

    def __init__(self, *values):
        self.values = values

    def check(self, value, key):
        if value not in self.values or type(value) is not str:
            allowed = ", ".join(f"„{v}“" for v in self.values)
            raise SchemaError(key, f"erlaubt ist einer der Werte {allowed}, gefunden: {describe(value)}")
        return value


class Tagged:
    """A table whose "type" decides which other keys it has: one entry per kind of block."""

    def __init__(self, **tables):
        self.tables = tables

    def check(self, value, key):
        expect(value, dict, key)
        kinds = ", ".join(f"„{kind}“" for kind in self.tables)
        if value.get("type") not in self.tables:
            raise SchemaError(join(key, "type"), f"erlaubt ist einer der Typen {kinds}")
        return check(value, {"type": str, **self.tables[value["type"]]}, key)


class Mapping:
    """A table whose keys the editor chooses (slugs, video names), each value of the same schema."""

    def __init__(self, schema):
        self.schema = schema

    def check(self, value, key):
        expect(value, dict, key)
        return {name: check(item, self.schema, join(key, name)) for name, item in value.items()}


def check(value, schema, key=""):
    """Return `value` checked against `schema`, with defaults filled in; raise SchemaError on a mismatch.

    A schema is a type (str, int, bool, datetime.date), a one-item list [item schema], a tuple of schemas
    (a list of exactly that length, e.g. a chapter's title and start), a dict (a table: its keys in this
    order, unknown keys refused) or one of the classes above.
    """
    if isinstance(schema, type):
        return expect(value, schema, key)
    if isinstance(schema, list):
        expect(value, list, key)
        return [check(item, schema[0], f"{key}[{number}]") for number, item in enumerate(value, start=1)]
    if isinstance(schema, tuple):
        if type(value) is not list or len(value) != len(schema):
            names = ", ".join(TYPE_NAMES[item] for item in schema)
            raise SchemaError(key, f"erwartet ist eine Liste aus {len(schema)} Werten ({names})")
        return [
            check(item, sub, f"{key}[{n}]")
            for n, (item, sub) in enumerate(zip(value, schema, strict=True), 1)
        ]
    if isinstance(schema, dict):
        return check_table(value, schema, key)
    return schema.check(value, key)


def check_table(value, schema, key):
    expect(value, dict, key)
    unknown = [name for name in value if name not in schema]
    if unknown:
        raise SchemaError(join(key, unknown[0]), f"unbekannte Angabe; erlaubt sind: {', '.join(schema)}")
    table = {}
    for name, sub in schema.items():
        optional = isinstance(sub, Optional)
        if name in value:
            table[name] = check(value[name], sub.schema if optional else sub, join(key, name))
        elif not optional:
            raise SchemaError(join(key, name), "Pflichtangabe fehlt")
        elif sub.default is not _LEAVE_OUT:
            table[name] = copy.deepcopy(sub.default)
    return table


def expect(value, kind, key):
    # bool is a subclass of int in Python, and datetime a subclass of date: compare exact types.
    if type(value) is not kind:
        raise SchemaError(key, f"erwartet ist {TYPE_NAMES[kind]}, gefunden: {describe(value)}")
    return value


def describe(value):
    if isinstance(value, str):
        return f"Text „{value if len(value) <= 40 else value[:40] + '…'}“"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return f"Zahl {value}"
    return TYPE_NAMES.get(type(value), type(value).__name__)


def join(key, name):
    return f"{key}.{name}" if key else str(name)
