# shellcheck shell=bash
# REST contract servers for the provider tests, on loopback next to the mail servers
# (servers.sh calls these from servers_start/servers_stop/servers_status):
#   - the Slack emulator (tests/emulators/slack, stateful, Node + ws), and in front of it
#   - Stoplight Prism in proxy mode with Slack's official API description: every
#     request and every response is checked against the description and violations
#     come back in the `sl-violations` response header (--errors is off, so the real
#     response still arrives).
#
#   rest_servers_start DIR    start them, append their variables to DIR/env.sh
#   rest_servers_stop DIR     stop exactly the processes recorded in DIR/rest-pids
#   rest_servers_status DIR   report; status 0 unless a recorded process is gone
#
# The API descriptions are not part of the repository: they are read from
# $TRIBUTARY_PROVIDER_SPECS, by default ../shared/provider-specs beside the clone.
# Without them nothing starts, env.sh says why (TRIBUTARY_TEST_REST_SKIPPED) and the
# contract tests skip.
#
# Knobs: TRIBUTARY_SLACK_EMULATOR_EPOCH (the newest seed message, default the
# emulator's fixed 1700000000), TRIBUTARY_SLACK_EMULATOR_USER_TOKEN and
# TRIBUTARY_SLACK_EMULATOR_APP_TOKEN (default: random per start).
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
# shellcheck source=npm.sh
source "$(dirname "${BASH_SOURCE[0]}")/npm.sh"

_REST_SLACK_EMULATOR="$TRIBUTARY_ROOT/tests/emulators/slack/main.mjs"
_REST_PRISM_CLI=node_modules/@stoplight/prism-cli/dist/index.js

_rest_specs_dir() {
    echo "${TRIBUTARY_PROVIDER_SPECS:-$TRIBUTARY_ROOT/../shared/provider-specs}"
}

# A recorded pid is only signalled while it still runs node with our script.
_rest_pid_runs() { # NAME PID
    local exe
    [ -n "$2" ] && [ -d "/proc/$2" ] || return 1
    exe="$(readlink "/proc/$2/exe" 2>/dev/null)" || return 1
    exe="${exe% (deleted)}"
    [ "$(basename "$exe")" = node ] || return 1
    case "$1" in
    slack-emulator) tr '\0' '\n' <"/proc/$2/cmdline" 2>/dev/null | grep -q '/tests/emulators/slack/main\.mjs$' ;;
    prism-*) tr '\0' '\n' <"/proc/$2/cmdline" 2>/dev/null | grep -q '@stoplight/prism-cli/dist/index\.js$' ;;
    *) return 1 ;;
    esac
}

# "HTTP/1.1 200 ..." status code of GET PATH on 127.0.0.1:PORT, or nothing.
_rest_http_status() { # PORT PATH
    local line=""
    {
        exec 3<>"/dev/tcp/127.0.0.1/$1" &&
            printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1:%s\r\n\r\n' "$2" "$1" >&3 &&
            IFS= read -r -t 5 line <&3
        exec 3>&- 3<&-
    } 2>/dev/null
    line="${line#HTTP/1.? }"
    echo "${line%% *}"
}

# Starts `node ARGS...` detached (setsid, so a sandbox outlives the shell that
# started it) and records its pid under NAME once it answers on PORT.
_rest_spawn() { # DIR NAME PORT LOG NODE-ARGS...
    local dir="$1" name="$2" port="$3" log="$4" started="$1/rest/$2.pid" pid=""
    shift 4
    rm -f "$started"
    # shellcheck disable=SC2016 # $$ is the inner shell's pid, on purpose
    setsid bash -c 'echo $$ >"$1"; shift; exec "$@"' _ "$started" node "$@" </dev/null >>"$log" 2>&1 &
    for _ in $(seq 40); do
        [ -s "$started" ] && break
        sleep 0.05
    done
    pid="$(cat "$started" 2>/dev/null)"
    [ -n "$pid" ] || {
        echo "$name did not start" >&2
        return 1
    }
    echo "$name $pid" >>"$dir/rest-pids"
    # Prism needs ~2 s to load a description (more on a busy machine).
    for _ in $(seq 600); do
        [ -n "$(_rest_http_status "$port" /_emulator/health)" ] && return 0
        _alive "$pid" || break
        sleep 0.05
    done
    echo "$name did not answer on port $port" >&2
    _log_tail "$log"
    return 1
}

_rest_token() { # PREFIX
    local hex
    hex="$(openssl rand -hex 16)" || return 1
    echo "$1-$((RANDOM + 1000000000))-$((RANDOM + 1000000000))-$hex"
}

