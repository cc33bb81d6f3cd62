/*
 * test_reports.c: every report kind on small hand-made profiles, printed as
 * go tool pprof prints them (report.c, report_*.c, print.c). The expected
 * texts were recorded with `TZ=UTC go tool pprof <flags>` (Go 1.19) on the
 * same profiles written out with build.h; the values are small enough to
 * check by hand (r1: 210ms in 5 samples, see the comments).
 */
#include <sys/stat.h>
#include <unistd.h>

#include "build.h"
#include "tprof/series.h"
#include "../../src/core/report_int.h"

/*
 * r1: cpu profile, 2s long, 210ms of samples:
 *   100ms main.work <- main.main                       worker=a
 *    50ms main.helper <- main.work <- main.main        worker=b size=1kB
 *    30ms main.inl (inlined in main.helper) <- main.main   worker=a size=64B
 *    20ms runtime.mallocgc <- main.helper <- main.work <- main.main
 *    10ms main.main                                    worker=a,b
 */
static const char *const r1 =
    "type samples/count\n"
    "type cpu/nanoseconds\n"
    "period_type cpu/nanoseconds\n"
    "period 10000000\n"
    "time 1700000000000000000\n"
    "duration 2000000000\n"
    "comment built by hand\n"
    "comment #internal\n"
    "mapping 1 0x400000 0x500000 0 /bin/prog\n"
    "func main.main main.go 10\n"
    "func main.work main.go 20\n"
    "func main.helper util.go 5\n"
    "func main.inl util.go 40\n"
    "func runtime.mallocgc malloc.go 900\n"
    "s 10 100000000 : main.work:22@0x401000 main.main:12@0x400100 ; worker=a\n"
    "s 5 50000000 : main.helper:7@0x402000 main.work:23@0x401010 main.main:12@0x400100 ; worker=b size=#1024:bytes\n"
    "s 3 30000000 : main.inl:41+main.helper:8@0x402100 main.main:13@0x400110 ; worker=a size=#64:bytes\n"
    "s 2 20000000 : runtime.mallocgc:901@0x403000 main.helper:9@0x402200 main.work:24@0x401020 main.main:12@0x400100\n"
    "s 1 10000000 : main.main:14@0x400120 ; worker=a worker=b\n";

static const char *const b1 =
    "type samples/count\n"
    "type cpu/nanoseconds\n"
    "period_type cpu/nanoseconds\n"
    "period 10000000\n"
    "mapping 1 0x400000 0x500000 0 /bin/prog\n"
    "func main.main main.go 10\n"
    "func main.work main.go 20\n"
    "func main.helper util.go 5\n"
    "s 20 200000000 : main.work:22@0x401000 main.main:12@0x400100\n"
    "s 1 10000000 : main.helper:7@0x402000 main.work:23@0x401010 main.main:12@0x400100\n"
    "s 4 40000000 : main.other:3@0x404000 main.main:12@0x400100\n";

static const char *const u1 =
    "type space/bytes\n"
    "mapping 1 0x1000 0x2000 0 /bin/mem\n"
    "s 13703178 : big@0x1100 main@0x1000\n"
    "s 5000 : small@0x1200 main@0x1000\n";

static const char *const u2 =
    "type cpu/nanoseconds\n"
    "mapping 1 0x1000 0x2000 0 /bin/cpu\n"
    "s 3270000000 : slow main\n"
    "s 5000000 : fast main\n";

static const char *const u3 =
    "type cpu/nanoseconds\n"
    "mapping 1 0x1000 0x2000 0 /bin/cpu\n"
    "s 3270000000 : slow main\n"
    "s 50000000 : fast main\n";

static const char *const u4 =
    "type cpu/nanoseconds\n"
    "mapping 1 0x1000 0x2000 0 /bin/cpu\n"
    "s 3270000000 : slow main\n"
    "s 3 : tiny main\n";

static const char *const want_top =
    "File: prog\n"
    "built by hand\n"
    "Type: cpu\n"
    "Time: Nov 14, 2023 at 10:13pm (UTC)\n"
    "Duration: 2s, Total samples = 210ms (10.50%)\n"
    "Showing nodes accounting for 210ms, 100% of 210ms total\n"
    "      flat  flat%   sum%        cum   cum%\n"
    "     100ms 47.62% 47.62%      170ms 80.95%  main.work\n"
    "      50ms 23.81% 71.43%      100ms 47.62%  main.helper\n"
    "      30ms 14.29% 85.71%       30ms 14.29%  main.inl (inline)\n"
    "      20ms  9.52% 95.24%       20ms  9.52%  runtime.mallocgc\n"
    "      10ms  4.76%   100%      210ms   100%  main.main\n";

static const char *const want_top_cum =
    "File: prog\n"
    "built by hand\n"
    "Type: cpu\n"
    "Time: Nov 14, 2023 at 10:13pm (UTC)\n"
    "Duration: 2s, Total samples = 210ms (10.50%)\n"
    "Showing nodes accounting for 210ms, 100% of 210ms total\n"
    "      flat  flat%   sum%        cum   cum%\n"
    "      10ms  4.76%  4.76%      210ms   100%  main.main\n"
    "     100ms 47.62% 52.38%      170ms 80.95%  main.work\n"
    "      50ms 23.81% 76.19%      100ms 47.62%  main.helper\n"
    "      30ms 14.29% 90.48%       30ms 14.29%  main.inl (inline)\n"
    "      20ms  9.52%   100%       20ms  9.52%  runtime.mallocgc\n";

static const char *const want_top_n2 =
    "File: prog\n"
    "built by hand\n"
    "Type: cpu\n"
    "Time: Nov 14, 2023 at 10:13pm (UTC)\n"
    "Duration: 2s, Total samples = 210ms (10.50%)\n"
    "Showing nodes accounting for 150ms, 71.43% of 210ms total\n"
    "Showing top 2 nodes out of 5\n"
    "      flat  flat%   sum%        cum   cum%\n"
    "     100ms 47.62% 47.62%      170ms 80.95%  main.work\n"
    "      50ms 23.81% 71.43%      100ms 47.62%  main.helper\n";

static const char *const want_top_focus =
    "File: prog\n"
    "built by hand\n"
    "Type: cpu\n"
    "Time: Nov 14, 2023 at 10:13pm (UTC)\n"
    "Duration: 2s, Total samples = 210ms (10.50%)\n"
    "Active filters:\n"
    "   focus=helper\n"
    "Showing nodes accounting for 100ms, 47.62% of 210ms total\n"
    "      flat  flat%   sum%        cum   cum%\n"
    "      50ms 23.81% 23.81%      100ms 47.62%  main.helper\n"
    "      30ms 14.29% 38.10%       30ms 14.29%  main.inl (inline)\n"
    "      20ms  9.52% 47.62%       20ms  9.52%  runtime.mallocgc\n"
    "         0     0% 47.62%      100ms 47.62%  main.main\n"
    "         0     0% 47.62%       70ms 33.33%  main.work\n";

static const char *const want_top_nf =
    "File: prog\n"
    "built by hand\n"
    "Type: cpu\n"
    "Time: Nov 14, 2023 at 10:13pm (UTC)\n"
    "Duration: 2s, Total samples = 210ms (10.50%)\n"
    "Showing nodes accounting for 160ms, 76.19% of 210ms total\n"
    "Dropped 2 nodes (cum <= 42ms)\n"
    "      flat  flat%   sum%        cum   cum%\n"
    "     100ms 47.62% 47.62%      170ms 80.95%  main.work\n"
    "      50ms 23.81% 71.43%      100ms 47.62%  main.helper\n"
    "      10ms  4.76% 76.19%      210ms   100%  main.main\n";

static const char *const want_top_s =
    "File: prog\n"
    "built by hand\n"
    "Type: cpu\n"
    "Time: Nov 14, 2023 at 10:13pm (UTC)\n"
    "Duration: 2s, Total samples = 0.21s (10.50%)\n"
    "Showing nodes accounting for 0.21s, 100% of 0.21s total\n"
    "      flat  flat%   sum%        cum   cum%\n"
    "     0.10s 47.62% 47.62%      0.17s 80.95%  main.work\n"
    "     0.05s 23.81% 71.43%      0.10s 47.62%  main.helper\n"
    "     0.03s 14.29% 85.71%      0.03s 14.29%  main.inl (inline)\n"
    "     0.02s  9.52% 95.24%      0.02s  9.52%  runtime.mallocgc\n"
    "     0.01s  4.76%   100%      0.21s   100%  main.main\n";

static const char *const want_top_mean =
    "File: prog\n"
    "built by hand\n"
    "Type: mean_cpu\n"
    "Time: Nov 14, 2023 at 10:13pm (UTC)\n"
    "Duration: 2s, Total samples = 10ms (  0.5%)\n"
    "Showing nodes accounting for 50ms, 500.00% of 10ms total\n"
    "      flat  flat%   sum%        cum   cum%\n"
    "      10ms   100%   100%       10ms   100%  main.work\n"
    "      10ms   100% 200.00%       10ms   100%  main.helper\n"
    "      10ms   100% 300.00%       10ms   100%  main.inl (inline)\n"
    "      10ms   100% 400.00%       10ms   100%  runtime.mallocgc\n"
    "      10ms   100% 500.00%       10ms   100%  main.main\n";

static const char *const want_top_div =
    "File: prog\n"
    "built by hand\n"
    "Type: cpu\n"
    "Time: Nov 14, 2023 at 10:13pm (UTC)\n"
    "Duration: 2s, Total samples = 70ms (10.50%)\n"
    "Showing nodes accounting for 70ms, 100% of 70ms total\n"
    "      flat  flat%   sum%        cum   cum%\n"
    "   33.33ms 47.62% 47.62%    56.67ms 80.95%  main.work\n"
    "   16.67ms 23.81% 71.43%    33.33ms 47.62%  main.helper\n"
    "      10ms 14.29% 85.71%       10ms 14.29%  main.inl (inline)\n"
    "    6.67ms  9.52% 95.24%     6.67ms  9.52%  runtime.mallocgc\n"
    "    3.33ms  4.76%   100%       70ms   100%  main.main\n";

static const char *const want_top_rel =
    "File: prog\n"
    "built by hand\n"
    "Type: cpu\n"
    "Time: Nov 14, 2023 at 10:13pm (UTC)\n"
    "Duration: 2s, Total samples = 100ms ( 5.00%)\n"
    "Active filters:\n"
    "   focus=helper\n"
    "Showing nodes accounting for 100ms, 100% of 100ms total\n"
    "      flat  flat%   sum%        cum   cum%\n"
    "      50ms 50.00% 50.00%      100ms   100%  main.helper\n"
    "      30ms 30.00% 80.00%       30ms 30.00%  main.inl (inline)\n"
    "      20ms 20.00%   100%       20ms 20.00%  runtime.mallocgc\n"
    "         0     0%   100%      100ms   100%  main.main\n"
    "         0     0%   100%       70ms 70.00%  main.work\n";

static const char *const want_top_lines =
    "File: prog\n"
    "built by hand\n"
    "Type: cpu\n"
    "Time: Nov 14, 2023 at 10:13pm (UTC)\n"
    "Duration: 2s, Total samples = 210ms (10.50%)\n"
    "Showing nodes accounting for 210ms, 100% of 210ms total\n"
    "      flat  flat%   sum%        cum   cum%\n"
    "     100ms 47.62% 47.62%      100ms 47.62%  main.work main.go:22\n"
    "      50ms 23.81% 71.43%       50ms 23.81%  main.helper util.go:7\n"
    "      30ms 14.29% 85.71%       30ms 14.29%  main.inl util.go:41 (inline)\n"
    "      20ms  9.52% 95.24%       20ms  9.52%  runtime.mallocgc malloc.go:901\n"
    "      10ms  4.76%   100%       10ms  4.76%  main.main main.go:14\n"
    "         0     0%   100%       30ms 14.29%  main.helper util.go:8\n"
    "         0     0%   100%       20ms  9.52%  main.helper util.go:9\n"
    "         0     0%   100%      170ms 80.95%  main.main main.go:12\n"
    "         0     0%   100%       30ms 14.29%  main.main main.go:13\n"
    "         0     0%   100%       50ms 23.81%  main.work main.go:23\n"
    "         0     0%   100%       20ms  9.52%  main.work main.go:24\n";

static const char *const want_top_noinl =
    "File: prog\n"
    "built by hand\n"
    "Type: cpu\n"
    "Time: Nov 14, 2023 at 10:13pm (UTC)\n"
    "Duration: 2s, Total samples = 210ms (10.50%)\n"
    "Showing nodes accounting for 210ms, 100% of 210ms total\n"
    "      flat  flat%   sum%        cum   cum%\n"
    "     100ms 47.62% 47.62%      170ms 80.95%  main.work\n"
    "      80ms 38.10% 85.71%      100ms 47.62%  main.helper\n"
    "      20ms  9.52% 95.24%       20ms  9.52%  runtime.mallocgc\n"
    "      10ms  4.76%   100%      210ms   100%  main.main\n";

