# tests/tui/longname.py OUT: a profile with a 100,000-character function name
# and one holding U+202E (right-to-left override), for the UI (issue 15).
# longname.py --warnings N OUT: N numeric label keys seen with two units
# each: N "For tag ... also encountered unit(s)" warnings on the message line.
# longname.py --deep N DEPTH OUT: N distinct stacks DEPTH frames deep (of 400
# functions), two sample types: a flame of about N*DEPTH frames
import gzip, random, sys
def varint(n):
    out = bytearray()
    while True:
        b = n & 0x7f; n >>= 7
        if n: out.append(b | 0x80)
        else: out.append(b); return bytes(out)
def fv(f, v): return varint(f << 3) + varint(v)
def fb(f, b): return varint(f << 3 | 2) + varint(len(b)) + b
if sys.argv[1] == "--warnings":
    n = int(sys.argv[2])
    strs = ["", "samples", "count", "main.go", "main.f", "main.g", "bytes", "seconds"]
    body = fb(1, fv(1, 1) + fv(2, 2))
    for i in (1, 2):
        body += fb(4, fv(1, i) + fb(4, fv(1, i) + fv(2, 1)))
        body += fb(5, fv(1, i) + fv(2, 3 + i) + fv(3, 3 + i) + fv(4, 3))
    for k in range(n):
        strs.append("key%05d" % k)
        for loc, unit in ((1, 6), (2, 7)):  # the same key in bytes, then in seconds
            body += fb(2, fb(1, varint(loc)) + fb(2, varint(1)) + fb(3, fv(1, len(strs) - 1) + fv(3, 1) + fv(4, unit)))
    body += b"".join(fb(6, s.encode()) for s in strs)
    open(sys.argv[3], "wb").write(gzip.compress(body))
    sys.exit(0)
if sys.argv[1] == "--deep":
    n, depth, rng = int(sys.argv[2]), int(sys.argv[3]), random.Random(1)
    strs = ["", "samples", "count", "cpu", "nanoseconds", "deep.go"] + ["main.f%d" % i for i in range(1, 401)]
    body = fb(1, fv(1, 1) + fv(2, 2)) + fb(1, fv(1, 3) + fv(2, 4))
    for i in range(1, 401):
        body += fb(4, fv(1, i) + fb(4, fv(1, i) + fv(2, 1))) + fb(5, fv(1, i) + fv(2, 5 + i) + fv(3, 5 + i) + fv(4, 5))
    for _ in range(n):
        locs = b"".join(varint(rng.randrange(1, 401)) for _ in range(depth))
        body += fb(2, fb(1, locs) + fb(2, varint(rng.randrange(1, 100)) + varint(rng.randrange(1, 100) * 1000)))
    body += b"".join(fb(6, s.encode()) for s in strs)
    open(sys.argv[4], "wb").write(gzip.compress(body))
    sys.exit(0)
strs = ["", "samples", "count", "main.go", "a" * 100000 + ".tail", "main.\u202egnp.evil"]
body = fb(1, fv(1, 1) + fv(2, 2))
for i in (1, 2):
    body += fb(4, fv(1, i) + fb(4, fv(1, i) + fv(2, 1)))  # location i -> function i
    body += fb(5, fv(1, i) + fv(2, 3 + i) + fv(3, 3 + i) + fv(4, 3))  # function i
body += fb(2, fb(1, varint(1) + varint(2)) + fb(2, varint(7)))
body += fb(2, fb(1, varint(2)) + fb(2, varint(5)))
body += b"".join(fb(6, s.encode()) for s in strs)
open(sys.argv[1], "wb").write(gzip.compress(body))
