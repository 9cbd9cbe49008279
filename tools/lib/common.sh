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
