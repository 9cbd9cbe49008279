# shellcheck shell=bash
# Local test servers on loopback, all from one private directory DIR:
#   Dovecot (IMAP + STARTTLS, IMAPS, LMTP), Postfix (submission with AUTH and
#   STARTTLS, delivering into Dovecot over LMTP, nothing leaves the machine),
#   an OAuth token service Dovecot checks XOAUTH2/OAUTHBEARER tokens with
#   (oauth-introspect.py), a private D-Bus session bus with an unlocked
#   gnome-keyring, and an OAuth 2.0 authorization server for the sign-in tests
#   (oidc/oidc-server.sh: npm oidc-provider on Node).
#
#   servers_start DIR    start everything, write DIR/env.sh and DIR/pids
#   servers_stop DIR     stop exactly the processes recorded in DIR/pids
#   servers_status DIR   report what runs; status 0 only if everything does
#
# Layout of DIR: tls/ (cert.pem is also the CA), dovecot/ (dovecot.conf, users,
# oauth2.conf.ext), oauth/ (tokens, pid), mail/<user>/Maildir, public/ (the
# shared namespace), postfix/ (config dir), postfix-queue/, postfix-data/,
# dbus/, keyring/, logs/ (every server's log).
# Mail data in DIR survives a restart; configs, certificate, ports, password
# and OAuth tokens are made anew at each start.
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
# shellcheck source=rest-servers.sh
source "$(dirname "${BASH_SOURCE[0]}")/rest-servers.sh"
# shellcheck source=oidc/oidc-server.sh
source "$(dirname "${BASH_SOURCE[0]}")/oidc/oidc-server.sh"

TRIBUTARY_MAIL_DOMAIN=tributary.test
TRIBUTARY_MAIL_USERS=(alice bob carol)
TRIBUTARY_SHARED_FOLDER=Public/Team
# Mail files belong to this uid/gid (no system user needed: Dovecot takes them
# from the userdb).
TRIBUTARY_VMAIL_UID=5000
TRIBUTARY_VMAIL_GID=5000
_PROBE="$TRIBUTARY_ROOT/tools/lib/probe.py"
_OAUTH="$TRIBUTARY_ROOT/tools/lib/oauth-introspect.py"
# Debian's own python3, not whatever a version manager put first in PATH
# (pyenv's shim alone takes a third of a second per call).
_PY=/usr/bin/python3
[ -x "$_PY" ] || _PY=python3

# The expected executable of each recorded process: a pid is only signalled
# while it still runs that program (pids get reused).
_server_exe() {
    case "$1" in
    dovecot) echo /usr/sbin/dovecot ;;
    postfix) echo /usr/lib/postfix/sbin/master ;;
    dbus) echo dbus-daemon ;;
    keyring) echo gnome-keyring-daemon ;;
    oauth) readlink -f "$_PY" ;;
    oidc) echo node ;;
    esac
}

_pid_runs() { # NAME PID
    local exe
    [ -n "$2" ] && [ -d "/proc/$2" ] || return 1
    exe="$(readlink "/proc/$2/exe" 2>/dev/null)" || return 1
    exe="${exe% (deleted)}"
    case "$(_server_exe "$1")" in
    /*) [ "$exe" = "$(_server_exe "$1")" ] || return 1 ;;
    *) [ "$(basename "$exe")" = "$(_server_exe "$1")" ] || return 1 ;;
    esac
    # Any Python program has the interpreter as its executable: check the script.
    if [ "$1" = oauth ]; then
        tr '\0' '\n' <"/proc/$2/cmdline" 2>/dev/null | grep -qx "$_OAUTH" || return 1
    fi
    if [ "$1" = oidc ]; then
        tr '\0' '\n' <"/proc/$2/cmdline" 2>/dev/null | grep -qx "$_OIDC" || return 1
    fi
}

# The parent of every process, read once: "PID PPID" lines (no ps needed).
_process_table() {
    local f stat rest pid
    for f in /proc/[0-9]*/stat; do
        read -r stat 2>/dev/null <"$f" || continue
        pid="${f#/proc/}"
        rest="${stat##*) }"
        rest="${rest#* }"
        echo "${pid%/stat} ${rest%% *}"
    done
}

