#!/usr/bin/env python3
"""variants.py OUTDIR N: N damaged variants of the testdata profiles (seeded):
bit flips in the gzip stream and in the raw message, bytes replaced, deleted
and inserted, truncations. agree.sh runs each through tprof and go tool pprof
-raw: what one accepts the other must accept, with the same output."""
import glob, gzip, os, random, sys

out, n = sys.argv[1], int(sys.argv[2])
here = os.path.dirname(os.path.abspath(__file__))
srcs = sorted(glob.glob(os.path.join(here, "..", "..", "testdata", "profiles", "*.pb.gz")))
rng = random.Random(15)
for k in range(n):
    s = srcs[k % len(srcs)]
    data = open(s, "rb").read()
    raw = gzip.decompress(data)
    kind = ("gzflip", "flip", "smash", "del", "ins", "trunc")[rng.randrange(6)]
    b = bytearray(data if kind == "gzflip" else raw)
    i = rng.randrange(10 if kind == "gzflip" else 0, len(b))
    if kind in ("gzflip", "flip"):
        b[i] ^= 1 << rng.randrange(8)
    elif kind == "smash":
        b[i] = rng.randrange(256)
    elif kind == "del":
        del b[i:i + rng.randrange(1, 8)]
    elif kind == "ins":
        b[i:i] = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 6)))
    else:
        del b[i:]
    name = "%03d.%s.%s.%s" % (k, os.path.basename(s).split(".")[0], kind, "gz" if kind == "gzflip" else "pb")
    with open(os.path.join(out, name), "wb") as f:
        f.write(bytes(b))
