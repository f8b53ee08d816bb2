"""The `redline` group's parsing: its own options anywhere, and help a person can read."""

import re

from typer import _click  # typer vendors click; its types are the ones a group subclass needs
from typer.core import TyperGroup, TyperOption

# Options of the whole group, and whether each takes a value: accepted after the command too.
GLOBAL_OPTIONS = {"--db": True, "--log-format": True, "--verbose": False, "--quiet": False}
GLOBAL_FLAGS = re.compile(r"-(v+|q)")
LIST_TYPE = re.compile(r"<list\[(.*)\]>")


class CommandGroup(TyperGroup):
    """A command group whose own options may also follow the command (`redline list --db x`).

    They are moved in front of the command's name, the only place click looks for them;
    nothing after `--` moves.
    """

    def parse_args(self, ctx: _click.Context, args: list[str]) -> list[str]:
        _plain_metavars(self, ctx)
        front: list[str] = []
        rest: list[str] = []
        seen_command, index = False, 0
        while index < len(args):
            arg = args[index]
            name = arg.split("=", 1)[0]
            if arg == "--":
                rest.extend(args[index:])
                break
            if name in GLOBAL_OPTIONS:
                width = 2 if GLOBAL_OPTIONS[name] and "=" not in arg else 1
                front.extend(args[index : index + width])
                index += width
                continue
            if GLOBAL_FLAGS.fullmatch(arg):
                front.append(arg)
            else:
                seen_command = seen_command or arg in self.commands
                (rest if seen_command else front).append(arg)
            index += 1
        return super().parse_args(ctx, front + rest)


def _plain_metavars(command: _click.Command, ctx: _click.Context) -> None:
    """Help without `<bool>` after a flag or `<list[str]>` after a repeatable option."""
    for param in [*command.params, command.get_help_option(ctx)]:
        if param is None or param.metavar is not None or not isinstance(param, TyperOption):
            continue
        if param.is_flag or param.count:
            param.metavar = ""
        elif param.multiple:
            param.metavar = LIST_TYPE.sub(r"<\1>", param.display_type_rich(ctx) or "")
    for sub in getattr(command, "commands", {}).values():
        _plain_metavars(sub, ctx)
