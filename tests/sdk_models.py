"""Checks that an answer parsed by Keap's SDK holds nothing its models (Keap's description) lack."""

from __future__ import annotations

from typing import Any


def extra_fields(value: Any, where: str = "") -> list[str]:
    """Every field an SDK model (or a model inside it) parsed without knowing, as paths."""
    found: list[str] = []
    if isinstance(value, list):
        for index, item in enumerate(value):
            found += extra_fields(item, f"{where}[{index}]")
        return found
    extra = getattr(value, "additional_properties", None)
    if extra:
        found += [f"{where}.{name}" for name in extra]
    for name in getattr(type(value), "model_fields", {}):
        if name != "additional_properties":
            found += extra_fields(getattr(value, name), f"{where}.{name}")
    return found