static const char *const want_top_compact =
    "Showing nodes accounting for 210ms, 100% of 210ms total\n"
    "      flat  flat%   sum%        cum   cum%\n"
    "     100ms 47.62% 47.62%      170ms 80.95%  main.work\n"
    "      50ms 23.81% 71.43%      100ms 47.62%  main.helper\n"
    "      30ms 14.29% 85.71%       30ms 14.29%  main.inl (inline)\n"
    "      20ms  9.52% 95.24%       20ms  9.52%  runtime.mallocgc\n"
    "      10ms  4.76%   100%      210ms   100%  main.main\n";

static const char *const want_top_samples =
    "File: prog\n"
    "built by hand\n"
    "Type: samples\n"
    "Time: Nov 14, 2023 at 10:13pm (UTC)\n"
    "Duration: 2s, Total samples = 21 \n"
    "Showing nodes accounting for 21, 100% of 21 total\n"
    "      flat  flat%   sum%        cum   cum%\n"
    "        10 47.62% 47.62%         17 80.95%  main.work\n"
    "         5 23.81% 71.43%         10 47.62%  main.helper\n"
    "         3 14.29% 85.71%          3 14.29%  main.inl (inline)\n"
    "         2  9.52% 95.24%          2  9.52%  runtime.mallocgc\n"
    "         1  4.76%   100%         21   100%  main.main\n";

static const char *const want_tree =
    "File: prog\n"
    "built by hand\n"
    "Type: cpu\n"
    "Time: Nov 14, 2023 at 10:13pm (UTC)\n"
    "Duration: 2s, Total samples = 210ms (10.50%)\n"
    "Showing nodes accounting for 210ms, 100% of 210ms total\n"
    "----------------------------------------------------------+-------------\n"
    "      flat  flat%   sum%        cum   cum%   calls calls% + context \t \t \n"
    "----------------------------------------------------------+-------------\n"
    "                                             170ms   100% |   main.main\n"
    "     100ms 47.62% 47.62%      170ms 80.95%                | main.work\n"
    "                                              70ms 41.18% |   main.helper\n"
    "----------------------------------------------------------+-------------\n"
    "                                              70ms 70.00% |   main.work\n"
    "                                              30ms 30.00% |   main.main\n"
    "      50ms 23.81% 71.43%      100ms 47.62%                | main.helper\n"
    "                                              30ms 30.00% |   main.inl (inline)\n"
    "                                              20ms 20.00% |   runtime.mallocgc\n"
    "----------------------------------------------------------+-------------\n"
    "                                              30ms   100% |   main.helper (inline)\n"
    "      30ms 14.29% 85.71%       30ms 14.29%                | main.inl\n"
    "----------------------------------------------------------+-------------\n"
    "                                              20ms   100% |   main.helper\n"
    "      20ms  9.52% 95.24%       20ms  9.52%                | runtime.mallocgc\n"
    "----------------------------------------------------------+-------------\n"
    "      10ms  4.76%   100%      210ms   100%                | main.main\n"
    "                                             170ms 80.95% |   main.work\n"
    "                                              30ms 14.29% |   main.helper\n"
    "----------------------------------------------------------+-------------\n";

static const char *const want_peek =
    "File: prog\n"
    "built by hand\n"
    "Type: cpu\n"
    "Time: Nov 14, 2023 at 10:13pm (UTC)\n"
    "Duration: 2s, Total samples = 210ms (10.50%)\n"
    "Showing nodes accounting for 210ms, 100% of 210ms total\n"
    "----------------------------------------------------------+-------------\n"
    "      flat  flat%   sum%        cum   cum%   calls calls% + context \t \t \n"
    "----------------------------------------------------------+-------------\n"
    "                                             170ms   100% |   main.main\n"
    "     100ms 47.62% 47.62%      170ms 80.95%                | main.work\n"
    "                                              70ms 41.18% |   main.helper\n"
    "----------------------------------------------------------+-------------\n";

static const char *const want_traces =
    "File: prog\n"
    "built by hand\n"
    "Type: cpu\n"
    "Time: Nov 14, 2023 at 10:13pm (UTC)\n"
    "Duration: 2s, Total samples = 210ms (10.50%)\n"
    "-----------+-------------------------------------------------------\n"
    "    worker:  a\n"
    "     100ms   main.work\n"
    "             main.main\n"
    "-----------+-------------------------------------------------------\n"
    "    worker:  b\n"
    "      size:  1kB\n"
    "      50ms   main.helper\n"
    "             main.work\n"
    "             main.main\n"
    "-----------+-------------------------------------------------------\n"
    "    worker:  a\n"
    "      size:  64B\n"
    "      30ms   main.inl (inline)\n"
    "             main.helper\n"
    "             main.main\n"
    "-----------+-------------------------------------------------------\n"
    "      20ms   runtime.mallocgc\n"
    "             main.helper\n"
    "             main.work\n"
    "             main.main\n"
    "-----------+-------------------------------------------------------\n"
    "    worker:  a b\n"
    "      10ms   main.main\n"
    "-----------+-------------------------------------------------------\n";

static const char *const want_tags =
    " size: Total 80.0ms\n"
    "       50.0ms (62.50%): 1kB\n"
    "       30.0ms (37.50%): 64B\n"
    "\n"
    " worker: Total 200.0ms\n"
    "         140.0ms (70.00%): a\n"
    "          60.0ms (30.00%): b\n"
    "\n";

static const char *const want_raw =
    "Comment: built by hand\n"
    "Comment: #internal\n"
    "PeriodType: cpu nanoseconds\n"
    "Period: 10000000\n"
    "Time: 2023-11-14 22:13:20 +0000 UTC\n"
    "Duration: 2s\n"
    "Samples:\n"
    "samples/count cpu/nanoseconds\n"
    "         10  100000000: 1 2 \n"
    "                worker:[a]\n"
    "          5   50000000: 3 4 2 \n"
    "                worker:[b]\n"
    "                size:[1024 bytes]\n"
    "          3   30000000: 5 6 \n"
    "                worker:[a]\n"
    "                size:[64 bytes]\n"
    "          2   20000000: 7 8 9 2 \n"
    "          1   10000000: 10 \n"
    "                worker:[a b]\n"
    "Locations\n"
    "     1: 0x401000 M=1 main.work main.go:22 s=20()\n"
    "     2: 0x400100 M=1 main.main main.go:12 s=10()\n"
    "     3: 0x402000 M=1 main.helper util.go:7 s=5()\n"
    "     4: 0x401010 M=1 main.work main.go:23 s=20()\n"
    "     5: 0x402100 M=1 main.inl util.go:41 s=40()\n"
    "             main.helper util.go:8 s=5()\n"
    "     6: 0x400110 M=1 main.main main.go:13 s=10()\n"
    "     7: 0x403000 M=1 runtime.mallocgc malloc.go:901 s=900()\n"
    "     8: 0x402200 M=1 main.helper util.go:9 s=5()\n"
    "     9: 0x401020 M=1 main.work main.go:24 s=20()\n"
    "    10: 0x400120 M=1 main.main main.go:14 s=10()\n"
    "Mappings\n"
    "1: 0x400000/0x500000/0x0 /bin/prog  [FN][FL][LN][IN]\n";

static const char *const want_dot =
    "digraph \"prog\" {\n"
    "node [style=filled fillcolor=\"#f8f8f8\"]\n"
    "subgraph cluster_L { \"File: prog\" [shape=box fontsize=16 label=\"File: prog\\lbuilt by hand\\lType: cpu\\lTime: Nov 14, 2023 at 10:13pm (UTC)\\lDuration: 2s, Total samples = 210ms (10.50%)\\lShowing nodes accounting for 210ms, 100% of 210ms total\\l\\lSee https://git.io/JfYMW for how to read the graph\\l\" tooltip=\"prog\"] }\n"
    "N1 [label=\"main\\nmain\\n10ms (4.76%)\\nof 210ms (100%)\" id=\"node1\" fontsize=14 shape=box tooltip=\"main.main (210ms)\" color=\"#b20000\" fillcolor=\"#edd5d5\"]\n"
    "N1_0 [label = \"worker:a\\nworker:b\" id=\"N1_0\" fontsize=8 shape=box3d tooltip=\"10ms\"]\n"
    "N1 -> N1_0 [label=\" 10ms\" weight=100 tooltip=\"10ms\" labeltooltip=\"10ms\"]\n"
    "N2 [label=\"main\\nhelper\\n50ms (23.81%)\\nof 100ms (47.62%)\" id=\"node2\" fontsize=20 shape=box tooltip=\"main.helper (100ms)\" color=\"#b22300\" fillcolor=\"#eddad5\"]\n"
    "N2_0 [label = \"worker:b\" id=\"N2_0\" fontsize=8 shape=box3d tooltip=\"50ms\"]\n"
    "N2 -> N2_0 [label=\" 50ms\" weight=100 tooltip=\"50ms\" labeltooltip=\"50ms\"]\n"
    "N3 [label=\"main\\nwork\\n100ms (47.62%)\\nof 170ms (80.95%)\" id=\"node3\" fontsize=24 shape=box tooltip=\"main.work (170ms)\" color=\"#b20a00\" fillcolor=\"#edd6d5\"]\n"
    "N3_0 [label = \"worker:a\" id=\"N3_0\" fontsize=8 shape=box3d tooltip=\"100ms\"]\n"
    "N3 -> N3_0 [label=\" 100ms\" weight=100 tooltip=\"100ms\" labeltooltip=\"100ms\"]\n"
    "N4 [label=\"main\\ninl\\n30ms (14.29%)\" id=\"node4\" fontsize=17 shape=box tooltip=\"main.inl (30ms)\" color=\"#b26b33\" fillcolor=\"#ede3dc\"]\n"
    "N4_0 [label = \"worker:a\" id=\"N4_0\" fontsize=8 shape=box3d tooltip=\"30ms\"]\n"
    "N4 -> N4_0 [label=\" 30ms\" weight=100 tooltip=\"30ms\" labeltooltip=\"30ms\"]\n"
    "N5 [label=\"runtime\\nmallocgc\\n20ms (9.52%)\" id=\"node5\" fontsize=16 shape=box tooltip=\"runtime.mallocgc (20ms)\" color=\"#b2885d\" fillcolor=\"#ede7e1\"]\n"
    "N1 -> N3 [label=\" 170ms\" weight=81 penwidth=5 color=\"#b20a00\" tooltip=\"main.main -> main.work (170ms)\" labeltooltip=\"main.main -> main.work (170ms)\" minlen=2]\n"
    "N3 -> N2 [label=\" 70ms\" weight=34 penwidth=2 color=\"#b23200\" tooltip=\"main.work -> main.helper (70ms)\" labeltooltip=\"main.work -> main.helper (70ms)\" minlen=2]\n"
    "N2 -> N4 [label=\" 30ms\\n (inline)\" weight=15 color=\"#b26b33\" tooltip=\"main.helper -> main.inl (30ms)\" labeltooltip=\"main.helper -> main.inl (30ms)\" minlen=2]\n"
    "N1 -> N2 [label=\" 30ms\" weight=15 color=\"#b26b33\" tooltip=\"main.main -> main.helper (30ms)\" labeltooltip=\"main.main -> main.helper (30ms)\" minlen=2]\n"
    "N2 -> N5 [label=\" 20ms\" weight=10 color=\"#b2885d\" tooltip=\"main.helper -> runtime.mallocgc (20ms)\" labeltooltip=\"main.helper -> runtime.mallocgc (20ms)\" minlen=2]\n"
    "}\n";

static const char *const want_dot_trim =
    "digraph \"prog\" {\n"
    "node [style=filled fillcolor=\"#f8f8f8\"]\n"
    "subgraph cluster_L { \"File: prog\" [shape=box fontsize=16 label=\"File: prog\\lbuilt by hand\\lType: cpu\\lTime: Nov 14, 2023 at 10:13pm (UTC)\\lDuration: 2s, Total samples = 210ms (10.50%)\\lShowing nodes accounting for 60ms, 28.57% of 210ms total\\lShowing top 2 nodes out of 5\\l\\lSee https://git.io/JfYMW for how to read the graph\\l\" tooltip=\"prog\"] }\n"
    "N1 [label=\"main\\nmain\\n10ms (4.76%)\\nof 210ms (100%)\" id=\"node1\" fontsize=16 shape=box tooltip=\"main.main (210ms)\" color=\"#b20000\" fillcolor=\"#edd5d5\"]\n"
    "N1_0 [label = \"worker:a\\nworker:b\" id=\"N1_0\" fontsize=8 shape=box3d tooltip=\"10ms\"]\n"
    "N1 -> N1_0 [label=\" 10ms\" weight=100 tooltip=\"10ms\" labeltooltip=\"10ms\"]\n"
    "N2 [label=\"main\\nhelper\\n50ms (23.81%)\\nof 100ms (47.62%)\" id=\"node2\" fontsize=24 shape=box tooltip=\"main.helper (100ms)\" color=\"#b22300\" fillcolor=\"#eddad5\"]\n"
    "N2_0 [label = \"worker:b\" id=\"N2_0\" fontsize=8 shape=box3d tooltip=\"50ms\"]\n"
    "N2 -> N2_0 [label=\" 50ms\" weight=100 tooltip=\"50ms\" labeltooltip=\"50ms\"]\n"
    "N2_1 [label = \"worker:a\" id=\"N2_1\" fontsize=8 shape=box3d tooltip=\"30ms\"]\n"
    "N2 -> N2_1 [label=\" 30ms\" weight=100 tooltip=\"30ms\" labeltooltip=\"30ms\"]\n"
    "N1 -> N2 [label=\" 100ms\" weight=48 penwidth=3 color=\"#b22300\" tooltip=\"main.main ... main.helper (100ms)\" labeltooltip=\"main.main ... main.helper (100ms)\" style=\"dotted\" minlen=2]\n"
    "}\n";

