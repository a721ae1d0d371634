#!/bin/sh
# can-up.sh - bring a SocketCAN interface up for the cockpit: bitrate, CAN FD, restart-ms.
#
# Usage: can-up.sh IFACE BITRATE [--fd DATA_BITRATE] [--restart-ms MS] [--sample-point SP]
#                  [--data-sample-point SP] [--txqueuelen N] [--listen-only] [--berr-reporting]
#   can-up.sh can0 500000                       classic CAN at 500 kbit/s
#   can-up.sh can1 500000 --fd 2000000          CAN FD, 2 Mbit/s data phase
#
# restart-ms (default 100) lets the controller leave bus-off by itself; the cockpit shows bus-off
# meanwhile and "ok" again when frames return. Controller state changes (error-passive, bus-off,
# restarted) reach the cockpit as error frames in any case; --berr-reporting adds one error frame
# per bus error, on controllers that support it. A vcan interface is only set up (no bitrate).
# CAN_UP_DRY_RUN=1 prints the ip commands instead of running them (for tests and for checking).
# Needs CAP_NET_ADMIN (root, or the cockpit-can@.service unit).
set -eu

usage() {
    echo "usage: $0 IFACE BITRATE [--fd DATA_BITRATE] [--restart-ms MS] [--sample-point SP]" >&2
    echo "       [--data-sample-point SP] [--txqueuelen N] [--listen-only] [--berr-reporting]" >&2
    exit 2
}

fail() {
    echo "can-up.sh: $*" >&2
    exit 1
}

is_number() {
    case "$1" in
        ''|*[!0-9]*) return 1 ;;
        *) return 0 ;;
    esac
}

run() {
    if [ "${CAN_UP_DRY_RUN:-0}" = "1" ]; then
        echo "$*"
    else
        "$@"
    fi
}

[ $# -ge 2 ] || usage
iface=$1
bitrate=$2
shift 2
data_bitrate=""
restart_ms=100
sample_point=""
data_sample_point=""
txqueuelen=""
listen_only=off
berr_reporting=off

while [ $# -gt 0 ]; do
    case "$1" in
        --listen-only|--berr-reporting) ;;
        *) [ $# -ge 2 ] || usage ;;
    esac
    case "$1" in
        --fd) data_bitrate=$2; shift 2 ;;
        --restart-ms) restart_ms=$2; shift 2 ;;
        --sample-point) sample_point=$2; shift 2 ;;
        --data-sample-point) data_sample_point=$2; shift 2 ;;
        --txqueuelen) txqueuelen=$2; shift 2 ;;
        --listen-only) listen_only=on; shift ;;
        --berr-reporting) berr_reporting=on; shift ;;
        *) usage ;;
    esac
done

case "$iface" in
    ''|*[!A-Za-z0-9_.-]*) fail "'$iface' is not an interface name (see: ip link show type can)" ;;
esac
is_number "$bitrate" || fail "bitrate '$bitrate' is not a number of bit/s, e.g. 500000"
is_number "$restart_ms" || fail "restart-ms '$restart_ms' is not a number of milliseconds"
[ -z "$data_bitrate" ] || is_number "$data_bitrate" \
    || fail "data bitrate '$data_bitrate' is not a number of bit/s, e.g. 2000000"
[ -z "$txqueuelen" ] || is_number "$txqueuelen" || fail "txqueuelen '$txqueuelen' is not a number"

if [ "${CAN_UP_DRY_RUN:-0}" != "1" ]; then
    ip link show "$iface" >/dev/null 2>&1 \
        || fail "no interface $iface; is the adapter plugged in and its driver loaded? (ip link show type can)"
    if ip -details link show "$iface" | grep -q "vcan"; then
        run ip link set "$iface" up
        exit 0
    fi
fi

# The bitrate can only change while the interface is down.
run ip link set "$iface" down

set -- ip link set "$iface" type can bitrate "$bitrate"
[ -z "$sample_point" ] || set -- "$@" sample-point "$sample_point"
if [ -n "$data_bitrate" ]; then
    set -- "$@" dbitrate "$data_bitrate"
    [ -z "$data_sample_point" ] || set -- "$@" dsample-point "$data_sample_point"
    set -- "$@" fd on
fi
set -- "$@" restart-ms "$restart_ms"
# Only modes asked for are named: a controller that lacks one refuses the whole command.
[ "$berr_reporting" = "off" ] || set -- "$@" berr-reporting on
[ "$listen_only" = "off" ] || set -- "$@" listen-only on
run "$@"

[ -z "$txqueuelen" ] || run ip link set "$iface" txqueuelen "$txqueuelen"
run ip link set "$iface" up

if [ "${CAN_UP_DRY_RUN:-0}" != "1" ]; then
    ip -details link show "$iface"
fi
