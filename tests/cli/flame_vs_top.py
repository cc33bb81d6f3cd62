#!/usr/bin/env python3
"""Check that folded stacks (tprof -flame, file argv[1]) add up, per function,
to the flat and cum columns of `-top -unit=B -nodefraction=0` (file argv[2]),
both signed (a -diff_base profile). Exit 1 with the first mismatches."""
import collections
import re
import sys

flat, cum = collections.Counter(), collections.Counter()
for line in open(sys.argv[1]):
    stack, v = line.rstrip("\n").rsplit(" ", 1)
    frames = stack.split(";")
    flat[frames[-1]] += int(v)
    for f in set(frames):
        cum[f] += int(v)

row = re.compile(r"^\s*(-?\d+)B?\s+\S+\s+\S+\s+(-?\d+)B?\s+\S+\s+(.*?)( \(inline\))?$")
bad, n = [], 0
for line in open(sys.argv[2]):
    m = row.match(line)
    if not m:
        continue
    n += 1
    f, c, name = int(m.group(1)), int(m.group(2)), m.group(3)
    if flat[name] != f or cum[name] != c:
        bad.append(f"{name}: top {f}/{c}, flame {flat[name]}/{cum[name]}")
if n == 0 or bad:
    print("; ".join(bad[:3]) or "no -top rows")
    sys.exit(1)
