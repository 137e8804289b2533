#!/bin/sh
# Builds the plain-Xapian reference programs into Tools/out/reference/ (gitignored).
# Needs g++ and libxapian-dev (Debian: apt-get install g++ libxapian-dev).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out="$(cd "$here/.." && pwd)/out/reference"
mkdir -p "$out"
CXX=${CXX:-g++}
flags="-O2 -std=c++17 -Wall -Wextra"
cflags=$(pkg-config --cflags xapian-core 2>/dev/null || true)
libs=$(pkg-config --libs xapian-core 2>/dev/null || echo -lxapian)
for prog in plain-index plain-search; do
    # shellcheck disable=SC2086
    $CXX $flags $cflags -o "$out/$prog" "$here/$prog.cpp" $libs
    echo "built $out/$prog"
done
