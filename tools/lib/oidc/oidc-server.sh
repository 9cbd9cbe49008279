# shellcheck shell=bash
# The test OAuth 2.0 / OpenID Connect authorization server (oidc-server.mjs on the
# npm package oidc-provider, installed by npm.sh outside the source tree), started by
# servers.sh next to the mail servers and recorded in the same DIR/pids.
#
#   _start_oidc DIR PORT     start it on 127.0.0.1:PORT, files in DIR/oidc
#   _write_oidc_env DIR PORT append its variables to DIR/env.sh
#
# Knobs: TRIBUTARY_OIDC_ACCESS_TOKEN_TTL (seconds an access token lives, default 300),
# TRIBUTARY_OIDC_SHORT_ACCESS_TOKEN_TTL (the same for the client tributary-test-short,
# default 30).
# shellcheck source-path=SCRIPTDIR source=../npm.sh
source "$(dirname "${BASH_SOURCE[0]}")/../npm.sh"

# The script a recorded "oidc" pid must be running (servers.sh's _pid_runs checks it).
_OIDC="$TRIBUTARY_ROOT/tools/lib/oidc/oidc-server.mjs"

_start_oidc() { # DIR PORT
    local dir="$1" o="$1/oidc" tree pid started=""
    tree="$(npm_tree oidc)" || return 1
    mkdir -p "$o"
    chmod 0700 "$o"
    rm -f "$o/pid" "$o/started"
    # The confidential test client's secret, new at each start.
    (umask 077 && openssl rand -hex 24 >"$o/client-secret") || return 1
    # Like the OAuth token service: the shell notes its pid and becomes node; the
    # server writes its pid file once it listens.
    # shellcheck disable=SC2016 # $$ is the inner shell's pid, on purpose
    OIDC_ACCESS_TOKEN_TTL="${TRIBUTARY_OIDC_ACCESS_TOKEN_TTL:-300}" \
        OIDC_SHORT_ACCESS_TOKEN_TTL="${TRIBUTARY_OIDC_SHORT_ACCESS_TOKEN_TTL:-30}" \
        OIDC_CONFIDENTIAL_SECRET="$(cat "$o/client-secret")" \
        setsid bash -c 'echo $$ >"$1"; shift; exec "$@"' _ "$o/started" \
        node "$_OIDC" --port "$2" --pid-file "$o/pid" --modules "$tree" \
        </dev/null >>"$dir/logs/oidc.log" 2>&1 &
    # Node, the package and an RSA key: allow a slow disk up to 20 s.
    for _ in $(seq 400); do
        [ -s "$o/pid" ] && break
        [ -z "$started" ] && started="$(cat "$o/started" 2>/dev/null)"
        [ -n "$started" ] && ! _alive "$started" && break
        sleep 0.05
    done
    pid="$(cat "$o/pid" 2>/dev/null)"
    if [ -z "$pid" ]; then
        echo "the OIDC provider did not start listening on port $2" >&2
        [ -n "$started" ] && _pid_runs oidc "$started" && kill -TERM "$started" 2>/dev/null
        _log_tail "$dir/logs/oidc.log"
        return 1
    fi
    _record_pid "$dir" oidc "$pid"
}

_write_oidc_env() { # DIR PORT
    {
        printf 'export TRIBUTARY_TEST_OIDC_ISSUER=%q\n' "http://127.0.0.1:$2"
        printf 'export TRIBUTARY_TEST_OIDC_CLIENT_ID=%q\n' tributary-test
        printf 'export TRIBUTARY_TEST_OIDC_CONFIDENTIAL_CLIENT_ID=%q\n' tributary-test-confidential
        printf 'export TRIBUTARY_TEST_OIDC_CLIENT_SECRET=%q\n' "$(cat "$1/oidc/client-secret")"
        printf 'export TRIBUTARY_TEST_OIDC_ACCESS_TOKEN_TTL=%q\n' "${TRIBUTARY_OIDC_ACCESS_TOKEN_TTL:-300}"
        printf 'export TRIBUTARY_TEST_OIDC_SHORT_CLIENT_ID=%q\n' tributary-test-short
        printf 'export TRIBUTARY_TEST_OIDC_SHORT_ACCESS_TOKEN_TTL=%q\n' "${TRIBUTARY_OIDC_SHORT_ACCESS_TOKEN_TTL:-30}"
    } >>"$1/env.sh"
}
