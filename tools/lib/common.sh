# shellcheck shell=bash
# Small helpers shared by the tools/ scripts. Source, do not execute.

# Absolute path of the repository root (tools/lib/..).
# shellcheck disable=SC2034 # used by the scripts that source this file
TRIBUTARY_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

# Messages go to stderr so that stdout stays free for the tools' real output.
info() { printf '[tributary] %s\n' "$*" >&2; }
die() {
    printf '[tributary] error: %s\n' "$*" >&2
    exit 1
}

# Microseconds since the epoch (bash 5's EPOCHREALTIME, no bc needed).
_now_us() { local t="${EPOCHREALTIME/[.,]/}"; echo "$((10#$t))"; }

# step LABEL CMD...: runs CMD (in this shell, so functions and exports work)
# and reports how long it took.
step() {
    local label="$1" start rc=0 us
    shift
    start=$(_now_us)
    "$@" || rc=$?
    us=$(($(_now_us) - start))
    if [ "$rc" -eq 0 ]; then
        info "$(printf '%s: %d.%d s' "$label" $((us / 1000000)) $((us % 1000000 / 100000)))"
    else
        info "$(printf '%s: failed (status %d) after %d.%d s' "$label" "$rc" $((us / 1000000)) $((us % 1000000 / 100000)))"
    fi
    return "$rc"
}

# skip_summary FILE: one line naming what was skipped and why, from the
# "Suite.Name<TAB>reason" lines the test mains write (tests/support/SkipLog.h).
skip_summary() {
    local file="$1"
    if [ ! -s "$file" ]; then
        info "skipped: none"
        return 0
    fi
    info "skipped: $(sort -u "$file" | awk -F'\t' '
        { n[$2]++; if (!($2 in first)) { first[$2] = $1; order[++k] = $2 } }
        END {
            total = 0; for (r in n) total += n[r]
            printf "%d test%s", total, total == 1 ? "" : "s"
            for (i = 1; i <= k; i++) {
                r = order[i]
                printf "%s %s", i == 1 ? " —" : ";", (n[r] == 1 ? first[r] : n[r] " tests (" first[r] ", ...)")
                printf ": %s", r
            }
        }')"
}