static const char *const want_callgrind =
    "positions: instr line\n"
    "events: cpu(ms)\n"
    "\n"
    "ob=(1) /bin/prog\n"
    "fl=(1) main.go\n"
    "fn=(1) main.work\n"
    "0x401000 22 100\n"
    "\n"
    "ob=(1)\n"
    "fl=(2) util.go\n"
    "fn=(2) main.helper\n"
    "+4096 7 50\n"
    "\n"
    "ob=(1)\n"
    "fl=(2)\n"
    "fn=(3) main.inl\n"
    "+256 41 30\n"
    "\n"
    "ob=(1)\n"
    "fl=(3) malloc.go\n"
    "fn=(4) runtime.mallocgc\n"
    "+3840 901 20\n"
    "\n"
    "ob=(1)\n"
    "fl=(1)\n"
    "fn=(5) main.main\n"
    "-12000 14 10\n"
    "-32 12 0\n"
    "cfl=(1)\n"
    "cfn=(1)\n"
    "calls=0 +3808 22\n"
    "* * 100\n"
    "cfl=(1)\n"
    "cfn=(1)\n"
    "calls=0 +3824 23\n"
    "* * 50\n"
    "cfl=(1)\n"
    "cfn=(1)\n"
    "calls=0 +3840 24\n"
    "* * 20\n"
    "+16 13 0\n"
    "cfl=(2)\n"
    "cfn=(2)\n"
    "calls=0 +8192 8\n"
    "* * 30\n"
    "\n"
    "ob=(1)\n"
    "fl=(1)\n"
    "fn=(1)\n"
    "+3840 23 0\n"
    "cfl=(2)\n"
    "cfn=(2)\n"
    "calls=0 +7920 7\n"
    "* * 50\n"
    "+16 24 0\n"
    "cfl=(2)\n"
    "cfn=(2)\n"
    "calls=0 +4592 9\n"
    "* * 20\n"
    "\n"
    "ob=(1)\n"
    "fl=(2)\n"
    "fn=(2)\n"
    "+4320 8 0\n"
    "cfl=(2)\n"
    "cfn=(3)\n"
    "calls=0 +4320 41\n"
    "* * 30\n"
    "+256 9 0\n"
    "cfl=(3)\n"
    "cfn=(4)\n"
    "calls=0 +3840 901\n"
    "* * 20\n";

static const char *const want_comments =
    "built by hand\n"
    "#internal\n";

static const char *const want_list =
    "Total: 210ms\n"
    "ROUTINE ======================== main.work in main.go\n"
    "     100ms      170ms (flat, cum) 80.95% of Total\n"
    "         .          .     20:line 20 of main.go\n"
    "         .          .     21:line 21 of main.go\n"
    "     100ms      100ms     22:line 22 of main.go\n"
    "         .       50ms     23:line 23 of main.go\n"
    "         .       20ms     24:line 24 of main.go\n"
    "         .          .     25:line 25 of main.go\n"
    "         .          .     26:line 26 of main.go\n"
    "         .          .     27:line 27 of main.go\n"
    "         .          .     28:line 28 of main.go\n"
    "         .          .     29:line 29 of main.go\n";

static const char *const want_list_err =
    "Total: 210ms\n"
    "ROUTINE ======================== main.work in main.go\n"
    "     100ms      170ms (flat, cum) 80.95% of Total\n"
    " Error: could not find file main.go on path /nonexistent/src\n";

static const char *const want_u1 =
    "File: mem\n"
    "Type: space\n"
    "Showing nodes accounting for 13386.89kB, 100% of 13386.89kB total\n"
    "      flat  flat%   sum%        cum   cum%\n"
    "13382.01kB   100%   100% 13382.01kB   100%  big\n"
    "    4.88kB 0.036%   100%     4.88kB 0.036%  small\n"
    "         0     0%   100% 13386.89kB   100%  main\n";

static const char *const want_u2 =
    "File: cpu\n"
    "Type: cpu\n"
    "Showing nodes accounting for 3275ms, 100% of 3275ms total\n"
    "      flat  flat%   sum%        cum   cum%\n"
    "    3270ms 99.85% 99.85%     3270ms 99.85%  slow\n"
    "       5ms  0.15%   100%        5ms  0.15%  fast\n"
    "         0     0%   100%     3275ms   100%  main\n";

static const char *const want_u3 =
    "File: cpu\n"
    "Type: cpu\n"
    "Showing nodes accounting for 3320ms, 100% of 3320ms total\n"
    "      flat  flat%   sum%        cum   cum%\n"
    "    3270ms 98.49% 98.49%     3270ms 98.49%  slow\n"
    "      50ms  1.51%   100%       50ms  1.51%  fast\n"
    "         0     0%   100%     3320ms   100%  main\n";

static const char *const want_u4 =
    "File: cpu\n"
    "Type: cpu\n"
    "Showing nodes accounting for 3270000003ns, 100% of 3270000003ns total\n"
    "      flat  flat%   sum%        cum   cum%\n"
    "3270000000ns   100%   100% 3270000000ns   100%  slow\n"
    "       3ns 9.2e-08%   100%        3ns 9.2e-08%  tiny\n"
    "         0     0%   100% 3270000003ns   100%  main\n";

static const char *const want_u2_callgrind =
    "positions: instr line\n"
    "events: cpu(ms)\n"
    "\n"
    "ob=\n"
    "fl=\n"
    "fn=(1) slow\n"
    "0x0 0 3270\n"
    "\n"
    "ob=\n"
    "fl=\n"
    "fn=(2) fast\n"
    "* 0 5\n"
    "\n"
    "ob=\n"
    "fl=\n"
    "fn=(3) main\n"
    "* 0 0\n"
    "cfl=\n"
    "cfn=(1)\n"
    "calls=0 * 0\n"
    "* * 3270\n"
    "cfl=\n"
    "cfn=(2)\n"
    "calls=0 * 0\n"
    "* * 5\n";

static const char *const want_diff =
    "File: prog\n"
    "built by hand\n"
    "Type: cpu\n"
    "Duration: 2s, Total samples = 250ms (12.50%)\n"
    "Showing nodes accounting for -40ms, 16.00% of 250ms total\n"
    "      flat  flat%   sum%        cum   cum%\n"
    "    -100ms 40.00% 40.00%      -40ms 16.00%  main.work\n"
    "      40ms 16.00% 24.00%       90ms 36.00%  main.helper\n"
    "     -40ms 16.00% 40.00%      -40ms 16.00%  main.other\n"
    "      30ms 12.00% 28.00%       30ms 12.00%  main.inl (inline)\n"
    "      20ms  8.00% 20.00%       20ms  8.00%  runtime.mallocgc\n"
    "      10ms  4.00% 16.00%      -40ms 16.00%  main.main\n";

static const char *const want_diff_dropneg =
    "File: prog\n"
    "built by hand\n"
    "Type: cpu\n"
    "Duration: 2s, Total samples = 250ms (12.50%)\n"
    "Showing nodes accounting for 100ms, 40.00% of 250ms total\n"
    "      flat  flat%   sum%        cum   cum%\n"
    "      40ms 16.00% 16.00%       90ms 36.00%  main.helper\n"
    "      30ms 12.00% 28.00%       30ms 12.00%  main.inl (inline)\n"
    "      20ms  8.00% 36.00%       20ms  8.00%  runtime.mallocgc\n"
    "      10ms  4.00% 40.00%      -40ms 16.00%  main.main\n";

static const char *const want_dot_edges =
    "digraph \"prog\" {\n"
    "node [style=filled fillcolor=\"#f8f8f8\"]\n"
    "subgraph cluster_L { \"File: prog\" [shape=box fontsize=16 label=\"File: prog\\lbuilt by hand\\lType: cpu\\lTime: Nov 14, 2023 at 10:13pm (UTC)\\lDuration: 2s, Total samples = 210ms (10.50%)\\lShowing nodes accounting for 210ms, 100% of 210ms total\\lDropped 1 edge (freq <= 25.20ms)\\l\\lSee https://git.io/JfYMW for how to read the graph\\l\" tooltip=\"prog\"] }\n"
    "N1 [label=\"main\\nmain\\n10ms (4.76%)\\nof 210ms (100%)\" id=\"node1\" fontsize=14 shape=box tooltip=\"main.main (210ms)\" color=\"#b20000\" fillcolor=\"#edd5d5\"]\n"
    "N1_0 [label = \"worker:a\\nworker:b\" id=\"N1_0\" fontsize=8 shape=box3d tooltip=\"10ms\"]\n"
    "N1 -> N1_0 [label=\" 10ms\" weight=100 tooltip=\"10ms\" labeltooltip=\"10ms\"]\n"
    "N2 [label=\"main\\nhelper\\n50ms (23.81%)\\nof 100ms (47.62%)\" id=\"node2\" fontsize=20 shape=box tooltip=\"main.helper (100ms)\" color=\"#b22300\" fillcolor=\"#eddad5\"]\n"
    "N2_0 [label = \"worker:b\" id=\"N2_0\" fontsize=8 shape=box3d tooltip=\"50ms\"]\n"
    "N2 -> N2_0 [label=\" 50ms\" weight=100 tooltip=\"50ms\" labeltooltip=\"50ms\"]\n"
    "N3 [label=\"main\\nwork\\n100ms (47.62%)\\nof 170ms (80.95%)\" id=\"node3\" fontsize=24 shape=box tooltip=\"main.work (170ms)\" color=\"#b20a00\" fillcolor=\"#edd6d5\"]\n"
    "N3_0 [label = \"worker:a\" id=\"N3_0\" fontsize=8 shape=box3d tooltip=\"100ms\"]\n"
    "N3 -> N3_0 [label=\" 100ms\" weight=100 tooltip=\"100ms\" labeltooltip=\"100ms\"]\n"
    "N4 [label=\"main\\ninl\\n30ms (14.29%)\" id=\"node4\" fontsize=17 shape=box tooltip=\"main.inl (30ms)\" color=\"#b26b33\" fillcolor=\"#ede3dc\"]\n"
    "N4_0 [label = \"worker:a\" id=\"N4_0\" fontsize=8 shape=box3d tooltip=\"30ms\"]\n"
    "N4 -> N4_0 [label=\" 30ms\" weight=100 tooltip=\"30ms\" labeltooltip=\"30ms\"]\n"
    "N5 [label=\"runtime\\nmallocgc\\n20ms (9.52%)\" id=\"node5\" fontsize=16 shape=box tooltip=\"runtime.mallocgc (20ms)\" color=\"#b2885d\" fillcolor=\"#ede7e1\"]\n"
    "N1 -> N3 [label=\" 170ms\" weight=81 penwidth=5 color=\"#b20a00\" tooltip=\"main.main -> main.work (170ms)\" labeltooltip=\"main.main -> main.work (170ms)\" minlen=2]\n"
    "N3 -> N2 [label=\" 70ms\" weight=34 penwidth=2 color=\"#b23200\" tooltip=\"main.work -> main.helper (70ms)\" labeltooltip=\"main.work -> main.helper (70ms)\" minlen=2]\n"
    "N2 -> N4 [label=\" 30ms\\n (inline)\" weight=15 color=\"#b26b33\" tooltip=\"main.helper -> main.inl (30ms)\" labeltooltip=\"main.helper -> main.inl (30ms)\" minlen=2]\n"
    "N1 -> N2 [label=\" 30ms\" weight=15 color=\"#b26b33\" tooltip=\"main.main -> main.helper (30ms)\" labeltooltip=\"main.main -> main.helper (30ms)\" minlen=2]\n"
    "}\n";

/* t1: string and numeric labels of every shape, zero and negative samples. */
static const char *const t1 =
    "type samples/count\n"
    "type space/bytes\n"
    "mapping 1 0x400000 0x500000 0 /bin/prog\n"
    "s 1 1024 : a@0x400100 ; k=x mixed=str n=#5 mixed=#7:ms\n"
    "s 2 3000000 : b@0x400200 ; k=yyyyyyyyyyyyyy n=#500 n=#5 bytes=#4096:bytes\n"
    "s 3 100 : c@0x400300 ; k=é bytes=#2:kilobytes bytes=#1:megabytes\n"
    "s 0 5 : d@0x400400 ; k=zero\n"
    "s -7 -70 : e@0x400500 ; k=neg\n"
    "s 4 4 : f@0x400600 ; bytes=#3\n";