# All descendants of PID in the table TABLE (children, then theirs).
_descendants() { # PID TABLE
    local todo=("$1") out=() p c pp
    while [ "${#todo[@]}" -gt 0 ]; do
        p="${todo[0]}"
        todo=("${todo[@]:1}")
        while read -r c pp; do
            if [ "$pp" = "$p" ]; then
                out+=("$c")
                todo+=("$c")
            fi
        done <<<"$2"
    done
    echo "${out[*]:-}"
}

# Whether PID exists and has not exited (a zombie has).
_alive() { # PID
    local state
    state="$(sed -n 's/^State:[[:space:]]*\(.\).*/\1/p' "/proc/$1/status" 2>/dev/null)"
    [ -n "$state" ] && [ "$state" != Z ]
}

_record_pid() { # DIR NAME PID
    echo "$2 $3" >>"$1/pids"
}

_wait_for_file() { # FILE: up to 5 s for a daemon to write its pid file
    for _ in $(seq 100); do
        [ -s "$1" ] && return 0
        sleep 0.05
    done
    return 1
}

_log_tail() { # FILE [TITLE]
    if [ -s "$1" ]; then
        echo "----- last lines of $1 -----" >&2
        tail -n 40 "$1" >&2
        echo "-----" >&2
    else
        echo "($1 is empty or missing)" >&2
    fi
}

# The socket directory: inside DIR unless that would make unix socket paths
# longer than the kernel's 108 bytes.
_run_dir() {
    if [ "${#1}" -le 64 ]; then
        echo "$1/run"
    else
        echo "${TMPDIR:-/tmp}/tributary-run-$(printf '%s' "$1" | md5sum | cut -c1-12)"
    fi
}

_make_cert() { # DIR
    local tls="$1/tls"
    mkdir -p "$tls"
    openssl req -x509 -newkey rsa:2048 -nodes -days 30 -sha256 \
        -keyout "$tls/key.pem" -out "$tls/cert.pem" \
        -subj "/CN=localhost/O=Tributary test servers" \
        -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" >"$1/logs/openssl.log" 2>&1 || {
        _log_tail "$1/logs/openssl.log"
        return 1
    }
    chmod 0644 "$tls/cert.pem"
    chmod 0600 "$tls/key.pem"
}

