"""Shared by the commands that read the registry: loading it, selecting, printing a selection."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any

from sesec_deadlines.cli.options import (
    Format,
    parse_date_option,
    resolve_today,
    thresholds,
)
from sesec_deadlines.core.dates import Offset
from sesec_deadlines.core.datetext import DateWindow, estimated_bound, shift_marked
from sesec_deadlines.core.errors import UsageError
from sesec_deadlines.core.model import Entry
from sesec_deadlines.core.query import Selection, make_filters, next_after, select
from sesec_deadlines.core.staleness import Staleness, freshness
from sesec_deadlines.output import terminal as render
from sesec_deadlines.registry.paths import is_installed, registry_paths
from sesec_deadlines.registry.store import Registry

if TYPE_CHECKING:
    from sesec_deadlines.core.vocab import GroupBy
    from sesec_deadlines.output.timeline import Timeline, Window
    from sesec_deadlines.team import Tracking


def load_registry(registry: list[str] | None) -> Registry:
    from sesec_deadlines.registry.cache import load_cached
    from sesec_deadlines.registry.paths import kind_of

    paths = registry_paths(registry)
    reg = load_cached(paths)
    if not any(kind_of(p) is not None for p in paths):  # the default registry is left out
        from sesec_deadlines.cli.notice import say_notice

        say_notice(paths, reg)
    return reg


def emit(
    selection: Selection,
    fmt: Format,
    title: str,
    empty: str | None = None,
    registry: Registry | None = None,
    filters: Any = None,
    excel: bool = False,
    lapsed: Sequence[Entry] = (),
    window: DateWindow | None = None,
    tracking: Tracking | None = None,
) -> None:
    """Write a selection as a table, JSON or CSV on stdout, with its flags as of its day.

    Tables also say when the registry is old, and list `lapsed` (past unconfirmed dates)
    after the dated milestones; with `registry`, JSON has its age ("registry") and the
    lapsed dates ("unconfirmed"), CSV the lapsed rows; with `window`, JSON has the dates
    selected ("window") and a table's title says when they are estimated."""
    today = selection.today
    staleness = Staleness(today, thresholds())
    lapsed = [e for e in lapsed if staleness.lapsed(e)]
    fresh = None if registry is None else freshness(
        registry.editions, registry.cited_editions(), today, staleness.thresholds,
        version=registry.version, uncurated=registry.uncurated, files=registry.files)
    if registry is not None and fresh is not None and is_installed(registry):
        fresh = replace(fresh, source="installed")
    if fmt is not Format.TABLE:
        from sesec_deadlines.output.records import text_chunks

        sys.stdout.writelines(text_chunks(
            selection, fmt.value, staleness, excel=excel,
            unconfirmed=lapsed if registry is not None else None, registry=fresh,
            window=window, tracking=tracking))
        return
    if window is not None and window.estimated:
        title += window.note()
        empty = None if empty is None else empty + window.note()
    from sesec_deadlines.output.flagged import Tables, freshness_lines, lapsed_title, say

    tables = Tables(staleness, tracking=tracking or None)
    if fresh is not None:
        say(freshness_lines(fresh))
    if selection.dated:
        tables.dated(title, selection.dated)
    elif empty:
        lines = [empty]
        if registry is not None and filters is not None:  # `upcoming` names the next one
            upcoming = next_after(registry.window(today, None, filters), filters, today)
            if upcoming is not None and upcoming.date is not None:
                lines.append(
                    f"Next: {upcoming.date.iso()} ({render.days_left_text(upcoming, today)})"
                    f" {render.kind_label(upcoming)}: "
                    f"{upcoming.instrument.title}"
                )
            else:
                lines.append("No later milestone matches either.")
        if fresh is not None:  # "nothing due" may only mean "nothing known"
            from sesec_deadlines.core.coverage import nothing_after

            note = nothing_after(fresh.newest, window.last if window else None)
            lines += [note] if note else []
        render.print_lines(lines)
    if lapsed:
        render.print_lines([""])
        tables.dated(lapsed_title(len(lapsed), today), lapsed)
    if selection.pending:
        tables.pending(selection.pending)
    tables.legend()


def unknown_id(reg: Registry, ident: str, what: str = "id") -> UsageError:
    """The error for an id (or number) no instrument has, with the nearest ids as a hint:
    ids that start with it ("gb-26572" -> gb-26572-rohs-revision), else close spellings."""
    import difflib

    ids = [i.id for i in reg.instruments]
    wanted = ident.casefold()
    close = sorted(i for i in ids if i.startswith(wanted) and wanted)[:3] \
        or difflib.get_close_matches(wanted, ids, n=3)
    return UsageError(
        f"no instrument with {what} {ident!r}",
        hint=("did you mean " + ", ".join(close) + "?")
        if close
        else "`deadlines list --all --search WORD` finds ids",
    )


