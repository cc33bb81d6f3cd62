#!/usr/bin/env python3
"""gen.py OUTDIR: write the hostile input set and OUTDIR/manifest.tsv.

Deterministic: the same inputs every run (fixed seeds), made from the
project's testdata profiles and from scratch with a small profile.proto
encoder (no dependencies). Each manifest line is

    id <TAB> file <TAB> expect <TAB> stderr-regex <TAB> args <TAB> stdin

expect: ok (exit 0), bad (exit 1: exactly one stderr line, "tprof: FILE: ..."),
usage (exit 2), any (0, 1 or 2; a 1 needs the one-line message), merge (exit 1
with one line "tprof: ...": two profiles do not go together), any-merge (0, 1
or 2, a 1 as for merge),
session (exit 0, and the REPL went on: the last command's report came out).
file: the input in OUTDIR ("-" for none); args: tprof's arguments, {} standing
for the file, {D} for testdata/, {T} for a scratch directory.
stdin: REPL lines (\\n escapes), empty for none. The regex (Python/ERE
syntax, grep -E) must match stderr when not empty.
"""
import gzip
import os
import random
import struct
import sys
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
TESTDATA = os.path.normpath(os.path.join(HERE, "..", "..", "testdata"))
manifest = []


def emit(name, data, expect, regex="", args="-top {}", stdin=""):
    """Write input `name` and a case running it."""
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)
    case(name, name, expect, regex, args, stdin)


def case(id, file, expect, regex="", args="-top {}", stdin=""):
    """One more run: of an input already written, or of none (file "-")."""
    manifest.append((id, file, expect, regex, args, stdin))


# ---- a minimal profile.proto encoder ----

def varint(n):
    n &= (1 << 64) - 1
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def key(f, wt):
    return varint(f << 3 | wt)


def fv(f, v):  # varint field
    return key(f, 0) + varint(v)


def fb(f, b):  # length-delimited field
    return key(f, 2) + varint(len(b)) + b


def packed(f, vals):
    return fb(f, b"".join(varint(v) for v in vals))


class Raw(int):
    """A string index written as is (not interned), to point anywhere."""


class Prof:
    """Builds a profile field by field, in the order of the calls; the string
    table goes last (as some writers do), so references are resolved after."""

    def __init__(self):
        self.strs = [b""]
        self.index = {b"": 0}
        self.body = []
        self.string_table = True

    def s(self, x):
        if isinstance(x, Raw):
            return int(x)
        if isinstance(x, str):
            x = x.encode()
        if x not in self.index:
            self.index[x] = len(self.strs)
            self.strs.append(x)
        return self.index[x]

    def add(self, b):
        self.body.append(b)
        return self

    def sample_type(self, t, u):
        return self.add(fb(1, fv(1, self.s(t)) + fv(2, self.s(u))))

    def period_type(self, t, u):
        return self.add(fb(11, fv(1, self.s(t)) + fv(2, self.s(u))))

    def sample(self, locs, vals, labels=()):
        b = packed(1, locs) if locs else b""
        b += packed(2, vals) if vals else b""
        for lab in labels:
            k, v = lab[0], lab[1]
            lb = fv(1, self.s(k))
            if isinstance(v, int) and not isinstance(v, Raw):
                lb += fv(3, v)
                if len(lab) > 2:
                    lb += fv(4, self.s(lab[2]))
            else:
                lb += fv(2, self.s(v))
            b += fb(3, lb)
        return self.add(fb(2, b))

    def mapping(self, id, start=0x1000, limit=0x100000, offset=0, file="/bin/prog", build_id="", flags=True):
        b = fv(1, id) + fv(2, start) + fv(3, limit) + fv(4, offset) + fv(5, self.s(file)) + fv(6, self.s(build_id))
        if flags:
            b += fv(7, 1) + fv(8, 1) + fv(9, 1)
        return self.add(fb(3, b))

    def location(self, id, mapping=0, address=0, lines=(), folded=False):
        b = fv(1, id)
        if mapping:
            b += fv(2, mapping)
        if address:
            b += fv(3, address)
        for fid, ln in lines:
            b += fb(4, fv(1, fid) + fv(2, ln))
        if folded:
            b += fv(5, 1)
        return self.add(fb(4, b))

    def function(self, id, name, file="main.go", start=1, system=None):
        b = fv(1, id) + fv(2, self.s(name)) + fv(3, self.s(system if system is not None else name))
        b += fv(4, self.s(file)) + fv(5, start)
        return self.add(fb(5, b))

    def field(self, f, v):
        return self.add(fv(f, v))

    def bytes(self):
        out = b"".join(self.body)
        if self.string_table:
            out += b"".join(fb(6, s) for s in self.strs)
        return out


def basic(nfuncs=3, values=(10, 20), types=(("samples", "count"), ("cpu", "nanoseconds")), header=True):
    """A small valid CPU-like profile: main -> f1 -> f2 ..."""
    p = Prof()
    for t, u in types:
        p.sample_type(t, u)
    p.mapping(1)
    for i in range(1, nfuncs + 1):
        p.function(i, "main.f%d" % i, "main.go", i * 10)
        p.location(i, 1, 0x1000 + i * 16, [(i, i * 10 + 1)])
    p.sample(list(range(nfuncs, 0, -1)), list(values))
    p.sample([1], list(values))
    if header:
        p.period_type("cpu", "nanoseconds").field(12, 10000000)
        p.field(9, 1700000000000000000).field(10, 1000000000)
    return p


def gz(b):
    return gzip.compress(b, 6, mtime=0)


def load(name):
    with open(os.path.join(TESTDATA, "profiles", name), "rb") as f:
        data = f.read()
    return gzip.decompress(data) if name.endswith(".gz") else data


