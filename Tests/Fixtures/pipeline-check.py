#!/usr/bin/env python3
"""Talks to one `fundus-search --queries -` process per output mode, one query
at a time: sends a query, then reads until that query's answer is complete,
and fails if an answer takes longer than a second (a stalled pipeline).

    pipeline-check.py FUNDUS_SEARCH DB QUERIES_FILE

Prints one line per mode: `MODE ok N queries, slowest S s`; exit 1 on a stall.
"""
import json
import os
import select
import subprocess
import sys
import time

program, db, queries_file = sys.argv[1:4]
queries = [q for q in open(queries_file, encoding="utf-8").read().split("\n") if q.strip()]

# Each mode: its flags, and when a line ends the answer to query number n.
modes = {
    "text": (["--color", "never"], lambda line, n: line.startswith(f"(query {n}: ")),
    "jsonl": (["--format", "jsonl"], lambda line, n: json.loads(line).get("type") == "end" and json.loads(line)["qnum"] == n),
    "json": (["--format", "json"],
             lambda line, n: line != '{"queries":[' and json.loads(line.lstrip(","))["qnum"] == n),
    "tsv": (["--format", "tsv"], lambda line, n: line == ""),
    "ids": (["--ids"], lambda line, n: line == ""),
    "count": (["--count"], lambda line, n: line.split("\t")[0].isdigit() or line.startswith("error\t")),
}

failed = False
for mode, (flags, ends) in modes.items():
    process = subprocess.Popen([program, "--db", db, *flags, "--queries", "-"], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    out = process.stdout.fileno()
    pending = b""
    slowest = 0.0

    def read_line(deadline):
        global pending
        while b"\n" not in pending:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([out], [], [], left)[0]:
                return None
            chunk = os.read(out, 65536)
            if not chunk:
                return None
            pending += chunk
        line, pending = pending.split(b"\n", 1)
        return line.decode("utf-8")

    for n, query in enumerate(queries, start=1):
        started = time.monotonic()
        process.stdin.write((query + "\n").encode("utf-8"))
        process.stdin.flush()
        while True:
            line = read_line(started + 1.0)
            if line is None:
                print(f"{mode} STALLED on query {n}: {query!r}")
                failed = True
                break
            if ends(line, n):
                break
        slowest = max(slowest, time.monotonic() - started)
        if failed:
            break
    process.kill() if failed else process.stdin.close()
    process.wait()
    if failed:
        break
    print(f"{mode} ok {len(queries)} queries, slowest {slowest:.3f} s")
sys.exit(1 if failed else 0)
