"""The paired devices: each peer's pinned public key and certificate, kept in ``paired.json``.

A peer is trusted because its key was pinned after both users confirmed the same pairing code, and
for no other reason: not its name, not its id, not its mDNS record. The file is private, replaced
atomically, and re-read when another process (``cockpit pairing forget``) changed it, so a device
forgotten on the command line is refused by a running cockpit or companion from its next connection.

Several processes share the file (the cockpit, ``cockpit pairing``, a companion). Every change is a
read-modify-write under an exclusive ``flock`` on ``paired.json.lock``: the file is read afresh,
changed, and replaced atomically, all under the lock. So concurrent pins all survive (none is
written over from a stale copy), and a forgotten device can never come back through another
process's pin. Readers need no lock (a rename is atomic); a reader that meets a damaged or
unreadable file retries briefly, logs it, and then refuses with a KeyStoreError naming the file.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import json
import logging
import math
import os
import threading
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass

from cockpit.handoff.errors import KeyStoreError
from cockpit.handoff.identity import device_id_for, fingerprint, load_peer_certificate, pem_certificate_spki
from cockpit.handoff.keystore import StateDir, read_private, write_private

PAIRED_FILE = "paired.json"
LOCK_FILE = "paired.json.lock"
_FORMAT = 1
READ_ATTEMPTS = 3  # a file briefly unreadable (being restored, mode being fixed) is read again
READ_RETRY_S = 0.02
_LATEST_PLAUSIBLE_TIME = 32503680000.0  # year 3000: a paired_at beyond it is damage, not a date

log = logging.getLogger(__name__)


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
        return _pinned_spki(self.certificate_pem)

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
        self._loaded_stamp: tuple[int, int, int] | None = None
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

    def version(self) -> tuple[int, int, int] | None:
        """Changes whenever the pins change (for callers caching TLS contexts)."""
        with self._lock:
            self._reload_if_changed()
            return self._loaded_stamp

    # --- writing -------------------------------------------------------------------------
    def pin(self, name: str, certificate_pem: str) -> PairedDevice:
        """Pin a peer's certificate after a confirmed pairing; re-pairing replaces the old pin."""
        _, spki = load_peer_certificate(certificate_pem)
        device = PairedDevice(device_id_for(spki), name, certificate_pem, time.time())
        with self._lock, self._file_lock():
            devices = self._read_fresh()
            devices[device.device_id] = device
            self._save(devices)
        return device

    def forget(self, device_id: str) -> PairedDevice:
        """Unpin a device; KeyError with a clear message if it is not paired."""
        with self._lock, self._file_lock():
            devices = self._read_fresh()
            device = devices.pop(device_id, None)
            if device is None:
                self._adopt(devices, self._stamp())
                known = ", ".join(devices) or "none"
                raise KeyError(f"no paired device has the id {device_id!r} (paired: {known})")
            self._save(devices)
        return device

    # --- the file ------------------------------------------------------------------------
    @contextlib.contextmanager
    def _file_lock(self) -> Iterator[None]:
        """An exclusive lock shared by every process that writes this key store."""
        lock_path = self._path.with_name(LOCK_FILE)
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)  # closing releases the lock

    def _stamp(self) -> tuple[int, int, int] | None:
        try:
            info = self._path.stat()
        except FileNotFoundError:
            return None
        return (info.st_ino, info.st_mtime_ns, info.st_size)  # a rename always changes the inode

    def _reload_if_changed(self) -> None:
        stamp = self._stamp()
        if stamp == self._loaded_stamp and (stamp is not None or not self._devices):
            return
        self._adopt(self._read_fresh(), stamp)

    def _adopt(self, devices: dict[str, PairedDevice], stamp: tuple[int, int, int] | None) -> None:
        self._devices = devices
        self._spkis = {d.spki: d.device_id for d in devices.values()}
        self._loaded_stamp = stamp

    def _read_fresh(self) -> dict[str, PairedDevice]:
        """The pins as the file holds them now; retried briefly, then KeyStoreError naming the file."""
        for attempt in range(1, READ_ATTEMPTS + 1):
            try:
                raw = read_private(self._path)
                return {} if raw is None else self._parse(raw)
            except KeyStoreError as exc:
                if attempt == READ_ATTEMPTS:
                    log.warning("%s (read %d times)", exc, READ_ATTEMPTS)
                    raise
                time.sleep(READ_RETRY_S)
        raise AssertionError("unreachable")

    def _parse(self, raw: bytes) -> dict[str, PairedDevice]:
        remedy = f"delete {self._path} and pair your devices again"
        try:
            document = json.loads(raw)
            if document.get("format") != _FORMAT:
                raise ValueError(f"unknown format {document.get('format')!r}")
            devices: dict[str, PairedDevice] = {}
            for entry in document["devices"]:
                device = PairedDevice(
                    str(entry["device_id"]),
                    str(entry["name"]),
                    str(entry["certificate_pem"]),
                    _paired_at(entry.get("paired_at")),
                )
                spki = _pinned_spki(device.certificate_pem)
                if device_id_for(spki) != device.device_id:
                    raise ValueError(f"device {device.device_id} does not match its pinned key")
                devices[device.device_id] = device
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise KeyStoreError(f"{self._path} is corrupt ({exc}); {remedy}") from None
        return devices

    def _save(self, devices: dict[str, PairedDevice]) -> None:
        """Replace the file with ``devices`` (the caller holds both locks) and adopt them."""
        document = {"format": _FORMAT, "devices": [asdict(d) for d in devices.values()]}
        write_private(self._path, json.dumps(document, indent=1).encode("utf-8"))
        self._adopt(devices, self._stamp())


@functools.lru_cache(maxsize=1024)
def _pinned_spki(certificate_pem: str) -> bytes:
    """The key of a pinned certificate (ValueError if it is not a P-256 certificate).

    Its signature was checked when it was pinned (``pin``); the file it is read back from is the
    owner's alone, so anyone who could change it could pin a certificate of their own as well, and
    checking it again would only cost a head unit ``cryptography`` at every start.
    """
    return pem_certificate_spki(certificate_pem)


def _paired_at(value: object) -> float:
    """When a device was paired, or 0.0 (unknown) for a value no clock gives (1e400, "nan", -5).

    The date is only shown, never trusted, so a damaged one must not make the pin unusable.
    """
    try:
        when = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        return 0.0
    return when if math.isfinite(when) and 0.0 <= when <= _LATEST_PLAUSIBLE_TIME else 0.0