_write_dovecot_conf() { # DIR RUN IMAP_PORT IMAPS_PORT OAUTH_PORT
    local dir="$1" run="$2" conf="$1/dovecot/dovecot.conf" dh=""
    [ -f /usr/share/dovecot/dh.pem ] && dh="ssl_dh = </usr/share/dovecot/dh.pem"
    # XOAUTH2/OAUTHBEARER tokens are checked with the local token service
    # (RFC 7662 introspection); it answers inactive for unknown, expired and
    # revoked tokens, which Dovecot reports as a failed login.
    cat >"$dir/dovecot/oauth2.conf.ext" <<EOF
# Written by tools/lib/servers.sh at each start: edits are lost.
introspection_mode = post
introspection_url = http://127.0.0.1:$5/introspect
username_attribute = username
active_attribute = active
active_value = true
timeout_msecs = 5000
EOF
    cat >"$conf" <<EOF
# Written by tools/lib/servers.sh at each start: edits are lost.
protocols = imap lmtp
listen = 127.0.0.1
base_dir = $run
state_dir = $dir/dovecot/state
instance_name = tributary-$(printf '%s' "$dir" | md5sum | cut -c1-8)
log_path = $dir/logs/dovecot.log
log_timestamp = "%Y-%m-%d %H:%M:%S "
auth_verbose = yes

# Tests log in with wrong passwords on purpose: no 2 s penalty each time.
auth_failure_delay = 0
disable_plaintext_auth = no
auth_mechanisms = plain login xoauth2 oauthbearer
first_valid_uid = $TRIBUTARY_VMAIL_UID

ssl = yes
ssl_cert = <$dir/tls/cert.pem
ssl_key = <$dir/tls/key.pem
$dh

# Passwords for PLAIN/LOGIN (and lookups without a login); access tokens for
# XOAUTH2/OAUTHBEARER, never the other way round.
passdb {
  driver = passwd-file
  mechanisms = plain login none
  args = scheme=PLAIN username_format=%u $dir/dovecot/users
}
passdb {
  driver = oauth2
  mechanisms = xoauth2 oauthbearer
  args = $dir/dovecot/oauth2.conf.ext
}
userdb {
  driver = passwd-file
  args = username_format=%u $dir/dovecot/users
  default_fields = uid=$TRIBUTARY_VMAIL_UID gid=$TRIBUTARY_VMAIL_GID home=$dir/mail/%n
}

mail_location = maildir:~/Maildir
mail_fsync = never
mail_plugins = acl
postmaster_address = postmaster@$TRIBUTARY_MAIL_DOMAIN

namespace inbox {
  inbox = yes
  prefix =
  separator = /
  mailbox INBOX {
    auto = subscribe
  }
  mailbox Drafts {
    special_use = \\Drafts
    auto = subscribe
  }
  mailbox Sent {
    special_use = \\Sent
    auto = subscribe
  }
  mailbox Trash {
    special_use = \\Trash
    auto = subscribe
  }
  mailbox Junk {
    special_use = \\Junk
    auto = subscribe
  }
  mailbox Archive {
    special_use = \\Archive
    auto = subscribe
  }
}

# One team mailbox for everyone: flags are shared, \\Seen is per user
# (INDEXPVT). Rights come from the dovecot-acl file next to the mailbox.
namespace public {
  type = public
  prefix = Public/
  separator = /
  location = maildir:$dir/public:INDEXPVT=~/Maildir/public-idx
  subscriptions = no
  list = yes
}

plugin {
  acl = vfile
}

protocol imap {
  mail_plugins = \$mail_plugins imap_acl
  # vmime opens one connection per open folder.
  mail_max_userip_connections = 50
}
protocol lmtp {
  mail_plugins = \$mail_plugins
}

service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $3
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = $4
    ssl = yes
  }
  # One login process serves many connections: tests open lots of them.
  service_count = 0
}
service lmtp {
  unix_listener lmtp {
    mode = 0666
  }
}
service auth {
  unix_listener auth-client {
    mode = 0666
  }
}
# No auth penalty either: after a failed login from 127.0.0.1 (every test
# client), Dovecot would otherwise delay each later login by up to 15 s. The
# auth process cannot open a socket of mode 0, which turns the penalty off.
service anvil {
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
EOF
}

_prepare_mail_dirs() { # DIR PASSWORD
    local dir="$1" u
    mkdir -p "$dir/dovecot/state" "$dir/mail" "$dir/public/.Team/cur" "$dir/public/.Team/new" \
        "$dir/public/.Team/tmp" "$dir/public/cur" "$dir/public/new" "$dir/public/tmp"
    : >"$dir/public/.Team/maildirfolder"
    # Everyone may read, flag, add, expunge and create below Public/Team, but not
    # change the rights themselves.
    echo "anyone lrwstipekx" >"$dir/public/.Team/dovecot-acl"
    echo "anyone lr" >"$dir/public/dovecot-acl"
    for u in "${TRIBUTARY_MAIL_USERS[@]}"; do
        mkdir -p "$dir/mail/$u"
    done
    chown -R "$TRIBUTARY_VMAIL_UID:$TRIBUTARY_VMAIL_GID" "$dir/mail" "$dir/public"
    chmod 0750 "$dir/mail" "$dir/public"

    local users="$dir/dovecot/users"
    : >"$users"
    for u in "${TRIBUTARY_MAIL_USERS[@]}"; do
        echo "$u@$TRIBUTARY_MAIL_DOMAIN:{PLAIN}$2::::::" >>"$users"
    done
    # Dovecot's auth process runs as the dovecot user.
    chgrp dovecot "$users" 2>/dev/null || true
    chmod 0640 "$users"
}

