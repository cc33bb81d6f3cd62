#!/usr/bin/env python3
"""tests/http/server.py: a tiny HTTP(S) server for tests/http/run.sh.

    server.py PROFILES_DIR PORTFILE LOGFILE [CERT KEY [CLIENT_CA]]

Listens on 127.0.0.1 on a free port, writes the port to PORTFILE once it
accepts connections, and appends "METHOD PATH?QUERY" of every request to
LOGFILE. With CERT and KEY it speaks HTTPS; with CLIENT_CA too it requires a
client certificate signed by it. It exits by itself after 120 s so that a
failed test never leaves it behind.

Endpoints:
  /debug/pprof/profile       cpu_labels.pb.gz (any query)
  /debug/pprof/NAME          NAME.pb.gz from PROFILES_DIR (heap, goroutine, allocs...)
  /file/NAME                 the file NAME from PROFILES_DIR as is
  /seq                       leak.0.pb.gz, then leak.1.pb.gz... at each request (a growing heap)
  /lateseq                   as /seq, but every request after the first waits 4 s (a slow watch)
  /redirect                  302 to /debug/pprof/heap
  /notfound                  404 as Go's http.NotFound sends it
  /pprof500                  500 with X-Go-Pprof and a text/plain message, as net/http/pprof sends
  /plain500                  500 with a short text/plain body and no X-Go-Pprof
  /html502                   502 with an HTML body
  /slow                      waits 30 s before answering
  /text                      200 with a body that is not a profile
  /bomb                      200 with a small gzip stream of 256 MiB of zeros
  /big                       200 with 8 MiB of random bytes (above a test's body limit)
"""
import gzip
import http.server
import io
import os
import ssl
import sys
import threading
import time


def make_bomb():
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", compresslevel=9) as z:
        chunk = bytes(1 << 20)
        for _ in range(256):
            z.write(chunk)
    return buf.getvalue()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def send(self, code, body, ctype="application/octet-stream", extra=None):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        with open(self.server.logfile, "a") as f:
            f.write("GET %s\n" % self.path)
        path = self.path.split("?", 1)[0]
        d = self.server.profiles
        try:
            if path == "/debug/pprof/profile":
                with open(os.path.join(d, "cpu_labels.pb.gz"), "rb") as f:
                    self.send(200, f.read())
            elif path.startswith("/debug/pprof/"):
                name = os.path.basename(path) + ".pb.gz"
                p = os.path.join(d, name)
                if not os.path.isfile(p):
                    self.send(404, b"Unknown profile\n", "text/plain; charset=utf-8",
                              {"X-Go-Pprof": "1", "X-Content-Type-Options": "nosniff"})
                    return
                with open(p, "rb") as f:
                    self.send(200, f.read())
            elif path.startswith("/file/"):
                with open(os.path.join(d, os.path.basename(path)), "rb") as f:
                    self.send(200, f.read())
            elif path == "/seq":
                with self.server.lock:
                    n = self.server.seq % 4
                    self.server.seq += 1
                with open(os.path.join(d, "leak.%d.pb.gz" % n), "rb") as f:
                    self.send(200, f.read())
            elif path == "/redirect":
                self.send(302, b"", "text/html", {"Location": "/debug/pprof/heap"})
            elif path == "/notfound":
                self.send(404, b"404 page not found\n", "text/plain; charset=utf-8",
                          {"X-Content-Type-Options": "nosniff"})
            elif path == "/pprof500":
                self.send(500, b"Could not enable CPU profiling: cpu profiling already in use\n",
                          "text/plain; charset=utf-8", {"X-Go-Pprof": "1", "X-Content-Type-Options": "nosniff"})
            elif path == "/plain500":
                self.send(500, b"database is on fire\n", "text/plain")
            elif path == "/html502":
                self.send(502, b"<html><body><h1>502 Bad Gateway</h1></body></html>\n", "text/html")
            elif path == "/lateseq":
                with self.server.lock:
                    n = self.server.lateseq
                    self.server.lateseq += 1
                if n > 0:
                    time.sleep(4)
                with open(os.path.join(d, "leak.%d.pb.gz" % (n % 4)), "rb") as f:
                    self.send(200, f.read())
            elif path == "/slow":
                time.sleep(30)
                self.send(200, b"too late\n", "text/plain")
            elif path == "/text":
                self.send(200, b"hello, this is not a profile\n", "text/plain")
            elif path == "/bomb":
                with self.server.lock:
                    if self.server.bomb is None:
                        self.server.bomb = make_bomb()
                self.send(200, self.server.bomb)
            elif path == "/cebomb":
                # the same bomb as Content-Encoding: gzip (libcurl would decode it)
                with self.server.lock:
                    if self.server.bomb is None:
                        self.server.bomb = make_bomb()
                self.send(200, self.server.bomb, extra={"Content-Encoding": "gzip"})
            elif path in ("/ceraw", "/cegz", "/raw"):
                # heap as a raw protobuf gzipped by the transport, heap.pb.gz gzipped
                # again by the transport, and the raw protobuf as it is
                with open(os.path.join(d, "heap.pb.gz"), "rb") as f:
                    gz = f.read()
                body = {"/ceraw": gzip.compress(gzip.decompress(gz)), "/cegz": gzip.compress(gz),
                        "/raw": gzip.decompress(gz)}[path]
                self.send(200, body, extra={} if path == "/raw" else {"Content-Encoding": "gzip"})
            elif path == "/big":
                n = 8 << 20
                self.send_response(200)
                self.send_header("Content-Type", "application/octet-stream")
                self.send_header("Content-Length", str(n))
                self.end_headers()
                block = os.urandom(1 << 16)
                for _ in range(n // len(block)):
                    self.wfile.write(block)
            else:
                self.send(404, b"404 page not found\n", "text/plain; charset=utf-8")
        except (BrokenPipeError, ConnectionResetError, ssl.SSLError):
            pass


def main():
    profiles, portfile, logfile = sys.argv[1:4]
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    srv.profiles = profiles
    srv.logfile = logfile
    srv.bomb = None
    srv.seq = 0
    srv.lateseq = 0
    srv.lock = threading.Lock()
    if len(sys.argv) >= 6:
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(sys.argv[4], sys.argv[5])
        if len(sys.argv) >= 7:
            ctx.verify_mode = ssl.CERT_REQUIRED
            ctx.load_verify_locations(sys.argv[6])
        srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    threading.Timer(120, lambda: os._exit(0)).start()
    with open(portfile + ".tmp", "w") as f:
        f.write("%d\n" % srv.server_address[1])
    os.rename(portfile + ".tmp", portfile)
    srv.serve_forever()


if __name__ == "__main__":
    main()
