"""Readable validation messages: a pydantic error as the path in the file, what was found, what is
allowed (the closest key, the allowed values) and the field's description."""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, ValidationError

from grader.errors import Problem
from grader.models.rubric import CHECK_TYPES


def problems_of(error: ValidationError, model: type[BaseModel], data: Any) -> list[Problem]:
    problems = []
    for detail in error.errors(include_url=False):
        loc = _clean_loc(detail["loc"])
        problems.append(Problem(_path(loc), _message(detail, model, loc, data)))
    return list(dict.fromkeys(problems))


def _clean_loc(loc: Iterable[int | str]) -> tuple[int | str, ...]:
    """The location without the union tags pydantic inserts (`check.number.expected` → `check.expected`)."""
    cleaned: list[int | str] = []
    for item in loc:
        if cleaned and cleaned[-1] == "check" and item in CHECK_TYPES:
            continue
        if isinstance(item, str) and item.startswith("function-"):
            continue
        cleaned.append(item)
    return tuple(cleaned)


def _path(loc: tuple[int | str, ...]) -> str:
    path = ""
    for item in loc:
        path += f"[{item}]" if isinstance(item, int) else (f".{item}" if path else str(item))
    return path


def _message(detail: Any, model: type[BaseModel], loc: tuple[int | str, ...], data: Any) -> str:
    kind = detail["type"]
    given = detail.get("input")
    if kind == "missing":
        description = _description(model, loc)
        return f"missing key '{loc[-1]}'" + (f": {description}" if description else "")
    if kind == "extra_forbidden":
        allowed = _allowed_keys(model, loc[:-1], data)
        key = str(loc[-1])
        close = difflib.get_close_matches(key, allowed, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else ""
        return (
            f"unknown key '{key}'{hint or '.'} Allowed here: {', '.join(allowed)}."
            if allowed
            else f"unknown key '{key}'"
        )
    if kind == "union_tag_invalid":
        written = given.get("type") if isinstance(given, dict) else given
        return f"unknown check type {written!r}; use one of: {', '.join(CHECK_TYPES)}"
    if kind == "union_tag_not_found":
        return f"missing key 'type': say which check this is, one of: {', '.join(CHECK_TYPES)}"
    if kind == "string_pattern_mismatch":
        description = _description(model, loc)
        return f"{given!r} is not allowed here" + (f". {description}" if description else "")
    message = str(detail["msg"]).removeprefix("Value error, ")
    if kind == "string_type" and isinstance(given, bool):
        return f"{message}, got {given}: YAML reads yes/no/on/off as true/false, so put the text in quotes"
    if kind == "finite_number":
        from grader.models.common import FINITE_HINT

        return f"{message}, got {given}: {FINITE_HINT}"
    if kind in ("model_type", "dict_type"):
        return f"expected a mapping of keys to values, got {_shown(given)}"
    if kind == "list_type":
        return f"expected a list (`- item` lines), got {_shown(given)}"
    if given is not None and not isinstance(given, dict | list) and kind != "value_error":
        return f"{message}, got {_shown(given)}"
    return message


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _field_model(model: Any, loc: tuple[int | str, ...], data: Any) -> Any:
    """The model class found at `loc`, walking annotations (and the check's `type` in the data)."""
    current: Any = model
    value = data
    for item in loc:
        if isinstance(item, int):
            value = value[item] if isinstance(value, list) and item < len(value) else None
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)) or item not in current.model_fields:
            return None
        annotation = current.model_fields[item].annotation
        value = value.get(item) if isinstance(value, dict) else None
        current = _inner_model(annotation, value)
    return current


def _inner_model(annotation: Any, value: Any) -> Any:
    """The model inside list[...], X | None and the check union (picked by the data's `type`)."""
    while True:
        origin = typing.get_origin(annotation)
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if origin is typing.Annotated:
            annotation = args[0]
        elif origin in (list, tuple, set, frozenset):
            annotation = args[0] if args else None
        elif origin in (typing.Union, types.UnionType):
            models = [a for a in args if isinstance(a, type) and issubclass(a, BaseModel)]
            chosen = (
                [m for m in models if _literal_type(m) == (value or {}).get("type")] if isinstance(value, dict) else []
            )
            found = chosen or models
            return found[0] if found else None
        else:
            return annotation


def _literal_type(model: type[BaseModel]) -> Any:
    field = model.model_fields.get("type")
    return typing.get_args(field.annotation)[0] if field is not None else None


def _allowed_keys(model: Any, loc: tuple[int | str, ...], data: Any) -> list[str]:
    target = _field_model(model, loc, data)
    if isinstance(target, type) and issubclass(target, BaseModel):
        return list(target.model_fields)
    return []


def _description(model: Any, loc: tuple[int | str, ...]) -> str | None:
    parent = _field_model(model, loc[:-1], None)
    name = loc[-1]
    if (
        isinstance(parent, type)
        and issubclass(parent, BaseModel)
        and isinstance(name, str)
        and name in parent.model_fields
    ):
        return parent.model_fields[name].description
    return None