_start_dovecot() { # DIR RUN IMAP_PORT
    local dir="$1" run="$2" conf="$1/dovecot/dovecot.conf" pid
    rm -f "$run/master.pid"
    mkdir -p "$run"
    if ! dovecot -c "$conf" >>"$dir/logs/dovecot-start.log" 2>&1; then
        _log_tail "$dir/logs/dovecot-start.log"
        _log_tail "$dir/logs/dovecot.log"
        return 1
    fi
    # dovecot forks; the master writes its pid once it is set up.
    _wait_for_file "$run/master.pid" || true # the check below explains a missing pid
    pid="$(cat "$run/master.pid" 2>/dev/null)"
    [ -n "$pid" ] || {
        echo "dovecot wrote no pid file" >&2
        _log_tail "$dir/logs/dovecot.log"
        return 1
    }
    _record_pid "$dir" dovecot "$pid"
    "$_PY" "$_PROBE" banner "$3" "* OK" 15 >/dev/null || {
        _log_tail "$dir/logs/dovecot.log"
        return 1
    }
    # The shared mailbox is in every user's subscription list (stored per user,
    # the public namespace has subscriptions = no).
    local u
    for u in "${TRIBUTARY_MAIL_USERS[@]}"; do
        doveadm -c "$conf" mailbox subscribe -u "$u@$TRIBUTARY_MAIL_DOMAIN" "$TRIBUTARY_SHARED_FOLDER" \
            >>"$dir/logs/dovecot-start.log" 2>&1 || {
            _log_tail "$dir/logs/dovecot-start.log"
            return 1
        }
    done
}

# One access token per user that never expires and one that expired an hour
# ago, random at each start: "TOKEN USERNAME EXPIRES" lines, as
# oauth-introspect.py reads them.
_write_oauth_tokens() { # DIR
    local o="$1/oauth" u now
    mkdir -p "$o"
    chmod 0700 "$o"
    now="$(date +%s)"
    (
        umask 077
        for u in "${TRIBUTARY_MAIL_USERS[@]}"; do
            echo "tt-$(openssl rand -hex 24) $u@$TRIBUTARY_MAIL_DOMAIN 0"
            echo "tt-$(openssl rand -hex 24) $u@$TRIBUTARY_MAIL_DOMAIN $((now - 3600))"
        done >"$o/tokens.tmp"
    ) || return 1
    mv "$o/tokens.tmp" "$o/tokens"
}

_start_oauth() { # DIR PORT OIDC_PORT
    local dir="$1" o="$1/oauth" pid started=""
    rm -f "$o/pid" "$o/started"
    # Like the keyring: the shell notes its own pid and becomes the service, so
    # the pid is known before the service is ready; setsid lets it outlive the
    # shell that started it. The service writes its pid file once its socket
    # listens.
    # shellcheck disable=SC2016 # $$ is the inner shell's pid, on purpose
    setsid bash -c 'echo $$ >"$1"; shift; exec "$@"' _ "$o/started" \
        "$_PY" "$_OAUTH" serve --port "$2" --tokens "$o/tokens" --pid-file "$o/pid" \
        --oidc-introspect "http://127.0.0.1:$3/token/introspection" \
        --oidc-secret-file "$dir/oidc/client-secret" \
        </dev/null >>"$dir/logs/oauth.log" 2>&1 &
    for _ in $(seq 100); do
        [ -s "$o/pid" ] && break
        [ -z "$started" ] && started="$(cat "$o/started" 2>/dev/null)"
        # Exited (a zombie until reaped): no use waiting any longer.
        [ -n "$started" ] && ! _alive "$started" && break
        sleep 0.05
    done
    pid="$(cat "$o/pid" 2>/dev/null)"
    if [ -z "$pid" ]; then
        echo "the OAuth token service did not start listening on port $2" >&2
        [ -n "$started" ] && _pid_runs oauth "$started" && kill -TERM "$started" 2>/dev/null
        _log_tail "$dir/logs/oauth.log"
        return 1
    fi
    _record_pid "$dir" oauth "$pid"
}

