"""Why a bus is offline is on the Diagnostics page, in the words of the bus layer (the fix included)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication
from support import wait_until

from cockpit.bus.kinds import bus_opener
from cockpit.bus.reader import BusReader
from cockpit.config import BusConfig
from cockpit.decode import FrameDecoder
from cockpit.hmi.app import BusFeed, Cockpit
from cockpit.hmi.bus_stats import BusStatsModel
from cockpit.signals import SignalStore


class Counters:
    frames = unknown_frames = decode_errors = e2e_errors = 0


def test_the_reason_is_shown_while_the_bus_is_not_ok_and_cleared_when_it_is() -> None:
    state, reason = ["offline"], ["cannot open: no such device"]
    model = BusStatsModel(clock=lambda: 0.0)
    model.add_bus("body", Counters(), state=lambda: state[0], reason=lambda: reason[0])
    role = BusStatsModel.Role.StateReason
    assert model.data(model.index(0), role) == "cannot open: no such device"
    state[0] = "ok"
    model.sample(1.0)
    assert model.data(model.index(0), role) == ""


def test_diagnostics_shows_why_a_real_reader_cannot_open_its_bus(qapp, schema, caplog) -> None:
    try:
        import usb  # noqa: F401

        pytest.skip("pyusb is installed here: gs_usb's driver is not missing")
    except ImportError:
        pass
    store = SignalStore(schema.signal_specs())
    config = BusConfig(name="body", interface="gs_usb", channel="0")
    reader = BusReader(
        "body",
        bus_opener(config),
        [FrameDecoder(schema, store, bus_name="body")],
        backoff_initial=0.05,
        backoff_max=0.1,
    )
    reader.start()
    cockpit = Cockpit(
        store,
        buses=[BusFeed("body", Counters(), lambda: reader.state, reason=lambda: reader.health().reason)],
        initial_page="diagnostics",
    )
    try:
        assert wait_until(lambda: "needs an optional package" in reader.health().reason, 3.0)
        cockpit.load((1280, 480)).show()
        cockpit.models.bus_stats.sample(1.0)
        QCoreApplication.processEvents()
        shown = cockpit.find("busStateReason")
        assert shown is not None and shown.property("visible")
        assert shown.property("text").startswith(
            "(gs_usb 0): cannot open: the gs_usb interface needs an "
            'optional package: pip install "python-can[gs-usb]"'
        )
        logged = [r.getMessage() for r in caplog.records if "bus body: " in r.getMessage()]
        assert len(logged) == 1 and "pip install" in logged[0]  # logged once, not at every retry
    finally:
        cockpit.close()
        reader.stop()
