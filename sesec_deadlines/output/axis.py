"""The timeline's time axis: which months and years are labelled, and where guide marks go.

A pure function of the window and the room the picture has, shared by the terminal text
(lengths in columns) and the SVG (in pixels). Months are named while a name fits under
each (every month, else every quarter, else every half-year); past that, the axis shows
years only, every year or every 2, 5, 10, 20, 25, 50, ... years, so a window of decades
still has a readable axis.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sesec_deadlines.output.timeline import Window

AVERAGE_MONTH = 365.2425 / 12  # days
MONTH_STEPS = (1, 3, 6)
YEAR_STEPS = (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000)


@dataclass(frozen=True)
class Room:
    """What a label needs, in the picture's unit: a month's name (`month`), its initial
    (`initial`: every month may be shown by its initial where names do not fit), a year
    (`year`), and a guide mark (`grid`)."""

    month: float
    initial: float
    year: float
    grid: float


TEXT_ROOM = Room(month=4, initial=2, year=5, grid=2)  # columns: "Jan ", "J ", "2026 "


@dataclass(frozen=True)
class Axis:
    years: tuple[date, ...]  # where a year is labelled (the first day of a month)
    months: tuple[date, ...]  # the months named; empty when only years are shown
    grid: tuple[date, ...]  # the guide marks: each month named, else year starts
    month_step: int  # 1, 3 or 6 months between names; 0 when months are not named
    year_step: int  # years between year labels


def axis(window: Window, length: float, room: Room) -> Axis:
    """The axis of `window` drawn `length` units long."""
    months = window.months()
    per_month = length / (window.days / AVERAGE_MONTH)
    step = next((s for s in MONTH_STEPS
                 if per_month * s >= (room.initial if s == 1 else room.month)), 0)
    if step:
        named = tuple(m for m in months if (m.month - 1) % step == 0)
        years = tuple(m for i, m in enumerate(named) if i == 0 or m.month == 1)
        return Axis(years, named, named, step, 1)
    per_year = per_month * 12
    year_step = next((s for s in YEAR_STEPS if per_year * s >= room.year), YEAR_STEPS[-1])
    starts = tuple(m for m in months if m.month == 1)
    years = tuple(m for m in starts if m.year % year_step == 0)
    return Axis(years, (), starts if per_year >= room.grid else years, 0, year_step)

