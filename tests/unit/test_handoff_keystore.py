"""The key store: private, atomic, and refused loudly when corrupt or readable by others."""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

import pytest

from cockpit.handoff.errors import KeyStoreError
from cockpit.handoff.identity import CERT_FILE, KEY_FILE, load_or_create_identity
from cockpit.handoff.keystore import StateDir, default_state_dir, write_private
from cockpit.handoff.trust import PAIRED_FILE, PairedDevices


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def state(tmp_path: Path) -> StateDir:
    return StateDir(tmp_path / "state")


def test_a_new_identity_is_written_owner_only(state: StateDir) -> None:
    identity = load_or_create_identity(state)
    assert mode(state.path) == 0o700
    assert mode(state.path / KEY_FILE) == 0o600
    assert mode(state.path / CERT_FILE) == 0o600
    assert len(identity.device_id) == 16 and identity.fingerprint.startswith(identity.device_id)


def test_the_identity_is_long_lived(state: StateDir) -> None:
    first = load_or_create_identity(state)
    again = load_or_create_identity(state)
    assert again.spki == first.spki and again.device_id == first.device_id


def test_default_state_dir_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    assert default_state_dir() == tmp_path / "cockpit"


def test_a_world_readable_key_is_refused_naming_the_file_and_the_fix(state: StateDir) -> None:
    load_or_create_identity(state)
    os.chmod(state.path / KEY_FILE, 0o644)
    with pytest.raises(KeyStoreError) as error:
        load_or_create_identity(state)
    message = str(error.value)
    assert str(state.path / KEY_FILE) in message and "0644" in message and "chmod 600" in message


def test_a_group_readable_state_directory_is_refused(state: StateDir) -> None:
    load_or_create_identity(state)
    os.chmod(state.path, 0o750)
    with pytest.raises(KeyStoreError, match="accessible by other users"):
        load_or_create_identity(state)


def test_a_corrupt_key_is_refused_not_silently_replaced(state: StateDir) -> None:
    load_or_create_identity(state)
    write_private(state.path / KEY_FILE, b"-----BEGIN PRIVATE KEY-----\ngarbage\n-----END PRIVATE KEY-----\n")
    with pytest.raises(KeyStoreError, match=f"{KEY_FILE} is corrupt.*pair again"):
        load_or_create_identity(state)
    assert b"garbage" in (state.path / KEY_FILE).read_bytes()  # left for the user to inspect


def test_a_certificate_of_another_key_is_refused(tmp_path: Path, state: StateDir) -> None:
    load_or_create_identity(state)
    other = StateDir(tmp_path / "other")
    load_or_create_identity(other)
    write_private(state.path / CERT_FILE, (other.path / CERT_FILE).read_bytes())
    with pytest.raises(KeyStoreError, match="does not belong to the key"):
        load_or_create_identity(state)


def test_a_half_store_is_refused(state: StateDir) -> None:
    load_or_create_identity(state)
    (state.path / CERT_FILE).unlink()
    with pytest.raises(KeyStoreError, match=f"{CERT_FILE} is missing"):
        load_or_create_identity(state)


def test_writes_are_atomic_and_leave_no_temporary_files(state: StateDir) -> None:
    path = state.file("example")
    write_private(path, b"one")
    write_private(path, b"two")
    assert path.read_bytes() == b"two" and mode(path) == 0o600
    assert sorted(p.name for p in state.path.iterdir()) == ["example"]


def test_pins_survive_a_restart_and_can_be_forgotten(tmp_path: Path, state: StateDir) -> None:
    phone_state = StateDir(tmp_path / "phone")
    phone = load_or_create_identity(phone_state)
    paired = PairedDevices(state)
    device = paired.pin("Phone", phone.certificate_pem)
    assert device.device_id == phone.device_id
    assert mode(state.path / PAIRED_FILE) == 0o600
    reloaded = PairedDevices(state)
    assert reloaded.by_key(phone.spki) == device
    reloaded.forget(device.device_id)
    assert paired.get(device.device_id) is None  # the other instance re-reads the changed file


def test_forgetting_an_unknown_device_says_which_are_paired(state: StateDir) -> None:
    with pytest.raises(KeyError, match="no paired device has the id 'nope'"):
        PairedDevices(state).forget("nope")


def test_a_corrupt_pin_file_is_refused(state: StateDir) -> None:
    write_private(state.file(PAIRED_FILE), b'{"format": 1, "devices": [{"device_id": 1}]}')
    with pytest.raises(KeyStoreError, match=f"{PAIRED_FILE} is corrupt.*pair your devices again"):
        PairedDevices(state)


def test_a_pin_whose_id_does_not_match_its_key_is_refused(tmp_path: Path, state: StateDir) -> None:
    phone = load_or_create_identity(StateDir(tmp_path / "phone"))
    document = (
        '{"format": 1, "devices": [{"device_id": "0000000000000000", "name": "x", '
        f'"certificate_pem": {phone.certificate_pem!r}, "paired_at": 0}}]}}'
    ).replace("'", '"')
    write_private(state.file(PAIRED_FILE), document.replace("\n", "\\n").encode())
    with pytest.raises(KeyStoreError, match="does not match its pinned key"):
        PairedDevices(state)