def check_edition(reg: Registry, edition: str | None, *, how: str = "") -> None:
    """Refuse an --edition the registry does not declare, or declares as not curated."""
    if edition is None or any(e.key == edition for e in reg.editions):
        return
    if any(e.key == edition for e in reg.uncurated):
        raise UsageError(f"--edition {edition!r} is declared as not curated "
                         "(`curated = false`)",
                         hint="to curate it, give its [[edition]] table the day it was "
                              "published (`published = ...`) and remove `curated = false`")
    raise UsageError(f"--edition {edition!r} is not declared in the registry",
                     hint="declared: " + (", ".join(e.key for e in reg.editions) or "none")
                          + how)


def check_items(reg: Registry, items: list[str] | None) -> None:
    """Refuse an --id that names no instrument (rather than match nothing)."""
    for ident in items or ():
        if reg.instrument(ident) is None:
            raise unknown_id(reg, ident)


def list_selection(registry: list[str] | None, as_of: str | None, start: str | None,
                   end: str | None, all_: bool, past: Offset | None = None,
                   lapsed: list[Entry] | None = None,
                   windows: list[DateWindow] | None = None,
                   **filter_options: Any) -> tuple[Registry, Selection, str]:
    """What `list` (and `export`) select: the registry, the selection and the window text.

    Without --all, --from or --past, the window starts today (past milestones are left
    out); with `past` (export's --past), that span before today. `lapsed`, when given,
    gets the unconfirmed dates (core.staleness `lapsed`) the window leaves out, `windows`
    the window (core.datetext.DateWindow)."""
    today = resolve_today(as_of)
    first = parse_date_option("--from", start, today, end=False)
    last = parse_date_option("--to", end, today, end=True)
    estimated = estimated_bound(start, today, first) or estimated_bound(end, today, last)
    if past is not None:
        try:
            first, estimated_past = shift_marked(today, Offset(-past.amount, past.unit))
        except ValueError as exc:
            raise UsageError(f"--past: {exc}") from exc
        estimated = estimated or estimated_past
    if first is None and not all_:
        first = today
    filters = make_filters(first=first, last=last, **filter_options)
    reg = load_registry(registry)
    check_items(reg, filter_options.get("item"))
    selection = select(reg.window(first, last, filters), filters, today)
    if lapsed is not None and first is not None:  # those before the window
        lapsed.extend(reg.unconfirmed_before(min(first, today), filters))
    if windows is not None:
        windows.append(DateWindow(first, last, estimated))
    if first is None and last is None:
        window = "all dates"
    elif last is None:
        window = f"from {first}"
    elif first is None:
        window = f"up to {last}"
    else:
        window = f"from {first} to {last}"
    return reg, selection, window



def timeline_picture(registry: list[str] | None, as_of: str | None, start: str | None,
                     end: str | None, by: GroupBy, **filter_options: Any) -> Timeline:
    """What `timeline` (and `export --format svg`) draw: the milestones `list` would show
    in the window, 3 months back to 12 ahead of today unless --from/--to say otherwise."""
    from sesec_deadlines.output.timeline import from_registry

    today, window = timeline_window(as_of, start, end)
    filters = make_filters(**filter_options)
    reg = load_registry(registry)
    check_items(reg, filter_options.get("item"))
    drawn = from_registry(reg, filters, window, by, today, Staleness(today, thresholds()))
    estimated = estimated_bound(start, today, window.first) or estimated_bound(
        end, today, window.last)
    return replace(drawn, estimated=True) if estimated else drawn


def timeline_json(registry: list[str] | None, as_of: str | None, start: str | None,
                  end: str | None, tracking: Tracking | None = None,
                  **filter_options: Any) -> str:
    """`timeline --format json`: the milestones the timeline draws (those `list` shows in
    its window; the pending ones too), with the registry's age and the window."""
    from sesec_deadlines.output.records import json_chunks

    today, window = timeline_window(as_of, start, end)
    estimated = estimated_bound(start, today, window.first) or estimated_bound(
        end, today, window.last)
    filters = make_filters(first=window.first, last=window.last, **filter_options)
    reg = load_registry(registry)
    check_items(reg, filter_options.get("item"))
    selection = select(reg.window(window.first, window.last, filters), filters, today)
    staleness = Staleness(today, thresholds())
    fresh = freshness(reg.editions, reg.cited_editions(), today, staleness.thresholds,
                      uncurated=reg.uncurated, files=reg.files, version=reg.version)
    return "".join(json_chunks(selection.dated, selection.pending, today, staleness,
                               registry=fresh,
                               window=DateWindow(window.first, window.last, estimated),
                               tracking=tracking))


def timeline_window(as_of: str | None, start: str | None, end: str | None,
                    ) -> tuple[date, Window]:
    """Today and the timeline's window from --as-of, --from and --to."""
    from sesec_deadlines.output.timeline import Window

    today = resolve_today(as_of)
    first = parse_date_option("--from", start, today, end=False)
    last = parse_date_option("--to", end, today, end=True)
    window = Window.around(today, first, last)
    if window.last < window.first:
        raise UsageError(f"the window ends ({window.last}) before it starts ({window.first})")
    return today, window
