"""The commented starting file that `deadlines config init` writes."""

TEMPLATE = """\
# Configuration of `deadlines remind`: reminder emails of China compliance deadlines.
# Reference: `deadlines help reminders`. Check it with `deadlines config show`, try the
# server with `deadlines config test` (sends nothing) and the emails with
# `deadlines remind --dry-run`. This file is readable by you alone (chmod 600): keep it so
# if you put the password in it.

# The sender of the reminders.
from = "China deadlines <deadlines@example.com>"

[smtp]
host = "smtp.example.com"
security = "starttls"            # starttls (port 587), ssl (port 465) or none (port 25)
# port = 587                     # default: by security, as above
username = "deadlines@example.com"
# The password, from ONE of:
password_env = "DEADLINES_SMTP_PASSWORD"          # an environment variable, or
# password_command = "pass show mail/deadlines"   # the first line a command prints, or
# password = "..."                                # this file, if readable by you alone
# timeout = 30                   # seconds
# ca_file = "/etc/ssl/certs/our-private-ca.pem"   # to trust a private CA

[reminders]
# How long before a milestone to remind of it; each rung is sent once. Days (30) or working
# days ("15wd", China's calendar of holidays and make-up working days). Unset, each kind
# has its own ladder (`deadlines help reminders`, "Lead times"): a year ahead for the dates
# products must meet, working days for comment deadlines. This replaces them for all kinds:
# leads = [30, 14, 7, 1, 0]
# Remind also of milestones known only to the month or year (counted to their first day).
include_approximate = false
# registry = ["bundled", "/srv/deadlines/ours.toml"]   # default: the bundled registry
# working_calendar = "DE"      # count working days in Germany's calendar (default: CN)

# Lead times for some kinds of milestone, in place of their own ladder and of `leads`.
[reminders.kind_leads]
comment_close = ["20wd", "10wd", "5wd", "1wd", 0]

# Who gets which milestones: the same filters as `deadlines list`. Repeat the table for
# more subscriptions; a recipient in several gets one email a day with all of them.
[[subscription]]
name = "ccc-and-rohs"
to = ["compliance@example.com"]
topics = ["ccc", "rohs"]        # see `deadlines vocab`
# kinds = ["mandatory_from", "transition_end", "comment_close"]
# authorities = ["SAMR", "MIIT"]
# products = ["charging"]
# certainty = ["official", "proposed"]
# statuses = ["draft", "final"]
# search = ["battery"]
# ids = ["ccc-ev-charging-equipment"]
# numbers = ["GB 4706"]          # instrument numbers starting so (any case and spacing)
# profile = "chargers"           # also only what the product profile below matches
# leads = [60, 30, "5wd", 0]    # in place of [reminders] leads and the kinds' own ladders

# The owners of the team's decisions (`deadlines track ID --owner NAME`) and their
# addresses: each gets a digest of what they own, at the act-by date's leads
# ([reminders] act_by_leads, default [14, 7, 1, 0]) and weekly while it is past.
# [people]
# "Li Na" = "Li Na <li.na@example.com>"

# Product profiles: what your products are, written once and used with `--profile NAME` on
# every selecting command (upcoming, list, export, timeline, ...) and as `profile = "NAME"`
# in a subscription. A milestone matches when its instrument has one of the topics, or one
# of the search words (any word form), numbers or product codes (a code matches the codes
# starting with it) matches it; `authorities`, when given, must also hold.
# [profile.chargers]
# topics = ["ev"]
# search = ["charger", "charging pile"]
# numbers = ["GB 44263", "GB 39752"]
# product_codes = ["07"]
# authorities = ["SAMR", "CNCA", "MIIT"]
"""
