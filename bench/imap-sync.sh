#!/usr/bin/env bash
# The IMAP envelope-sync benchmark (issue 3; figures in docs/PERFORMANCE.md).
#
# Starts a private Dovecot on loopback, writes a synthetic mailbox into one user's
# INBOX, warms Dovecot's index with one untimed run, then alternates the protocol
# floor (`tributary-bench imap-fetch-floor`: one raw UID FETCH of the same items,
# unparsed) and the real sync (`tributary-bench imap-sync`: ImapProvider ->
# InboxStore) RUNS times each, and prints every run, the medians and their ratio.
# Builds nothing: build tributary-bench first (RelWithDebInfo for real figures).
# Nothing but 127.0.0.1 is ever contacted.
#
#   bench/imap-sync.sh [--count N] [--runs N] [--page-size N] [--tls | --starttls] [--keep]
#
#   --count N       messages in INBOX (default 20000)
#   --runs N        timed runs of each command (default 5)
#   --page-size N   envelopes per listMessages page for imap-sync (default 20000: one page;
#                   smaller pages are fetched while the previous one is threaded)
#   --tls           implicit TLS (IMAPS) for both commands; --starttls: STARTTLS
#   --keep          keep the state directory (mail, logs) instead of removing it
#
# Environment: TRIBUTARY_BUILD_DIR (default build), the build with bench/tributary-bench.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source-path=SCRIPTDIR source=../tools/lib/servers.sh
source "$here/../tools/lib/servers.sh"

count=20000
runs=5
page_size=""
security=plain
keep=0
while [ $# -gt 0 ]; do
    case "$1" in
    --count) count="${2:?--count needs a number}"; shift 2 ;;
    --runs) runs="${2:?--runs needs a number}"; shift 2 ;;
    --page-size) page_size="${2:?--page-size needs a number}"; shift 2 ;;
    --tls) security=tls; shift ;;
    --starttls) security=starttls; shift ;;
    --keep) keep=1; shift ;;
    -h | --help)
        sed -n '2,21p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
        exit 0
        ;;
    *) die "unknown option $1 (--help lists them)" ;;
    esac
done
[[ "$count" =~ ^[1-9][0-9]*$ ]] || die "--count must be a positive number"
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || die "--runs must be a positive number"
[ -z "$page_size" ] || [[ "$page_size" =~ ^[1-9][0-9]*$ ]] || die "--page-size must be a positive number"

build="${TRIBUTARY_BUILD_DIR:-build}"
case "$build" in /*) ;; *) build="$TRIBUTARY_ROOT/$build" ;; esac
bench="$build/bench/tributary-bench"
[ -x "$bench" ] || die "$bench is missing: build it first (ninja -C $build tributary-bench)"
build_type="$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$build/CMakeCache.txt" 2>/dev/null || true)"
[ "$build_type" = RelWithDebInfo ] || [ "$build_type" = Release ] ||
    info "warning: $build is a '${build_type:-unknown}' build; recorded figures come from RelWithDebInfo"

# A fresh state directory each time: no index or cache from an earlier run.
state="$(mktemp -d "$build/imap-bench.XXXXXX")"
# mktemp makes it 0700; Dovecot's auth and mail processes run as other users.
chmod 0755 "$state"
cleanup() {
    servers_stop "$state"
    if [ "$keep" -eq 1 ]; then
        info "kept $state"
    else
        rm -rf "$state"
    fi
}
trap cleanup EXIT

servers_start "$state"
# shellcheck disable=SC1091 # written by servers_start
. "$state/env.sh"
[ "$TRIBUTARY_TEST_HOST" = 127.0.0.1 ] || die "the test servers must listen on 127.0.0.1"
step "writing $count messages into alice's INBOX" \
    "$_PY" "$TRIBUTARY_ROOT/tools/gen-mailbox.py" --state-dir "$state" --user alice --count "$count" \
    --folder INBOX >&2

args=(--host 127.0.0.1 --user "alice@$TRIBUTARY_TEST_DOMAIN" --password-env TRIBUTARY_TEST_PASSWORD
    --folder INBOX)
case "$security" in
plain) args+=(--port "$TRIBUTARY_TEST_IMAP_PORT") ;;
starttls) args+=(--port "$TRIBUTARY_TEST_IMAP_PORT" --starttls --ca-cert "$TRIBUTARY_TEST_CA_CERT") ;;
tls) args+=(--port "$TRIBUTARY_TEST_IMAPS_PORT" --tls --ca-cert "$TRIBUTARY_TEST_CA_CERT") ;;
esac
sync_args=("${args[@]}")
[ -n "$page_size" ] && sync_args+=(--page-size "$page_size")

# Dovecot builds its index and header cache on the first FETCH of a new mailbox.
step "warming Dovecot's index (untimed imap-sync)" "$bench" imap-sync "${sync_args[@]}" >/dev/null

results="$state/results.jsonl"
: >"$results"
for i in $(seq "$runs"); do
    floor="$("$bench" imap-fetch-floor "${args[@]}")" || die "imap-fetch-floor failed (run $i)"
    sync="$("$bench" imap-sync "${sync_args[@]}")" || die "imap-sync failed (run $i)"
    printf 'run %d floor %s\nrun %d imap-sync %s\n' "$i" "$floor" "$i" "$sync"
    printf '{"run":%d,"floor":%s,"sync":%s}\n' "$i" "$floor" "$sync" >>"$results"
done

"$_PY" - "$results" "$count" "$security" <<'PY'
import json, statistics, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
floor = statistics.median(r["floor"]["seconds"] for r in rows)
sync = statistics.median(r["sync"]["seconds"] for r in rows)
rss = statistics.median(r["sync"]["peak_rss_mb"] for r in rows)
messages = rows[0]["sync"]["messages"]
threads = rows[0]["sync"]["threads"]
wire = rows[0]["floor"]["bytes"] / 1e6
met = sync <= 0.45 and rss <= 60
print("summary: %d messages (%s), %d threads, %.1f MB on the wire, %d runs"
      % (messages, sys.argv[3], threads, wire, len(rows)))
print("median floor %.3f s | median imap-sync %.3f s (%.2fx the floor) | median peak RSS growth %.1f MB"
      % (floor, sync, sync / floor, rss))
print("target (<= 0.45 s, <= 60 MB): %s" % ("met" if met else "MISSED"))
if messages != int(sys.argv[2]):
    print("warning: %d messages listed, %s generated" % (messages, sys.argv[2]))
PY