def make_bomb(kind, path):
    """A 1 GiB gzip bomb, fast: one 64 MiB segment deflated after a full flush
    (so it stands alone) and repeated. zeros: nothing but zeros; strings: a
    valid profile, then empty string_table entries (2 bytes each)."""
    prefix = b"" if kind == "zeros" else basic().bytes()
    unit = bytes(64 << 20) if kind == "zeros" else (key(6, 2) + b"\x00") * (32 << 20)
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = c.compress(prefix) + c.flush(zlib.Z_FULL_FLUSH)
    seg = c.compress(unit) + c.flush(zlib.Z_FULL_FLUSH)
    n = -(-((1 << 30) - len(prefix)) // len(unit))  # at least 1 GiB
    crc = zlib.crc32(prefix)
    for _ in range(n):
        crc = zlib.crc32(unit, crc)
    size = len(prefix) + n * len(unit)
    with open(path, "wb") as f:
        f.write(b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff" + head + seg * n + c.flush(zlib.Z_FINISH))
        f.write(struct.pack("<II", crc, size & 0xFFFFFFFF))


if len(sys.argv) == 4 and sys.argv[1] == "--bomb":
    make_bomb(sys.argv[2], sys.argv[3])
    sys.exit(0)
OUT = sys.argv[1]
BAD = "^tprof: {}: .*"  # the file is named first: run.sh substitutes {}

rng = random.Random(6)

# ---- 1. testdata profiles: truncations, bit flips, garbage ----
sources = ["heap.pb.gz", "cpu_labels.pb.gz", "block.pb.gz", "crafted.pb.gz", "goroutine.pb.gz"]
# damaged profiles that still decode go through every report, in turn
reports = ["-top {}", "-traces {}", "-raw {}", "-tags {}", "-peek=. {}", "-tree {}", "-dot -output=/dev/null {}",
           "-callgrind -output=/dev/null {}", "-list=. {}", "-proto -output=/dev/null {}", "-dot -call_tree -output=/dev/null {}",
           "-top -granularity=addresses -sample_index=0 {}", "-comments {}", "-topproto -output=/dev/null {}"]
nth = [0]


def damaged(name, data, expect="any", regex=BAD):
    emit(name, data, expect, regex, reports[nth[0] % len(reports)])
    nth[0] += 1


for src in sources:
    raw = load(src)
    base = src.split(".")[0]
    # truncations of the raw bytes: never a crash, a "truncated" message (or a
    # clean cut between fields, which is a valid smaller profile)
    for k, off in enumerate(sorted({1, 2, 3, 7, len(raw) // 3, len(raw) // 2, len(raw) - 1} |
                                   {rng.randrange(4, len(raw) - 1) for _ in range(3)})):
        damaged("trunc.%s.%d.pb" % (base, off), raw[:off])
    gzb = open(os.path.join(TESTDATA, "profiles", src), "rb").read()
    for off in (10, 18, len(gzb) // 2, len(gzb) - 4, len(gzb) - 1):
        emit("trunc.%s.%d.gz" % (base, off), gzb[:off], "bad", BAD + "(gzip data truncated|corrupt gzip)")
    # bit flips in the raw message, and a few in the compressed stream
    for k in range(6):
        b = bytearray(raw)
        for _ in range(1 + k % 3):
            i = rng.randrange(len(b))
            b[i] ^= 1 << rng.randrange(8)
        damaged("flip.%s.%d.pb" % (base, k), bytes(b))
    for k in range(2):
        b = bytearray(gzb)
        i = rng.randrange(10, len(b) - 8)
        b[i] ^= 1 << rng.randrange(8)
        damaged("flip.%s.%d.gz" % (base, k), bytes(b))
    # a run of random bytes pasted over the middle
    b = bytearray(raw)
    i = rng.randrange(len(b) // 4, len(b) // 2)
    b[i:i + 32] = bytes(rng.randrange(256) for _ in range(32))
    damaged("smash.%s.pb" % base, bytes(b))

emit("garbage.random.bin", bytes(rng.randrange(256) for _ in range(4096)), "bad", BAD)
emit("garbage.gzip-header.gz", b"\x1f\x8b\x08\x00" + bytes(rng.randrange(256) for _ in range(1000)), "bad",
     BAD + "(corrupt gzip|gzip data truncated)")
emit("garbage.gzip-magic-only.gz", b"\x1f\x8b", "bad", BAD)
emit("garbage.text.txt", b"this is not a profile\n" * 20, "bad", BAD + "not a profile")
emit("legacy.heap-minimal.txt", b"heap profile: 1: 2 [3: 4] @ heap/1048576\n1: 2 [3: 4] @ 0x1 0x2\n", "ok")
emit("garbage.empty.pb", b"", "bad", BAD + "empty input file")
emit("garbage.one-byte.pb", b"\x0a", "bad", BAD + "truncated")
emit("garbage.zero-byte.pb", b"\x00", "bad", BAD + "field number 0")
emit("garbage.zeros.pb", bytes(100000), "bad", BAD + "no profile.proto field in 100000 bytes")
emit("garbage.ff.pb", b"\xff" * 100, "bad", BAD)
emit("garbage.elf.bin", b"\x7fELF\x02\x01\x01" + bytes(200), "bad", BAD)
emit("garbage.gzip-empty.gz", gz(b""), "bad", BAD + "empty")
emit("garbage.gzip-of-text.gz", gz(b"hello world\n" * 10), "bad", BAD + "not a profile")
emit("garbage.html.html", b"<html><body>404 page not found</body></html>\n", "bad", BAD + "not a profile")

# ---- 1b. damaged legacy (non-proto) profiles: never a crash, one line naming the file ----
LEG = os.path.join(TESTDATA, "profiles", "legacy")
for src in sorted(os.listdir(LEG)):
    if src.endswith(".gz"):
        continue
    raw = open(os.path.join(LEG, src), "rb").read()
    base = "legacy." + src.replace(".", "_")
    for off in sorted({1, 7, 41, len(raw) // 3, len(raw) // 2, len(raw) - 1}):
        damaged("%s.trunc.%d" % (base, off), raw[:off])
    for k in range(4):
        b = bytearray(raw)
        for _ in range(1 + k % 3):
            i = rng.randrange(len(b))
            b[i] ^= 1 << rng.randrange(8)
        damaged("%s.flip.%d" % (base, k), bytes(b))
    damaged("%s.gz" % base, gz(raw))
emit("legacy.heap-long-line.txt", b"heap profile: 1: 2 [3: 4] @ heap/1048576\n1: 2 [1: 2] @" + b" 0x1" * 20000 + b"\n",
     "bad", BAD + "line 2: bufio.Scanner: token too long")
emit("legacy.heap-count0.txt", b"heap profile: 1: 2 [3: 4] @ heap/1048576\n0: 2 [3: 4] @ 0x1 0x2\n", "bad",
     BAD + "line 2: inuse count was 0 but inuse bytes was 2")
emit("legacy.heap-badaddr.txt", b"heap profile: 1: 2 [3: 4] @ heap/1048576\n1: 2 [3: 4] @ 0x11111111111111111\n",
     "bad", BAD + "line 2: malformed sample")
emit("legacy.goroutine-bad.txt", b"goroutine profile: total 3\n3 @ 0xzz\n", "bad", BAD + "line 2: malformed")
emit("legacy.cpu-huge-stack.prof", struct.pack("<5I", 0, 3, 0, 10000, 0) + struct.pack("<2I", 1, 0xffffffff) + bytes(64),
     "bad", BAD + "not a profile")
emit("legacy.cpu-no-eod.prof", struct.pack("<5I", 0, 3, 0, 10000, 0) + struct.pack("<4I", 5, 2, 0x401000, 0x402000), "ok")
emit("legacy.java-heap-zero.txt", b"--- heapz 1 ---\nformat = java\nresolution = bytes\n 10 0 @ 0x1\n", "bad",
     BAD + "second value must be non-zero")
emit("legacy.contention-bad.txt", b"--- contention:\ncycles/second=1000\nsampling period=1\nhello\n", "bad",
     BAD + "line 4: unrecognized contention sample")

# ---- 2. gzip framing ----
good = basic().bytes()
emit("gzip.trailing-garbage.gz", gz(good) + b"GARBAGE!" * 8, "bad", BAD + "corrupt gzip")
emit("gzip.trailing-zeros.gz", gz(good) + bytes(64), "any", BAD)
emit("gzip.multi-member.gz", gz(good[:len(good) // 2]) + gz(good[len(good) // 2:]), "ok")
emit("gzip.two-profiles.gz", gz(good) + gz(good), "bad", BAD + "concatenated profiles")
emit("gzip.bad-crc.gz", gz(good)[:-8] + b"\0\0\0\0" + gz(good)[-4:], "bad", BAD + "corrupt gzip")
emit("gzip.bad-length.gz", gz(good)[:-4] + b"\xff\xff\xff\x7f", "bad", BAD + "corrupt gzip")
emit("gzip.bad-method.gz", b"\x1f\x8b\x07" + gz(good)[3:], "bad", BAD + "corrupt gzip")
emit("gzip.double.gz", gz(gz(good)), "bad", BAD)
emit("gzip.zlib-not-gzip.z", zlib.compress(good), "bad", BAD)
# Go's compress/gzip ignores the reserved flag bits (5-7) zlib refuses, on any member
def flagged(data, bits):
    return data[:3] + bytes([data[3] | bits]) + data[4:]
for bits in (0x20, 0x40, 0x80, 0xE0):
    emit("gzip.reserved-%02x.gz" % bits, flagged(gz(good), bits), "ok")
half = len(good) // 2
emit("gzip.reserved-second-member.gz", gz(good[:half]) + flagged(gz(good[half:]), 0x80), "ok")
# FNAME and FCOMMENT with a reserved bit: the optional fields are still read
named = b"\x1f\x8b\x08\x18" + bytes(6) + b"prof.pb\0a comment\0" + zlib.compress(good)[2:-4] + \
    struct.pack("<II", zlib.crc32(good), len(good))
emit("gzip.fname-fcomment.gz", named, "ok")
emit("gzip.fname-fcomment-reserved.gz", flagged(named, 0x20), "ok")
# offsets in errors count from the start of the file, not of the member
first = gz(good[:half])
t = first + gz(good[half:])[:20]
emit("gzip.second-member-truncated.gz", t, "bad", BAD + "gzip data truncated at byte %d " % len(t))
second = bytearray(gz(good[half:]))
second[-8] ^= 0xFF
t = first + bytes(second)
emit("gzip.second-member-bad-crc.gz", t, "bad", BAD + "corrupt gzip data at byte (%s): incorrect data check" %
     "|".join(str(len(first) + k) for k in range(len(second) - 8, len(second) + 1)))
# a small bomb in the file itself: 64 MiB of zeros (the 1 GiB one is made by run.sh)
emit("bomb.zeros-64m.gz", gzip.compress(bytes(64 << 20), 9, mtime=0), "bad", BAD + "decompression bomb")
# a valid start, then a string that claims 1 GiB of zeros
z = zlib.compressobj(9, zlib.DEFLATED, 31)
bomb = z.compress(basic().bytes() + key(6, 2) + varint(200 << 20))
chunk = bytes(1 << 20)
for _ in range(64):
    bomb += z.compress(chunk)
bomb += z.flush()
emit("bomb.claimed-200m-string.gz", bomb, "bad", BAD + "decompression bomb")
# 32 MiB of empty strings: each one is 2 bytes in the file and a table entry in memory
z = zlib.compressobj(9, zlib.DEFLATED, 31)
bomb = z.compress(basic().bytes())
unit = (key(6, 2) + b"\x00") * (1 << 19)
for _ in range(32):
    bomb += z.compress(unit)
bomb += z.flush()
emit("bomb.empty-strings.gz", bomb, "any", BAD)
emit("raw.concatenated.pb", good + good, "bad", BAD + "concatenated profiles")

# ---- 3. wire format ----
emit("wire.varint-11-bytes.pb", key(12, 0) + b"\xff" * 10 + b"\x01", "bad", BAD + "(bad varint|truncated)")
emit("wire.varint-truncated.pb", good + key(12, 0) + b"\xff\xff", "bad", BAD + "truncated")
emit("wire.tag-truncated.pb", good + b"\x80", "bad", BAD + "truncated")
emit("wire.length-huge.pb", good + key(6, 2) + varint((1 << 62) + 5), "bad", BAD + "claims")
emit("wire.length-u64max.pb", good + key(2, 2) + varint((1 << 64) - 1), "bad", BAD + "claims")
emit("wire.length-past-end.pb", good + key(5, 2) + varint(100) + b"\x08\x01", "bad", BAD + "truncated")
emit("wire.length-1g.pb", good + key(6, 2) + varint(1 << 30), "bad", BAD)
for f, name in ((1, "sample_type"), (2, "sample"), (4, "location"), (5, "function"), (6, "string_table"),
                (11, "period_type")):
    emit("wire.wrong-type.%s.pb" % name, good + fv(f, 1), "bad", BAD + "wrong wire type")
for f, name in ((9, "time_nanos"), (12, "period"), (14, "default_sample_type")):
    emit("wire.wrong-type.%s.pb" % name, good + fb(f, b"xx"), "bad", BAD + "wrong wire type")
emit("wire.wire-type-3.pb", good + key(20, 3), "bad", BAD + "wire type")
emit("wire.wire-type-7.pb", good + key(2, 7), "bad", BAD + "wire type")
emit("wire.fixed64-field-1.pb", key(1, 1) + bytes(8) + good, "bad", BAD + "wire type")
# pprof skips a field it does not know whatever its number: 0, or past protobuf-c's 2^29
emit("wire.field-number-0.pb", good + key(0, 0) + b"\x01", "ok")
emit("wire.field-number-max.pb", good + key((1 << 29) - 1, 0) + b"\x01", "ok")
emit("wire.field-number-huge.pb", good + key(1 << 40, 2) + b"\x01x" + key((1 << 61) - 1, 5) + b"abcd", "ok")
unknown = fv(100, 7) + fb(101, b"hello") + key(102, 5) + b"abcd" + key(103, 1) + b"abcdefgh"
emit("wire.unknown-fields.pb", unknown + good + unknown, "ok")
s = Prof()
s.sample_type("samples", "count").function(1, "main.main").location(1, 0, 0, [(1, 3)])
s.add(fb(2, packed(1, [1]) + packed(2, [5]) + fv(50, 9) + fb(51, b"zz") + key(52, 5) + b"1234"))
s.add(fb(5, fv(1, 2) + fv(2, s.s("main.other")) + fb(60, b"unknown in function")))
s.add(fb(4, fv(1, 2) + fb(4, fv(1, 2) + fv(2, 7) + fv(9, 1)) + fv(77, 1)))
s.sample([2, 1], [3])
emit("wire.unknown-nested-fields.pb", s.bytes(), "ok")
# the same with fields numbered 0 and past 2^29 (protobuf-c refuses those; they are dropped before it)
s = Prof()
s.sample_type("samples", "count").function(1, "main.main").location(1, 0, 0, [(1, 3)])
odd = fv(0, 9) + fb(0, b"zero") + key(1 << 29, 0) + b"\x01" + key(1 << 40, 5) + b"1234"
s.add(fb(2, packed(1, [1]) + packed(2, [5]) + odd))
s.add(fb(5, fv(1, 2) + fv(2, s.s("main.other")) + odd))
s.add(fb(4, fv(1, 2) + fb(4, fv(1, 2) + fv(2, 7) + odd) + odd))
s.add(fb(3, fv(1, 1) + fv(2, 0x1000) + fv(3, 0x2000) + odd))
s.sample([2, 1], [3])
emit("wire.odd-field-numbers-nested.pb", s.bytes(), "ok")
# a location naming a mapping that is not there: pprof leaves it without one
s = Prof()
s.sample_type("samples", "count").function(1, "main.main").location(1, 7, 0x1100, [(1, 3)])
s.sample([1], [3])
emit("ref.missing-mapping.pb", s.bytes(), "ok")
s = Prof()
s.sample_type("samples", "count").function(1, "main.main").location(1, 0, 0, [(1, 3)])
s.add(fb(2, packed(1, [1]) + packed(2, [5]) + key(3, 0) + b"\x01"))
emit("wire.label-wrong-type.pb", s.bytes(), "bad", BAD + "sample 0 at byte [0-9]+: wrong wire type for a label")
s = Prof()
s.sample_type("samples", "count")
s.add(fb(2, key(1, 2) + varint(3) + b"\xff\xff\xff"))
emit("wire.packed-bad-varint.pb", s.bytes(), "bad", BAD + "sample 0 at byte [0-9]+: bad varint")
s = Prof()
s.sample_type("samples", "count")
s.add(fb(2, key(1, 2) + varint(50) + b"\x01"))
emit("wire.sample-inner-length.pb", s.bytes(), "bad", BAD + "length past the end")
s = Prof()
s.sample_type("samples", "count")
s.add(fb(4, fv(1, 1) + key(4, 2) + varint(40) + b"\x08"))
emit("wire.location-malformed.pb", s.bytes(), "bad", BAD + "location 0 at byte [0-9]+: malformed location")
s = Prof()
s.add(fb(1, b"\x08"))
emit("wire.value-type-truncated.pb", s.bytes(), "bad", BAD + "sample_type 0 at byte [0-9]+: malformed")
s = Prof()
s.add(fb(13, packed(0, [1]) + b"\x80"))
s.add(fb(13, b"\x80"))
emit("wire.comment-bad-varint.pb", s.bytes(), "bad", BAD + "bad varint in comments")

# ---- 4. ids and references ----
def damage(p, what):
    """Apply what = (method, args...) to p; "strs0" and "nostrings" touch the string table."""
    if what[0] == "strs0":
        p.strs[0] = b"notempty"
    elif what[0] == "nostrings":
        p.string_table = False
    else:
        getattr(p, what[0])(*what[1:])


# each: a small valid profile, one or two things added, and the message wanted
refs = [
    ("location-missing-function", [("location", 9, 1, 0x9000, [(99, 1)]), ("sample", [9], [1, 1])],
     "location 9 refers to missing function 99$"),
    ("sample-missing-location", [("sample", [12], [1, 1])], "sample 2 refers to missing location 12$"),
    ("sample-location-u64max", [("sample", [(1 << 64) - 1], [1, 1])],
     "refers to missing location 18446744073709551615$"),
    ("sample-location-0", [("sample", [0], [1, 1])], "refers to missing location 0$"),
    ("duplicate-function", [("function", 1, "dup")], "multiple functions with id 1$"),
    ("duplicate-location", [("location", 2, 1, 0x2000, [(1, 1)])], "multiple locations with id 2$"),
    ("duplicate-mapping", [("mapping", 1)], "multiple mappings with id 1$"),
    ("function-id-0", [("function", 0, "zero")], "has the reserved id 0$"),
    ("location-id-0", [("location", 0, 1, 0, [(1, 1)])], "has the reserved id 0$"),
    ("mapping-id-0", [("mapping", 0)], "has the reserved id 0$"),
    ("function-name-index", [("function", 7, Raw(5000))],
     "function 3 refers to string 5000, but the string table has [0-9]+ entries$"),
    ("function-name-negative", [("function", 7, Raw((1 << 64) - 1))], "function 3 refers to string -1"),
    ("function-file-index", [("function", 7, "f", Raw(1 << 40))], "refers to string 1099511627776"),
    ("sample-type-index", [("sample_type", Raw(77), "count")], "sample type 2 refers to string 77"),
    ("period-type-index", [("period_type", "cpu", Raw(300))], "period type 0 refers to string 300"),
    ("mapping-file-index", [("mapping", 2, 0x1000, 0x100000, 0, Raw(1000))], "mapping 1 refers to string 1000"),
    ("label-key-index", [("sample", [1], [1, 1], [(Raw(400), "v")])], "label of sample set 1 refers to string 400"),
    ("label-str-index", [("sample", [1], [1, 1], [("k", Raw(401))])], "refers to string 401"),
    ("label-unit-index", [("sample", [1], [1, 1], [("k", 5, Raw(402))])], "refers to string 402"),
    ("comment-index", [("field", 13, 999)], "comment 0 refers to string 999"),
    ("drop-frames-index", [("field", 7, 555)], "drop_frames 0 refers to string 555"),
    ("default-sample-type-index", [("field", 14, 556)], "default_sample_type 0 refers to string 556"),
    ("string-0-not-empty", [("strs0",)], r"string_table\[0\] must be ''"),
    ("no-string-table", [("nostrings",)], "the string table is empty"),
]
for name, changes, regex in refs:
    p = basic()
    for what in changes:
        damage(p, what)
    emit("ref.%s.pb" % name, p.bytes(), "bad", BAD + regex)
p = Prof()
p.string_table = False
emit("ref.nothing-at-all.pb", fv(12, 5), "bad", BAD + "the string table is empty")
p = Prof()
p.field(13, p.s("a comment, and nothing else"))
emit("ref.comments-only.pb", p.bytes(), "bad", BAD + "profile has no samples")
# big ids: location ids past 2^31 and 2^63 are fine when they resolve
p = Prof()
p.sample_type("samples", "count")
big = [(1 << 31) + 5, (1 << 63) + 1, (1 << 64) - 2, 3]
for k, i in enumerate(big):
    p.function(k + 1, "big.f%d" % k)
    p.location(i, 0, 0, [(k + 1, 1)])
p.sample(big, [7])
p.sample(big[::-1], [9])
emit("ref.big-ids.pb", p.bytes(), "ok", args="-traces {}")

# ---- 5. values and sample types ----
p = basic()
p.sample([1], [5])
emit("val.count-differs.pb", p.bytes(), "bad", BAD + "sample 2 at byte [0-9]+: number of values differs")
p = basic(values=(1, 2, 3))
emit("val.more-values-than-types.pb", p.bytes(), "bad", BAD + "samples have 3 values but the profile has 2 sample types")
p = basic(types=())
emit("val.no-sample-types.pb", p.bytes(), "bad", BAD + "samples have 2 values but the profile has 0 sample types")
p = basic(values=())
emit("val.no-values.pb", p.bytes(), "bad", BAD + "samples have 0 values")
I64MAX, I64MIN = (1 << 63) - 1, 1 << 63
p = basic(values=(I64MAX, I64MAX))
for i in range(5):
    p.sample([2, 1], [I64MAX, I64MAX])
emit("val.overflow-sum.pb", p.bytes(), "ok")
emit("val.overflow-sum.traces.pb", p.bytes(), "ok", args="-traces {}")
emit("val.overflow-sum.tree.pb", p.bytes(), "ok", args="-tree -nodecount=3 {}")
emit("val.overflow-sum.dot.pb", p.bytes(), "ok", args="-dot {}")
emit("val.overflow-sum.mean.pb", p.bytes(), "ok", args="-top -mean {}")
emit("val.overflow-sum.divide.pb", p.bytes(), "ok", args="-top -divide_by=0.000001 {}")
p = basic(values=(I64MIN, I64MIN))
p.sample([3, 2], [-1, I64MIN])
emit("val.int64-min.pb", p.bytes(), "ok")
emit("val.int64-min.mean.pb", p.bytes(), "ok", args="-top -mean {}")
emit("val.int64-min.peek.pb", p.bytes(), "ok", args="-peek=. {}")
emit("val.int64-min.callgrind.pb", p.bytes(), "ok", args="-callgrind {}")
emit("val.int64-min.unit.pb", p.bytes(), "ok", args="-top -unit=hrs {}")
p = basic(values=(-5, -7))
emit("val.negative.pb", p.bytes(), "ok", args="-top -drop_negative {}")
p = basic(values=(0, 0))
emit("val.all-zero.pb", p.bytes(), "ok")
p = basic(values=(1, 10))
p.sample([1, 2], [0, 10])
emit("val.mean-zero-count.pb", p.bytes(), "ok", args="-top -mean {}")
types = [("t%d" % i, ["count", "bytes", "nanoseconds", "furlongs"][i % 4]) for i in range(3000)]
p = basic(types=types, values=[i * 3 for i in range(3000)])
emit("val.3000-sample-types.pb", p.bytes(), "ok", args="-top -sample_index=t2999 {}")
emit("val.3000-sample-types.raw.pb", p.bytes(), "ok", args="-raw {}")
p = basic(header=False)
p.field(12, I64MIN).field(9, I64MIN).field(10, I64MAX)
emit("val.header-extremes.pb", p.bytes(), "ok")
p = basic(header=False)
p.field(12, I64MAX).field(9, I64MAX).field(10, I64MIN)
emit("val.header-extremes-2.pb", p.bytes(), "ok")
p = basic()
p.field(9, 5)
emit("val.time-twice.pb", p.bytes(), "bad", BAD + "time_nanos 1 at byte [0-9]+: concatenated profiles detected")
p = basic(types=(("space", "bytes"),), values=(I64MAX,))
p.period_type("space", "bytes")
emit("val.period-type-twice.pb", p.bytes(), "ok")
p = basic(types=(("x", "count"),), values=(1,))
p.field(14, p.s("nosuch"))
emit("val.default-type-missing.pb", p.bytes(), "ok")

# ---- 6. deep, wide and big ----
def deep_recursive(n):
    p = Prof()
    p.sample_type("samples", "count").sample_type("cpu", "nanoseconds")
    p.function(1, "main.recurse", "rec.go", 1)
    p.function(2, "main.main", "rec.go", 20)
    p.location(1, 0, 0, [(1, 5)])
    p.location(2, 0, 0, [(2, 22)])
    p.sample([1] * n + [2], [1, 100])
    p.sample([1] * (n // 2) + [2], [2, 200])
    return p.bytes()


def deep_distinct(n):
    p = Prof()
    p.sample_type("samples", "count")
    for i in range(1, n + 1):
        p.function(i, "main.f%d" % i, "deep.go", i)
        p.location(i, 0, 0, [(i, i)])
    p.sample(list(range(1, n + 1)), [1])
    p.sample(list(range(n // 2, n + 1)), [2])
    return p.bytes()


emit("deep.recursive-300k.pb", deep_recursive(300000), "ok")
for cmd in ("traces", "tree", "peek=recurse", "dot", "dot -call_tree", "callgrind", "raw", "proto"):
    case("deep.recursive-300k." + cmd.split("=")[0].replace(" -", "."), "deep.recursive-300k.pb", "ok", "",
         "-%s -output=/dev/null {}" % cmd)
emit("deep.distinct-100k.pb", deep_distinct(100000), "ok", args="-top -nodecount=5 {}")
for k, args in enumerate(("-tree -nodecount=5 {}", "-traces -output=/dev/null {}", "-dot -output=/dev/null {}",
                          "-dot -call_tree -nodecount=50 -output=/dev/null {}", "-top -focus=f99999 -nodecount=3 {}",
                          "-top -show_from=f50000 -nodecount=3 {}", "-top -granularity=lines -nodecount=3 {}")):
    case("deep.distinct-100k.%d" % k, "deep.distinct-100k.pb", "ok", "", args)
# many labels on one sample, many distinct label sets
p = basic()
p.sample([1], [1, 1], [("key%d" % (i % 50), "value%d" % i) for i in range(20000)])
p.sample([2], [1, 1], [("bytes", i, "bytes") for i in range(5000)])
emit("labels.20k-on-one-sample.pb", p.bytes(), "ok", args="-tags {}")
case("labels.20k-on-one-sample.traces", "labels.20k-on-one-sample.pb", "ok", "", "-traces -output=/dev/null {}")
case("labels.20k-on-one-sample.tagfocus", "labels.20k-on-one-sample.pb", "ok", "", "-top -tagfocus=key7=value7 {}")
p = basic()
for i in range(20000):
    p.sample([1 + i % 3], [1, i], [("req", "r%d" % i), ("size", i * 7, "bytes")])
emit("labels.20k-sets.pb", p.bytes(), "ok", args="-tags -output=/dev/null {}")
for k, args in enumerate(("-top -tagroot=req -nodecount=3 {}", "-top -tagleaf=size,req -nodecount=3 {}",
                          "-top -tagfocus=size=1kb:2kb {}", "-top -tagignore=r1.* -taghide=size {}")):
    case("labels.20k-sets.%d" % k, "labels.20k-sets.pb", "ok", "", args)
p = basic()
p.sample([1], [1, 1], [("key%d" % i, "v") for i in range(20000)])
for i in range(3000):
    p.sample([2, 1], [1, i], [("key%d" % i, "v%d" % i), ("n%d" % (i % 7), i, "bytes")])
emit("labels.20k-keys.pb", p.bytes(), "ok", args="-tags -output=/dev/null {}")
for k, args in enumerate(("-traces -output=/dev/null {}", "-dot -output=/dev/null {}", "-raw -output=/dev/null {}",
                          "-top -tagfocus=key19999=v {}")):
    case("labels.20k-keys.%d" % k, "labels.20k-keys.pb", "ok", "", args)
p = Prof()
p.sample_type("samples", "count")
for i in range(1, 20001):
    p.function(i, "f%d" % i, "dir%d/file%d.go" % (i % 100, i), i)
    p.location(i, 0, 0, [(i, i + 3)])
    p.sample([i], [i])
emit("list.20k-files.pb", p.bytes(), "ok", args="-list=. -source_path={T}/src -output=/dev/null {}")
p = basic()
p.sample([1], [1, 1], [("k", "")])
p.sample([1], [1, 1], [("", "v"), ("", 0), ("n", 0, "")])
emit("labels.empty-key-value.pb", p.bytes(), "ok", args="-tags {}")
p = basic()
for i in range(1000000):
    p.s("s%d" % i)
emit("strings.1m.pb", p.bytes(), "ok")
p = basic()
p.function(50, "x" * (8 << 20), "y" * 100000)
p.location(50, 1, 0x5000, [(50, 1)])
p.sample([50, 1], [1, 1])
emit("strings.8mb-name.pb", p.bytes(), "ok", args="-top -output=/dev/null {}")
p = basic()
p.function(60, "bin\x00ary\xff\xfe\x01name", "\x1b[31mred.go")
p.location(60, 1, 0x6000, [(60, 1)])
p.sample([60], [1, 1])
emit("strings.binary-names.pb", p.bytes(), "ok")
p = basic()
for i in range(200000):
    p.field(13, p.s("comment %d" % (i % 7)))
emit("strings.200k-comments.pb", p.bytes(), "ok", args="-comments -output=/dev/null {}")
p = Prof()
p.sample_type("samples", "count")
p.function(1, "f")
p.location(1, 0, 0, [(1, 1)] * 10000)
p.sample([1], [1])
emit("inline.10k-lines-in-location.pb", p.bytes(), "ok", args="-traces -output=/dev/null {}")
p = Prof()
p.sample_type("samples", "count")
p.mapping(1, start=0xffffffffffff0000, limit=0x1000, offset=(1 << 64) - 1)
p.mapping(2, start=(1 << 63), limit=(1 << 64) - 1, file="/lib/two.so")
p.function(1, "f", start=I64MIN)
p.location(1, 1, (1 << 64) - 1, [(1, I64MIN)])
p.location(2, 2, 1, [(1, -1)])
p.location(3, 2, 0, [])
p.sample([1, 2, 3], [4])
emit("addr.extremes.pb", p.bytes(), "ok", args="-top -granularity=addresses {}")
for k, args in enumerate(("-raw {}", "-traces {}", "-top -granularity=lines {}", "-proto -output=/dev/null {}")):
    case("addr.extremes.%d" % k, "addr.extremes.pb", "ok", "", args)
p = basic()
p.field(7, p.s("(")).field(8, p.s("main.*"))
emit("drop.bad-regex.pb", p.bytes(), "ok")  # pprof ignores a drop_frames that does not compile
p = basic()
p.field(7, p.s("main\\.f.*"))
emit("drop.all-frames.pb", p.bytes(), "ok")
p = basic()
p.field(7, p.s("(a|aa)*$"))
p.function(70, "a" * 60 + "!")
p.location(70, 1, 0x7000, [(70, 1)])
p.sample([70, 1], [1, 1])
emit("drop.catastrophic.pb", p.bytes(), "any", BAD)

# ---- 7. regexes that make a backtracking matcher take exponential time ----
p = Prof()
p.sample_type("samples", "count")
for i in range(1, 2001):
    p.function(i, "a" * (3000 if i % 500 == 0 else 40) + "!" + str(i), "x.go")
    p.location(i, 0, 0, [(i, 1)])
    p.sample([i], [1], [("k", "a" * 40 + "!")])
emit("regex.long-names.pb", p.bytes(), "ok", args="-top -nodecount=1 -focus=(a|aa)*$ {}")
for k, (args, expect, regex) in enumerate((
        ("-top -nodecount=1 -focus=(a+)+$ {}", "usage", "too complex"),  # the DFA gives up on 3000 a's
        ("-top -nodecount=1 -ignore=(.*a){30} {}", "ok", ""),
        ("-top -nodecount=1 -hide=(a*)*b {}", "ok", ""),
        ("-top -nodecount=1 -show=(a|a)*c {}", "ok", ""),
        ("-top -nodecount=1 -focus=(?:a?){500}a{500}$ {}", "usage", "focus regexp .*too complex"),
        ("-top -nodecount=1 -focus=(a*)*$ {}", "ok", ""),
        ("-top -nodecount=1 -focus=(a|aa)*\\1$ {}", "usage", "invalid escape sequence"),
        ("-top -nodecount=1 -tagfocus=k=(a|aa)*$ {}", "ok", ""),
        ("-top -nodecount=1 -tagfocus=(a|aa)*b {}", "ok", ""),
        ("-top -nodecount=1 -show_from=(a|aa)*$ {}", "ok", ""),
        ("-top -nodecount=1 -prune_from=(a|aa)*$ {}", "ok", ""),
        ("-peek=(a|aa)*$ -nodecount=1 {}", "ok", ""),
        ("-list=(a|aa)*b {}", "usage", "no matches found"),
        ("-top -nodecount=1 -focus=a{1000} {}", "ok", ""))):
    case("regex.long-names.%d" % k, "regex.long-names.pb", expect, regex, args)
case("regex.long-names.repl", "regex.long-names.pb", "session", "too complex", "{}",
     "focus=(?:a?){500}a{500}$\\ntop\\nfocus=(a|aa)*$\\ntop\\n")

# ---- 8. source files for list (run.sh makes them in {T}/src) ----
p = Prof()
p.sample_type("samples", "count")
srcs = [("binary.go", 3), ("longline.go", 1), ("nonewline.go", 2), ("crlf.go", 2), ("empty.go", 1), ("dir.go", 1),
        ("tty.go", 1), ("zero.go", 1), ("urandom.go", 1), ("missing.go", 4), ("binary.go", 1 << 40), ("nonewline.go", -7),
        ("../../../../etc/hostname", 1), ("nul\x00name.go", 1)]
for i, (f, line) in enumerate(srcs, 1):
    p.function(i, "src.f%d" % i, f, line if 0 < line < 100 else 0)
    p.location(i, 0, 0, [(i, line)])
    p.sample([i], [i])
emit("list.sources.pb", p.bytes(), "ok", args="-list=src. -source_path={T}/src {}")
# NUL bytes in lines, a directory, four names for one file of 64 MiB of newlines (run.sh checks output and RSS)
p = Prof()
p.sample_type("samples", "count")
for i, (f, line) in enumerate([("nul.go", 2), ("dir.go", 1), ("nl1.go", 30000000), ("nl2.go", 60000000),
                               ("nl3.go", 5), ("nl4.go", 67108860)], 1):
    p.function(i, "big.f%d" % i, f, 0)
    p.location(i, 0, 0, [(i, line)])
    p.sample([i], [i])
emit("list.big.pb", p.bytes(), "ok", args="-list=big.f[12]$ -source_path={T}/src {}")  # all six: run.sh
case("list.sources.trim", "list.sources.pb", "ok", "", "-list=src. -trim_path=/ -source_path={T}/src:{T}:/ {}")
case("list.sources.repl", "list.sources.pb", "session", "", "-source_path={T}/src {}", "list src.f1\\nlist src.f7\\ntop2\\n")

# a known field of a small message with the wrong wire type: pprof refuses ("type mismatch"),
# protobuf-c would take a length-delimited is_folded as true (found by agree.sh)
for name, msg, what in (("location-folded-len", fb(4, fv(1, 9) + fb(5, b"\x01")), "location"),
                        ("function-name-len", fb(5, fv(1, 9) + fb(2, b"\x01")), "function"),
                        ("mapping-start-fixed64", fb(3, fv(1, 9) + key(2, 1) + bytes(8)), "mapping"),
                        ("line-len", fb(4, fv(1, 9) + fb(4, fb(1, b"\x01"))), "location")):
    p = basic()
    p.add(msg)
    emit("wire.type-%s.pb" % name, p.bytes(), "bad", BAD + "malformed " + what)

# ---- 8b. mappings naming devices and FIFOs (run.sh makes {T}/fifo): never read, never waited on ----
for name, file in (("fifo", "fifo"), ("tty", "/dev/tty"), ("zero", "/dev/zero"), ("dir", "/")):
    p = Prof()
    p.sample_type("samples", "count")
    p.mapping(1, file=file, flags=False)
    for i in range(1, 4):
        p.location(i, 1, 0x1000 + i * 16)
    p.sample([3, 2, 1], [10])
    emit("map.%s.pb" % name, p.bytes(), "ok", "Local symbolization failed for [^ ]*: open ")

# ---- 9. option values (command line) ----
H = "{D}/profiles/heap.pb.gz"
C = "{D}/profiles/cpu_labels.pb.gz"
opts = [
    ("nodecount-negative", "-top -nodecount=-5 " + C, "ok", ""),
    ("nodecount-huge", "-top -nodecount=99999999999999999999 " + C, "usage", "invalid value"),
    ("nodecount-int64max", "-top -nodecount=9223372036854775807 " + C, "ok", ""),
    ("nodefraction-nan", "-top -nodefraction=NaN " + C, "ok", ""),
    ("nodefraction-inf", "-top -nodefraction=Inf " + C, "ok", ""),
    ("nodefraction-neg-inf", "-top -nodefraction=-Inf " + C, "ok", ""),
    ("nodefraction-1e308", "-top -nodefraction=1e308 " + C, "ok", ""),
    ("nodefraction-1e999", "-top -nodefraction=1e999 " + C, "usage", "invalid value"),
    ("nodefraction-garbage", "-top -nodefraction=lots " + C, "usage", "invalid value"),
    ("edgefraction-nan", "-dot -edgefraction=nan " + C, "ok", ""),
    ("divide-by-zero", "-top -divide_by=0 " + C, "usage", "zero divisor specified"),
    ("divide-by-nan", "-top -divide_by=NaN " + C, "ok", ""),
    ("divide-by-neg-zero", "-top -divide_by=-0 " + C, "usage", "zero divisor specified"),
    ("divide-by-inf", "-top -divide_by=+Inf " + C, "ok", ""),
    ("divide-by-tiny", "-top -divide_by=1e-308 " + C, "ok", ""),
    ("divide-by-huge", "-dot -divide_by=1e308 " + C, "ok", ""),
    ("divide-by-negative", "-traces -divide_by=-3 " + C, "ok", ""),
    ("unit-garbage", "-top -unit=garbage " + C, "ok", ""),
    ("unit-long", "-top -unit=" + "x" * 5000 + " " + C, "ok", ""),
    ("unit-empty", "-top -unit= " + H, "ok", ""),
    ("granularity-bad", "-top -granularity=bad " + C, "usage", "invalid .granularity. value"),
    ("sample-index-huge", "-top -sample_index=99999999999999999999 " + H, "usage", "sample_index"),
    ("sample-index-negative", "-top -sample_index=-1 " + H, "usage", "sample_index"),
    ("sample-index-4", "-top -sample_index=4 " + H, "usage", "sample_index"),
    ("focus-catastrophic", "-top -focus=(a|aa)*$|(x+x+)+y " + C, "any", ""),
    ("focus-backref", r"-top -focus=(.*)\1\1\1 " + C, "any", ""),
    ("focus-deep-nesting", "-top -focus=" + "(" * 3000 + "a" + ")" * 3000 + " " + C, "any", ""),
    ("focus-long", "-top -focus=" + "a|" * 20000 + "main " + C, "ok", ""),
    # 5,000 names, 125 KB: too large for PCRE2 in one piece (Go takes it): compiled in chunks
    ("focus-alternation-5000", "-top -focus=" + "|".join("main.function_name_%05d" % i for i in range(5000)) +
     "|main " + C, "ok", ""),
    ("focus-alternation-5000-i", "-top -focus=(?i)" + "|".join("MAIN.F%05d" % i for i in range(5000)) + "|MAIN " + C,
     "ok", ""),
    ("focus-alternation-5000-one-too-large", "-top -focus=" + "|".join("main.function_name_%05d" % i
     for i in range(5)) + "|(" + "|".join("x%05d" % i for i in range(10000)) + ") " + C, "usage", "too large"),
    ("focus-invalid-utf8", "-top -focus=\xff\xfe " + C, "any", ""),
    ("ignore-everything", "-top -ignore=. " + C, "ok", ""),
    ("show-from-bad", "-top -show_from=[ " + C, "usage", "parsing show_from regexp"),
    ("prune-from-bad", "-top -prune_from=*x " + C, "usage", "regexp"),
    ("tagfocus-bad", "-top -tagfocus=key=( " + C, "usage", "parsing tagfocus regexp"),
    ("tagfocus-huge-range", "-top -tagfocus=99999999999999999999kb:1 " + H, "any", ""),
    ("tagfocus-range-units", "-top -tagfocus=1kb:1ms " + H, "any", ""),
    ("tagfocus-empty-key", "-top -tagfocus== " + C, "any", ""),
    ("tagfocus-many", "-top -tagfocus=" + ",".join("k%d" % i for i in range(3000)) + " " + C, "any", ""),
    ("tagroot-many", "-top -tagroot=" + ",".join("k%d" % i for i in range(300)) + " " + C, "ok", ""),
    ("list-catastrophic", "-list=(a|aa)*$ " + C, "any", ""),
    ("peek-empty", "-peek= " + C, "any", ""),
    ("source-path-missing", "-list=main -source_path=/nonexistent " + C, "ok", ""),
    ("trim-path-odd", "-list=main -trim_path=:::/ " + C, "ok", ""),
    ("seconds-garbage", "-top -seconds=x " + C, "usage", "invalid value"),
    ("flag-no-value", "-top -nodecount", "usage", "flag needs an argument"),
    ("bool-garbage", "-top -cum=maybe " + C, "usage", "invalid boolean"),
    ("two-bases", "-top -base=" + H + " -diff_base=" + H + " " + H, "usage", "cannot both"),
    ("base-incompatible", "-top -base=" + C + " " + H, "bad", "^tprof: "),
    ("normalize-zero", "-top -normalize -base={D}/profiles/leak.0.pb.gz {D}/profiles/leak.1.pb.gz", "any", ""),
]
for name, args, expect, regex in opts:
    case("opt." + name, "-", expect, regex, args)

# merging hostile profiles with others (-base, -diff_base, several sources)
for k, args in enumerate(("-top -base={D}/../tests/hostile/cases/merge-location-without-lines.pb {}",
                          "-top -base={} {}", "-traces -diff_base={} {}", "-top -normalize -base={} {}")):
    case("merge.overflow.%d" % k, "val.overflow-sum.pb", "any-merge", "", args)
    case("merge.int64-min.%d" % k, "val.int64-min.pb", "any-merge", "", args)
    case("merge.addr.%d" % k, "addr.extremes.pb", "any-merge", "", args)
case("merge.many-sources", "addr.extremes.pb", "any-merge", "", "-top {} {} {} " + C)
case("merge.bad-and-good", "garbage.random.bin", "ok", "Fetched 1 source profiles out of 2", "-top {} " + C)
case("merge.incompatible", "val.3000-sample-types.pb", "merge", "inconsistent samples type count", "-top -base={} " + C)

# ---- 10. output files ----
case("out.dev-null", "-", "ok", "Generating report in /dev/null", "-top -output=/dev/null " + C)
case("out.directory", "-", "usage", "is a directory", "-top -output={T} " + C)
case("out.missing-dir", "-", "usage", "no such file or directory", "-top -output={T}/no/such/dir/x " + C)
case("out.unwritable-dir", "-", "usage", "/proc/tprof-hostile.txt: ", "-top -output=/proc/tprof-hostile.txt " + C)
case("out.parent-is-file", "-", "usage", "not a directory", "-top -output={T}/file/x.txt " + C)
case("out.full-device", "-", "usage", "no space left on device", "-top -output=/dev/full " + C)
case("out.replace", "-", "ok", "", "-top -output={T}/existing.txt " + C)
# what a shell's > does (run.sh makes the links; it checks 0444 and another user's file itself)
case("out.name-254", "-", "ok", "^Generating report in ", "-top -output={T}/" + "n" * 254 + " " + C)
case("out.dangling-link", "-", "usage", "open .*/dangling: no such file or directory", "-top -output={T}/dangling " + C)
case("out.symlink-loop", "-", "usage", "open .*/loop1: too many levels of symbolic links", "-top -output={T}/loop1 " + C)

# ---- 11. the REPL: a bad command, regex or value is reported, and the session goes on ----
repl = [
    ("bad-command", "nosuchcommand\\n", "unrecognized command"),
    ("bad-regex", "focus=(\\ntop\\nfocus=\\n", "parsing focus regexp"),
    ("bad-list-regex", "list (\\n", "parsing argument regexp"),
    ("catastrophic-focus", "focus=(a|aa)*$|(x+x+)+y\\ntop\\n", ""),
    ("nodecount-negative", "nodecount=-5\\ntop\\n", ""),
    ("nodecount-garbage", "nodecount=lots\\n", "invalid"),
    ("nodefraction-nan", "nodefraction=NaN\\ntop\\n", ""),
    ("divide-by-zero", "divide_by=0\\ntop\\ndivide_by=1\\n", "zero divisor"),
    ("divide-by-nan", "divide_by=NaN\\ntop\\n", ""),
    ("unit-garbage", "unit=garbage\\ntop\\n", ""),
    ("granularity-bad", "granularity=bad\\n", "invalid"),
    ("sample-index-bad", "sample_index=99\\n", "sample_index"),
    ("tagfocus-bad", "tagfocus=(\\ntop\\ntagfocus=\\n", "parsing tagfocus regexp"),
    ("tagfocus-range", "tagfocus=1kb:xx\\ntop\\n", ""),
    ("top-huge-count", "top99999999999999999999\\n", ""),
    ("top-args", "top -- - -- ---- >\\n", ""),
    ("redirect-dir", "top >/\\n", "is a directory"),
    ("redirect-missing", "top >/no/such/dir/x\\n", "no such file"),
    ("long-line", "top " + "x" * 100000 + "\\n", ""),
    ("binary-line", "\\x01\\x02\\xff\\xfe top\\n", ""),
    ("nul-line", "to\\x00p\\n", "NUL byte"),
    ("nul-focus", "focus=main\\nfocus=\\x00fn\\ntop\\n", "line holds a NUL byte: ignored"),
    ("help-unknown", "help nosuch\\n", "Unknown command"),
    ("option-no-value", "focus\\n", "please specify a value"),
    ("only-equals", "=\\n==\\n=x\\n", ""),
    ("show-from-bad", "show_from=[\\ntop\\n:\\nshow_from=\\n", "parsing show_from regexp"),
    ("many-options", "".join("nodecount=%d\\n" % i for i in range(200)), ""),
]
for name, lines, regex in repl:
    case("repl." + name, "-", "session", regex, C, lines + "top2\\n")

with open(os.path.join(OUT, "manifest.tsv"), "w") as f:
    for row in manifest:
        f.write("\t".join(row) + "\n")
print("%d cases, %d input files" % (len(manifest), len({r[1] for r in manifest if r[1] != "-"})))
