#!/usr/bin/python3
"""Reads a running application's accessibility tree as a screen reader does, over AT-SPI
(Debian's python3-pyatspi), and prints it one node a line: depth, role, name, and the
value or description when there is one. Waits until an application whose name or window
matches appears.

Usage: read-tree.py NAME [TIMEOUT_SECONDS [UNTIL]]
With UNTIL, waits until some node's line holds that text (a screen that has opened).
The tree printed is one that read the same in two walks a moment apart (a settled screen).
Exit status 0 with the tree on stdout; 1 when no such application (or text) appeared in time;
the last tree read is printed to stderr then.
"""
import sys
import time

import pyatspi

want = sys.argv[1].lower()
deadline = time.time() + float(sys.argv[2] if len(sys.argv) > 2 else 30)
until = sys.argv[3] if len(sys.argv) > 3 else None


def find():
    desktop = pyatspi.Registry.getDesktop(0)
    for app in desktop:
        if app is None:
            continue
        try:
            names = [app.name or ""] + [(c.name or "") for c in app]
        except Exception:
            continue
        if any(want in n.lower() for n in names):
            return app
    return None


def walk(node, depth, out, seen):
    if node is None or depth > 40 or len(out) > 5000:
        return
    try:
        key = hash(node)
        if key in seen:
            return
        seen.add(key)
        role = node.getRoleName()
        name = (node.name or "").replace("\n", " ")
        extra = ""
        try:
            v = node.queryValue()
            extra = f" value={v.currentValue}"
        except Exception:
            pass
        try:
            attrs = [a for a in node.getAttributes() if a.startswith(("live", "container-live"))]
            if attrs:
                extra += " " + " ".join(attrs)
        except Exception:
            pass
        desc = (node.description or "").replace("\n", " ")
        if desc:
            extra += f" description={desc}"
        out.append(f"{depth}\t{role}\t{name}{extra}")
        for child in node:
            walk(child, depth + 1, out, seen)
    except Exception as e:  # a node gone while walking
        out.append(f"{depth}\t(gone: {e})")


def read(app):
    out = []
    walk(app, 0, out, set())
    return out


app = None
lines = []
while time.time() < deadline:
    app = find()
    if app is not None:
        lines = read(app)
        # Wait for the first frame's tree to fill in, and for the screen asked for.
        if len(lines) > 3 and (until is None or any(until in l for l in lines)):
            # A walk takes many calls; one that overlaps a screen change sees half of each
            # screen. Print only a tree that reads the same twice, as a settled screen does.
            time.sleep(0.25)
            if read(app) == lines:
                print("\n".join(lines))
                sys.exit(0)
            continue
    time.sleep(0.5)
sys.stderr.write("\n".join(lines) + "\n")
sys.stderr.write(f"read-tree: no application matching {want!r}" + (f" showing {until!r}" if until else "") + " appeared\n")
sys.exit(1)
