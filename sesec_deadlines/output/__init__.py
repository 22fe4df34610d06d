"""What the commands write: terminal text, JSON and CSV records, iCalendar files.

terminal  tables and text for the terminal (rich on a terminal, plain in a pipe)
records   the JSON and CSV contract, streamed
ics       the calendar: events from entries (UIDs, stamps, status, alarms)
icswire   iCalendar content lines encoded and folded fast, as icalendar does

Pure functions of entries and options; may import `core` and `registry`.
"""
