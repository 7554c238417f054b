"""Command-line values of ``curator fix`` and ``curator validate``, checked while parsing:
a bad value is a usage error (exit 2, the option named), never a traceback after some
files were written."""

from __future__ import annotations

import argparse

from curator.core.edits import operations as ops
from curator.core.checks.fixes import fix_codes
from curator.core.fields.values import parse_path


def jobs(text: str) -> int:
    """``--jobs N``: worker processes, 1 or more (0: one per core)."""
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a number of worker processes (1 or "
                                         f"more; 0: one per core), got {text!r}")
    return value


class OperationAction(argparse.Action):
    """Collects operations in command-line order into ``namespace.ops``; ``const`` makes
    the operation from the option's values (a ValueError or KeyError: a usage error)."""

    def __call__(self, parser, namespace, values, option_string=None):
        try:
            op = self.const(values)
        except (ValueError, KeyError) as exc:
            parser.error(f"{option_string}: {exc}")
        if getattr(namespace, "ops", None) is None:
            namespace.ops = []
        namespace.ops.append(op)


def fix_operation(code: str) -> ops.ApplyFix:
    if code not in fix_codes():
        raise ValueError(f"no fix for {code!r}; fixable codes: {', '.join(fix_codes())}")
    return ops.ApplyFix(code)


def _is_line(text: str) -> bool:
    """``FIELD=VALUE`` (a line of text the field's type reads), not ``FIELD:=YAML``."""
    return not text.partition("=")[0].endswith(":")


def set_operation(text: str) -> ops.SetField:
    return ops.SetField(*ops.parse_assignment(text), line=_is_line(text))


def fill_operation(text: str) -> ops.FillMissing:
    return ops.FillMissing(*ops.parse_assignment(text), line=_is_line(text))


def clear_operation(text: str | None) -> ops.ClearMissing:
    return ops.ClearMissing(parse_path(text) if text else None)


def replace_operation(values) -> ops.Replace:
    return ops.Replace(parse_path(values[0]), values[1], values[2])


def operations(args) -> list:
    """The operations of the command line, ``--regex`` applied to each ``--replace``;
    ValueError (naming the option) for a pattern that is not a valid regular expression."""
    out = []
    for op in args.ops or []:
        if args.regex and isinstance(op, ops.Replace):
            try:
                op = ops.Replace(op.path, op.pattern, op.replacement, regex=True)
            except ValueError as exc:
                raise ValueError(f"--replace: {exc}") from None
        out.append(op)
    return out
