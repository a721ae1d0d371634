"""The announcer: what the cockpit and the simulated household put on the air, over real zeroconf."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator

import pytest
from zeroconf import IPVersion, ServiceBrowser, ServiceListener, Zeroconf

from cockpit.discovery.announce import HANDOFF_SERVICE_TYPE, ServiceAnnouncer
from cockpit.discovery.interfaces import resolve_interfaces
from cockpit.errors import DiscoveryError


class _Recorder(ServiceListener):
    """Collects browser events and lets a test wait for one."""

    def __init__(self) -> None:
        self.events: list[tuple[str, str]] = []
        self._changed = threading.Condition()

    def _record(self, kind: str, name: str) -> None:
        with self._changed:
            self.events.append((kind, name))
            self._changed.notify_all()

    def add_service(self, zc: Zeroconf, type_: str, name: str) -> None:
        self._record("add", name)

    def update_service(self, zc: Zeroconf, type_: str, name: str) -> None:
        self._record("update", name)

    def remove_service(self, zc: Zeroconf, type_: str, name: str) -> None:
        self._record("remove", name)

    def wait_for(self, kind: str, name: str, timeout: float = 3.0) -> bool:
        with self._changed:
            return self._changed.wait_for(lambda: (kind, name) in self.events, timeout)


@pytest.fixture
def listener_zeroconf() -> Iterator[Zeroconf]:
    zc = Zeroconf(interfaces=["127.0.0.1"], ip_version=IPVersion.V4Only)
    yield zc
    zc.close()


@pytest.fixture
def announcer(quick_zeroconf_timing: None) -> Iterator[ServiceAnnouncer]:
    with ServiceAnnouncer() as announcer:
        yield announcer


def _unique(prefix: str) -> str:
    # Each test announces its own names so that records cached by a previous test never satisfy it.
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def test_default_interfaces_are_loopback_only() -> None:
    assert resolve_interfaces().addresses == ("127.0.0.1",)


def test_interface_name_resolves_to_its_ipv4_addresses() -> None:
    assert resolve_interfaces(["lo"]).addresses == ("127.0.0.1",)


@pytest.mark.parametrize("bad", ["wlan-does-not-exist", "10.254.254.254", "::1", ""])
def test_unknown_interface_is_a_clear_error_naming_it(bad: str) -> None:
    with pytest.raises(DiscoveryError) as excinfo:
        resolve_interfaces([bad])
    assert (repr(bad) in str(excinfo.value)) or "empty" in str(excinfo.value)


def test_all_includes_loopback() -> None:
    assert "127.0.0.1" in resolve_interfaces(["all"]).addresses


def test_announced_service_is_seen_updated_and_withdrawn(
    announcer: ServiceAnnouncer, listener_zeroconf: Zeroconf
) -> None:
    instance = _unique("Xiaomi 14")
    full_name = f"{instance}.{HANDOFF_SERVICE_TYPE}"
    recorder = _Recorder()
    browser = ServiceBrowser(listener_zeroconf, HANDOFF_SERVICE_TYPE, recorder)
    try:
        announcer.announce(HANDOFF_SERVICE_TYPE, instance, 47210, {"id": "phone-1", "v": "1"})
        assert recorder.wait_for("add", full_name)
        info = listener_zeroconf.get_service_info(HANDOFF_SERVICE_TYPE, full_name, timeout=2000)
        assert info is not None
        assert info.port == 47210
        assert info.parsed_addresses() == ["127.0.0.1"]
        assert info.properties[b"id"] == b"phone-1"

        announcer.update(instance, {"id": "phone-1", "v": "2"})
        assert recorder.wait_for("update", full_name)

        started = time.monotonic()
        announcer.withdraw(instance)
        assert recorder.wait_for("remove", full_name)
        assert time.monotonic() - started < 1.0
    finally:
        browser.cancel()


def test_announcing_the_same_instance_twice_asks_for_update(announcer: ServiceAnnouncer) -> None:
    instance = _unique("Cockpit")
    announcer.announce(HANDOFF_SERVICE_TYPE, instance, 47211, {"id": "c"})
    with pytest.raises(ValueError, match="update"):
        announcer.announce(HANDOFF_SERVICE_TYPE, instance, 47211, {"id": "c"})


@pytest.mark.parametrize(
    ("service_type", "port", "properties", "message"),
    [
        ("_mi-handoff._tcp.local", 1, {}, "service type"),
        (HANDOFF_SERVICE_TYPE, 0, {}, "port"),
        (HANDOFF_SERVICE_TYPE, 70000, {}, "port"),
        (HANDOFF_SERVICE_TYPE, 1, {"k": "x" * 300}, "255"),
    ],
)
def test_bad_announcements_are_refused_before_anything_is_sent(
    announcer: ServiceAnnouncer, service_type: str, port: int, properties: dict[str, str], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        announcer.announce(service_type, "bad", port, properties)
    assert announcer.announced() == []


def test_closed_announcer_says_so() -> None:
    announcer = ServiceAnnouncer()
    announcer.close()
    announcer.close()  # twice is fine
    with pytest.raises(DiscoveryError, match="closed"):
        announcer.announce(HANDOFF_SERVICE_TYPE, "late", 1, {})
