"""A simulated Xiaomi household for the demo and the tests, announced on 127.0.0.1 only.

Each device announces what its real counterpart does: miIO devices their ``_miio._udp`` instance
(``<model-with-dashes>_miio<did>``), the Mi TV a Cast receiver, the hub both ``_miio._udp`` and
``_miot-central._tcp`` from one host (so the Devices page shows one hub, not two). The companion
phone is not here: the handoff companion announces itself.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from zeroconf import Zeroconf

from cockpit.discovery.announce import NameConflictError, ServiceAnnouncer
from cockpit.discovery.interfaces import DEFAULT_INTERFACES

MIIO_TYPE = "_miio._udp.local."
MIOT_CENTRAL_TYPE = "_miot-central._tcp.local."
GOOGLECAST_TYPE = "_googlecast._tcp.local."
MIIO_PORT = 54321  # the miIO protocol's UDP port


def miot_central_profile(did: int, group_id: int, primary: bool = True, mqtt: bool = True) -> str:
    """The base64 ``profile`` TXT a Xiaomi central hub announces (see recognisers.parse_miot_profile)."""
    raw = bytearray(24)
    raw[0] = 1
    raw[1:9] = did.to_bytes(8, "big")
    raw[9:17] = group_id.to_bytes(8, "little")
    raw[20] = (1 if primary else 2) << 4
    raw[22] = 0x02 if mqtt else 0x00
    return base64.b64encode(bytes(raw)).decode("ascii")


@dataclass(frozen=True)
class SimulatedService:
    """One service a simulated device announces."""

    service_type: str
    instance_name: str
    port: int
    properties: Mapping[str, str] = field(default_factory=dict)
    server: str | None = None


def household_services(seed: int = 0) -> list[SimulatedService]:
    """The demo household's services; ``seed`` shifts ids and names so parallel runs do not clash."""
    did = 100_000_000 + seed * 100
    tag = "" if seed == 0 else f" {seed}"
    hub_host = f"lumi-gateway-mcn001_miio{did + 5}.local."
    return [
        SimulatedService(
            GOOGLECAST_TYPE,
            f"MiTV-{seed:04d}a1b2c3",
            8009,
            {
                "id": f"{seed:08x}4d3c2b1a0f9e8d7c6b5a4f3e",
                "md": "Xiaomi TV A Pro 55",
                "fn": f"Living Room TV{tag}",
                "ve": "05",
                "rs": "",
                "st": "0",
                "ca": "463365",
            },
        ),
        SimulatedService(MIIO_TYPE, f"xiaomi-wifispeaker-lx06_miio{did + 1}", MIIO_PORT),
        SimulatedService(MIIO_TYPE, f"zhimi-airpurifier-ma4_miio{did + 2}", MIIO_PORT),
        SimulatedService(MIIO_TYPE, f"roborock-vacuum-a15_miio{did + 3}", MIIO_PORT),
        SimulatedService(MIIO_TYPE, f"lumi-gateway-mcn001_miio{did + 5}", MIIO_PORT, server=hub_host),
        SimulatedService(
            MIOT_CENTRAL_TYPE,
            f"Xiaomi Central Hub{tag}",
            8883,
            {
                "profile": miot_central_profile(did + 5, 0x1234_5678_9ABC_DEF0 + seed),
                "model": "lumi.gateway.mcn001",
            },
            server=hub_host,
        ),
    ]


class SimulatedHousehold:
    """Announces a Mi TV, a Xiaomi speaker, an air purifier, a robot vacuum and a hub."""

    #: How many other households (another demo on this machine) to step past on a name conflict.
    CONFLICT_RETRIES = 4

    def __init__(
        self,
        interfaces: Sequence[str] = DEFAULT_INTERFACES,
        *,
        seed: int = 0,
        zeroconf: Zeroconf | None = None,
    ) -> None:
        self.interfaces = tuple(interfaces)
        self.seed = seed
        self._zeroconf = zeroconf  # the process's one Zeroconf (the demo's discovery), or None: its own
        self.services = household_services(seed)
        self._announcer: ServiceAnnouncer | None = None

    def start(self) -> SimulatedHousehold:
        """Announce every device (in parallel: each name is probed for about a second first).

        If another household already announces these names here (a second demo on the same
        machine), step to the next seed rather than fail: two demos, two households.
        """
        if self._announcer is not None:
            return self
        for attempt in range(self.CONFLICT_RETRIES + 1):
            self._announcer = ServiceAnnouncer(self.interfaces, zeroconf=self._zeroconf)
            try:
                self._announce_all(self._announcer)
                return self
            except NameConflictError:
                self.close()
                if attempt == self.CONFLICT_RETRIES:
                    raise
                self.seed += 1
                self.services = household_services(self.seed)
            except BaseException:
                self.close()
                raise
        return self

    def _announce_all(self, announcer: ServiceAnnouncer) -> None:
        with ThreadPoolExecutor(max_workers=len(self.services), thread_name_prefix="household") as pool:
            futures = [
                pool.submit(
                    announcer.announce, s.service_type, s.instance_name, s.port, s.properties, s.server
                )
                for s in self.services
            ]
            for future in futures:
                future.result()

    @property
    def announcer(self) -> ServiceAnnouncer:
        """The announcer (to withdraw or update one device in a test); start() first."""
        if self._announcer is None:
            raise RuntimeError("SimulatedHousehold.start() has not been called")
        return self._announcer

    def close(self) -> None:
        """Say goodbye for every device."""
        if self._announcer is not None:
            self._announcer.close()
            self._announcer = None

    def __enter__(self) -> SimulatedHousehold:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.close()
