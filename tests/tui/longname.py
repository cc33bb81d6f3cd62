# tests/tui/longname.py OUT: a profile with a 100,000-character function name
# and one holding U+202E (right-to-left override), for the UI (issue 15)
import gzip, sys
def varint(n):
    out = bytearray()
    while True:
        b = n & 0x7f; n >>= 7
        if n: out.append(b | 0x80)
        else: out.append(b); return bytes(out)
def fv(f, v): return varint(f << 3) + varint(v)
def fb(f, b): return varint(f << 3 | 2) + varint(len(b)) + b
strs = ["", "samples", "count", "main.go", "a" * 100000 + ".tail", "main.\u202egnp.evil"]
body = fb(1, fv(1, 1) + fv(2, 2))
for i in (1, 2):
    body += fb(4, fv(1, i) + fb(4, fv(1, i) + fv(2, 1)))  # location i -> function i
    body += fb(5, fv(1, i) + fv(2, 3 + i) + fv(3, 3 + i) + fv(4, 3))  # function i
body += fb(2, fb(1, varint(1) + varint(2)) + fb(2, varint(7)))
body += fb(2, fb(1, varint(2)) + fb(2, varint(5)))
body += b"".join(fb(6, s.encode()) for s in strs)
open(sys.argv[1], "wb").write(gzip.compress(body))
