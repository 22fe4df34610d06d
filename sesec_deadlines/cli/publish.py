"""`deadlines publish DIR`: the static site (page, calendars, JSON, picture), replaced whole."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from sesec_deadlines.cli.base import command_app
from sesec_deadlines.cli.common import timeline_window
from sesec_deadlines.cli.filtering import NO_FILTERS, FilterArgs, with_filters
from sesec_deadlines.cli.options import (
    AsOfOpt,
    ByOpt,
    FromOpt,
    RegistryOpt,
    ToOpt,
    parse_date_option,
    parse_span_option,
    thresholds,
)
from sesec_deadlines.core.dates import Offset
from sesec_deadlines.core.datetext import shift
from sesec_deadlines.core.errors import OutputError, OutputPathError, UsageError
from sesec_deadlines.core.query import make_filters
from sesec_deadlines.core.staleness import Staleness, freshness
from sesec_deadlines.core.vocab import GroupBy

if TYPE_CHECKING:
    from sesec_deadlines.storage.writing import Content
    from sesec_deadlines.team import Tracking

app = command_app()
DEFAULT_CHANGES_SINCE = "-90 days"
DEFAULT_PAST = "12 months"


@app.command()
@with_filters
def publish(
    folder: Annotated[str, typer.Argument(
        metavar="DIR", help="Folder of the site (what publish wrote there is replaced "
        "as a whole; other files stay).")],
    base_url: Annotated[str | None, typer.Option(
        "--base-url", metavar="URL",
        help="The site's public address (https://...), for the calendars' subscribe "
             "links.")] = None,
    changes_since: Annotated[str, typer.Option(
        "--changes-since", metavar="DATE",
        help="First day of the feed of changes (changes.atom), as --from takes it.")
    ] = DEFAULT_CHANGES_SINCE,
    past: Annotated[str, typer.Option(
        "--past", metavar="SPAN",
        help="The calendars also keep the milestones of the last SPAN (as export's "
             "--past: 12m, 26w, 20wd), so subscribers keep what passed.")
    ] = DEFAULT_PAST,
    by: ByOpt = GroupBy.TOPIC,
    with_notes: Annotated[bool, typer.Option(
        "--with-notes", help="Also publish the team's notes (left out by default: they may "
        "be internal).")] = False,
    filter_args: FilterArgs = NO_FILTERS,
    start: FromOpt = None,
    end: ToOpt = None,
    as_of: AsOfOpt = None,
    registry: RegistryOpt = None,
) -> None:
    """Write a static site to DIR: index.html (timeline, milestones, details), calendars
    (all.ics and one per topic), deadlines.json, changes.atom, timeline.svg, the registry
    (registry.toml, for `deadlines update`) and manifest.json (the registry's version and
    every file publish wrote, with its SHA-256), replaced atomically; other files in DIR
    stay."""
    from sesec_deadlines.output.publish import owned, site_files
    from sesec_deadlines.output.site import Links
    from sesec_deadlines.registry.cache import load_cached
    from sesec_deadlines.registry.manifest import (
        MANIFEST,
        REGISTRY,
        FileEntry,
        manifest_bytes,
        recorded,
    )
    from sesec_deadlines.registry.merge import published_registry
    from sesec_deadlines.registry.paths import registry_paths
    from sesec_deadlines.storage.atomic import replace_directory

    if not folder:
        raise OutputPathError("the output folder name is empty",
                              hint="give the site's folder, e.g. site")
    directory = Path(folder)
    if directory.exists() and not directory.is_dir():
        import stat

        from sesec_deadlines.storage.files import describe_kind

        mode = directory.stat().st_mode
        kind = "a file" if stat.S_ISREG(mode) else describe_kind(mode)
        raise OutputPathError(f"{directory}: is {kind}, not a folder; not publishing into it",
                              hint="give the site's folder, e.g. site")
    if base_url is not None and not base_url.startswith(("https://", "http://")):
        raise UsageError(f"--base-url {base_url!r}: give the site's address, "
                         "e.g. https://intranet.example.com/deadlines/")
    today, window = timeline_window(as_of, start, end)
    since = parse_date_option("--changes-since", changes_since, today, end=False) or today
    history = parse_span_option("--past", past)
    try:
        calendars_from = shift(today, Offset(-history.amount, history.unit))
    except ValueError as exc:
        raise UsageError(f"--past: {exc}") from exc
    filters = make_filters(**filter_args.as_kwargs())
    mine = owned(directory)
    if mine is None:
        raise UsageError(f"{directory}: holds files that are not a published site; "
                         "not publishing into it",
                         hint="publish into a new or empty folder, or one written by "
                              "`deadlines publish` (its manifest.json lists what it wrote)")
    paths = registry_paths(registry)
    reg = load_cached(paths)
    site = site_files(reg.entries, filters, today, window, by, Links(base_url),
                      changes_since=since, editions=reg.editions,
                      staleness=Staleness(today, thresholds()),
                      registry=freshness(reg.editions, reg.cited_editions(), today,
                                         thresholds(), version=reg.version,
                                         uncurated=reg.uncurated, files=reg.files),
                      registry_file=REGISTRY, calendars_from=calendars_from,
                      tracking=_published(filter_args, with_notes))
    written: dict[str, FileEntry] = {}  # each file's SHA-256 and size, for the manifest

    def files() -> Iterator[tuple[str, Content]]:
        """Each file in turn, made while it is written: a large site is never held whole."""
        for name, content in site:
            yield _own(directory, name, mine), recorded(name, content, written)
        data = published_registry(paths, reg)
        yield _own(directory, REGISTRY, mine), recorded(REGISTRY, data, written)
        instruments, milestones = reg.counts()
        yield _own(directory, MANIFEST, mine), manifest_bytes(
            written, version=reg.version, built=today, editions=reg.editions,
            cited=reg.cited_editions(), instruments=instruments, milestones=milestones)

    try:
        replace_directory(directory, files(), keep=lambda name: name not in mine)
    except OSError as exc:
        raise OutputError(f"{directory}: cannot write the site: {exc.strerror or exc}") from exc


def _own(directory: Path, name: str, mine: frozenset[str]) -> str:
    """`name`, unless the folder holds a file of that name that publish did not write."""
    if name not in mine and os.path.lexists(directory / name):
        raise UsageError(f"{directory / name}: not written by `deadlines publish`; not "
                         "replacing it", hint="move it out of the folder, or publish into "
                         "another folder")
    return name


def _published(filter_args: FilterArgs, with_notes: bool) -> Tracking | None:
    """The team's decisions as the site shows them: progress and owner, notes only when
    asked for; None when nothing was decided."""
    tracking = filter_args.tracking()
    if not tracking:
        return None
    return tracking if with_notes else tracking.without_notes()
