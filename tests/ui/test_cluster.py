"""The instrument cluster's window over a real Zenoh link on 127.0.0.1: a gateway in this process
(a store published as `cockpit gateway` publishes it) and the cluster on a session of its own.
"""

from __future__ import annotations

import socket
import time

import pytest

from cockpit.config import ZenohConfig
from cockpit.hmi.cluster import Cluster
from cockpit.hmi.settings_model import SettingsModel
from cockpit.signals import SignalStore
from cockpit.vss.publisher import VssPublisher
from cockpit.vss.remote import VssSubscriber, remote_store
from cockpit.vss.session import DISPLAY, GATEWAY, ensure_credentials, open_session

SPEED = "Vehicle.Speed"
GEAR = "Vehicle.Powertrain.Transmission.SelectedGear"
SOC = "Vehicle.Powertrain.TractionBattery.StateOfCharge.Displayed"
RANGE = "Vehicle.Powertrain.Range"
FCW = "Vehicle.ADAS.ForwardCollisionWarning.Level"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Link:
    """A gateway and the cluster's link, each on its own session."""

    def __init__(self, schema, tmp_path) -> None:
        credentials = tmp_path / "credentials"
        ensure_credentials(credentials)
        self.config = ZenohConfig(listen=(f"tcp/127.0.0.1:{free_port()}",), credentials=credentials)
        self.gateway_store = SignalStore(schema.signal_specs())
        self.gateway_session = open_session(self.config, GATEWAY)
        self.publisher = VssPublisher(self.gateway_store, self.gateway_session)
        self.publisher.start()
        self.store = remote_store(schema.signal_specs())
        self.subscriber = VssSubscriber(self.store)
        self.session = open_session(self.config, DISPLAY)
        self.subscriber.attach(self.session)
        self.bus = None  # the QTimer that keeps the values coming (keep_driving)
        self.values: dict = {}

    def drive(self, **values) -> None:
        for path, value in values.items():
            self.gateway_store.update(path, value)
        self.publisher.wake.set()

    def stop_gateway(self) -> None:
        if self.bus is not None:
            self.bus.stop()
        if self.publisher is not None:
            self.publisher.close()
            self.gateway_session.close()
            self.publisher = None

    def close(self) -> None:
        self.subscriber.close()
        self.session.close()
        self.stop_gateway()


@pytest.fixture
def link(schema, tmp_path):
    made = Link(schema, tmp_path)
    yield made
    made.close()


@pytest.fixture
def cluster(qapp, link):
    shown = Cluster(link.store, link.subscriber, settings=SettingsModel(theme="night"))
    window = shown.load()
    shown.start()
    window.show()
    yield shown
    shown.close()


def text(cluster: Cluster, name: str) -> str:
    return str(cluster.find(name).property("text"))


def settle(qtbot, window) -> None:
    """Let the scene lay out and draw what the models now say (two frames)."""
    for _ in range(2):
        with qtbot.waitSignal(window.frameSwapped, timeout=2000):
            window.update()


def keep_driving(qtbot, link, ms: int, **values) -> None:
    """The bus in miniature: from now on the values are refreshed every 5 ms (a Qt timer, on this
    thread), until the gateway stops; waits ``ms`` milliseconds."""
    from PySide6.QtCore import QTimer

    if link.bus is None:
        link.bus = QTimer()
        link.bus.setInterval(5)
        link.bus.timeout.connect(lambda: link.publisher is not None and link.drive(**link.values))
        link.bus.start()
    link.values.update(values)
    qtbot.wait(ms)


def test_the_cluster_loads_without_a_qml_warning_and_shows_dashes_before_the_car_is_heard(cluster):
    assert cluster.load_warnings == []
    assert text(cluster, "clusterSpeedValue") == "\u2014"
    assert text(cluster, "clusterGearValue") == "\u2014"


def test_the_cluster_shows_the_car_from_zenoh_and_turns_to_dashes_when_the_gateway_stops(
    qtbot, cluster, link
):
    keep_driving(qtbot, link, 200, **{SPEED: 87.4, GEAR: 127, SOC: 71.0, RANGE: 318000.0})
    qtbot.waitUntil(lambda: text(cluster, "clusterSpeedValue") == "87", timeout=3000)
    assert text(cluster, "clusterGearValue") == "D"
    assert text(cluster, "clusterSocValue") == "71" and text(cluster, "clusterRangeValue") == "318"
    assert cluster.find("clusterWarningBand").property("visible") is False
    assert cluster.link.state == "ok"

    link.stop_gateway()
    qtbot.waitUntil(lambda: text(cluster, "clusterSpeedValue") == "\u2014", timeout=1000)
    # The range is sent once a second, yet it does not outlive the link.
    assert text(cluster, "clusterRangeValue") == "\u2014"
    qtbot.waitUntil(lambda: cluster.link.state == "offline", timeout=1000)
    assert text(cluster, "clusterWarningText") == "No signal from the vehicle gateway"


