# shellcheck shell=bash
# build_project BUILD_DIR [TARGET...]: configures (CMake, Ninja, warnings as
# errors) and builds. Build type: TRIBUTARY_BUILD_TYPE, default RelWithDebInfo.
# Extra CMake arguments: TRIBUTARY_CMAKE_ARGS (word-split). Parallelism:
# TRIBUTARY_JOBS (default: ninja's own). Compiles go through ccache
# (tools/lib/ccache-launch: one cache per user, shared by every checkout).
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

configure_project() {
    local dir="$1"
    shift
    local cache="$dir/CMakeCache.txt"
    mkdir -p "$dir"
    if [ -f "$cache" ] && ! grep -q '^CMAKE_GENERATOR:INTERNAL=Ninja$' "$cache"; then
        die "$dir was configured with another generator than Ninja: remove it and retry"
    fi
    # shellcheck disable=SC2086
    cmake -S "$TRIBUTARY_ROOT" -B "$dir" -G Ninja \
        -DCMAKE_CXX_COMPILER_LAUNCHER="$TRIBUTARY_ROOT/tools/lib/ccache-launch" \
        -DCMAKE_C_COMPILER_LAUNCHER="$TRIBUTARY_ROOT/tools/lib/ccache-launch" \
        -DCMAKE_BUILD_TYPE="${TRIBUTARY_BUILD_TYPE:-RelWithDebInfo}" \
        -DTRIBUTARY_WERROR=ON ${TRIBUTARY_CMAKE_ARGS:-} "$@" >"$dir/configure.log" 2>&1 || {
        cat "$dir/configure.log" >&2
        die "cmake configure of $dir failed"
    }
}

build_targets() {
    local dir="$1"
    shift
    local jobs=()
    [ -n "${TRIBUTARY_JOBS:-}" ] && jobs=(-j "$TRIBUTARY_JOBS")
    ninja -C "$dir" "${jobs[@]}" "$@" || die "build in $dir failed"
}

build_project() {
    local dir="$1"
    shift
    configure_project "$dir"
    build_targets "$dir" "$@"
}
