"""copydesk serve as a LanguageTool server for language_tool_python, the LanguageTool client
library from PyPI, pointed at it with `remote_server`."""

from __future__ import annotations

import language_tool_python

ZELENSKIY = [243, 1105, 1657, 1818]


def char_offset(text: str, line: int, column: int) -> int:
    """A 1-based line and column (in characters) of the CLI's JSON as a str index."""
    lines = text.splitlines(keepends=True)
    return sum(len(l) for l in lines[: line - 1]) + column - 1


def test_the_seed_matches_are_the_cli_findings(server, seed):
    with language_tool_python.LanguageTool("en-US", remote_server=server.url) as tool:
        matches = tool.check(seed)
    want = [
        (
            f["rule"],
            f["message"],
            char_offset(seed, f["line"], f["column"]),
            char_offset(seed, f["end_line"], f["end_column"]) - char_offset(seed, f["line"], f["column"]),
            [f["replacement"]] if f["replacement"] is not None else [],
        )
        for f in server.cli_findings(seed)
    ]
    have = [(m.rule_id, m.message, m.offset, m.error_length, m.replacements) for m in matches]
    assert have == want
    names = [m for m in matches if m.rule_id == "ap.names.spelling" and seed[m.offset : m.offset + m.error_length] == "Zelenskiy"]
    assert [m.offset for m in names] == ZELENSKIY
    assert all(m.replacements == ["Zelenskyy"] for m in names)
    assert all(m.category == "NAME" and m.rule_issue_type == "misspelling" for m in names)
    assert names[2].sentence.endswith("plans for a Zelenskiy visit to the US are reportedly underway.")


def test_correct_applies_the_replacements(server, seed):
    with language_tool_python.LanguageTool("en-US", remote_server=server.url) as tool:
        fixed = tool.correct(seed)
    assert "Zelenskiy" not in fixed
    assert fixed.count("Zelenskyy") == 4
    assert "Former US President" not in fixed


def test_disabled_rules_and_a_house(server, seed):
    with language_tool_python.LanguageTool("en-US", remote_server=server.url) as tool:
        tool.disabled_rules = {"ap.names.spelling"}
        ids = {m.rule_id for m in tool.check(seed)}
    assert ids and "ap.names.spelling" not in ids
    with language_tool_python.LanguageTool("en-US-x-reuters", remote_server=server.url) as tool:
        ids = {m.rule_id for m in tool.check(seed)}
    assert ids and all(i.startswith("reuters.") for i in ids)
    assert "reuters.names.spelling" not in ids


def test_offsets_after_an_emoji(server):
    # UTF-16 offsets, which the library turns into str indices: the emoji is two units.
    text = "Officials 🙂 said Zelenskiy met the US envoy."
    with language_tool_python.LanguageTool("en-US", remote_server=server.url) as tool:
        tool.enabled_rules = {"ap.names.spelling", "ap.usage.us"}
        tool.enabled_rules_only = True
        matches = tool.check(text)
    assert [(m.rule_id, text[m.offset : m.offset + m.error_length], m.replacements) for m in matches] == [
        ("ap.names.spelling", "Zelenskiy", ["Zelenskyy"]),
        ("ap.usage.us", "US", ["U.S."]),
    ]
