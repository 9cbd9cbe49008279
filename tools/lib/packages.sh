# shellcheck shell=bash
# ensure_packages [EXTRA...]: installs the Debian packages the project needs for
# building, testing and the sandbox, but only those that are missing. Runs
# `apt-get update` once first when something is missing. Non-interactive (no
# prompts, no stdin); works as root or through sudo.
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

TRIBUTARY_PACKAGES=(
    # Build
    qt6-base-dev qt6-base-dev-tools libqt6svg6 qt6-webengine-dev qt6-networkauth-dev qt6-websockets-dev
    qt6-httpserver-dev qtkeychain-qt6-dev libvmime-dev libsqlite3-dev libgtest-dev libgmock-dev
    cmake ninja-build g++ pkg-config libgl-dev clang-format
    # Compiler cache kept between runs (tools/lib/ccache-launch)
    ccache
    # Only "recommends" of the above: --no-install-recommends would skip them.
    libqt6sql6-sqlite libsecret-1-0
    # Local test servers: IMAP/LMTP, SMTP submission, a private D-Bus with a keyring
    dovecot-imapd dovecot-lmtpd postfix gnome-keyring dbus-daemon openssl python3
    libglib2.0-bin libsecret-tools
    # Screenshots under a virtual X server, and fonts so text (incl. CJK, emoji) renders
    xvfb xauth imagemagick fonts-dejavu-core fonts-vlgothic fonts-noto-color-emoji
    # HTML5 parser for the mail sanitizer (core/html)
    libgumbo-dev
    # The fuzz targets (tools/fuzz): clang with libFuzzer, ASan and UBSan (compiler-rt)
    clang-14 libclang-rt-14-dev
)

# Runs a command as root: directly when we are root, else through sudo.
_as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        die "installing packages needs root: run as root or install sudo"
    fi
}

ensure_packages() {
    local missing=() p installed
    # One dpkg-query for all: names it does not know count as missing.
    installed=" $(dpkg-query -W -f='${Package}:${db:Status-Status} ' "${TRIBUTARY_PACKAGES[@]}" "$@" 2>/dev/null) "
    for p in "${TRIBUTARY_PACKAGES[@]}" "$@"; do
        case "$installed" in
        *" $p:installed "*) ;;
        *) missing+=("$p") ;;
        esac
    done
    [ "${#missing[@]}" -eq 0 ] && return 0

    info "installing missing packages: ${missing[*]}"
    local env=(env DEBIAN_FRONTEND=noninteractive DEBCONF_NONINTERACTIVE_SEEN=true APT_LISTCHANGES_FRONTEND=none)
    _as_root "${env[@]}" apt-get update -q </dev/null || die "apt-get update failed"

    # dbus-daemon became its own package in Debian 12; older releases ship it in dbus.
    local i
    for i in "${!missing[@]}"; do
        if [ "${missing[$i]}" = dbus-daemon ] && ! apt-cache show dbus-daemon >/dev/null 2>&1; then
            missing[i]=dbus
        fi
    done

    # Postfix asks how to configure itself unless told: we run it from our own
    # config dir, so the system instance needs no configuration at all.
    printf '%s\n' 'postfix postfix/main_mailer_type select No configuration' \
        'postfix postfix/mailname string localhost' | _as_root debconf-set-selections

    # Keep package scripts from starting system daemons (Dovecot, Postfix): we
    # start our own from private config dirs. Only if no policy exists yet.
    local policy=/usr/sbin/policy-rc.d placed=0
    if [ ! -e "$policy" ]; then
        printf '#!/bin/sh\n# temporary, from tributary tools/lib/packages.sh\nexit 101\n' |
            _as_root tee "$policy" >/dev/null && _as_root chmod 0755 "$policy" && placed=1
    fi
    local rc=0
    _as_root "${env[@]}" apt-get install -y -q --no-install-recommends \
        -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
        "${missing[@]}" </dev/null || rc=$?
    [ "$placed" -eq 1 ] && _as_root rm -f "$policy"
    [ "$rc" -eq 0 ] || die "apt-get install failed (status $rc)"
}