static const char *const want_t1_tags =
    " bytes: Total 2.9MB\n"
    "          2.9MB (  100%): 4kB\n"
    "        100.0B (0.0033%): 1B\n"
    "        100.0B (0.0033%): 2B\n"
    "         4.0B (0.00013%): 3B\n"
    "\n"
    " k: Total 2.9MB\n"
    "      2.9MB (  100%): yyyyyyyyyyyyyy\n"
    "      1.0kB (0.034%): x\n"
    "    100.0B (0.0033%): é\n"
    "    -70.0B (0.0023%): neg\n"
    "     5.0B (0.00017%): zero\n"
    "\n"
    " mixed: Total 2.0kB\n"
    "        1.0kB (50.00%): 7ms\n"
    "        1.0kB (50.00%): str\n"
    "\n"
    " n: Total 5.7MB\n"
    "    2.9MB (50.01%): 5\n"
    "    2.9MB (49.99%): 500\n"
    "\n";

static const char *const want_t1_tags_samples =
    " bytes: Total 12.0b\n"
    "        4.0b (33.33%): 3B\n"
    "        3.0b (25.00%): 1B\n"
    "        3.0b (25.00%): 2B\n"
    "        2.0b (16.67%): 4096B\n"
    "\n"
    " k: Total -1.0b\n"
    "    -7.0b: neg\n"
    "     3.0b: é\n"
    "     2.0b: yyyyyyyyyyyyyy\n"
    "     1.0b: x\n"
    "     0.0b: zero\n"
    "\n"
    " mixed: Total 2.0b\n"
    "        1.0b (50.00%): 0.01s\n"
    "        1.0b (50.00%): str\n"
    "\n"
    " n: Total 5.0b\n"
    "    3.0b (60.00%): 5b\n"
    "    2.0b (40.00%): 500b\n"
    "\n";

static const char *const want_t1_traces =
    "File: prog\n"
    "Type: space\n"
    "-----------+-------------------------------------------------------\n"
    "         k:  x\n"
    "     mixed:  str\n"
    "         n:  5\n"
    "     mixed:  7ms\n"
    "       1kB   a\n"
    "-----------+-------------------------------------------------------\n"
    "         k:  yyyyyyyyyyyyyy\n"
    "         n:  500 5\n"
    "     bytes:  4kB\n"
    "    2.86MB   b\n"
    "-----------+-------------------------------------------------------\n"
    "         k:  é\n"
    "     bytes:  2B 1B\n"
    "      100B   c\n"
    "-----------+-------------------------------------------------------\n"
    "         k:  zero\n"
    "        5B   d\n"
    "-----------+-------------------------------------------------------\n"
    "         k:  neg\n"
    "      -70B   e\n"
    "-----------+-------------------------------------------------------\n"
    "     bytes:  3B\n"
    "        4B   f\n"
    "-----------+-------------------------------------------------------\n";

static const char *const want_t1_raw =
    "PeriodType:  \n"
    "Period: 0\n"
    "Samples:\n"
    "samples/count space/bytes\n"
    "          1       1024: 1 \n"
    "                k:[x] mixed:[str]\n"
    "                mixed:[7 ms] n:[5]\n"
    "          2    3000000: 2 \n"
    "                k:[yyyyyyyyyyyyyy]\n"
    "                bytes:[4096 bytes] n:[500 5]\n"
    "          3        100: 3 \n"
    "                k:[é]\n"
    "                bytes:[2 kilobytes 1 megabytes]\n"
    "          0          5: 4 \n"
    "                k:[zero]\n"
    "         -7        -70: 5 \n"
    "                k:[neg]\n"
    "          4          4: 6 \n"
    "                bytes:[3]\n"
    "Locations\n"
    "     1: 0x400100 M=1 a :0 s=0()\n"
    "     2: 0x400200 M=1 b :0 s=0()\n"
    "     3: 0x400300 M=1 c :0 s=0()\n"
    "     4: 0x400400 M=1 d :0 s=0()\n"
    "     5: 0x400500 M=1 e :0 s=0()\n"
    "     6: 0x400600 M=1 f :0 s=0()\n"
    "Mappings\n"
    "1: 0x400000/0x500000/0x0 /bin/prog  [FN][FL][LN][IN]\n";

static const char *const want_dot_call_tree =
    "digraph \"prog\" {\n"
    "node [style=filled fillcolor=\"#f8f8f8\"]\n"
    "subgraph cluster_L { \"File: prog\" [shape=box fontsize=16 label=\"File: prog\\lbuilt by hand\\lType: cpu\\lTime: Nov 14, 2023 at 10:13pm (UTC)\\lDuration: 2s, Total samples = 210ms (10.50%)\\lShowing nodes accounting for 210ms, 100% of 210ms total\\l\\lSee https://git.io/JfYMW for how to read the graph\\l\" tooltip=\"prog\"] }\n"
    "N1 [label=\"main\\nmain\\n10ms (4.76%)\\nof 210ms (100%)\" id=\"node1\" fontsize=14 shape=box tooltip=\"main.main (210ms)\" color=\"#b20000\" fillcolor=\"#edd5d5\"]\n"
    "N1_0 [label = \"worker:a\\nworker:b\" id=\"N1_0\" fontsize=8 shape=box3d tooltip=\"10ms\"]\n"
    "N1 -> N1_0 [label=\" 10ms\" weight=100 tooltip=\"10ms\" labeltooltip=\"10ms\"]\n"
    "N2 [label=\"main\\nwork\\n100ms (47.62%)\\nof 170ms (80.95%)\" id=\"node2\" fontsize=24 shape=box tooltip=\"main.work (170ms)\" color=\"#b20a00\" fillcolor=\"#edd6d5\"]\n"
    "N2_0 [label = \"worker:a\" id=\"N2_0\" fontsize=8 shape=box3d tooltip=\"100ms\"]\n"
    "N2 -> N2_0 [label=\" 100ms\" weight=100 tooltip=\"100ms\" labeltooltip=\"100ms\"]\n"
    "N3 [label=\"main\\nhelper\\n50ms (23.81%)\\nof 70ms (33.33%)\" id=\"node3\" fontsize=20 shape=box tooltip=\"main.helper (70ms)\" color=\"#b23200\" fillcolor=\"#eddcd5\"]\n"
    "N3_0 [label = \"worker:b\" id=\"N3_0\" fontsize=8 shape=box3d tooltip=\"50ms\"]\n"
    "N3 -> N3_0 [label=\" 50ms\" weight=100 tooltip=\"50ms\" labeltooltip=\"50ms\"]\n"
    "N4 [label=\"main\\ninl\\n30ms (14.29%)\" id=\"node4\" fontsize=17 shape=box tooltip=\"main.inl (30ms)\" color=\"#b26b33\" fillcolor=\"#ede3dc\"]\n"
    "N4_0 [label = \"worker:a\" id=\"N4_0\" fontsize=8 shape=box3d tooltip=\"30ms\"]\n"
    "N4 -> N4_0 [label=\" 30ms\" weight=100 tooltip=\"30ms\" labeltooltip=\"30ms\"]\n"
    "N5 [label=\"runtime\\nmallocgc\\n20ms (9.52%)\" id=\"node5\" fontsize=16 shape=box tooltip=\"runtime.mallocgc (20ms)\" color=\"#b2885d\" fillcolor=\"#ede7e1\"]\n"
    "N6 [label=\"main\\nhelper\\n0 of 30ms (14.29%)\" id=\"node6\" fontsize=8 shape=box tooltip=\"main.helper (30ms)\" color=\"#b26b33\" fillcolor=\"#ede3dc\"]\n"
    "N1 -> N2 [label=\" 170ms\" weight=81 penwidth=5 color=\"#b20a00\" tooltip=\"main.main -> main.work (170ms)\" labeltooltip=\"main.main -> main.work (170ms)\" minlen=2]\n"
    "N2 -> N3 [label=\" 70ms\" weight=34 penwidth=2 color=\"#b23200\" tooltip=\"main.work -> main.helper (70ms)\" labeltooltip=\"main.work -> main.helper (70ms)\" minlen=2]\n"
    "N6 -> N4 [label=\" 30ms\\n (inline)\" weight=15 color=\"#b26b33\" tooltip=\"main.helper -> main.inl (30ms)\" labeltooltip=\"main.helper -> main.inl (30ms)\"]\n"
    "N1 -> N6 [label=\" 30ms\" weight=15 color=\"#b26b33\" tooltip=\"main.main -> main.helper (30ms)\" labeltooltip=\"main.main -> main.helper (30ms)\" minlen=2]\n"
    "N3 -> N5 [label=\" 20ms\" weight=10 color=\"#b2885d\" tooltip=\"main.helper -> runtime.mallocgc (20ms)\" labeltooltip=\"main.helper -> runtime.mallocgc (20ms)\" minlen=2]\n"
    "}\n";

static const char *const want_callgrind_call_tree =
    "positions: instr line\n"
    "events: cpu(ms)\n"
    "\n"
    "ob=(1) /bin/prog\n"
    "fl=(1) main.go\n"
    "fn=(1) main.work\n"
    "0x401000 22 100\n"
    "\n"
    "ob=(1)\n"
    "fl=(2) util.go\n"
    "fn=(2) main.helper\n"
    "+4096 7 50\n"
    "\n"
    "ob=(1)\n"
    "fl=(2)\n"
    "fn=(3) main.inl\n"
    "+256 41 30\n"
    "\n"
    "ob=(1)\n"
    "fl=(3) malloc.go\n"
    "fn=(4) runtime.mallocgc\n"
    "+3840 901 20\n"
    "\n"
    "ob=(1)\n"
    "fl=(1)\n"
    "fn=(5) main.main\n"
    "-12000 14 10\n"
    "-32 12 0\n"
    "cfl=(1)\n"
    "cfn=(1)\n"
    "calls=0 +3808 22\n"
    "* * 100\n"
    "cfl=(1)\n"
    "cfn=(1)\n"
    "calls=0 +3824 23\n"
    "* * 50\n"
    "cfl=(1)\n"
    "cfn=(1)\n"
    "calls=0 +3840 24\n"
    "* * 20\n"
    "+16 13 0\n"
    "cfl=(2)\n"
    "cfn=(6) main.helper [2/3]\n"
    "calls=0 +8192 8\n"
    "* * 30\n"
    "\n"
    "ob=(1)\n"
    "fl=(1)\n"
    "fn=(1)\n"
    "+3840 23 0\n"
    "cfl=(2)\n"
    "cfn=(7) main.helper [1/3]\n"
    "calls=0 +7920 7\n"
    "* * 50\n"
    "+16 24 0\n"
    "cfl=(2)\n"
    "cfn=(8) main.helper [3/3]\n"
    "calls=0 +4592 9\n"
    "* * 20\n"
    "\n"
    "ob=(1)\n"
    "fl=(2)\n"
    "fn=(2)\n"
    "+4320 8 0\n"
    "cfl=(2)\n"
    "cfn=(3)\n"
    "calls=0 +4320 41\n"
    "* * 30\n"
    "+256 9 0\n"
    "cfl=(3)\n"
    "cfn=(4)\n"
    "calls=0 +3840 901\n"
    "* * 20\n";

static profile *r1p, *u[4];

static int setup(void **state) {
  (void)state;
  r1p = tb_loaded(r1);
  const char *us[] = {u1, u2, u3, u4};
  for (size_t i = 0; i < 4; i++) u[i] = tb_loaded(us[i]);
  return 0;
}

static int teardown(void **state) {
  (void)state;
  profile_free(r1p);
  for (size_t i = 0; i < 4; i++) profile_free(u[i]);
  return 0;
}

/* The text report r1 with opts, as pprof prints it. */
static void check_r1(const char *cmd, const char *arg, const char *opts, const char *want) {
  assert_report(r1p, cmd, arg, opts, want);
}

static void test_top(void **state) {
  (void)state;
  check_r1("top", NULL, NULL, want_top);
  check_r1("text", NULL, NULL, want_top);
  /* -cum sorts by cum and, with a node count, changes which nodes are kept */
  check_r1("top", NULL, "sort=cum", want_top_cum);
  check_r1("top", NULL, "nodecount=2", want_top_n2);
  check_r1("top", NULL, "sample_index=samples", want_top_samples);
  check_r1("top", NULL, "sample_index=0", want_top_samples);
  check_r1("top", NULL, "granularity=lines", want_top_lines);
  check_r1("top", NULL, "noinlines=true", want_top_noinl);
  check_r1("top", NULL, "compact_labels=true", want_top_compact);
}

