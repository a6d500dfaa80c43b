"""Keap's metering headers and the counters behind them.

Shape: Keap's facts ``quota_headers`` and ``quota_limits`` in ``helpers.facts`` (Keap's "API Token Quota and Usage Measurements" page for the
``x-keap-product-*`` names; the tenant family and the blank values on an unauthenticated
401 were seen in a third-party probe, w6w-io/w6w-apps ``tests/_helpers.ts``, 2026-08-11).
Limits are Keap's documented PAT/SAK limits: 30,000 a day (reset at 00:00 UTC) and 240 a
minute per key; the tenant pair 10,000/minute and 250,000/day is UNCONFIRMED (one third
party only). The sandbox reports usage but never refuses on its own: only the ``quota`` and
``spike`` scenarios answer 429.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from ..facts import value

QUOTA_LIMIT: int = value("quota_limits")["day"]  # per key per day
THROTTLE_LIMIT: int = value("quota_limits")["minute"]  # per key per minute
TENANT_LIMITS = (10000, 250000)  # per app: minute | day (UNCONFIRMED)
_DAY = 86400


def seconds_until_utc_midnight(now: float | None = None) -> int:
    """Whole seconds until the daily quota resets at 00:00 UTC (at least 1)."""
    now = time.time() if now is None else now
    return max(1, int(_DAY - now % _DAY))


def _next_utc_midnight_ms(now: float) -> int:
    return int((now - now % _DAY + _DAY) * 1000)


@dataclass(frozen=True)
class Reading:
    """Usage of one key and its tenant at the moment of a request."""

    day_used: int
    minute_used: int
    tenant_minute_used: int
    tenant_day_used: int


class UsageCounter:
    """Thread-safe request counters per key label (day and minute) and per tenant."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: dict[tuple[str, str, int], int] = {}

    def _windows(self, now: float) -> tuple[int, int]:
        return int(now // _DAY), int(now // 60)

    def record(self, who: str, now: float | None = None) -> Reading:
        """Count one request by ``who`` (a key label, never a key) and read the counters."""
        return self._read(who, now, add=1)

    def peek(self, who: str, now: float | None = None) -> Reading:
        """Read the counters without counting a request."""
        return self._read(who, now, add=0)

    def _read(self, who: str, now: float | None, add: int) -> Reading:
        day, minute = self._windows(time.time() if now is None else now)
        slots = [(who, "d", day), (who, "m", minute), ("*", "m", minute), ("*", "d", day)]
        with self._lock:
            for slot in slots:
                self._counts[slot] = self._counts.get(slot, 0) + add
            values = [self._counts[slot] for slot in slots]
        return Reading(*values)


def metering_headers(
    reading: Reading, tenant_id: str, now: float | None = None, exhausted: bool = False
) -> dict[str, str]:
    """The full ``x-keap-*`` header set of an authenticated answer.

    ``exhausted`` shows a used-up daily quota (used == limit, available 0).
    The expiry time is epoch milliseconds of the next 00:00 UTC: Keap calls it a "timecode"
    (example "158663200"); milliseconds is Apigee's unit and is UNCONFIRMED for Keap.
    """
    now = time.time() if now is None else now
    day_used = QUOTA_LIMIT if exhausted else min(reading.day_used, QUOTA_LIMIT)
    minute_used = min(reading.minute_used, THROTTLE_LIMIT)
    t_min, t_day = reading.tenant_minute_used, reading.tenant_day_used
    return {
        "x-keap-product-spike-limit": "",  # present but empty in the probe
        "x-keap-product-quota-limit": str(QUOTA_LIMIT),
        "x-keap-product-quota-time-unit": "day",
        "x-keap-product-quota-interval": "1",
        "x-keap-product-quota-available": str(QUOTA_LIMIT - day_used),
        "x-keap-product-quota-used": str(day_used),
        "x-keap-product-quota-expiry-time": str(_next_utc_midnight_ms(now)),
        "x-keap-product-throttle-limit": str(THROTTLE_LIMIT),
        "x-keap-product-throttle-time-unit": "minute",
        "x-keap-product-throttle-interval": "1",
        "x-keap-product-throttle-available": str(THROTTLE_LIMIT - minute_used),
        "x-keap-product-throttle-used": str(minute_used),
        "x-keap-tenant-id": tenant_id,  # UNCONFIRMED: that the tenant id is the app name
        "x-keap-tenant-throttle-limit": f"{TENANT_LIMITS[0]}|{TENANT_LIMITS[1]}",
        "x-keap-tenant-throttle-time-unit": "minute|day",
        "x-keap-tenant-throttle-interval": "1|1",
        "x-keap-tenant-throttle-available": f"{max(0, TENANT_LIMITS[0] - t_min)}|{max(0, TENANT_LIMITS[1] - t_day)}",
        "x-keap-tenant-throttle-used": f"{t_min}|{t_day}",
    }


def blank_metering_headers() -> dict[str, str]:
    """The header set of an unauthenticated 401: every name present, numbers blank."""
    names = (
        ["spike-limit"]
        + [
            f"quota-{n}"
            for n in ("limit", "time-unit", "interval", "available", "used", "expiry-time")
        ]
        + [f"throttle-{n}" for n in ("limit", "time-unit", "interval", "available", "used")]
    )
    headers = {f"x-keap-product-{n}": "" for n in names}
    headers.update(
        {
            "x-keap-tenant-id": "",
            "x-keap-tenant-throttle-limit": "|",
            "x-keap-tenant-throttle-time-unit": "minute|day",
            "x-keap-tenant-throttle-interval": "1|1",
            "x-keap-tenant-throttle-available": "|",
            "x-keap-tenant-throttle-used": "|",
        }
    )
    return headers
