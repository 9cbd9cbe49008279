# shellcheck shell=bash
# Node tools the tests run (Stoplight Prism, oidc-provider, the Slack emulator's
# websocket library), installed from npm's registry into a cache outside the
# source tree. Each tool tree is a folder under tools/lib/ holding a
# package.json and a committed package-lock.json; the cache keys on the lock's
# hash, so a changed lock installs anew and an unchanged one costs nothing.
#
#   ensure_node              Debian's nodejs (and npm when the command is
#                            missing; a NodeSource nodejs bundles its own)
#   npm_tree NAME            echoes the cached folder of tools/lib/NAME with its
#                            node_modules installed (npm ci, once per lock)
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
# shellcheck source=packages.sh
source "$(dirname "${BASH_SOURCE[0]}")/packages.sh"

TRIBUTARY_NPM_CACHE="${TRIBUTARY_NPM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/tributary/npm}"

ensure_node() {
    local extra=()
    command -v node >/dev/null 2>&1 || extra+=(nodejs)
    command -v npm >/dev/null 2>&1 || extra+=(npm)
    [ "${#extra[@]}" -eq 0 ] || ensure_packages "${extra[@]}"
}

npm_tree() { # NAME
    local src="$TRIBUTARY_ROOT/tools/lib/$1" hash dest
    [ -f "$src/package-lock.json" ] || die "tools/lib/$1 has no package-lock.json"
    hash="$(cat "$src/package.json" "$src/package-lock.json" | sha256sum | cut -c1-16)"
    dest="$TRIBUTARY_NPM_CACHE/$1-$hash"
    if [ ! -f "$dest/.installed" ]; then
        ensure_node
        info "installing npm tree $1 into $dest"
        rm -rf "$dest" && mkdir -p "$dest" || die "cannot create $dest"
        cp "$src/package.json" "$src/package-lock.json" "$dest/"
        (cd "$dest" && npm ci --no-audit --no-fund --loglevel=error </dev/null >&2) ||
            die "npm ci for tools/lib/$1 failed (is registry.npmjs.org reachable?)"
        touch "$dest/.installed"
    fi
    echo "$dest"
}