/* The header: Active filters, Dropped N nodes, Showing top N nodes. */
static void test_top_headers(void **state) {
  (void)state;
  check_r1("top", NULL, "focus=helper", want_top_focus);
  check_r1("top", NULL, "nodefraction=0.2", want_top_nf);
  profile *p = tb_loaded("type samples/count\nmapping 1 0x1000 0x2000 0 /bin/p\n"
                         "s 1 : inl+helper main\ns 2 : inl main\ns 4 : other main\n");
  assert_report(p, "top", NULL, NULL,
                "File: p\nType: samples\nShowing nodes accounting for 7, 100% of 7 total\n"
                "      flat  flat%   sum%        cum   cum%\n"
                "         4 57.14% 57.14%          4 57.14%  other\n"
                "         3 42.86%   100%          3 42.86%  inl (partial-inline)\n"
                "         0     0%   100%          1 14.29%  helper\n"
                "         0     0%   100%          7   100%  main\n");
  /* 7*0.3 = 2.1: cum <= 2; one node, singular */
  assert_report(p, "top", NULL, "nodefraction=0.3;nodecount=1",
                "File: p\nType: samples\nShowing nodes accounting for 4, 57.14% of 7 total\n"
                "Dropped 1 node (cum <= 2)\nShowing top 1 nodes out of 3\n"
                "      flat  flat%   sum%        cum   cum%\n"
                "         4 57.14% 57.14%          4 57.14%  other\n");
  /* every filter is listed; a long one is cut at 80 bytes with an ellipsis */
  char *got = run_report(p, "top", NULL,
                         "focus=m;ignore=zz;hide=zz;show=.;show_from=main;tagfocus=x;tagignore=y;tagshow=z;"
                         "taghide=w;prune_from=q",
                         NULL, NULL);
  assert_non_null(strstr(got, "Active filters:\n   focus=m\n   ignore=zz\n   hide=zz\n   show=.\n   show_from=main\n"
                              "   tagfocus=x\n   tagignore=y\n   tagshow=z\n   taghide=w\nShowing nodes"));
  free(got);
  char long_re[200];
  memset(long_re, 'a', 100);
  strcpy(long_re + 100, "|main");
  char *opt = xasprintf("focus=%s", long_re);
  got = run_report(p, "top", NULL, opt, NULL, NULL);
  char *want = xasprintf("Active filters:\n   focus=%.74s\xe2\x80\xa6\nShowing", long_re);
  assert_non_null(strstr(got, want));
  free(want), free(opt), free(got);
  /* "focus=" and 74 bytes is 80: whole; one more byte is cut */
  for (size_t len = 74; len <= 75; len++) {
    opt = xasprintf("focus=%.*s|main", (int)(len - 5), long_re);
    got = run_report(p, "top", NULL, opt, NULL, NULL);
    want = len == 74 ? xasprintf("   %s\nShowing", opt) : xasprintf("   %.80s\xe2\x80\xa6\nShowing", opt);
    if (!strstr(got, want)) fail_msg("%zu: %s", len, got);
    free(want), free(opt), free(got);
  }
  /* nothing left: the total is from before the filters; no "Dropped" or "Showing top" lines */
  assert_report(p, "top", NULL, "ignore=main;nodefraction=0.5;nodecount=1",
                "File: p\nType: samples\nActive filters:\n   ignore=main\n"
                "Showing nodes accounting for 0, 0% of 7 total\n"
                "      flat  flat%   sum%        cum   cum%\n");
  profile_free(p);
}

/* unit=minimum picks one unit for the table; see selectOutputUnit. */
static void test_unit_selection(void **state) {
  (void)state;
  /* 5000 B is 4.88kB; 100*min is in kB while the total is in MB: kB for all */
  assert_report(u[0], "top", NULL, "nodefraction=0", want_u1);
  /* 5ms, total 3.275s: 100*5ms = 500ms: ms */
  assert_report(u[1], "top", NULL, "nodefraction=0", want_u2);
  /* 50ms, total 3.32s: 100*min is not below the total: the minimum's unit, ms */
  assert_report(u[2], "top", NULL, NULL, want_u3);
  /* 10ms and a total of exactly 100 times that: not below, so ms */
  profile *exact = tb_loaded("type cpu/nanoseconds\nmapping 1 0x1000 0x2000 0 /bin/cpu\n"
                            "s 990000000 : slow main\ns 10000000 : fast main\n");
  assert_report(exact, "top", NULL, NULL,
                "File: cpu\nType: cpu\nShowing nodes accounting for 1000ms, 100% of 1000ms total\n"
                "      flat  flat%   sum%        cum   cum%\n"
                "     990ms 99.00% 99.00%      990ms 99.00%  slow\n"
                "      10ms  1.00%   100%       10ms  1.00%  fast\n"
                "         0     0%   100%     1000ms   100%  main\n");
  profile_free(exact);
  /* 3ns: 300ns is ns */
  assert_report(u[3], "top", NULL, "nodefraction=0", want_u4);
  /* callgrind keeps the minimum's unit (integers only) */
  assert_report(u[1], "callgrind", NULL, NULL, want_u2_callgrind);
  /* an explicit unit and auto */
  check_r1("top", NULL, "unit=s", want_top_s);
  char *got = run_report(u[1], "top", NULL, "nodefraction=0;unit=auto", NULL, NULL);
  assert_non_null(strstr(got, "     3.27s 99.85% 99.85%      3.27s 99.85%  slow\n"
                              "       5ms  0.15%   100%        5ms  0.15%  fast\n"
                              "         0     0%   100%      3.27s   100%  main\n"));
  free(got);
  /* the ratio (divide_by) takes part in the choice */
  got = run_report(u[1], "top", NULL, "nodefraction=0;divide_by=1000", NULL, NULL);
  assert_non_null(strstr(got, "    3270us 99.85% 99.85%     3270us 99.85%  slow\n"));
  free(got);
}

static void test_value_options(void **state) {
  (void)state;
  /* with mean, the unit comes from the mean values (g: 2kB each, f: 1MB once) */
  profile *p = tb_loaded("type count/count\ntype space/bytes\nmapping 1 0x1000 0x2000 0 /bin/p\n"
                         "s 1000 2048000 : g\ns 1 1048576 : f\n");
  assert_report(p, "top", NULL, "mean=true;nodefraction=0",
                "File: p\nType: mean_space\nShowing nodes accounting for 1026kB, 33967.80% of 3.02kB total\n"
                "      flat  flat%   sum%        cum   cum%\n"
                "       2kB 66.21% 66.21%        2kB 66.21%  g\n"
                "    1024kB 33901.58% 33967.80%     1024kB 33901.58%  f\n");
  profile_free(p);
  check_r1("top", NULL, "mean=true", want_top_mean);
  check_r1("top", NULL, "divide_by=3", want_top_div);
  /* percentages of the focused total */
  check_r1("top", NULL, "relative_percentages=true;focus=helper", want_top_rel);
}

/* -diff_base as source.c applies it: the base negated, labelled pprof::base. */
static profile *diff_profile(void) {
  profile *cur = tb_profile(r1), *base = tb_profile(b1);
  profile_set_label(base, "pprof::base", "true");
  const double neg[] = {-1, -1};
  profile_scale(base, neg);
  profile *two[2] = {cur, base};
  char *err = NULL;
  profile *p = profile_merge(two, 2, &err);
  assert_non_null(p);
  return p;
}

static void test_diff_base(void **state) {
  (void)state;
  profile *p = diff_profile();
  /* the total is the base's (250ms); the label does not show in the graph */
  assert_report(p, "top", NULL, NULL, want_diff);
  assert_report(p, "top", NULL, "drop_negative=true", want_diff_dropneg);
  assert_int_equal(report_total(p, 1, false), 250000000);
  assert_int_equal(report_total(r1p, 1, false), 210000000);
  assert_int_equal(report_total(r1p, 1, true), 210000000 / 21);
  profile_free(p);
}

static void test_tree_and_peek(void **state) {
  (void)state;
  check_r1("tree", NULL, NULL, want_tree);
  check_r1("peek", "main.work", NULL, want_peek);
  char *err = NULL;
  assert_null(run_report(r1p, "peek", "zzz", NULL, NULL, &err));
  assert_text(err, "no matches found for regexp: zzz");
  free(err);
  /* tree keeps 80 nodes unless told otherwise (top keeps all) */
  strbuf desc = STRBUF_INIT;
  sb_adds(&desc, "type s/count\nmapping 1 0x1000 0x2000 0 /bin/many\n");
  for (int i = 1; i <= 85; i++) sb_printf(&desc, "s 1 : f%02d main\n", i);
  profile *p = tb_loaded(desc.s);
  sb_free(&desc);
  char *got = run_report(p, "tree", NULL, NULL, NULL, NULL);
  assert_true(!strncmp(got, "File: many\nType: s\nShowing nodes accounting for 80, 94.12% of 85 total\n"
                            "Showing top 80 nodes out of 86\n", 99));
  free(got);
  got = run_report(p, "top", NULL, NULL, NULL, NULL);
  assert_null(strstr(got, "Showing top"));
  free(got);
  profile_free(p);
  /* the rows behind the text */
  report *r = make_report(r1p, "tree", NULL, NULL, NULL, NULL);
  assert_int_equal(r->ntree, 5);
  const tree_entry *t = &r->tree[0];
  assert_string_equal(t->name, "main.work");
  assert_int_equal(t->flat, 100000000);
  assert_int_equal(t->cum, 170000000);
  assert_int_equal(t->nin, 1);
  assert_string_equal(t->in[0].name, "main.main");
  assert_int_equal(t->nout, 1);
  assert_string_equal(t->out[0].name, "main.helper");
  assert_int_equal(t->out[0].weight, 70000000);
  const tree_entry *h = &r->tree[1];
  assert_string_equal(h->name, "main.helper");
  assert_int_equal(h->nout, 2);
  assert_string_equal(h->out[0].name, "main.inl");
  assert_true(h->out[0].inline_);
  assert_false(h->out[1].inline_);
  report_free(r);
}

static void test_top_rows(void **state) {
  (void)state;
  report *r = make_report(r1p, "top", NULL, NULL, NULL, NULL);
  assert_int_equal(r->ntop, 5);
  assert_int_equal(r->total, 210000000);
  assert_string_equal(r->sample_type, "cpu");
  assert_string_equal(r->sample_unit, "nanoseconds");
  assert_string_equal(r->output_unit, "ms");
  assert_string_equal(r->top[2].name, "main.inl");
  assert_string_equal(r->top[2].inline_label, "(inline)");
  assert_string_equal(r->top[0].inline_label, "");
  assert_int_equal(r->top[4].flat, 10000000);
  assert_int_equal(r->top[4].cum, 210000000);
  char buf[64];
  assert_string_equal(report_fmt(r, 123456789, buf), "123.46ms");
  assert_int_equal(r->nlabels, 6);
  assert_string_equal(r->labels[0], "File: prog");
  assert_string_equal(r->labels[1], "built by hand"); /* "#internal" is not shown */
  assert_string_equal(r->labels[4], "Duration: 2s, Total samples = 210ms (10.50%)");
  report_free(r);
  r = make_report(r1p, "top", NULL, "mean=true;divide_by=2", NULL, NULL);
  assert_string_equal(r->sample_type, "mean_cpu");
  assert_true(r->ratio == 0.5);
  assert_string_equal(report_fmt(r, 3000001, buf), "1.50ms"); /* int64(1500000.5) in ms */
  report_free(r);
}

static void test_traces_tags_raw_comments(void **state) {
  (void)state;
  check_r1("traces", NULL, NULL, want_traces);
  /* mean: each sample's value over its count */
  char *got = run_report(r1p, "traces", NULL, "mean=true", NULL, NULL);
  assert_non_null(strstr(got, "Type: mean_cpu\n"));
  assert_non_null(strstr(got, "    worker:  a\n      10ms   main.work\n"));
  free(got);
  /* no percentages when a key's total is 0 */
  profile *z = tb_loaded("type s/count\nmapping 1 0x1000 0x2000 0 /bin/p\ns 5 : f ; k=a\ns -5 : g ; k=b\n");
  assert_report(z, "tags", NULL, NULL, " k: Total 0.0\n     5.0: a\n    -5.0: b\n\n");
  profile_free(z);
  check_r1("tags", NULL, NULL, want_tags);
  check_r1("raw", NULL, NULL, want_raw);
  /* [dflt], Duration as %.4v, numeric units padded for values without one */
  profile *rw = tb_loaded("type a/count\ntype b/count\ndefault b\ntime 1\nduration 123456789\n"
                          "mapping 1 0x1000 0x2000 0 /bin/p\ns 1 2 : f@0x1100 ; n=#3:bytes n=#4 s=x\n");
  assert_report(rw, "raw", NULL, NULL,
                "PeriodType:  \nPeriod: 0\nTime: 1970-01-01 00:00:00.000000001 +0000 UTC\nDuration: 123.\n"
                "Samples:\na/count b/count[dflt]\n          1          2: 1 \n                s:[x]\n"
                "                n:[3 bytes 4 ]\nLocations\n     1: 0x1100 M=1 f :0 s=0()\nMappings\n"
                "1: 0x1000/0x2000/0x0 /bin/p  [FN][FL][LN][IN]\n");
  profile_free(rw);
  check_r1("comments", NULL, NULL, want_comments);
  /* tags and traces apply the filters too */
  /* the last sample has worker=a and worker=b: it counts for both */
  check_r1("tags", NULL, "tagfocus=worker=b", " size: Total 50.0ms\n       50.0ms (  100%): 1kB\n\n"
                                              " worker: Total 70.0ms\n         60.0ms (85.71%): b\n"
                                              "         10.0ms (14.29%): a\n\n");
}

static void test_labels_in_reports(void **state) {
  (void)state;
  profile *p = tb_loaded(t1);
  /* a key's unit is its first unit: 2 kilobytes shows as 2B, as in pprof */
  assert_report(p, "tags", NULL, NULL, want_t1_tags);
  /* no percentages when the total is not positive */
  assert_report(p, "tags", NULL, "sample_index=samples;unit=b", want_t1_tags_samples);
  assert_report(p, "traces", NULL, NULL, want_t1_traces);
  assert_report(p, "raw", NULL, NULL, want_t1_raw);
  profile_free(p);
}

