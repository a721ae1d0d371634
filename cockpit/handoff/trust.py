"""The paired devices: each peer's pinned public key and certificate, kept in ``paired.json``.

A peer is trusted because its key was pinned after both users confirmed the same pairing code, and
for no other reason: not its name, not its id, not its mDNS record. The file is private, replaced
atomically, and re-read when another process (``cockpit pairing forget``) changed it, so a device
forgotten on the command line is refused by a running cockpit or companion from its next connection.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import asdict, dataclass

from cockpit.handoff.errors import KeyStoreError
from cockpit.handoff.identity import device_id_for, fingerprint, load_peer_certificate
from cockpit.handoff.keystore import StateDir, read_private, write_private

PAIRED_FILE = "paired.json"
_FORMAT = 1


@dataclass(frozen=True)
class PairedDevice:
    """A peer we paired with: its id, the name it gave, its pinned certificate and when we paired."""

    device_id: str
    name: str
    certificate_pem: str
    paired_at: float

    @property
    def spki(self) -> bytes:
        """The pinned public key (DER SubjectPublicKeyInfo)."""
        return load_peer_certificate(self.certificate_pem)[1]

    @property
    def fingerprint(self) -> str:
        """SHA-256 of the pinned public key, hex: what a user compares by eye."""
        return fingerprint(self.spki)


class PairedDevices:
    """The pinned peers in a state directory. Thread-safe; each change is written at once."""

    def __init__(self, state: StateDir) -> None:
        self._path = state.file(PAIRED_FILE)
        self._lock = threading.Lock()
        self._devices: dict[str, PairedDevice] = {}
        self._spkis: dict[bytes, str] = {}
        self._loaded_stamp: tuple[int, int] | None = None
        with self._lock:
            self._reload_if_changed()

    @property
    def path(self) -> str:
        """Where the pins are kept."""
        return str(self._path)

    # --- reading -------------------------------------------------------------------------
    def list(self) -> list[PairedDevice]:
        """Every paired device, oldest pairing first."""
        with self._lock:
            self._reload_if_changed()
            return sorted(self._devices.values(), key=lambda d: d.paired_at)

    def get(self, device_id: str) -> PairedDevice | None:
        """The paired device with this id, or None."""
        with self._lock:
            self._reload_if_changed()
            return self._devices.get(device_id)

    def by_key(self, spki: bytes) -> PairedDevice | None:
        """The paired device whose pinned key is ``spki``, or None: the only way a peer is recognised."""
        with self._lock:
            self._reload_if_changed()
            device_id = self._spkis.get(spki)
            return self._devices.get(device_id) if device_id else None

    def version(self) -> tuple[int, int] | None:
        """Changes whenever the pins change (for callers caching TLS contexts)."""
        with self._lock:
            self._reload_if_changed()
            return self._loaded_stamp

    # --- writing -------------------------------------------------------------------------
    def pin(self, name: str, certificate_pem: str) -> PairedDevice:
        """Pin a peer's certificate after a confirmed pairing; re-pairing replaces the old pin."""
        _, spki = load_peer_certificate(certificate_pem)
        device = PairedDevice(device_id_for(spki), name, certificate_pem, time.time())
        with self._lock:
            self._reload_if_changed()
            self._devices[device.device_id] = device
            self._save()
        return device

    def forget(self, device_id: str) -> PairedDevice:
        """Unpin a device; KeyError with a clear message if it is not paired."""
        with self._lock:
            self._reload_if_changed()
            device = self._devices.pop(device_id, None)
            if device is None:
                known = ", ".join(self._devices) or "none"
                raise KeyError(f"no paired device has the id {device_id!r} (paired: {known})")
            self._save()
        return device

    # --- the file ------------------------------------------------------------------------
    def _stamp(self) -> tuple[int, int] | None:
        try:
            info = self._path.stat()
        except FileNotFoundError:
            return None
        return (info.st_mtime_ns, info.st_size)

    def _reload_if_changed(self) -> None:
        stamp = self._stamp()
        if stamp == self._loaded_stamp and (stamp is not None or not self._devices):
            return
        raw = read_private(self._path)
        devices = {} if raw is None else self._parse(raw)
        self._devices = devices
        self._spkis = {d.spki: d.device_id for d in devices.values()}
        self._loaded_stamp = stamp

    def _parse(self, raw: bytes) -> dict[str, PairedDevice]:
        remedy = f"delete {self._path} and pair your devices again"
        try:
            document = json.loads(raw)
            if document.get("format") != _FORMAT:
                raise ValueError(f"unknown format {document.get('format')!r}")
            devices: dict[str, PairedDevice] = {}
            for entry in document["devices"]:
                device = PairedDevice(str(entry["device_id"]), str(entry["name"]),
                                      str(entry["certificate_pem"]), float(entry["paired_at"]))
                _, spki = load_peer_certificate(device.certificate_pem)
                if device_id_for(spki) != device.device_id:
                    raise ValueError(f"device {device.device_id} does not match its pinned key")
                devices[device.device_id] = device
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise KeyStoreError(f"{self._path} is corrupt ({exc}); {remedy}") from None
        return devices

    def _save(self) -> None:
        document = {"format": _FORMAT, "devices": [asdict(d) for d in self._devices.values()]}
        write_private(self._path, json.dumps(document, indent=1).encode("utf-8"))
        self._loaded_stamp = self._stamp()
        self._spkis = {d.spki: d.device_id for d in self._devices.values()}
