"""A real car profile (opendbc's DBCs carry no cycle times): the rates the decoder learns from the
first frames are shown on the Diagnostics page."""

from __future__ import annotations

import pytest

from cockpit.app.vehicle import BusFeed
from cockpit.hmi.app import Cockpit
from cockpit.signals import SignalStore


def _texts(item) -> list[str]:
    found, stack = [], [item]
    while stack:
        node = stack.pop()
        text = node.property("text")
        if text and node.isVisible():
            found.append(str(text))
        stack.extend(node.childItems())
    return found


def test_the_rates_learnt_from_an_ioniq5s_first_frames_are_shown_in_diagnostics(qtbot, qapp) -> None:
    from cockpit.cars.drive import profile_demo_car
    from cockpit.decode import FrameDecoder

    schema, car = profile_demo_car("hyundai_ioniq5", "highway", seed=3)
    store = SignalStore(schema.signal_specs())
    decoder = FrameDecoder(schema, store, bus_name="ecan")
    for frame in car.frames_until(4.0):
        decoder(frame)
    assert decoder.stats.e2e_errors == 0 and decoder.learnt_rates["WHEEL_SPEEDS"] == pytest.approx(
        20, rel=0.05
    )
    cockpit = Cockpit(store, buses=[BusFeed("ecan", decoder.stats, None)], initial_page="diagnostics")
    try:
        window = cockpit.load()
        window.show()
        cockpit.start()
        cockpit.models.bus_stats.sample(1.0)
        qtbot.waitUntil(
            lambda: any(
                t.startswith("Rates learnt: ") and "ACCELERATOR 20 Hz" in t
                for t in _texts(cockpit.find("busList"))
            ),
            timeout=3000,
        )
    finally:
        cockpit.close()


def test_a_path_the_car_lacks_says_not_available_on_this_car_in_the_signal_table(qapp) -> None:
    from cockpit.cars import car_schemas, get_profile
    from cockpit.hmi.signal_table import SignalTableModel

    ready = car_schemas(get_profile("tesla_model3"))
    store = SignalStore()
    for schema in ready.schemas.values():
        for spec in schema.signal_specs():
            store.declare(spec)
    model = SignalTableModel(store)
    soc = model.row_of("Vehicle.Powertrain.TractionBattery.StateOfCharge.Displayed")
    speed = model.row_of("Vehicle.Speed")
    role = SignalTableModel.Role
    assert model.data(model.index(soc), role.Status) == "not_available"
    assert model.data(model.index(soc), role.StatusText) == "not available on this car"
    assert model.data(model.index(speed), role.StatusText) == "not received"
    assert "not available on this car" in model.search_text(soc)
