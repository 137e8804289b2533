#!/usr/bin/env python3
"""Asks one fundus-search process one query at a time, waiting for each answer.

    Tools/examples/ask.py --db idx Rakete "Kim Jong" "(kaputt"

prints, per query, its number of hits and the first hit's id (or the error).
"""
import json
import subprocess
import sys


def main():
    args = sys.argv[1:]
    db = []
    if args[:1] == ["--db"]:
        db, args = args[:2], args[2:]
    search = subprocess.Popen(["fundus-search", *db, "--format", "jsonl", "--queries", "-"],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)

    def ask(query):
        """Sends one query; returns its hits and its end record."""
        search.stdin.write(query.replace("\n", " ") + "\n")
        search.stdin.flush()
        hits = []
        for line in search.stdout:
            record = json.loads(line)
            if record["type"] == "hit":
                hits.append(record)
            elif record["type"] == "end":
                return hits, record
        raise SystemExit("fundus-search ended early")

    for query in args:
        hits, end = ask(query)
        if "error" in end:
            print(f"{query}: error: {end['error']}")
        else:
            print(f"{query}: {len(hits)} hits" + (f", first {hits[0]['id']}" if hits else ""))
    search.stdin.close()
    search.wait()


if __name__ == "__main__":
    main()