_write_postfix_conf() { # DIR RUN SMTP_PORT
    local dir="$1" run="$2" cf="$1/postfix"
    cat >"$cf/main.cf" <<EOF
# Written by tools/lib/servers.sh at each start: edits are lost.
compatibility_level = 3.6
queue_directory = $dir/postfix-queue
data_directory = $dir/postfix-data
syslog_name = postfix-tributary
# No syslog here: without a log file a failed start is silent.
maillog_file = $dir/logs/postfix.log
maillog_file_prefixes = $dir/logs

myhostname = localhost
mydomain = $TRIBUTARY_MAIL_DOMAIN
myorigin = \$mydomain
mydestination = $TRIBUTARY_MAIL_DOMAIN, localhost
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
biff = no
append_dot_mydomain = no
readme_directory = no
alias_maps =
alias_database =
message_size_limit = 52428800
smtpd_banner = \$myhostname ESMTP Tributary test server

# Every local recipient goes to Dovecot, which rejects unknown users.
local_recipient_maps =
local_transport = lmtp:unix:$run/lmtp
# Nothing leaves the machine: outside mail bounces back to the sender.
default_transport = error:outside mail is disabled on the Tributary test server
relay_transport = error:outside mail is disabled on the Tributary test server
smtp_dns_support_level = disabled
# Dovecot 2.3 LMTP rejects SMTPUTF8 (and vmime sends it whenever offered).
smtputf8_enable = no
# Retry quickly after a failed delivery (e.g. while Dovecot restarts).
queue_run_delay = 5s
minimal_backoff_time = 5s
maximal_backoff_time = 30s

smtpd_tls_cert_file = $dir/tls/cert.pem
smtpd_tls_key_file = $dir/tls/key.pem
smtpd_tls_security_level = may
smtpd_sasl_type = dovecot
smtpd_sasl_path = $run/auth-client
smtpd_relay_restrictions = permit_sasl_authenticated, reject
EOF
    # chroot is "n" everywhere: the config and sockets live outside any chroot.
    cat >"$cf/master.cf" <<EOF
# Written by tools/lib/servers.sh at each start: edits are lost.
# service type  private unpriv  chroot  wakeup  maxproc command + args
127.0.0.1:$3 inet n     -       n       -       -       smtpd
  -o syslog_name=postfix-tributary/submission
  -o smtpd_tls_security_level=may
  -o smtpd_tls_auth_only=yes
  -o smtpd_sasl_auth_enable=yes
  -o smtpd_client_restrictions=permit_sasl_authenticated,reject
  -o smtpd_relay_restrictions=permit_sasl_authenticated,reject
  -o smtpd_recipient_restrictions=permit_sasl_authenticated,reject
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
tlsmgr    unix  -       -       n       1000?   1       tlsmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
proxywrite unix -       -       n       -       1       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
lmtp      unix  -       -       n       -       -       lmtp
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
EOF
}

# The queue and data directories with the owners and modes Postfix's own
# postfix-files gives them (its queue layout has not changed since Postfix 2).
# Written out here instead of read from $meta_directory/postfix-files or made by
# `postfix post-install`: both look in /etc/postfix, which a "No configuration"
# install leaves without main.cf, and CI hides altogether (tools/lib/isolated.sh).
# Owner and group come from our own main.cf (compiled-in defaults).
_POSTFIX_QUEUE_DIRS=(
    # path  owner  group  mode
    ". root - 755" "active owner - 700" "bounce owner - 700" "corrupt owner - 700"
    "defer owner - 700" "deferred owner - 700" "flush owner - 700" "hold owner - 700"
    "incoming owner - 700" "private owner - 700" "maildrop owner setgid 730"
    "public owner setgid 710" "pid root - 755" "saved owner - 700" "trace owner - 700"
)
_postfix_dirs() { # DIR
    local dir="$1" cf="$1/postfix" owner setgid entry path user group mode
    owner="$(postconf -c "$cf" -h mail_owner)" && setgid="$(postconf -c "$cf" -h setgid_group)" || return 1
    mkdir -p "$dir/postfix-data" && chown "$owner" "$dir/postfix-data" && chmod 700 "$dir/postfix-data" || return 1
    for entry in "${_POSTFIX_QUEUE_DIRS[@]}"; do
        read -r path user group mode <<<"$entry"
        path="$dir/postfix-queue/$path"
        [ "$user" = owner ] && user="$owner"
        case "$group" in setgid) group=":$setgid" ;; *) group="" ;; esac
        mkdir -p "$path" && chown "$user$group" "$path" && chmod "$mode" "$path" || return 1
    done
}

