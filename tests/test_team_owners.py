"""Reminders that follow the team's decisions: each owner of `[people]` gets a digest of
the milestones they own, at the act-by date's leads and weekly while it is past, plus the
milestone's own leads; done and snoozed milestones are held; a done milestone whose date
moves is reopened. Against a real SMTP server on 127.0.0.1 (tests/mailserver.py)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from sesec_deadlines.remind.checks import load
from sesec_deadlines.remind.config import ConfigProblems

from .conftest import Runner
from .mailserver import FIXTURE, Server, remind, sent_records, text_of, write_config

PEOPLE = '\n[people]\nDana = "Dana <dana@example.com>"\n'
MILESTONE = "alpha-ccc/mandatory_from"  # 2026-05-01


def track(run: Runner, *args: str, registry: Path = FIXTURE) -> None:
    result = run("track", *args, "--registry", str(registry))
    assert result.exit_code == 0, result.stderr


def owners_config(tmp_path: Path, port: int) -> Path:
    # no subscription: the owners' digests alone
    return write_config(tmp_path, port, subscriptions=PEOPLE, reminders="")


def dana(server: Server) -> list[str]:
    return [text_of(r.message) for r in server.handler.received
            if "dana@example.com" in r.rcpt_tos]


def test_an_owner_gets_the_act_by_leads_then_weekly_while_late(
        run: Runner, tmp_path: Path, smtp_server: Callable[..., Server]) -> None:
    server = smtp_server()
    config = owners_config(tmp_path, server.port)
    track(run, MILESTONE, "--owner", "dana", "--act-by", "2026-04-10")
    assert remind(run, config, "2026-03-26").exit_code == 0
    # the milestone's own ladder first (its kind's: 365, 180, 90, 30, 7 days; 90 is due)
    (own,) = dana(server)
    assert "* Mandatory from 2026-05-01, in 36 days\n" in own and "Act by" not in own
    # 14 days before the act-by date
    result = remind(run, config, "2026-03-27")
    assert (result.exit_code, result.stderr) == (0, "")
    text = dana(server)[-1]
    assert "* Act by 2026-04-10 for: mandatory from 2026-05-01, in 14 days\n" in text
    assert "  Act by: 2026-04-10, the team's own date for this milestone" in text
    subject = server.handler.received[-1].message["Subject"]
    assert " ".join(subject.split()) == ("Act by 2026-04-10 for: mandatory from 2026-05-01 "
                                         "(in 14 days): CCC…")  # shortened to fit
    records = {(r["milestone"], r["date"], r["lead"]) for r in sent_records(tmp_path)}
    assert records == {(f"{MILESTONE}@act-by", "2026-04-10", 14), (MILESTONE, "2026-05-01", 90)}
    assert remind(run, config, "2026-03-27").exit_code == 0
    assert len(dana(server)) == 2  # each reminder once
    for day in ("2026-04-03", "2026-04-09", "2026-04-10"):  # 7, 1 and 0 days before
        assert remind(run, config, day).exit_code == 0
    assert len(dana(server)) == 5
    assert remind(run, config, "2026-04-16").exit_code == 0
    assert len(dana(server)) == 5  # less than a week late
    assert remind(run, config, "2026-04-17").exit_code == 0
    late = dana(server)[-1]
    assert "* Act by 2026-04-10 for: mandatory from 2026-05-01, passed 1 week ago\n" in late
    assert "Overdue: the team's act-by date 2026-04-10 has passed and the" in late
    assert remind(run, config, "2026-04-20").exit_code == 0
    assert len(dana(server)) == 6  # weekly, not daily
    assert remind(run, config, "2026-04-24").exit_code == 0
    assert "passed 2 weeks ago" in dana(server)[-1]
    assert (f"{MILESTONE}@overdue", "2026-04-24", 0) in {
        (r["milestone"], r["date"], r["lead"]) for r in sent_records(tmp_path)}


def test_done_not_applicable_and_snoozed_milestones_are_held(
        run: Runner, tmp_path: Path, smtp_server: Callable[..., Server]) -> None:
    server = smtp_server()
    config = owners_config(tmp_path, server.port)
    track(run, MILESTONE, "--owner", "Dana", "--act-by", "2w", "--snooze-until", "2026-04-20")
    assert remind(run, config, "2026-04-17").exit_code == 0
    assert dana(server) == []  # snoozed
    assert remind(run, config, "2026-04-21").exit_code == 0
    late = dana(server)[-1]  # the act-by day passed while snoozed: told once, late
    assert "* Act by 2026-04-17 for: mandatory from 2026-05-01, passed 4 days ago" in late
    track(run, MILESTONE, "--progress", "done")
    for day in ("2026-04-24", "2026-05-01"):
        assert remind(run, config, day).exit_code == 0
    assert len(dana(server)) == 1
    track(run, "alpha-ccc/application_open", "--owner", "Dana")
    track(run, "alpha-ccc", "--progress", "not-applicable", "--note", "no widgets")
    assert remind(run, config, "2026-02-28").exit_code == 0  # a day before it opens
    assert len(dana(server)) == 1


def test_an_unknown_owner_gets_nothing_and_a_subscription_still_works(
        run: Runner, tmp_path: Path, smtp_server: Callable[..., Server]) -> None:
    server = smtp_server()
    config = write_config(tmp_path, server.port, subscriptions=PEOPLE + '''
[[subscription]]
name = "ccc"
to = ["alice@example.com"]
topics = ["ccc"]
''', reminders="")
    track(run, MILESTONE, "--owner", "Erik", "--act-by", "2026-04-10")
    assert remind(run, config, "2026-03-27").exit_code == 0
    assert dana(server) == []
    assert [r.rcpt_tos for r in server.handler.received] == [["alice@example.com"]]


def test_a_dry_run_names_owners_without_an_address(
        run: Runner, tmp_path: Path, smtp_server: Callable[..., Server]) -> None:
    """A name spelt otherwise than in [people] would get nothing, silently: a dry run (and
    --verbose) says so; a real run from cron stays quiet on stderr."""
    server = smtp_server()
    config = owners_config(tmp_path, server.port)
    track(run, MILESTONE, "--owner", "Erik", "--act-by", "2026-04-10")
    track(run, "alpha-ccc/application_open", "--owner", "dana")  # known, in any case
    dry = remind(run, config, "2026-03-27", "--dry-run")
    assert dry.exit_code == 0, dry.stderr
    assert ("note: owner 'Erik' of 1 open milestone(s) has no address in [people]: no "
            "owner's digest for them") in dry.stderr
    assert "'dana'" not in dry.stderr
    real = remind(run, config, "2026-03-27")
    assert (real.exit_code, real.stderr) == (0, "")
    assert dana(server) == []


def test_a_done_milestone_whose_date_moves_is_reopened(
        run: Runner, tmp_path: Path, smtp_server: Callable[..., Server]) -> None:
    server = smtp_server()
    config = owners_config(tmp_path, server.port)
    track(run, MILESTONE, "--owner", "Dana", "--progress", "done")
    moved = tmp_path / "moved.toml"
    moved.write_text(FIXTURE.read_text(encoding="utf-8").replace(
        'kind = "mandatory_from"\ndate = "2026-05-01"\ncertainty = "official"\n',
        'kind = "mandatory_from"\ndate = "2031-06-01"\ncertainty = "official"\n'
        'history = [{ date = "2026-05-01", changed = 2031-01-05 }]\n'), encoding="utf-8")
    result = remind(run, config, "2031-01-10", registry=moved)
    assert result.exit_code == 0, result.stderr
    (text,) = dana(server)
    assert text.count("* Mandatory from 2031-06-01, in 142 days\n") == 1
    assert "Reopened: its date moved from 2026-05-01 to 2031-06-01 on 2031-01-05, after it " \
        "was marked done on " in " ".join(text.split())
    shown = run("track", MILESTONE, "--registry", str(moved), "--format", "json")
    decision = json.loads(shown.stdout)["milestones"][0]["tracking"]
    assert decision["progress"] == "open"
    assert decision["updated_by"] == "deadlines remind"
    assert decision["note"].startswith("reopened: its date moved from 2026-05-01")
    assert remind(run, config, "2031-01-10", registry=moved).exit_code == 0
    assert len(dana(server)) == 1  # announced once


def test_the_people_table_is_checked(tmp_path: Path) -> None:
    path = write_config(tmp_path, 25, subscriptions='\n[people]\nDana = "not an address"\n'
                        'dana = "d@example.com"\nBo = 3\n', reminders="")
    with pytest.raises(ConfigProblems) as err:
        load(path)
    said = [(p.line, p.field, p.message) for p in err.value.problems]
    assert (10, "people.Dana", "'not an address' is not an email address") in said
    assert any(f == "people.Bo" and "must be a non-empty string" in m for _, f, m in said)
    good = write_config(tmp_path, 25, subscriptions=PEOPLE, reminders="[reminders]\n"
                        "act_by_leads = [\"10wd\", 3, 0]\n")
    config = load(good)
    assert config.people == (("Dana", "Dana <dana@example.com>"),)
    assert config.subscriptions == ()


def test_an_owner_digest_refused_by_the_server_is_sent_on_the_next_run(
        run: Runner, tmp_path: Path, smtp_server: Callable[..., Server]) -> None:
    server = smtp_server()
    config = write_config(tmp_path, server.port, subscriptions=PEOPLE + '''
[[subscription]]
name = "rohs"
to = ["bob@example.com"]
topics = ["rohs"]
''', reminders="")
    track(run, MILESTONE, "--owner", "Dana", "--act-by", "2026-04-10")
    server.handler.reject["dana@example.com"] = "554 5.7.1 not now"
    result = remind(run, config, "2026-04-10")
    assert result.exit_code == 1
    assert "554" in result.stderr
    assert [r.rcpt_tos for r in server.handler.received] == [["bob@example.com"]]
    assert not any(r["recipient"] == "dana@example.com" for r in sent_records(tmp_path))
    server.handler.reject.clear()
    assert remind(run, config, "2026-04-10").exit_code == 0
    (text,) = dana(server)  # none lost
    assert "* Act by 2026-04-10 for: mandatory from 2026-05-01, today\n" in text
    assert remind(run, config, "2026-04-10").exit_code == 0
    assert len(dana(server)) == 1  # and once


def test_a_snooze_holds_the_subscriptions_reminders_too(
        run: Runner, tmp_path: Path, smtp_server: Callable[..., Server]) -> None:
    server = smtp_server()
    config = write_config(tmp_path, server.port, subscriptions='''
[[subscription]]
name = "ccc"
to = ["alice@example.com"]
topics = ["ccc"]
''')
    track(run, MILESTONE, "--snooze-until", "2026-04-20")
    assert remind(run, config, "2026-04-01").exit_code == 0
    assert server.handler.received == []
    assert remind(run, config, "2026-04-20").exit_code == 0
    (got,) = server.handler.received
    assert "Mandatory from 2026-05-01, in 11 days" in text_of(got.message)


def test_a_tracking_file_that_is_a_fifo_is_refused_never_read_or_replaced(
        run: Runner, tmp_path: Path) -> None:
    import os
    import stat

    fifo = tmp_path / "tracking.jsonl"
    os.mkfifo(fifo)
    for args in (("inbox",), ("track", MILESTONE, "--owner", "Dana")):
        result = run(*args, "--tracking-file", str(fifo), "--registry", str(FIXTURE))
        assert result.exit_code == 2, args
        assert f"the tracking file {fifo} " in result.stderr
        assert "regular file" in result.stderr
    assert stat.S_ISFIFO(fifo.stat().st_mode)


@pytest.mark.parametrize(("rule", "status"), [("10wd", "TENTATIVE"), ("2026-12-10", "CONFIRMED")])
def test_an_act_by_date_counted_through_an_estimated_year_is_marked_in_calendars(
        run: Runner, tmp_path: Path, rule: str, status: str) -> None:
    import icalendar

    ident = "miit-traction-battery-carbon-footprint-reporting/mandatory_from"  # 2027-01-01
    result = run("track", ident, "--owner", "Dana", "--act-by", rule, "--registry", "bundled")
    assert result.exit_code == 0, result.stderr
    out = tmp_path / "team.ics"
    exported = run("export", "--registry", "bundled", "--as-of", "2026-11-01", "-o", str(out))
    assert exported.exit_code == 0, exported.stderr
    calendar = icalendar.Calendar.from_ical(out.read_bytes())
    (event,) = [e for e in calendar.walk("VEVENT") if str(e["UID"]).count("-act-by")]
    assert str(event["STATUS"]) == status
    said = "Estimated: counted in working days through a year" in str(event["DESCRIPTION"])
    assert said is (status == "TENTATIVE")


def test_a_digest_led_by_an_act_by_reminder_names_the_act_by_day_in_its_subject(
        run: Runner, tmp_path: Path, smtp_server: Callable[..., Server]) -> None:
    """Not "next 2026-05-01 (in 14 days)": 14 days is how far the act-by day is."""
    server = smtp_server()
    config = owners_config(tmp_path, server.port)
    track(run, MILESTONE, "--owner", "Dana", "--act-by", "2026-04-10")
    assert remind(run, config, "2026-03-27").exit_code == 0  # the 90-day rung, and 14 days
    (text,) = dana(server)
    assert "* Act by 2026-04-10 for: mandatory from 2026-05-01, in 14 days\n" in text
    assert "* Mandatory from 2026-05-01, in 35 days\n" in text
    subject = " ".join(server.handler.received[-1].message["Subject"].split())
    assert subject.startswith("2 China deadlines, next act by 2026-04-10 (in 14 days): "), \
        subject


def test_a_timeline_window_counted_through_an_estimated_year_says_so(run: Runner,
                                                                      tmp_path: Path) -> None:
    common = ("--registry", "bundled", "-t", "ev", "--width", "100")
    estimated = run("timeline", "--as-of", "2026-12-01", "--to", "+30wd", *common)
    assert estimated.exit_code == 0, estimated.stderr
    assert "window estimated: counted in working days of a year whose official holiday" \
        in " ".join(estimated.stdout.split())
    exact = run("timeline", "--as-of", "2026-06-01", "--to", "+30wd", *common)
    assert "window estimated" not in exact.stdout
    svg = run("timeline", "--as-of", "2026-12-01", "--to", "+30wd", "-f", "svg", *common)
    assert "Window estimated: counted in working days" in svg.stdout


def test_track_warns_of_an_act_by_date_after_the_milestone_and_offers_only_its_formats(
        run: Runner) -> None:
    late = run("track", MILESTONE, "--act-by", "2026-05-15", "--registry", str(FIXTURE))
    assert late.exit_code == 0, late.stderr
    assert ("warning: the act-by date 2026-05-15 is after alpha-ccc/mandatory_from's date "
            "(2026-05-01): the team would act too late") in late.stderr
    fine = run("track", MILESTONE, "--act-by", "2w", "--registry", str(FIXTURE))
    assert "warning" not in fine.stderr
    assert "<table|json>" in run("track", "--help").stdout
    assert run("track", MILESTONE, "-f", "csv", "--registry", str(FIXTURE)).exit_code == 2