static void test_dot_and_callgrind(void **state) {
  (void)state;
  /* in dot, a node's tags (at most 4) count towards nodecount */
  strbuf desc = STRBUF_INIT;
  sb_adds(&desc, "type s/count\nmapping 1 0x1000 0x2000 0 /bin/p\n");
  for (int i = 1; i <= 6; i++) sb_printf(&desc, "s 10 : a ; k=v%d\n", i);
  sb_adds(&desc, "s 5 : b\ns 4 : c\ns 3 : d\n");
  profile *p = tb_loaded(desc.s);
  sb_free(&desc);
  static const char *const shown[] = {"Showing top 1 nodes out of 4", "Showing top 2 nodes out of 4",
                                      "Showing top 3 nodes out of 4", NULL};
  for (int n = 5; n <= 8; n++) {
    char *opt = xasprintf("nodecount=%d", n);
    char *got = run_report(p, "dot", NULL, opt, NULL, NULL);
    if (shown[n - 5])
      assert_non_null(strstr(got, shown[n - 5]));
    else
      assert_null(strstr(got, "Showing top"));
    free(got), free(opt);
  }
  profile_free(p);
  check_r1("dot", NULL, "call_tree=true", want_dot_call_tree);
  check_r1("callgrind", NULL, "call_tree=true", want_callgrind_call_tree);
  check_r1("dot", NULL, NULL, want_dot);
  check_r1("dot", NULL, "nodecount=3;edgefraction=0.2", want_dot_trim);
  check_r1("dot", NULL, "nodecount=0;edgefraction=0.12", want_dot_edges);
  check_r1("callgrind", NULL, NULL, want_callgrind);
}

static void write_text(const char *path, const char *text) {
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  fputs(text, f);
  fclose(f);
}

static void test_list(void **state) {
  (void)state;
  char dir[] = "/tmp/tprof-unit-src-XXXXXX";
  assert_non_null(mkdtemp(dir));
  char *main_go = xasprintf("%s/main.go", dir), *util_go = xasprintf("%s/util.go", dir);
  strbuf src = STRBUF_INIT;
  for (int i = 1; i <= 30; i++) sb_printf(&src, "line %d of main.go\n", i);
  write_text(main_go, src.s);
  /* CRLF, and no newline at the end */
  write_text(util_go, "u1\nu2\r\nu3\nu4\nu5\nu6\nu7\nu8\nu9\nu10");
  char *opt = xasprintf("source_path=%s", dir);
  check_r1("list", "main.work", opt, want_list);
  check_r1("list", "main.work", "source_path=/nonexistent/src", want_list_err);
  /* several functions, by name; the inlined one is at its own lines */
  check_r1("list", "main.(helper|inl)", opt,
           "Total: 210ms\n"
           "ROUTINE ======================== main.helper in util.go\n"
           "      50ms      100ms (flat, cum) 47.62% of Total\n"
           "         .          .      5:u5\n"
           "         .          .      6:u6\n"
           "      50ms       50ms      7:u7\n"
           "         .       30ms      8:u8\n"
           "         .       20ms      9:u9\n"
           "         .          .     10:u10\n"
           "ROUTINE ======================== main.inl in util.go\n"
           "      30ms       30ms (flat, cum) 14.29% of Total\n");
  /* without a start line: 5 lines around the sampled ones */
  profile *p = tb_loaded("type samples/count\nmapping 1 0x1000 0x2000 0 /bin/p\nfunc g main.go\n"
                         "s 1 : g:12@0x1100\ns 2 : g:14@0x1200\n");
  strbuf want = STRBUF_INIT;
  sb_adds(&want, "Total: 3\nROUTINE ======================== g in main.go\n"
                 "         3          3 (flat, cum)   100% of Total\n");
  for (int i = 7; i <= 19; i++)
    sb_printf(&want, "%10s %10s %6d:line %d of main.go\n", i == 12 ? "1" : i == 14 ? "2" : ".",
              i == 12 ? "1" : i == 14 ? "2" : ".", i, i);
  assert_report(p, "list", "g", opt, want.s);
  sb_free(&want);
  profile_free(p);
  char *err = NULL;
  assert_null(run_report(r1p, "list", "zzz", opt, NULL, &err));
  assert_text(err, "no matches found for regexp: zzz");
  free(err);
  unlink(main_go), unlink(util_go), rmdir(dir);
  free(main_go), free(util_go), free(opt);
  sb_free(&src);
}

/* proto writes the (filtered) profile: it reads back as the same samples. */
static void test_proto_round_trip(void **state) {
  (void)state;
  static const struct {
    const char *opts, *want;
  } cases[] = {
      {NULL, NULL},
      {"divide_by=2", "5 50000000: main.work:22@0x401000 main.main:12@0x400100; worker=a\n"
                      "2 25000000: main.helper:7@0x402000 main.work:23@0x401010 main.main:12@0x400100; worker=b "
                      "size=#1024:bytes\n"
                      "1 15000000: main.inl:41+main.helper:8@0x402100 main.main:13@0x400110; worker=a size=#64:bytes\n"
                      "1 10000000: runtime.mallocgc:901@0x403000 main.helper:9@0x402200 main.work:24@0x401020 "
                      "main.main:12@0x400100\n"
                      "0 5000000: main.main:14@0x400120; worker=a worker=b\n"},
      {"focus=inl", "3 30000000: main.inl:41+main.helper:8@0x402100 main.main:13@0x400110; worker=a size=#64:bytes\n"},
  };
  char *orig = dump_samples(r1p);
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    report *r = make_report(r1p, "proto", NULL, cases[i].opts, NULL, NULL);
    assert_true(r->nbytes > 2 && r->bytes[0] == 0x1f && r->bytes[1] == 0x8b);
    char *err = NULL;
    profile *p = profile_parse(r->bytes, r->nbytes, "proto", &err);
    assert_non_null(p);
    assert_samples(p, cases[i].want ? cases[i].want : orig);
    assert_int_equal(p->time_nanos, r1p->time_nanos);
    assert_int_equal(p->duration_nanos, r1p->duration_nanos);
    assert_int_equal(p->period, r1p->period);
    assert_int_equal(p->ncomments, 2);
    assert_string_equal(p->mappings[0].file, "/bin/prog");
    profile_free(p);
    report_free(r);
  }
  free(orig);
  /* topproto: cum and flat per function in the output unit */
  report *r = make_report(r1p, "topproto", NULL, NULL, NULL, NULL);
  char *err = NULL;
  profile *p = profile_parse(r->bytes, r->nbytes, "topproto", &err);
  assert_non_null(p);
  assert_string_equal(p->sample_type[0].type, "cum");
  assert_string_equal(p->sample_type[0].unit, "ms");
  assert_string_equal(p->sample_type[1].type, "flat");
  assert_samples(p, "170 100: main.work\n100 50: main.helper\n30 30: main.inl\n20 20: runtime.mallocgc\n"
                    "210 10: main.main\n");
  profile_free(p);
  report_free(r);
}

static void test_errors(void **state) {
  (void)state;
  static const struct {
    const char *cmd, *arg, *opts, *want;
  } cases[] = {
      {"top", NULL, "sample_index=bogus", "sample_index \"bogus\" must be one of: [samples cpu]"},
      {"top", NULL, "sample_index=2", "sample_index 2 is outside the range [0..1]"},
      {"top", NULL, "divide_by=0", "zero divisor specified"},
      {"peek", "a(b", NULL, "parsing argument regexp a(b: "},
      {"disasm", "main", NULL, "no matches found for regexp: main"}, /* no binary to read */
      {"disasm", "main", "intel_syntax=true", "printing assembly in Intel syntax is not supported"},
      {"top", NULL, "focus=a(b", "parsing focus regexp: "},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    char *err = NULL;
    assert_null(run_report(r1p, cases[i].cmd, cases[i].arg, cases[i].opts, NULL, &err));
    if (strncmp(err, cases[i].want, strlen(cases[i].want))) fail_msg("%s: got %s", cases[i].want, err);
    free(err);
  }
  profile *empty = tb_loaded("comment nothing here\n");
  char *err = NULL;
  assert_null(run_report(empty, "top", NULL, NULL, NULL, &err));
  assert_text(err, "profile has no samples");
  free(err);
  /* as in pprof, even comments need a sample type */
  assert_null(run_report(empty, "comments", NULL, NULL, NULL, &err));
  assert_text(err, "profile has no samples");
  free(err);
  profile_free(empty);
}

/* Messages pprof prints on stderr while making a report come back in msgs. */
static void test_messages(void **state) {
  (void)state;
  profile *p = tb_loaded("type s/count\ns 1 : f ; t=#5:ms\ns 1 : g ; t=#6:seconds\n");
  char *msgs = NULL;
  char *got = run_report(p, "top", NULL, "focus=nothing;tagfocus=1ms:", &msgs, NULL);
  assert_text(msgs, "For tag t used unit ms, also encountered unit(s) seconds\n"
                    "tagfocus:Interpreted '1ms:' as range, not regexp\n"
                    "Focus expression matched no samples\n"
                    "TagFocus expression matched no samples\n");
  free(got), free(msgs);
  profile_free(p);
}

/* pprof's ProfileLabels for profiles that are not CPU profiles. */
static void test_profile_labels(void **state) {
  (void)state;
  profile *p = tb_loaded("type space/bytes\nduration 1000000000\ntime 86400000000000\n"
                         "mapping 1 0x1000 0x2000 0 /usr/bin/server abc123\ns 2048 : f@0x1100\n");
  report r;
  memset(&r, 0, sizeof r);
  r.sample_unit = "bytes";
  r.output_unit = (char *)"minimum";
  r.ratio = 1;
  char **labels = NULL;
  size_t n = 0;
  report_profile_labels(p, "space", "bytes", 2048, &r, &labels, &n);
  assert_int_equal(n, 5);
  assert_string_equal(labels[0], "File: server");
  assert_string_equal(labels[1], "Build ID: abc123");
  assert_string_equal(labels[2], "Type: space");
  assert_string_equal(labels[3], "Time: Jan 2, 1970 at 12:00am (UTC)");
  /* no ratio for a total that is not a time */
  assert_string_equal(labels[4], "Duration: 1s, Total samples = 2kB ");
  for (size_t i = 0; i < n; i++) free(labels[i]);
  free(labels);
  profile_free(p);
}

/* A value of option o other than its default, that changes something on r1. */
static void other_value(const option_def *o, const config *def, strbuf *out) {
  static const struct {
    const char *name, *value;
  } values[] = {
      {"unit", "ms"},         {"sample_index", "samples"}, {"tagroot", "worker"},      {"tagleaf", "worker"},
      {"focus", "helper"},    {"ignore", "helper"},        {"prune_from", "work"},     {"hide", "inl"},
      {"show", "main"},       {"show_from", "work"},       {"tagfocus", "worker=a"},   {"tagignore", "worker=b"},
      {"tagshow", "worker"},  {"taghide", "size"},         {"source_path", "/nonexistent"},
      {"trim_path", "/bin"},  {"nodecount", "2"},          {"output", "out.txt"},      {"divide_by", "2"},
      {"module", "example.com/x"},
  };
  for (size_t i = 0; i < sizeof values / sizeof *values; i++)
    if (!strcmp(values[i].name, o->name)) {
      sb_adds(out, values[i].value);
      return;
    }
  strbuf cur = STRBUF_INIT;
  config_get(def, o, &cur);
  if (o->choices) { /* the first choice that is not the default */
    for (const char *const *c = o->choices; *c && !out->len; c++)
      if (strcmp(*c, sb_str(&cur))) sb_adds(out, *c);
  } else if (o->type == OPT_BOOL) {
    sb_adds(out, strcmp(sb_str(&cur), "true") ? "true" : "false");
  } else if (o->type == OPT_FLOAT) {
    sb_adds(out, "0.2");
  } else {
    fail_msg("no test value for option %s", o->name);
  }
  sb_free(&cur);
}

/* cmd's report on r1 under c, printed; through cache when not NULL. */
static char *cached_text(report_cache *cache, const char *cmd, const char *arg, const config *c) {
  strbuf m = STRBUF_INIT, out = STRBUF_INIT;
  char *err = NULL;
  report *r = cache ? report_run_cached(r1p, cache, command_find(cmd), arg, c, &m, &err)
                    : report_run(r1p, command_find(cmd), arg, c, &m, &err);
  if (r) print_report(r, &out);
  else sb_printf(&out, "error: %s", err);
  sb_printf(&out, "\nmessages: %s", sb_str(&m));
  report_free(r);
  free(err), sb_free(&m);
  return sb_steal(&out);
}

/* The defaults, with one option set when opt ("name=value") is not NULL. */
static void config_with(config *c, const char *opt) {
  config_init(c);
  char *err = NULL;
  if (!opt) return;
  const char *eq = strchr(opt, '=');
  char *name = xstrndup(opt, (size_t)(eq - opt));
  if (!config_configure(c, name, eq + 1, &err)) fail_msg("%s: %s", opt, err);
  free(name);
}

