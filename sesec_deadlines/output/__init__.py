"""What the commands write: terminal text, JSON and CSV records, iCalendar files.

terminal  tables and text for the terminal (rich on a terminal, plain in a pipe)
layout    fitting tables and text to a terminal's width without splitting words
instrument  one instrument in full, for `show`
records   the JSON and CSV contract, streamed
flagged   milestone tables with their flags, the legend and the registry's age
ics       the calendar: events from entries (UIDs, stamps, status, alarms)
icstext   the words of an event: its title and description
icswire   iCalendar content lines encoded and folded fast, as icalendar does
timeline  the roadmap as data: rows of instruments, marks and periods on a date axis
timeline_text  the timeline as text lines for the terminal (plain ASCII in a pipe)
svg       the timeline as a standalone SVG picture
xmltext   an ElementTree element's XML text, as ElementTree writes it, faster
site      the published page (index.html): timeline, milestones table, details
publish   every file of the published site (page, calendars, JSON, picture)
changes   what changed (`deadlines changes`): table rows, JSON and CSV, stable change ids
atom      what changed as an Atom feed, built with feedgenerator
tracking  the team's decisions in words (`track`, `show`) and the PROGRESS/OWNER cells
icsteam   act-by dates as calendar events
siteteam  the Team cell of the published page

Pure functions of entries and options; may import `core`, `registry` and `team`.
"""