rest_servers_start() { # DIR
    local dir="$1" specs spec emu prism prism_tree emu_tree user_token app_token
    specs="$(_rest_specs_dir)"
    spec="$specs/slack/slack_web_inbox_subset.json"
    mkdir -p "$dir/rest" "$dir/logs"
    : >"$dir/rest-pids"
    if [ ! -f "$spec" ]; then
        info "  REST contract servers skipped: $specs not found"
        printf 'export TRIBUTARY_TEST_REST_SKIPPED=%q\n' \
            "../shared/provider-specs not found ($specs): contract tests need the official API descriptions beside the clone" \
            >>"$dir/env.sh"
        return 0
    fi
    specs="$(cd "$specs" && pwd)"
    spec="$specs/slack/slack_web_inbox_subset.json"
    prism_tree="$(npm_tree prism)" || return 1
    emu_tree="$(npm_tree slack-emulator)" || return 1
    read -r emu prism <<<"$("$_PY" "$_PROBE" ports 2)"
    user_token="${TRIBUTARY_SLACK_EMULATOR_USER_TOKEN:-$(_rest_token xoxp)}" || return 1
    app_token="${TRIBUTARY_SLACK_EMULATOR_APP_TOKEN:-$(_rest_token xapp-1-A0TRIBAPP1)}" || return 1

    local epoch=()
    [ -n "${TRIBUTARY_SLACK_EMULATOR_EPOCH:-}" ] && epoch=(--epoch "$TRIBUTARY_SLACK_EMULATOR_EPOCH")
    # Tokens travel in the environment, not on a command line anyone can read.
    SLACK_EMULATOR_USER_TOKEN="$user_token" SLACK_EMULATOR_APP_TOKEN="$app_token" \
        step "  slack emulator (port $emu)" _rest_spawn "$dir" slack-emulator "$emu" "$dir/logs/slack-emulator.log" \
        "$_REST_SLACK_EMULATOR" --port "$emu" --modules "$emu_tree" "${epoch[@]}" || return 1
    # No --errors: violations are reported in the sl-violations header of the real response.
    step "  prism proxy for slack (port $prism)" _rest_spawn "$dir" prism-slack "$prism" "$dir/logs/prism-slack.log" \
        "$prism_tree/$_REST_PRISM_CLI" proxy "$spec" "http://127.0.0.1:$emu" --host 127.0.0.1 --port "$prism" || return 1

    {
        printf 'export TRIBUTARY_TEST_PROVIDER_SPECS=%q\n' "$specs"
        printf 'export TRIBUTARY_TEST_SLACK_SPEC=%q\n' "$spec"
        printf 'export TRIBUTARY_TEST_SLACK_API=%q\n' "http://127.0.0.1:$prism"
        printf 'export TRIBUTARY_TEST_SLACK_EMULATOR=%q\n' "http://127.0.0.1:$emu"
        printf 'export TRIBUTARY_TEST_SLACK_USER_TOKEN=%q\n' "$user_token"
        printf 'export TRIBUTARY_TEST_SLACK_APP_TOKEN=%q\n' "$app_token"
    } >>"$dir/env.sh"
}

rest_servers_stop() { # DIR
    local dir="$1" name pid all=() left
    [ -f "$dir/rest-pids" ] || return 0
    while read -r name pid; do
        _rest_pid_runs "$name" "$pid" || continue
        all+=("$pid")
        kill -TERM "$pid" 2>/dev/null || true
    done <"$dir/rest-pids"
    for _ in $(seq 100); do
        left=()
        for pid in "${all[@]}"; do
            _alive "$pid" && left+=("$pid")
        done
        [ "${#left[@]}" -eq 0 ] && break
        sleep 0.05
    done
    if [ "${#left[@]}" -gt 0 ]; then
        info "killing REST servers that ignored SIGTERM: ${left[*]}"
        kill -KILL "${left[@]}" 2>/dev/null || true
    fi
    rm -f "$dir/rest-pids"
    return 0
}

rest_servers_status() { # DIR
    local dir="$1" name pid ok=0
    if [ -f "$dir/env.sh" ] && grep -q '^export TRIBUTARY_TEST_REST_SKIPPED=' "$dir/env.sh"; then
        echo "rest     skipped (no ../shared/provider-specs)"
        return 0
    fi
    [ -s "$dir/rest-pids" ] || return 0
    while read -r name pid; do
        if _rest_pid_runs "$name" "$pid"; then
            printf '%-14s pid %-8s running\n' "$name" "$pid"
        else
            printf '%-14s pid %-8s NOT running\n' "$name" "$pid"
            ok=1
        fi
    done <"$dir/rest-pids"
    if [ -f "$dir/env.sh" ]; then
        (
            # shellcheck disable=SC1091
            . "$dir/env.sh"
            printf 'slack api      %s (prism proxy, validating)\n' "${TRIBUTARY_TEST_SLACK_API:-}"
            printf 'slack emulator %s (control: /_emulator/...)\n' "${TRIBUTARY_TEST_SLACK_EMULATOR:-}"
        )
    fi
    return "$ok"
}