/* The timeline of sr under c (sort=... given), printed; through cache when not NULL. */
static char *timeline_text(const series *sr, report_cache *cache, const char *opts) {
  config c;
  config_with(&c, opts);
  char *err = NULL;
  strbuf m = STRBUF_INIT, out = STRBUF_INIT;
  report *r = report_timeline(sr, sr->v[sr->n - 1].prof, cache, command_find("timeline"), &c, &m, &err);
  if (r) print_report(r, &out);
  else sb_printf(&out, "error: %s", err);
  sb_printf(&out, "\nmessages: %s", sb_str(&m));
  report_free(r);
  free(err), sb_free(&m);
  config_free(&c);
  return sb_steal(&out);
}

/* The timeline remembers each snapshot's top rows in the report cache
 * (report_timeline.c): made again after a snapshot is added (a watch's
 * fetch), or under other options, or after a snapshot changed in place, it
 * prints what a timeline made without a cache prints. */
static void test_timeline_memo(void **state) {
  (void)state;
  static const char *const snaps[] = {
      "type space/bytes\ntime 1000000000\nmapping 1 0x1000 0x2000 0 /bin/mem\n"
      "s 100 : leak@0x1100 main@0x1000\ns 50 : other@0x1200 main@0x1000\n",
      "type space/bytes\ntime 2000000000\nmapping 1 0x1000 0x2000 0 /bin/mem\n"
      "s 300 : leak@0x1100 main@0x1000\ns 40 : other@0x1200 main@0x1000\n",
      "type space/bytes\ntime 3000000000\nmapping 1 0x1000 0x2000 0 /bin/mem\n"
      "s 700 : leak@0x1100 main@0x1000\ns 60 : other@0x1200 main@0x1000\ns 5 : fresh@0x1300 main@0x1000\n",
  };
  static const char *const opts[] = {NULL, "sort=cum", "focus=leak", "focus=nosuch", NULL};
  series sr = {0};
  report_cache *cache = report_cache_new();
  for (size_t n = 0; n < 3; n++) {
    series_add(&sr, tb_loaded(snaps[n]), "snap");
    for (size_t k = 0; k < sizeof opts / sizeof *opts; k++) {
      char *a = timeline_text(&sr, cache, opts[k]), *b = timeline_text(&sr, NULL, opts[k]);
      assert_string_equal(a, b);
      if (n == 2 && k == 0) { /* the leak first, steady, with its three values */
        const char *row = strstr(a, "\n      100B       300B       700B      +600B ");
        assert_non_null(row);
        assert_non_null(strstr(row, "steady  leak\n"));
      }
      free(a), free(b);
    }
  }
  /* a snapshot changed in place (a new serial): its rows are made again */
  profile_touch(sr.v[0].prof);
  char *a = timeline_text(&sr, cache, NULL), *b = timeline_text(&sr, NULL, NULL);
  assert_string_equal(a, b);
  free(a), free(b);
  series_clear(&sr);
  report_cache_free(cache);
}

/* series_thin keeps the first and the last snapshot and drops every second
 * one between them until at most max are left, dropping their references. */
static void test_series_thin(void **state) {
  (void)state;
  series sr = {0};
  profile *p[9];
  for (size_t i = 0; i < 9; i++) {
    char *src = xasprintf("s%zu", i + 1);
    p[i] = tb_loaded("type space/bytes\ns 1 : f\n");
    series_add(&sr, profile_ref(p[i]), src);
    free(src);
  }
  assert_int_equal(series_thin(&sr, 9), 0);
  assert_int_equal(series_thin(&sr, 8), 4); /* s1 s3 s5 s7 s9 */
  assert_int_equal(sr.n, 5);
  assert_string_equal(sr.v[0].source, "s1");
  assert_string_equal(sr.v[1].source, "s3");
  assert_string_equal(sr.v[4].source, "s9");
  assert_int_equal(series_thin(&sr, 3), 2); /* s1 s5 s9 */
  assert_string_equal(sr.v[1].source, "s5");
  assert_true(sr.v[1].prof == p[4]);
  series_clear(&sr);
  for (size_t i = 0; i < 9; i++) profile_unref(p[i]); /* the last references: ASan would see a double free */
}

/* cmd's report on r1 under opts (name=value), through cache; the caller frees it. */
static report *cached_report(report_cache *cache, const char *cmd, const char *arg, const char *opt) {
  config c;
  config_with(&c, opt);
  char *err = NULL;
  strbuf m = STRBUF_INIT;
  report *r = report_run_cached(r1p, cache, command_find(cmd), arg, &c, &m, &err);
  if (!r) fail_msg("%s: %s", cmd, err);
  sb_free(&m), config_free(&c);
  return r;
}

static char *report_text(report *r) {
  strbuf out = STRBUF_INIT;
  print_report(r, &out);
  return sb_steal(&out);
}

/* A focused view's tables equal the unfiltered view's: made after it, it
 * uses its aggregated tables (holding a reference to that view); made
 * before it, it has its own copy, equal in content. Either way the cache
 * shares one node map between them, and each keeps what it uses alive when
 * the other, and the cache, are freed (checked under ASan). */
static void test_nodemap_shared(void **state) {
  (void)state;
  for (int order = 0; order < 2; order++)
    for (int drop_first = 0; drop_first < 2; drop_first++) {
      report_cache *cache = report_cache_new();
      report *plain = NULL, *foc = NULL;
      if (order == 0) plain = cached_report(cache, "top", NULL, NULL);
      foc = cached_report(cache, "top", NULL, "focus=main.helper");
      if (order == 1) plain = cached_report(cache, "top", NULL, NULL);
      assert_non_null(plain->nmp);
      assert_ptr_equal(plain->nmp, foc->nmp);
      assert_ptr_not_equal(plain->view, foc->view);
      if (order == 0) { /* the unfiltered view's tables */
        assert_ptr_equal(plain->view->locations, foc->view->locations);
        assert_ptr_equal(foc->view->tables_from, plain->view);
      } else {
        assert_ptr_not_equal(plain->view->locations, foc->view->locations);
        assert_null(plain->view->tables_from);
      }
      /* other options naming files: a map of its own */
      report *trim = cached_report(cache, "top", NULL, "trim_path=/nosuch");
      assert_ptr_not_equal(trim->nmp, plain->nmp);
      report_free(trim);
      /* lines granularity: other tables, another map */
      report *lines = cached_report(cache, "top", NULL, "granularity=lines");
      assert_ptr_not_equal(lines->nmp, plain->nmp);
      report_free(lines);
      char *want = report_text(foc), *want_plain = report_text(plain);
      if (drop_first) report_free(plain), plain = NULL;
      else report_free(foc), foc = NULL;
      report_cache_free(cache); /* the live report holds its entry, the entry its map and tables */
      report *live = foc ? foc : plain;
      char *got = report_text(live);
      assert_string_equal(got, foc ? want : want_plain);
      if (foc) { /* 50ms + 30ms + 20ms through main.helper (r1's comment) */
        assert_non_null(strstr(got, "Showing nodes accounting for 100ms, 47.62% of 210ms total\n"));
        assert_non_null(strstr(got, "      50ms 23.81% 23.81%      100ms 47.62%  main.helper\n"
                                    "      30ms 14.29% 38.10%       30ms 14.29%  main.inl (inline)\n"));
        assert_non_null(strstr(got, "         0     0% 47.62%       70ms 33.33%  main.work\n"));
      } else {
        assert_non_null(strstr(got, "Showing nodes accounting for 210ms, 100% of 210ms total\n"));
      }
      report_free(live);
      free(got), free(want), free(want_plain);
    }
}

/* Under a filter that only drops samples, a report made through a cache
 * that holds the unfiltered view's weights (at both granularities) prints
 * what it prints without a cache, whether its first pass is made by
 * difference (fewer samples dropped than kept) or directly; views of one
 * focus at two granularities share the focused stage. */
static void test_focus_from_cache(void **state) {
  (void)state;
  static const char *const opts[] = {
      "ignore=runtime",     /* drops 1 of 5 samples: by difference */
      "focus=main.work",    /* drops 2 */
      "focus=main.helper",  /* drops 2 */
      "tagfocus=worker=a",  /* drops 2 */
      "tagignore=worker=b", /* drops 2 */
      "focus=main.inl",     /* drops 4: a direct pass */
      "focus=nosuch",       /* drops all: "Focus expression matched no samples" */
      "hide=main.inl",      /* rewrites stacks: a direct pass */
  };
  report_cache *cache = report_cache_new();
  for (size_t k = 0; k < sizeof opts / sizeof *opts; k++) {
    config c;
    config_with(&c, NULL);
    free(cached_text(cache, "top", NULL, &c));
    free(cached_text(cache, "list", "main", &c));
    config_free(&c);
    config_with(&c, opts[k]);
    static const char *const cmds[][2] = {{"top", NULL}, {"list", "main"}, {"peek", "main.work"}, {"top", NULL}};
    for (size_t i = 0; i < sizeof cmds / sizeof *cmds; i++) {
      char *got = cached_text(cache, cmds[i][0], cmds[i][1], &c);
      char *want = cached_text(NULL, cmds[i][0], cmds[i][1], &c);
      if (strcmp(got, want)) fail_msg("%s under %s: the cache serves\n%s\nwant\n%s", cmds[i][0], opts[k], got, want);
      free(got), free(want);
    }
    config_free(&c);
  }
  /* top under each of the first five filters (list makes no first pass, so
   * the unfiltered lines view has none to start from) */
  assert_int_equal(report_cache_differences(cache), 5);
  report *top = cached_report(cache, "top", NULL, "focus=main.helper");
  report *list = cached_report(cache, "list", "main", "focus=main.helper");
  assert_ptr_not_equal(top->view, list->view);
  assert_non_null(top->view->base);
  assert_ptr_equal(top->view->base, list->view->base); /* one focused stage, two aggregations */
  assert_ptr_not_equal(top->nmp, list->nmp);
  report_cache_free(cache);
  char *a = report_text(list);
  report_free(top);
  char *b = report_text(list); /* the stage lives on with the report that still uses it */
  assert_string_equal(a, b);
  assert_non_null(strstr(b, "ROUTINE ======================== main.helper in util.go\n"));
  report_free(list);
  free(a), free(b);
}

/* cmd's report on p under opt (through cache when not NULL), printed. */
/* A command with an argument (or NULL) under opt (or NULL), through cache
 * or not: its text and messages. */
static char *text_arg_on(profile *p, report_cache *cache, const char *cmd, const char *arg, const char *opt) {
  config c;
  config_with(&c, opt);
  strbuf m = STRBUF_INIT, out = STRBUF_INIT;
  char *err = NULL;
  report *r = cache ? report_run_cached(p, cache, command_find(cmd), arg, &c, &m, &err)
                    : report_run(p, command_find(cmd), arg, &c, &m, &err);
  if (!r) fail_msg("%s %s under %s: %s", cmd, arg ? arg : "", opt ? opt : "no option", err);
  print_report(r, &out);
  sb_printf(&out, "\nmessages: %s", sb_str(&m));
  report_free(r);
  sb_free(&m), config_free(&c);
  return sb_steal(&out);
}

static char *text_on(profile *p, report_cache *cache, const char *cmd, const char *opt) {
  return text_arg_on(p, cache, cmd, NULL, opt);
}

/* A focus as the first command (no unfiltered view cached): its first pass
 * is the load's weights of the unfiltered view (loadweights.h) minus the
 * dropped samples', when the load made them and the view's nodes are its
 * functions; else a direct pass. Either way what an uncached report prints. */
static void test_focus_from_load(void **state) {
  (void)state;
  profile *p = tb_side_pass_profile(54321, false);
  assert_non_null(p->lw);
  static const struct {
    const char *cmd, *opt;
    size_t differences;
  } cases[] = {
      {"top", "focus=^a$", 1},     /* drops 4 of 8 merged samples */
      {"top", "ignore=^d$", 1},    /* drops 1 */
      {"tree", "ignore=^c$", 1},
      {"top", "focus=^d$", 0},     /* drops 7: a direct pass */
      {"top", "hide=^r$", 0},      /* rewrites stacks */
  };
  for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
    report_cache *cache = report_cache_new();
    char *got = text_on(p, cache, cases[k].cmd, cases[k].opt), *want = text_on(p, NULL, cases[k].cmd, cases[k].opt);
    assert_string_equal(got, want);
    if (report_cache_differences(cache) != cases[k].differences)
      fail_msg("%s under %s: %zu first passes by difference, want %zu", cases[k].cmd, cases[k].opt,
               report_cache_differences(cache), cases[k].differences);
    free(got), free(want);
    report_cache_free(cache);
  }
  profile_free(p);
}

/* A drill-down's list then peek of one function read the stack array once:
 * peek takes the samples list found through the same locations (the cache's
 * need_memo), and prints what an uncached peek prints; other locations, or
 * a view of other samples (a focus), scan again. */
