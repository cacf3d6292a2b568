# A throw-away PostgreSQL server for the shell tests of the team store: source this file, then
#   pg_start NAME...     initdb in a temporary folder, postgres listening on a Unix socket
#                        there only (as the postgres user when run as root), and one database
#                        per NAME; stopped and removed when the sourcing script exits
#   pg_uri NAME          the database's postgresql:// URI
#   pg_psql NAME ARGS... psql on it, unaligned and quiet (-A -t)
#   pg_variants SRC OUT  the examples' 7 documents, each in 6 variants that differ only in
#                        their bytes (a blank line or an HTML comment at the end), so each has
#                        its own SHA-256 and the same claims: 42 files in OUT
#   pg_overlapping_ingests RECKON URI LOG DOC...
#                        eight `reckon ingest` processes started at once into URI, each over
#                        16 of the DOCs starting 5 apart (every document in two or three lists),
#                        stderr to LOG-0 … LOG-7; their pids are appended to pg_ingest_pids
# Exits 77 (ctest's skip) when the PostgreSQL binaries are not installed, 1 when the server
# cannot be started.
pg_bindir=${RECKON_PG_BINDIR:-/usr/lib/postgresql/15/bin}
pg_dir=

pg_stop() {
    if [[ -n $pg_dir && -d $pg_dir/data ]]; then
        "${pg_as[@]}" "$pg_bindir/pg_ctl" -D "$pg_dir/data" -m immediate -w stop > /dev/null 2>&1 || true
    fi
    [[ -n $pg_dir ]] && rm -rf "$pg_dir"
}

pg_fail() {
    echo "FAIL: $*" >&2
    exit 1
}

pg_start() {
    if [[ ! -x $pg_bindir/initdb || ! -x $pg_bindir/pg_ctl ]]; then
        echo "SKIP: PostgreSQL is not installed (no $pg_bindir/initdb; Debian: apt-get install postgresql-15)"
        exit 77
    fi
    pg_dir=$(mktemp -d "${TMPDIR:-/tmp}/reckon-pg-XXXXXX")
    pg_as=()
    if [[ $(id -u) == 0 ]]; then
        chown postgres: "$pg_dir"
        pg_as=(runuser -u postgres --)
    fi
    "${pg_as[@]}" "$pg_bindir/initdb" -D "$pg_dir/data" -U reckon -A trust -E UTF8 --no-locale --no-sync \
        > "$pg_dir/initdb.log" 2>&1 || { cat "$pg_dir/initdb.log"; pg_fail "initdb"; }
    "${pg_as[@]}" "$pg_bindir/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 60 \
        -o "-k $pg_dir -c listen_addresses= -F" start > /dev/null 2>&1 ||
        { cat "$pg_dir/server.log"; pg_fail "postgres did not start"; }
    local name
    for name in "$@"; do "$pg_bindir/createdb" -h "$pg_dir" -U reckon "$name" || pg_fail "createdb $name"; done
}

pg_uri() { echo "postgresql://reckon@/$1?host=$pg_dir"; }

pg_psql() {
    local name=$1
    shift
    "$pg_bindir/psql" -X -q -A -t -h "$pg_dir" -U reckon -d "$name" "$@"
}

pg_variants() {
    local src=$1 out=$2 f base v
    mkdir -p "$out"
    for f in "$src"/examples/us155/documents/* "$src"/examples/alabuga/documents/*; do
        base=$(basename "$f")
        for v in 1 2 3 4 5 6; do
            cp "$f" "$out/v$v-$base"
            if [[ $base == *.html ]]; then
                printf '\n<!-- variant %d -->\n' "$v" >> "$out/v$v-$base"
            else
                printf '%*s\n' "$v" '' >> "$out/v$v-$base"
            fi
        done
    done
}

pg_ingest_pids=()
pg_overlapping_ingests() {
    local reckon=$1 uri=$2 log=$3 p k
    shift 3
    local docs=("$@") list
    for p in 0 1 2 3 4 5 6 7; do
        list=()
        for k in $(seq 0 15); do list+=("${docs[$(((p * 5 + k) % ${#docs[@]}))]}"); done
        "$reckon" ingest "${list[@]}" --db "$uri" 2> "$log-$p" &
        pg_ingest_pids+=($!)
    done
}