def test_the_collision_warning_takes_the_band_and_never_covers_the_speed(qtbot, cluster, link):
    keep_driving(qtbot, link, 200, **{SPEED: 64.0, FCW: "ACUTE"})
    qtbot.waitUntil(lambda: text(cluster, "clusterWarningText") == "BRAKE!", timeout=3000)
    band = cluster.find("clusterWarningBand")
    speed = cluster.find("clusterSpeedValue")
    band_top = band.mapToScene(band.boundingRect().topLeft()).y()
    speed_bottom = speed.mapToScene(speed.boundingRect().bottomLeft()).y()
    assert speed_bottom <= band_top and text(cluster, "clusterSpeedValue") == "64"


def test_a_malformed_sample_is_counted_and_leaves_the_shown_speed_alone(qtbot, cluster, link):
    keep_driving(qtbot, link, 100, **{SPEED: 50.0})
    qtbot.waitUntil(lambda: text(cluster, "clusterSpeedValue") == "50", timeout=3000)
    link.subscriber.take_sample("vss/Vehicle/Speed", b'{"value": "fast"}', link.store.clock())
    keep_driving(qtbot, link, 50, **{SPEED: 50.0})
    assert text(cluster, "clusterSpeedValue") == "50"
    qtbot.waitUntil(lambda: cluster.link.dropped == 1, timeout=1000)


def test_parked_the_clusters_tick_sleeps_and_still_shows_a_drop_and_the_link_going_down(qtbot, cluster, link):
    """Nothing changing and the heartbeat coming (100 times a second): the cluster drains nothing
    and sleeps, as the centre screen does, yet a dropped sample still shows at once and the link's
    loss within a beat or two of its deadline."""
    keep_driving(qtbot, link, 100, **{SPEED: 0.0, GEAR: 80})
    qtbot.waitUntil(lambda: text(cluster, "clusterSpeedValue") == "0", timeout=3000)
    qtbot.waitUntil(lambda: cluster.tick_asleep, timeout=2000)
    frames = cluster.frames
    qtbot.wait(500)
    assert cluster.frames - frames <= 3, "asleep: the beats and the deadlines cost no tick"
    assert cluster.link.state == "ok" and text(cluster, "clusterSpeedValue") == "0"

    link.subscriber.take_sample("vss/Vehicle/Speed", b'{"value": "fast"}', link.store.clock())
    qtbot.waitUntil(lambda: cluster.link.dropped == 1, timeout=200)

    qtbot.waitUntil(lambda: cluster.tick_asleep, timeout=2000)
    deadline = link.subscriber.link_deadline()
    link.stop_gateway()
    qtbot.waitUntil(lambda: cluster.link.state == "offline", timeout=1000)
    assert link.store.clock() - deadline < 0.2, "offline shown within a frame or two of the beat's end"
    assert text(cluster, "clusterSpeedValue") == "\u2014"


def test_the_centre_screens_diagnostics_count_what_the_link_dropped(qapp, link):
    from cockpit.hmi.app import BusFeed, Cockpit
    from cockpit.hmi.bus_stats import BusStatsModel

    centre = Cockpit(link.store, buses=[BusFeed("zenoh", link.subscriber.stats, link.subscriber.link_state)])
    try:
        now = link.store.clock()
        for bad in (b"[]", b"{not json", b'{"value": 1}'):
            link.subscriber.take_sample("vss/Vehicle/Speed", bad, now)
        link.subscriber.take_sample("vss/Vehicle/Warp/Factor", b"{}", now)
        model = centre.models.bus_stats
        model.sample(time.monotonic())
        roles = BusStatsModel.Role
        cell = lambda role: model.data(model.index(0), role)  # noqa: E731
        assert cell(roles.Name) == "zenoh"
        assert (cell(roles.DecodeErrors), cell(roles.UnknownFrames)) == (3, 1)
        assert "Warp" in cell(roles.LastDecodeError)
    finally:
        centre.close()


@pytest.mark.parametrize(
    "theme, language", [("night", "en"), ("day", "en"), ("night", "zh_CN"), ("day", "zh_CN")]
)
def test_the_cluster_is_legible_in_both_themes_and_languages_live_warned_and_cut_off(
    qapp, qtbot, link, theme, language
):
    from layout_audit import layout_problems

    shown = Cluster(link.store, link.subscriber, settings=SettingsModel(theme=theme, language=language))
    try:
        window = shown.load()
        shown.start()
        window.show()
        keep_driving(
            qtbot,
            link,
            200,
            **{
                SPEED: 128.0,
                GEAR: 127,
                SOC: 9.0,
                RANGE: 41000.0,
                "Vehicle.Body.Lights.DirectionIndicator.Left.IsSignaling": True,
                "Vehicle.ADAS.DriverAttention.IsWarning": True,
            },
        )
        qtbot.waitUntil(lambda: text(shown, "clusterSpeedValue") == "128", timeout=3000)
        settle(qtbot, window)
        assert layout_problems(window) == []
        keep_driving(qtbot, link, 100, **{SPEED: 128.0, FCW: "ACUTE"})
        qtbot.waitUntil(lambda: shown.find("clusterWarningBand").property("visible"), timeout=3000)
        settle(qtbot, window)
        assert layout_problems(window) == []
        link.stop_gateway()
        qtbot.waitUntil(lambda: shown.link.state == "offline", timeout=2000)
        settle(qtbot, window)
        assert layout_problems(window) == [], "with every telltale lit and the link down"
        assert shown.load_warnings == []
    finally:
        shown.close()
