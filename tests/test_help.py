"""`--help` is written for teachers: every command and argument explained, one example each."""

import argparse

from tdgrad import cli


def subcommands():
    parser = cli._parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    helps = {c.dest: c.help for c in action._choices_actions}
    return parser, action.choices, helps


def test_top_level_description_is_a_sentence_for_users():
    parser, _, _ = subcommands()
    assert parser.description.startswith("tdgrad writes backpropagation worksheets")
    assert "Exit codes" in parser.format_help()


def test_every_command_and_argument_has_a_help_line_and_an_example():
    _, commands, helps = subcommands()
    for name, sub in commands.items():
        assert helps[name], name
        text = sub.format_help()
        assert "example" in text or "Example" in text, name
        for action in sub._actions:
            if not isinstance(action, argparse._HelpAction):
                assert action.help and len(action.help) > 10, (name, action.dest)
    assert "student,variant,question,answer" in commands["grade"].format_help()
    assert "V001" in commands["batch"].format_help()
    assert "sigmoid" in commands["trace"].format_help()
    assert "Exit codes" in commands["generate"].format_help()
