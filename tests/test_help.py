"""`deadlines help [TOPIC]`: shipped documents, and the hints that name them."""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

from sesec_deadlines.cli.help import TOPICS
from sesec_deadlines.registry.editing import HEADER
from sesec_deadlines.remind.template import TEMPLATE

from .conftest import Runner

ROOT = Path(__file__).resolve().parent.parent


def test_help_lists_the_topics(run: Runner) -> None:
    result = run("help")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == (
        "Documents shipped with deadlines; read one with `deadlines help TOPIC`:")
    listed = [line.split()[0] for line in result.stdout.splitlines()[1:] if line.startswith("  ")]
    assert listed == ["guide", "reminders", "registry", "calendar", "updating", "team",
                      "working-days"]
    assert result.stderr == ""


def test_each_topic_prints_its_document(run: Runner) -> None:
    for topic, name in [("guide", "user-guide.md"), ("reminders", "reminders.md"),
                        ("registry", "registry-format.md"),
                        ("calendar", "calendar.md"), ("updating", "updating.md"),
                        ("team", "team.md"), ("working-days", "working-days.md")]:
        result = run("help", topic)
        assert result.exit_code == 0, result.stderr
        assert result.stdout == (ROOT / "docs" / name).read_text(encoding="utf-8")
    assert run("help", "Reminders").stdout == run("help", "reminders").stdout


def test_an_unknown_topic_is_exit_2_with_the_list(run: Runner) -> None:
    result = run("help", "remind")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == ("error: no help topic 'remind'\n"
                             "hint: the topics are: guide, reminders, registry, calendar, "
                             "updating, team, working-days\n")


def test_every_topic_is_shipped_in_the_wheel() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    included = project["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]
    for name, _ in TOPICS.values():
        assert included[f"docs/{name}"] == f"sesec_deadlines/docs/{name}"


def test_generated_files_point_to_documents_an_installed_user_has() -> None:
    for text in (TEMPLATE, HEADER.decode()):
        assert not re.search(r"docs/\S+\.md", text), text
    assert "`deadlines help reminders`" in TEMPLATE
    assert "`deadlines help registry`" in HEADER.decode()


def docstrings(tree: ast.AST) -> set[int]:
    """The ids of the strings standing alone as statements: docstrings, of modules, classes,
    functions and attributes."""
    return {id(node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)}


def test_no_message_names_a_file_of_the_checkout() -> None:
    """What the tool prints (its string literals, docstrings aside) never sends a user to
    docs/*.md, which a pip-installed user does not have."""
    for path in (ROOT / "sesec_deadlines").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = docstrings(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                    and id(node) not in skip:
                assert not re.search(r"docs/[\w-]+\.md", node.value), \
                    f"{path.name}:{node.lineno}: {node.value[:80]}"


def test_shipped_documents_refer_to_each_other_by_topic_too() -> None:
    """A document read with `deadlines help` names another by its topic, not only its path."""
    topic_of = {name: topic for topic, (name, _) in TOPICS.items()}
    for name, _ in TOPICS.values():
        text = (ROOT / "docs" / name).read_text(encoding="utf-8")
        for line in text.splitlines():
            for other in re.findall(r"docs/([\w-]+\.md)", line):
                assert other in topic_of, f"{name} refers to {other}, which is not shipped"
                assert f"`deadlines help {topic_of[other]}`" in line, (
                    f"{name}: write `deadlines help {topic_of[other]}` beside docs/{other} "
                    f"(an installed copy has no docs/): {line.strip()}")


def test_config_init_says_where_the_settings_are_described(run: Runner) -> None:
    result = run("config", "init")
    assert result.exit_code == 0, result.stderr
    assert "`deadlines help reminders`" in result.stdout
    assert "`deadlines config test`" in result.stdout