static void test_drill_memo(void **state) {
  (void)state;
  profile *p = tb_side_pass_profile(777, false);
  static const struct {
    const char *cmd, *arg, *opt;
    size_t reuses; /* after it */
  } steps[] = {
      {"top", NULL, NULL, 0},          {"list", "^a$", NULL, 0},        {"peek", "^a$", NULL, 1},
      {"peek", "^b$", NULL, 1},        {"list", "^b$", NULL, 2},        {"list", "^k$", "focus=^r$", 2},
      {"peek", "^k$", "focus=^r$", 3}, {"peek", "^k$", NULL, 3},        {"list", "^k$", NULL, 4},
  };
  report_cache *cache = report_cache_new();
  for (size_t k = 0; k < sizeof steps / sizeof *steps; k++) {
    char *got = text_arg_on(p, cache, steps[k].cmd, steps[k].arg, steps[k].opt),
         *want = text_arg_on(p, NULL, steps[k].cmd, steps[k].arg, steps[k].opt);
    assert_string_equal(got, want);
    if (report_cache_memo_reuses(cache) != steps[k].reuses)
      fail_msg("%s %s under %s: %zu passes read the memo, want %zu", steps[k].cmd, steps[k].arg ? steps[k].arg : "",
               steps[k].opt ? steps[k].opt : "no option", report_cache_memo_reuses(cache), steps[k].reuses);
    free(got), free(want);
  }
  report_cache_free(cache);
  profile_free(p);
}

/* The report of cmd (arg may be NULL) on p under opts (';'-separated),
 * through cache when not NULL; NULL on an error, which m then ends with. */
static report *run_opts(profile *p, report_cache *cache, const char *cmd, const char *arg, const char *opts,
                        strbuf *m) {
  config c;
  config_init(&c);
  apply_options(&c, opts);
  char *err = NULL;
  report *r = cache ? report_run_cached(p, cache, command_find(cmd), arg, &c, m, &err)
                    : report_run(p, command_find(cmd), arg, &c, m, &err);
  if (!r) sb_printf(m, "error: %s\n", err), free(err); /* NULL: m says why */
  config_free(&c);
  return r;
}

/* A focus's top after the unfiltered top takes its first pass by
 * difference straight from the focus's mask: the kept samples are not
 * copied (the view still has all of them) until a report reads them; every
 * report after it, and top itself, print what they print without a cache.
 * On a profile of two sample types with recursion (a:2 a:1, b:2 ... b:4). */
static void test_focus_mask(void **state) {
  (void)state;
  /* no inlined frames: top then needs no edges (report_trimmed_graph) */
  static const char *const stacks[] = {"a:1 m", "b:2 a:1 m", "f k:3 m", "a:2 a:1 r m", "c b:2 b:4 m", "d f k:3 r",
                                       "m", "k a:2 m r", "b:2 a:1 m r"};
  strbuf d = STRBUF_INIT;
  sb_adds(&d, "type count/count\ntype space/bytes\ntype time/nanoseconds\n");
  uint32_t x = 777;
  for (int i = 0; i < 3000; i++) {
    x = x * 1103515245u + 12345u;
    int st = (int)((x >> 16) % 9), v = (int)((x >> 8) % 5);
    sb_printf(&d, "s %d %d %d : %s%s\n", v + 1, v * 100 - 150, v * 7, stacks[st], i % 3 ? "" : " ; w=x");
  }
  profile *p = tb_loaded(sb_str(&d));
  sb_free(&d);
  static const struct {
    const char *opts;
    bool by_mask; /* top's first pass from the mask, no copy */
  } cases[] = {
      {"focus=^a$", true},              /* drops 4 of 8 merged samples */
      {"ignore=^d$", true},             /* drops 1 */
      {"focus=^a$;ignore=^b$", false},  /* drops more than it keeps: a direct pass */
      {"focus=^m$;ignore=^c$", true},   /* recursion and two filters */
      {"focus=.", true},                /* keeps everything */
      {"focus=nosuch", false},          /* keeps nothing: a direct pass over none */
      {"focus=^a$;hide=^nosuch$", false}, /* no base without the hide (base_key): a direct pass */
      {"focus=^a$;hide=^c$", false},    /* hides c: stacks rewritten */
      {"focus=^a$;show=^a$", false},
      {"focus=^a$;relative_percentages=true", false}, /* its total reads the samples */
      {"focus=^a$;granularity=lines", true},
  };
  static const struct {
    const char *cmd, *arg, *opts;
  } after[] = {{"top", NULL, "sort=cum"}, {"peek", "^a$", ""}, {"tree", NULL, ""}, {"traces", NULL, ""},
               {"top", NULL, "relative_percentages=true"}, {"top", NULL, "granularity=lines"}, {"list", "^a$", ""},
               {"top", NULL, "sample_index=space"}};
  for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
    report_cache *cache = report_cache_new();
    strbuf m = STRBUF_INIT;
    report_free(run_opts(p, cache, "top", NULL, "", &m));
    char *lines = xasprintf("%s", strstr(cases[k].opts, "granularity") ? "granularity=lines" : "");
    report_free(run_opts(p, cache, "top", NULL, lines, &m));
    free(lines);
    size_t before = report_cache_differences(cache);
    report *r = run_opts(p, cache, "top", NULL, cases[k].opts, &m);
    report *un = run_opts(p, NULL, "top", NULL, cases[k].opts, &m);
    char *got = report_text(r), *want = report_text(un);
    if (strcmp(got, want)) fail_msg("top under %s: the cache serves\n%s\nwant\n%s", cases[k].opts, got, want);
    bool deferred = r->view->nsamples == p->nsamples && r->view->value_idx == p->value_idx && un->view->nsamples < p->nsamples;
    bool by_mask = deferred && report_cache_differences(cache) == before + 1;
    if (un->view->nsamples < p->nsamples && by_mask != cases[k].by_mask)
      fail_msg("top under %s: first pass from the mask %d, want %d", cases[k].opts, by_mask, cases[k].by_mask);
    size_t kept = un->view->nsamples;
    free(got), free(want), report_free(un);
    /* every report after it reads the kept samples alone */
    for (size_t i = 0; i < sizeof after / sizeof *after; i++) {
      char *o = xasprintf("%s;%s", cases[k].opts, after[i].opts);
      report *a = run_opts(p, cache, after[i].cmd, after[i].arg, o, &m);
      report *b = run_opts(p, NULL, after[i].cmd, after[i].arg, o, &m);
      if (!a || !b) { /* peek ^a$ under focus=nosuch: both fail */
        if (a || b) fail_msg("%s under %s: one fails: %s", after[i].cmd, o, sb_str(&m));
        free(o);
        continue;
      }
      got = report_text(a), want = report_text(b);
      if (strcmp(got, want)) fail_msg("%s after top under %s: the cache serves\n%s\nwant\n%s", after[i].cmd, o, got, want);
      if (strcmp(after[i].cmd, "top")) assert_int_equal(a->view->nsamples, b->view->nsamples); /* settled */
      free(got), free(want), free(o);
      report_free(a), report_free(b);
    }
    /* the top made first now sees the kept samples alone too */
    if (by_mask) assert_int_equal(r->view->nsamples, kept);
    report_free(r);
    report_cache_free(cache);
    sb_free(&m);
  }
  profile_free(p);
}

/* On a profile of 50000 samples and more the copy of a focus's kept samples
 * is made on a thread while top's first pass is taken by difference
 * (report.c settle_start): the reports after it print what they print
 * without a cache, and a cache freed while the copy runs waits for it
 * (under ASan: nothing leaked or read after free). */
static void test_focus_mask_threaded(void **state) {
  (void)state;
  strbuf d = STRBUF_INIT;
  sb_adds(&d, "type count/count\ntype space/bytes\n");
  static const char *const stacks[] = {"a:1 m", "b:2 a:1 m", "a:2 a:1 r m", "c b:2 b:4 m", "d k:3 r", "m"};
  for (int i = 0; i < 140000; i++) sb_printf(&d, "s %d %d : %s ; i=#%d\n", i % 7 + 1, i % 5, stacks[i % 6], i);
  profile *p = tb_loaded(sb_str(&d));
  sb_free(&d);
  assert_int_equal(p->nsamples, 140000); /* three chunks of the copy (VIEW_KEPT_CHUNK) */
  core_env env = {.threads = 2};
  static const char *const cmds[][2] = {{"peek", "^a$"}, {"tree", NULL}, {"list", "^b$"}, {"top", NULL}};
  for (int free_early = 0; free_early < 2; free_early++)
    for (size_t k = 0; k < sizeof cmds / sizeof *cmds; k++) {
      report_cache *cache = report_cache_new();
      strbuf m = STRBUF_INIT, out[2] = {STRBUF_INIT, STRBUF_INIT};
      for (int run = 0; run < 3; run++) {
        config c;
        config_init(&c);
        c.env = &env;
        apply_options(&c, run ? "focus=^a$" : "");
        char *err = NULL;
        const char *cmd = run == 2 ? cmds[k][0] : "top", *arg = run == 2 ? cmds[k][1] : NULL;
        report *r = report_run_cached(p, cache, command_find(cmd), arg, &c, &m, &err);
        if (!r) fail_msg("%s: %s", cmd, err);
        if (run == 1) assert_int_equal(r->view->nsamples, 140000); /* top by difference: not copied */
        if (run == 1 && free_early) {
          report_cache_free(cache), cache = NULL; /* while the copy may still run */
          assert_int_equal(r->view->nsamples, 140000);
          report_free(r);
          config_free(&c);
          break;
        }
        if (run == 2) {
          print_report(r, &out[0]);
          report *un = report_run(p, command_find(cmd), arg, &c, &m, &err);
          if (!un) fail_msg("%s: %s", cmd, err);
          print_report(un, &out[1]);
          if (strcmp(cmd, "top")) assert_int_equal(r->view->nsamples, un->view->nsamples); /* 70000 */
          report_free(un);
          assert_string_equal(sb_str(&out[0]), sb_str(&out[1]));
        }
        report_free(r);
        config_free(&c);
      }
      report_cache_free(cache);
      sb_free(&m), sb_free(&out[0]), sb_free(&out[1]);
    }
  profile_free(p);
}

/* The view cache can serve stale views only if an option that determines
 * a view is missing from its key (report.c report_view_key). The key holds
 * each option flagged OPTF_VIEW, and no other; and for every option,
 * whatever its flags, a report made through a cache warmed under another
 * value prints what a report made without a cache prints. */
static void test_view_key_options(void **state) {
  (void)state;
  config def;
  config_init(&def);
  char *key0 = report_view_key(&def);
  static const struct {
    const char *cmd, *arg;
  } cmds[] = {{"top", NULL}, {"tree", NULL}, {"list", "main"}, {"traces", NULL}, {"tags", NULL}, {"peek", "work"},
              {"raw", NULL}, {"flame", NULL}};
  size_t view_options = 0;
  for (size_t i = 0; i < option_count; i++) {
    const option_def *o = &option_table[i];
    strbuf v = STRBUF_INIT;
    other_value(o, &def, &v);
    config c;
    config_copy(&c, &def);
    char *err = NULL;
    if (!config_set(&c, o, sb_str(&v), &err)) fail_msg("%s=%s: %s", o->name, sb_str(&v), err);
    char *key = report_view_key(&c);
    bool changed = strcmp(key, key0) != 0;
    if (changed != ((o->flags & OPTF_VIEW) != 0))
      fail_msg("option %s: flagged OPTF_VIEW %d, changes the view key %d", o->name, (o->flags & OPTF_VIEW) != 0,
               changed);
    view_options += changed;
    free(key);
    for (size_t k = 0; k < sizeof cmds / sizeof *cmds; k++)
      for (int order = 0; order < 2; order++) {
        const config *warm = order ? &c : &def, *run = order ? &def : &c;
        report_cache *cache = report_cache_new();
        free(cached_text(cache, cmds[k].cmd, cmds[k].arg, warm));
        char *got = cached_text(cache, cmds[k].cmd, cmds[k].arg, run);
        char *want = cached_text(NULL, cmds[k].cmd, cmds[k].arg, run);
        if (strcmp(got, want))
          fail_msg("%s after %s=%s (order %d): the cache serves\n%s\nwant\n%s", cmds[k].cmd, o->name, sb_str(&v),
                   order, got, want);
        free(got), free(want);
        report_cache_free(cache);
      }
    config_free(&c);
    sb_free(&v);
  }
  assert_true(view_options >= 17); /* 10 filters, tagroot/leaf, granularity, noinlines, unit, two paths */
  free(key0);
  config_free(&def);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_top),
      cmocka_unit_test(test_focus_mask),
      cmocka_unit_test(test_focus_mask_threaded),
      cmocka_unit_test(test_top_headers),
      cmocka_unit_test(test_unit_selection),
      cmocka_unit_test(test_value_options),
      cmocka_unit_test(test_diff_base),
      cmocka_unit_test(test_tree_and_peek),
      cmocka_unit_test(test_top_rows),
      cmocka_unit_test(test_traces_tags_raw_comments),
      cmocka_unit_test(test_labels_in_reports),
      cmocka_unit_test(test_dot_and_callgrind),
      cmocka_unit_test(test_list),
      cmocka_unit_test(test_proto_round_trip),
      cmocka_unit_test(test_errors),
      cmocka_unit_test(test_messages),
      cmocka_unit_test(test_profile_labels),
      cmocka_unit_test(test_view_key_options),
      cmocka_unit_test(test_nodemap_shared),
      cmocka_unit_test(test_focus_from_cache),
      cmocka_unit_test(test_focus_from_load),
      cmocka_unit_test(test_drill_memo),
      cmocka_unit_test(test_timeline_memo),
      cmocka_unit_test(test_series_thin),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
