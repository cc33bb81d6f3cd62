#!/usr/bin/env python3
"""Fold `tprof -traces` output into "root;...;leaf value" lines, sorted:
what `tprof -flame -nodefraction=0` must print (tests/cli/run.sh)."""
import collections
import sys

agg, frames, val = collections.Counter(), [], None


def flush():
    global frames, val
    if frames:
        agg[";".join(reversed(frames))] += abs(val)
    frames, val = [], None


for line in sys.stdin:
    line = line.rstrip("\n")
    if line.startswith("-----------+"):
        flush()
        continue
    if len(line) > 13 and line[10:13] == "   " and not line[:10].strip().endswith(":"):
        v, name = line[:10].strip(), line[13:]
        if name.endswith(" (inline)"):
            name = name[: -len(" (inline)")]
        if v:
            val = int(v)
        frames.append(name)
flush()
for k in sorted(agg):
    print(k, agg[k])