_start_postfix() { # DIR SMTP_PORT
    local dir="$1" cf="$1/postfix" queue="$1/postfix-queue" pid
    # Postfix insists on a root-owned config dir.
    chown root:root "$cf" "$cf/main.cf" "$cf/master.cf"
    chmod 0755 "$cf"
    _postfix_dirs "$dir" || {
        _log_tail "$dir/logs/postfix-start.log"
        return 1
    }
    rm -f "$queue/pid/master.pid"
    # -w: returns once the background master is up (status 0 only if it is).
    if ! /usr/lib/postfix/sbin/master -c "$cf" -w >>"$dir/logs/postfix-start.log" 2>&1; then
        _log_tail "$dir/logs/postfix-start.log"
        _log_tail "$dir/logs/postfix.log"
        return 1
    fi
    _wait_for_file "$queue/pid/master.pid" || true
    pid="$(tr -d ' \n' <"$queue/pid/master.pid" 2>/dev/null)"
    [ -n "$pid" ] || {
        echo "postfix wrote no pid file" >&2
        _log_tail "$dir/logs/postfix.log"
        return 1
    }
    _record_pid "$dir" postfix "$pid"
    "$_PY" "$_PROBE" banner "$2" "220 " 15 >/dev/null || {
        _log_tail "$dir/logs/postfix.log"
        return 1
    }
}

_start_dbus() { # DIR -> sets _DBUS_ADDRESS
    local dir="$1" out
    mkdir -p "$dir/dbus/services"
    rm -f "$dir/dbus/bus"
    # Our own config: a session bus on a socket in DIR, and no service
    # activation, so nothing can start on this bus that we did not start.
    cat >"$dir/dbus/session.conf" <<EOF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<!-- Written by tools/lib/servers.sh at each start: edits are lost. -->
<busconfig>
  <type>session</type>
  <keep_umask/>
  <listen>unix:path=$(_run_dir "$dir")/dbus-session</listen>
  <auth>EXTERNAL</auth>
  <servicedir>$dir/dbus/services</servicedir>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
EOF
    out="$(dbus-daemon --config-file="$dir/dbus/session.conf" --fork --print-address=1 --print-pid=1 \
        2>>"$dir/logs/dbus.log" </dev/null)" || {
        _log_tail "$dir/logs/dbus.log"
        return 1
    }
    _DBUS_ADDRESS="$(echo "$out" | sed -n 1p)"
    _record_pid "$dir" dbus "$(echo "$out" | sed -n 2p)"
    [ -n "$_DBUS_ADDRESS" ] || return 1
}

_start_keyring() { # DIR BUS_ADDRESS
    local dir="$1" k="$1/keyring" pid
    mkdir -p "$k/home" "$k/runtime"
    chmod 0700 "$k" "$k/home" "$k/runtime"
    # The keyring file outlives restarts (the sandbox keeps DIR): its password
    # must too.
    if [ ! -s "$k/password" ]; then
        (umask 077 && "$_PY" "$_PROBE" password | tr -d '\n' >"$k/password")
    fi
    rm -f "$k/pid"
    # shellcheck disable=SC2016 # $$ is the inner shell's pid, on purpose
    # --foreground keeps the pid we record; setsid detaches it from our
    # terminal so a sandbox survives the shell that started it. No DISPLAY:
    # it must never try to show an unlock prompt.
    setsid env -u DISPLAY -u WAYLAND_DISPLAY -u XDG_DATA_HOME -u XDG_CONFIG_HOME -u XDG_CACHE_HOME \
        -u GNOME_KEYRING_CONTROL -u SSH_AUTH_SOCK \
        HOME="$k/home" XDG_RUNTIME_DIR="$k/runtime" DBUS_SESSION_BUS_ADDRESS="$2" \
        bash -c 'echo $$ >"$1"; exec gnome-keyring-daemon --foreground --unlock --components=secrets' \
        _ "$k/pid" <"$k/password" >>"$dir/logs/keyring.log" 2>&1 &
    for _ in $(seq 100); do
        [ -s "$k/pid" ] && break
        sleep 0.02
    done
    pid="$(cat "$k/pid" 2>/dev/null)"
    [ -n "$pid" ] || return 1
    _record_pid "$dir" keyring "$pid"
    # Ready when the default collection answers and is unlocked.
    local reply=""
    for _ in $(seq 200); do
        reply="$(DBUS_SESSION_BUS_ADDRESS="$2" gdbus call --session --dest org.freedesktop.secrets \
            --object-path /org/freedesktop/secrets/aliases/default \
            --method org.freedesktop.DBus.Properties.Get org.freedesktop.Secret.Collection Locked 2>&1)" &&
            [ "$reply" = "(<false>,)" ] && return 0
        _pid_runs keyring "$pid" || break
        sleep 0.05
    done
    echo "gnome-keyring did not offer an unlocked default collection: $reply" >&2
    _log_tail "$dir/logs/keyring.log"
    return 1
}

