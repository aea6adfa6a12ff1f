#!/usr/bin/env python3
"""Validate xAPI statements with ralph's pydantic model BaseXapiStatement.

Usage: validate_ralph.py FILE.json

FILE holds either one JSON array of statements (a single JSON object is
taken as one statement) or JSON Lines (one statement per line).
Prints one line per invalid statement, then `ralph: N statements, M invalid`.
Exit status: 0 if every statement is valid, 1 if any is invalid or the file is
empty/unreadable, 2 on bad usage or when ralph is not installed.

Run it with any python3: if ralph is not importable it re-executes itself with
target/xapi-tools/venv/bin/python (installed by scripts/xapi-tools.sh).
"""

import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
VENV_PY = os.path.join(ROOT, "target", "xapi-tools", "venv", "bin", "python")

try:
    from ralph.models.xapi.base.statements import BaseXapiStatement
except ImportError:
    if os.path.exists(VENV_PY) and os.environ.get("VALIDATE_RALPH_REEXEC") != "1":
        os.environ["VALIDATE_RALPH_REEXEC"] = "1"
        os.execv(VENV_PY, [VENV_PY, os.path.abspath(__file__)] + sys.argv[1:])
    sys.stderr.write(
        "validate_ralph: cannot import ralph; run scripts/xapi-tools.sh first\n"
    )
    sys.exit(2)

import pydantic  # noqa: E402

PYDANTIC_V2 = int(pydantic.VERSION.split(".")[0]) >= 2


def load_statements(path):
    """Return a list of (statement_or_None, parse_error_or_None)."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if not text.strip():
        return []
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        data = None
        items = []
        for lineno, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                items.append((json.loads(line), None))
            except json.JSONDecodeError as e:
                items.append((None, f"line {lineno}: invalid JSON: {e}"))
        return items
    if isinstance(data, list):
        return [(s, None) for s in data]
    return [(data, None)]


def validate(stmt):
    """Return a list of error strings (empty if valid)."""
    if not isinstance(stmt, dict):
        return [f"statement is not a JSON object: {type(stmt).__name__}"]
    try:
        if PYDANTIC_V2:
            BaseXapiStatement.model_validate(stmt)
        else:  # pragma: no cover - ralph 5 requires pydantic 2
            BaseXapiStatement.parse_obj(stmt)
    except pydantic.ValidationError as e:
        out = []
        for err in e.errors():
            loc = ".".join(str(p) for p in err.get("loc", ())) or "<statement>"
            msg = f"{loc}: {err.get('msg')} [{err.get('type')}]"
            inp = err.get("input")
            if not isinstance(inp, (dict, list)):
                msg += f" (input={inp!r})"
            out.append(msg)
        return out
    except (ValueError, TypeError) as e:  # validators may raise plain errors
        return [f"{type(e).__name__}: {e}"]
    return []


def main(argv):
    if len(argv) != 2 or argv[1] in ("-h", "--help"):
        sys.stderr.write("usage: validate_ralph.py FILE.json\n")
        return 2
    path = argv[1]
    try:
        items = load_statements(path)
    except (OSError, UnicodeDecodeError) as e:
        print(f"ralph: cannot read {path}: {e}")
        print("ralph: 0 statements, 0 invalid")
        return 1
    if not items:
        print(f"ralph: {path} holds no statements")
        print("ralph: 0 statements, 0 invalid")
        return 1
    invalid = 0
    for index, (stmt, parse_error) in enumerate(items):
        errors = [parse_error] if parse_error else validate(stmt)
        if errors:
            invalid += 1
            sid = stmt.get("id") if isinstance(stmt, dict) else None
            print(f"#{index} id={sid}: " + " | ".join(errors))
    print(f"ralph: {len(items)} statements, {invalid} invalid")
    return 1 if invalid else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