def test_a_corrupt_certificate_is_refused_naming_it(state: StateDir) -> None:
    load_or_create_identity(state)
    write_private(state.path / CERT_FILE, b"-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n")
    with pytest.raises(KeyStoreError, match=f"{CERT_FILE} is corrupt.*pair again"):
        load_or_create_identity(state)


def _lock_the_key(state: StateDir) -> None:
    """Replace the key in ``state`` with the same key behind a passphrase."""
    from cryptography.hazmat.primitives import serialization

    key = serialization.load_pem_private_key((state.path / KEY_FILE).read_bytes(), password=None)
    locked = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(b"secret"),
    )
    write_private(state.path / KEY_FILE, locked)


def test_a_key_behind_a_passphrase_is_refused_without_asking_for_one(state: StateDir) -> None:
    load_or_create_identity(state)
    _lock_the_key(state)
    with pytest.raises(KeyStoreError, match=f"{KEY_FILE} is corrupt"):
        load_or_create_identity(state)  # OpenSSL would prompt on the terminal without a callback


def test_a_key_locked_while_the_cockpit_runs_is_refused_without_asking_on_its_terminal(
    state: StateDir,
) -> None:
    """Every handshake loads the key again. A key swapped for a locked one after start must fail
    that handshake with the file named, not stop the handoff thread at an OpenSSL prompt on the
    terminal the cockpit was started from (a real one here: a pseudo-terminal, its controlling one)."""
    import pty
    import select
    import signal
    import sys
    import time

    identity = load_or_create_identity(state)
    _lock_the_key(state)
    script = (
        "from pathlib import Path\n"
        "from cockpit.handoff.errors import KeyStoreError\n"
        "from cockpit.handoff.identity import Identity\n"
        "from cockpit.handoff.tls import listener_context\n"
        f"identity = Identity({identity.spki!r}, {identity.certificate_pem!r}, "
        f"Path({str(identity.key_path)!r}), Path({str(identity.cert_path)!r}))\n"
        "try:\n"
        "    listener_context(identity, [])\n"
        "    print('LOADED')\n"
        "except KeyStoreError as exc:\n"
        "    print('REFUSED', exc)\n"
    )
    pid, terminal = pty.fork()
    if pid == 0:  # the child: the pseudo-terminal is its controlling terminal, as a shell's is
        os.execv(sys.executable, [sys.executable, "-c", script])
    output = b""
    deadline = time.monotonic() + 20
    try:
        while time.monotonic() < deadline and b"pass phrase" not in output:
            if select.select([terminal], [], [], 0.2)[0]:
                try:
                    chunk = os.read(terminal, 4096)
                except OSError:  # EIO: the child has exited and closed the terminal
                    break
                if not chunk:
                    break
                output += chunk
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(terminal)
    text = output.decode(errors="replace")
    assert "pass phrase" not in text, f"OpenSSL asked on the terminal: {text!r}"
    assert f"REFUSED {identity.key_path} is corrupt" in text, text
    assert "changed while the cockpit ran" in text


def test_a_key_store_removed_while_the_cockpit_runs_is_named(state: StateDir) -> None:
    from cockpit.handoff.tls import listener_context

    identity = load_or_create_identity(state)
    listener_context(identity, [])
    (state.path / KEY_FILE).unlink()
    with pytest.raises(KeyStoreError, match=f"cannot read .*{KEY_FILE}.*put it back"):
        listener_context(identity, [])


def test_loading_an_identity_and_its_pins_needs_no_cryptography(tmp_path: Path, state: StateDir) -> None:
    """A head unit starting with its key and pins in place reads them without ``cryptography``
    (11-13 MB resident): made here, then read back by a fresh interpreter."""
    import subprocess
    import sys

    car = load_or_create_identity(state)
    phone = load_or_create_identity(StateDir(tmp_path / "phone"))
    PairedDevices(state).pin("Phone", phone.certificate_pem)
    script = (
        "import sys\n"
        "from cockpit.handoff.identity import load_or_create_identity\n"
        "from cockpit.handoff.keystore import StateDir\n"
        "from cockpit.handoff.trust import PairedDevices\n"
        "from cockpit.handoff.tls import listener_context\n"
        f"state = StateDir({str(state.path)!r})\n"
        "identity = load_or_create_identity(state)\n"
        "paired = PairedDevices(state)\n"
        "listener_context(identity, paired.list())\n"
        "devices = paired.list()\n"
        "print(identity.device_id, [d.device_id for d in devices], [d.spki.hex() for d in devices])\n"
        "print('cryptography' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    ids, loaded = result.stdout.splitlines()
    assert ids == f"{car.device_id} {[phone.device_id]} {[phone.spki.hex()]}"
    assert loaded == "False"