_write_env() { # DIR PASSWORD IMAP IMAPS SMTP BUS OAUTH
    local dir="$1" f="$1/env.sh" token user expires
    {
        echo "# Written by tools/lib/servers.sh at each start. Source it: . $f"
        printf 'export TRIBUTARY_TEST_HOST=%q\n' 127.0.0.1
        printf 'export TRIBUTARY_TEST_IMAP_PORT=%q\n' "$3"
        printf 'export TRIBUTARY_TEST_IMAPS_PORT=%q\n' "$4"
        printf 'export TRIBUTARY_TEST_SMTP_PORT=%q\n' "$5"
        printf 'export TRIBUTARY_TEST_DOMAIN=%q\n' "$TRIBUTARY_MAIL_DOMAIN"
        printf 'export TRIBUTARY_TEST_USERS=%q\n' "${TRIBUTARY_MAIL_USERS[*]}"
        printf 'export TRIBUTARY_TEST_PASSWORD=%q\n' "$2"
        printf 'export TRIBUTARY_TEST_CA_CERT=%q\n' "$dir/tls/cert.pem"
        printf 'export TRIBUTARY_TEST_SHARED_FOLDER=%q\n' "$TRIBUTARY_SHARED_FOLDER"
        printf 'export TRIBUTARY_TEST_STATE_DIR=%q\n' "$dir"
        printf 'export TRIBUTARY_TEST_DOVECOT_CONF=%q\n' "$dir/dovecot/dovecot.conf"
        printf 'export TRIBUTARY_TEST_PIDS_FILE=%q\n' "$dir/pids"
        printf 'export DBUS_SESSION_BUS_ADDRESS=%q\n' "$6"
        printf 'export TRIBUTARY_TEST_OAUTH_URL=%q\n' "http://127.0.0.1:$7"
        # TRIBUTARY_TEST_OAUTH_TOKEN_ALICE (valid), ..._EXPIRED_TOKEN_ALICE, ...
        while read -r token user expires; do
            user="${user%@*}"
            if [ "$expires" = 0 ]; then
                printf 'export TRIBUTARY_TEST_OAUTH_TOKEN_%s=%q\n' "${user^^}" "$token"
            else
                printf 'export TRIBUTARY_TEST_OAUTH_EXPIRED_TOKEN_%s=%q\n' "${user^^}" "$token"
            fi
        done <"$dir/oauth/tokens"
    } >"$f.tmp"
    chmod 0600 "$f.tmp"
    mv "$f.tmp" "$f"
}

_servers_start_body() { # DIR
    local dir="$1" run password imap imaps smtp oauth oidc
    run="$(_run_dir "$dir")"
    # This start's logs only; the previous start's stay in logs/previous.
    if [ -d "$dir/logs" ]; then
        rm -rf "$dir/logs/previous"
        mkdir -p "$dir/logs/previous"
        find "$dir/logs" -maxdepth 1 -type f -exec mv -t "$dir/logs/previous" {} +
    fi
    mkdir -p "$dir/logs" "$dir/dovecot" "$dir/postfix"
    : >"$dir/pids"
    rm -f "$dir/env.sh"
    read -r imap imaps smtp oauth oidc <<<"$("$_PY" "$_PROBE" ports 5)"
    password="$("$_PY" "$_PROBE" password)"

    step "  certificate" _make_cert "$dir" || return 1
    _prepare_mail_dirs "$dir" "$password"
    _write_oauth_tokens "$dir" || return 1
    step "  oauth token service (port $oauth)" _start_oauth "$dir" "$oauth" "$oidc" || return 1
    _write_dovecot_conf "$dir" "$run" "$imap" "$imaps" "$oauth"
    step "  dovecot (imap $imap, imaps $imaps)" _start_dovecot "$dir" "$run" "$imap" || return 1
    _write_postfix_conf "$dir" "$run" "$smtp"
    step "  postfix (submission $smtp)" _start_postfix "$dir" "$smtp" || return 1
    step "  dbus" _start_dbus "$dir" || return 1
    step "  gnome-keyring" _start_keyring "$dir" "$_DBUS_ADDRESS" || return 1
    step "  oidc provider (port $oidc)" _start_oidc "$dir" "$oidc" || return 1
    _write_env "$dir" "$password" "$imap" "$imaps" "$smtp" "$_DBUS_ADDRESS" "$oauth"
    _write_oidc_env "$dir" "$oidc"
    rest_servers_start "$dir" || return 1
}

