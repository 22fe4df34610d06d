"""`deadlines remind`: reminder emails from cron, each sent once, none lost.

config    the configuration: its records, where it is, password sources
checks    loading and checking a configuration file, every problem with file, line and field
reading   typed values from TOML tables (read by `storage.toml`), for `checks`
show      the settings in force, secrets masked (`deadlines config show`)
template  the commented starting file (`deadlines config init`)
select    which reminders are due: a pure function of (entries, subscriptions, state, today)
state     what was sent, in a locked JSON file: each email's intent written before it is
          sent, its records confirmed after the server accepted it; every record checked
lock      the lock on the state file: a second run waits until the first ends
news      the "New and changed" section: which changes each recipient is told of
newsstate its records in the state file: baselines, changes announcing and announced
newsmail  what each change says in the email, and the subject with news
items     what each item of a digest says, grouped by days left
message   the digest email: subject, text, HTML and the .ics attachment
addresses addresses as the server gets them: IDNA domains, which ones need SMTPUTF8
mailer    the seam: SMTP, and the in-memory outbox used by --dry-run; a refused message
          fails alone, a lost connection stops the run
run       one run: select, build, send, record

May import `core`, `storage`, `registry` and `output`; never the command line.
"""
