"""The published page: index.html with the timeline, the milestones table and each
instrument's details, self-contained (inline CSS and SVG, no script, nothing fetched).

A pure function of its inputs: the same registry and as-of date give the same bytes. The
page is plain semantic HTML (a captioned table with header cells, headings, lists), its
picture has a text alternative, and below 640 pixels the table becomes one card per
milestone so it reads on a phone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from html import escape as html_escape

from sesec_deadlines.core.model import Entry, Instrument
from sesec_deadlines.core.staleness import INSTRUMENT_FLAGS, Staleness
from sesec_deadlines.core.vocab import TOPICS, Certainty
from sesec_deadlines.output.flagged import lapsed_title
from sesec_deadlines.output.siteflags import OWN_FLAGS, flag_sentences, flags_cell, legend
from sesec_deadlines.output.terminal import days_left_text, kind_label
from sesec_deadlines.output.timeline import Timeline

CSS = """
:root{color-scheme:light;--ink:#1f2933;--muted:#52606d;--rule:#d9dee5;--accent:#0b5cad}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,
sans-serif;color:var(--ink);background:#fff}
main{max-width:75rem;margin:0 auto;padding:1rem}
a{color:var(--accent)}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff}
h1{font-size:1.6rem;margin:.5rem 0}h2{margin-top:2rem;border-bottom:1px solid var(--rule)}
.meta{color:var(--muted)}
figure{margin:1rem 0}.picture{overflow-x:auto;border:1px solid var(--rule)}
.picture svg{display:block;width:100%;min-width:56rem;height:auto}
table{border-collapse:collapse;width:100%}
caption{text-align:left;color:var(--muted);padding:.25rem 0}
th,td{text-align:left;vertical-align:top;padding:.4rem .5rem;border-bottom:1px solid var(--rule)}
thead th{border-bottom:2px solid var(--ink)}
td.num{text-align:right;white-space:nowrap}td.date{white-space:nowrap}
.tentative{font-style:italic}.flag{font-weight:bold}
.freshness{margin:.25rem 0}.stale{border-left:4px solid var(--ink);padding-left:.5rem}
.instrument{border-top:1px solid var(--rule);padding-top:.5rem}
.instrument:target{outline:3px solid var(--accent);outline-offset:4px}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.1rem 1rem;margin:.5rem 0}
dt{color:var(--muted)}dd{margin:0}
@media (max-width:640px){
main{padding:.75rem}
.milestones thead{position:absolute;left:-9999px}
.milestones tr{display:block;border-bottom:1px solid var(--rule);padding:.5rem 0}
.milestones td,.milestones th{display:block;border:0;padding:.1rem 0;text-align:left}
.milestones td::before,.milestones th::before{content:attr(data-label) ": ";color:var(--muted)}
dl{grid-template-columns:1fr}
}
@media print{.picture{overflow:visible}.picture svg{min-width:0}}
""".strip()

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


@dataclass(frozen=True)
class Calendar:
    """A published calendar file and what it holds."""

    file: str
    name: str
    events: int


@dataclass(frozen=True)
class Links:
    """Where the page's neighbours are: relative names, and subscribe URLs when the site's
    public address (--base-url) is known."""

    base_url: str | None = None

    def https(self, name: str) -> str | None:
        return f"{self.base_url.rstrip('/')}/{name}" if self.base_url else None

    def webcal(self, name: str) -> str | None:
        url = self.https(name)
        return "webcal://" + url.split("://", 1)[1] if url else None


def escape(text: str) -> str:
    """`html.escape`, without its five replacements where nothing needs one (most texts
    of a page: dates, kinds, names)."""
    if "&" in text or "<" in text or ">" in text or '"' in text or "'" in text:
        return html_escape(text)
    return text


def anchor(inst: Instrument) -> str:
    return f"i-{inst.id}"


def _a(href: str, text: str) -> str:
    return f'<a href="{escape(href)}">{escape(text)}</a>'


def _source_cell(entry: Entry) -> str:
    src = entry.source
    words = src.words()
    return _a(src.url, words or src.url) if src.url else escape(words)


def _certainty(entry: Entry) -> str:
    css = "" if entry.certainty is Certainty.OFFICIAL else ' class="tentative"'
    return f"<span{css}>{escape(entry.certainty.value)}</span>"


def _staleness(timeline: Timeline) -> Staleness:
    return timeline.staleness or Staleness(timeline.today)


def milestone_rows(entries: Sequence[Entry], timeline: Timeline,
                   team: Callable[[Entry], str] | None = None) -> list[str]:
    rows = []
    today = timeline.today
    flags = _staleness(timeline)
    for e in entries:
        assert e.date is not None
        inst = e.instrument
        name = f"{inst.title} ({inst.number})" if inst.number else inst.title
        rows.append(
            "<tr>"
            f'<td class="date" data-label="Date"><time datetime="{e.date.start.isoformat()}">'
            f"{escape(e.date.iso())}</time></td>"
            f'<td class="num" data-label="Days left">{escape(days_left_text(e, today))}</td>'
            f'<td data-label="What">{escape(kind_label(e))}</td>'
            f'<th scope="row" data-label="Instrument">'
            f"{_a('#' + anchor(inst), name)}</th>"
            f'<td data-label="Certainty">{_certainty(e)}</td>'
            f'<td data-label="Flags">{flags_cell(e, flags)}</td>'
            f'<td data-label="Source">{_source_cell(e)}</td>'
            + (f'<td data-label="Team">{team(e)}</td>' if team else "") +
            "</tr>")
    return rows


def _details(inst: Instrument, entries: Sequence[Entry], timeline: Timeline) -> list[str]:
    title = f"{inst.title} ({inst.number})" if inst.number else inst.title
    out = [f'<section class="instrument" id="{escape(anchor(inst))}">',
           f"<h3>{escape(title)}</h3>", "<dl>"]
    facts = [("Authority", ", ".join(inst.authority)), ("Topics", ", ".join(inst.topics)),
             ("Status", inst.status.value)]
    if inst.products:
        facts.append(("Scope", "; ".join(inst.products)))
    if inst.product_codes:
        facts.append(("Product codes", ", ".join(inst.product_codes)))
    facts.append(("Last verified", inst.last_verified.isoformat()))
    out += [f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in facts]
    flags = _staleness(timeline)
    shared = flag_sentences(entries[0], flags, INSTRUMENT_FLAGS) if entries else []
    if shared:
        out.append('<dt>Flags</dt><dd class="flag">' + "<br>".join(shared) + "</dd>")
    out += ["</dl>", f"<p>{escape(' '.join(inst.summary.split()))}</p>",
            "<h4>Milestones</h4>", "<ul>"]
    for e in entries:
        when = e.date.iso() if e.date else (e.rule() or "date not yet known")
        line = f"{escape(when)}: {escape(kind_label(e))} ({_certainty(e)})"
        if e.milestone.note:
            line += f". {escape(' '.join(e.milestone.note.split()))}"
        for sentence in flag_sentences(e, flags, OWN_FLAGS):
            line += f'<br><span class="flag">{sentence}</span>'

        out.append(f"<li>{line}</li>")
    out += ["</ul>", "<h4>Sources</h4>", "<ol>"]
    for src in inst.sources:
        words = src.words()
        out.append(f"<li>{_a(src.url, words or src.url)}</li>" if src.url
                   else f"<li>{escape(words)}</li>")
    out += ["</ol>", '<p><a href="#milestones">Back to the milestones</a></p>', "</section>"]
    return out


def _table(caption: str, rows: list[str], team: bool = False) -> list[str]:
    heads = ("Date", "Days left", "What", "Instrument", "Certainty", "Flags", "Source",
             *(("Team",) if team else ()))
    return ['<table class="milestones">',
            f"<caption>{caption}</caption>",
            "<thead><tr>" + "".join(f'<th scope="col">{h}</th>' for h in heads)
            + "</tr></thead>", "<tbody>", *rows, "</tbody>", "</table>"]


def page(timeline: Timeline, svg: str, entries: Sequence[Entry], pending: Sequence[Entry],
         details: Sequence[tuple[Instrument, Sequence[Entry]]], calendars: Sequence[Calendar],
         links: Links, feed: str | None = None, lapsed: Sequence[Entry] = (),
         registry: str | None = None,
         team: Callable[[Entry], str] | None = None) -> Iterator[str]:
    """The whole index.html in pieces of whole lines (an instrument's details each), so a
    large page is written without being held whole in memory. `entries` are the table's dated
    milestones, `pending` those without a date, `details` each instrument with all its
    milestones, `feed` the file name of an Atom feed of changes beside the page, if there
    is one, `lapsed` the unconfirmed past dates (listed wherever they fall), `registry` the
    file name of the registry published beside the page, if it is, `team` the HTML of each
    milestone's Team cell (output.siteteam), when the team decided anything."""
    window = timeline.window
    flags = _staleness(timeline)
    shown = {f for e in (*entries, *pending, *lapsed, *(m for _, ms in details for m in ms))
             for f in flags.flags(e)}
    current = timeline.current
    age = current.describe()
    age = age[:1].upper() + age[1:]
    stale = " stale" if current.freshness.stale else ""
    head = [
        "<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        "<title>China compliance deadlines</title>",
    ]
    if feed:
        head.append(f'<link rel="alternate" type="application/atom+xml" '
                    f'title="Changes" href="{escape(feed)}">')
    head += [f"<style>{CSS}</style>", "</head>", "<body>",
             '<a class="skip" href="#milestones">Skip to the milestones table</a>', "<main>",
             "<header>", "<h1>China compliance deadlines</h1>",
             f'<p class="meta">As of <time datetime="{timeline.today}">{timeline.today}</time>'
             + (f"; registry version <code>{escape(current.version)}</code>"
                if current.version else "") + ".</p>",
             f'<p class="freshness{stale}" role="note">{escape(age)}.</p>',
             "</header>"]
    body = ["<h2 id=\"timeline\">Timeline</h2>", "<figure>",
            f'<div class="picture">{svg}</div>',
            f"<figcaption>Milestones from {window.first} to {window.last}, one row per "
            f"instrument, grouped by {timeline.by.value}. Filled shapes are official dates, "
            "hollow ones proposed or estimated; the table below lists every date as text."
            "</figcaption>", "</figure>",
            '<h2 id="milestones">Milestones</h2>',
            *_table(f"{len(entries)} milestone(s) from {window.first} to {window.last}, "
                    "soonest first", milestone_rows(entries, timeline, team),
                    team is not None)]
    if lapsed:
        body += ['<h3 id="unconfirmed">Unconfirmed</h3>',
                 *_table(escape(lapsed_title(len(lapsed), timeline.today)),
                         milestone_rows(lapsed, timeline, team), team is not None)]
    if pending:
        body += ["<h3>Without a date yet</h3>", "<ul>"]
        for e in pending:
            said = "".join(f'<br><span class="flag">{s}</span>'
                           for s in flag_sentences(e, flags))
            body.append(f"<li>{_a('#' + anchor(e.instrument), e.instrument.title)}: "
                        f"{escape(kind_label(e))}, {escape(e.rule() or 'date not yet known')}"
                        f"{said}</li>")
        body.append("</ul>")
    body += legend(shown, flags)
    body += ['<h2 id="subscribe">Calendars and data</h2>',
             _subscribe(calendars, links, feed, registry),
             '<h2 id="instruments">Instruments</h2>']
    yield from (line + "\n" for line in head + body)
    for inst, inst_entries in details:
        yield "\n".join(_details(inst, inst_entries, timeline)) + "\n"
    foot = ["<footer>", f'<p class="meta">Made with sesec-deadlines for {timeline.today}. '
            "Certainty: official dates are stated in an issued text, proposed ones in a "
            "draft, estimated ones are derived by the registry's curators.</p>",
            "</footer>", "</main>", "</body>", "</html>"]
    yield "\n".join(foot) + "\n"


def _subscribe(calendars: Sequence[Calendar], links: Links, feed: str | None,
               registry: str | None = None) -> str:
    rows = ["<ul>"]
    for cal in calendars:
        parts = [f"{_a(cal.file, cal.name)} ({cal.events} event(s))"]
        webcal, https = links.webcal(cal.file), links.https(cal.file)
        if webcal and https:
            parts.append(f"subscribe: {_a(webcal, 'webcal')} or {_a(https, 'https')}")
        rows.append(f"<li>{', '.join(parts)}</li>")
    rows.append(f"<li>{_a('deadlines.json', 'deadlines.json')}: the milestones as JSON "
                "(the contract of <code>deadlines list --format json</code>)</li>")
    rows.append(f"<li>{_a('timeline.svg', 'timeline.svg')}: the timeline picture, for slides"
                "</li>")
    if feed:
        rows.append(f"<li>{_a(feed, feed)}: changes to the registry, as an Atom feed</li>")
    if registry:
        where = links.https("") or "the address of this folder"
        rows.append(f"<li>{_a(registry, registry)}: the registry itself, with "
                    f"{_a('manifest.json', 'manifest.json')} (its version and each file's "
                    f"SHA-256): <code>deadlines update {escape(where)}</code> installs it"
                    "</li>")
    rows.append("</ul>")
    if not links.base_url:
        rows.append('<p class="meta">Subscribe links appear when the site is published with '
                    "<code>--base-url</code>; until then, subscribe to the address where "
                    "a calendar file is served.</p>")
    return "\n".join(rows)


def topic_name(topic: str) -> str:
    return TOPICS.get(topic, topic)