servers_start() {
    [ -n "${1:-}" ] || die "usage: servers_start DIR"
    [ "$(id -u)" -eq 0 ] || die "the local Dovecot and Postfix need root: run this as root (CI does)"
    local dir
    mkdir -p "$1"
    dir="$(cd "$1" && pwd)"
    # Leftovers of a run that was killed before it could clean up.
    [ -s "$dir/pids" ] && servers_stop "$dir"
    info "starting test servers in $dir"
    if ! (_servers_start_body "$dir"); then
        servers_stop "$dir"
        die "test servers failed to start (logs: $dir/logs)"
    fi
    info "test servers ready: . $dir/env.sh"
}

servers_stop() {
    [ -n "${1:-}" ] || die "usage: servers_stop DIR"
    local dir="$1" name pid all=() left table
    rest_servers_stop "$dir"
    [ -f "$dir/pids" ] || return 0
    # Note each server's children first: once a master dies they are orphans.
    table="$(_process_table)"
    while read -r name pid; do
        _pid_runs "$name" "$pid" || continue
        # shellcheck disable=SC2207
        all+=("$pid" $(_descendants "$pid" "$table"))
        kill -TERM "$pid" 2>/dev/null || true
    done <"$dir/pids"
    for _ in $(seq 100); do
        left=()
        for pid in "${all[@]}"; do
            [ -d "/proc/$pid" ] && left+=("$pid")
        done
        [ "${#left[@]}" -eq 0 ] && break
        sleep 0.05
    done
    if [ "${#left[@]}" -gt 0 ]; then
        info "killing processes that ignored SIGTERM: ${left[*]}"
        kill -KILL "${left[@]}" 2>/dev/null || true
    fi
    rm -f "$dir/pids"
    local run
    run="$(_run_dir "$dir")"
    case "$run" in "$dir"/*) ;; *) rm -rf "$run" ;; esac
    [ "${#all[@]}" -gt 0 ] && info "test servers in $dir stopped"
    return 0
}

servers_status() {
    [ -n "${1:-}" ] || die "usage: servers_status DIR"
    local dir="$1" name pid ok=0
    if [ ! -s "$dir/pids" ]; then
        echo "no test servers recorded in $dir"
        return 1
    fi
    while read -r name pid; do
        if _pid_runs "$name" "$pid"; then
            printf '%-8s pid %-8s running\n' "$name" "$pid"
        else
            printf '%-8s pid %-8s NOT running\n' "$name" "$pid"
            ok=1
        fi
    done <"$dir/pids"
    if [ -f "$dir/env.sh" ]; then
        (
            # shellcheck disable=SC1091
            . "$dir/env.sh"
            printf 'imap     %s:%s  %s\n' "$TRIBUTARY_TEST_HOST" "$TRIBUTARY_TEST_IMAP_PORT" \
                "$("$_PY" "$_PROBE" banner "$TRIBUTARY_TEST_IMAP_PORT" "* OK" 2 2>&1)"
            printf 'imaps    %s:%s\n' "$TRIBUTARY_TEST_HOST" "$TRIBUTARY_TEST_IMAPS_PORT"
            printf 'smtp     %s:%s  %s\n' "$TRIBUTARY_TEST_HOST" "$TRIBUTARY_TEST_SMTP_PORT" \
                "$("$_PY" "$_PROBE" banner "$TRIBUTARY_TEST_SMTP_PORT" "220 " 2 2>&1)"
            printf 'oauth    %s\n' "$TRIBUTARY_TEST_OAUTH_URL"
            printf 'oidc     %s\n' "${TRIBUTARY_TEST_OIDC_ISSUER:-}"
            printf 'dbus     %s\n' "$DBUS_SESSION_BUS_ADDRESS"
            printf 'env      . %s\n' "$dir/env.sh"
            printf 'logs     %s\n' "$dir/logs"
        )
    fi
    rest_servers_status "$dir" || ok=1
    return "$ok"
}
