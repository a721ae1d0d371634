"""The key store shared by real processes: concurrent pins all survive, a forgotten device stays
forgotten, and damaged dates never stop `cockpit pairing list`.

Each writer is its own process (multiprocessing, fork), as the cockpit, `cockpit pairing` and a
companion are; they race on one state directory with nothing to coordinate them but the store.
"""

from __future__ import annotations

import json
import multiprocessing
from pathlib import Path

import pytest

from cockpit.cli import main
from cockpit.handoff.identity import _new_certificate, device_id_for
from cockpit.handoff.keystore import StateDir, write_private
from cockpit.handoff.trust import PAIRED_FILE, PairedDevices

pytestmark = pytest.mark.timeout(60)


def certificates(count: int) -> list[str]:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    pems = []
    for _ in range(count):
        key = ec.generate_private_key(ec.SECP256R1())
        pems.append(_new_certificate(key).public_bytes(serialization.Encoding.PEM).decode("ascii"))
    return pems


def _pin_all(state: str, pems: list[str], start: multiprocessing.synchronize.Event) -> None:
    paired = PairedDevices(StateDir(state))  # loaded before the others write: a stale copy
    start.wait()
    for i, pem in enumerate(pems):
        paired.pin(f"device {i}", pem)


def _forget(state: str, device_id: str) -> None:
    PairedDevices(StateDir(state)).forget(device_id)


def _id(pem: str) -> str:
    from cockpit.handoff.identity import load_peer_certificate

    return device_id_for(load_peer_certificate(pem)[1])


def test_four_processes_pinning_at_once_keep_all_100_pins(tmp_path: Path) -> None:
    context = multiprocessing.get_context("fork")
    start = context.Event()
    batches = [certificates(25) for _ in range(4)]
    state = str(tmp_path / "state")
    PairedDevices(StateDir(state))
    writers = [context.Process(target=_pin_all, args=(state, batch, start)) for batch in batches]
    for writer in writers:
        writer.start()
    start.set()
    for writer in writers:
        writer.join(30)
        assert writer.exitcode == 0
    kept = {d.device_id for d in PairedDevices(StateDir(state)).list()}
    assert len(kept) == 100, f"{len(kept)} of 100 pins kept"
    assert kept == {_id(pem) for batch in batches for pem in batch}


def test_a_device_forgotten_while_another_process_pins_never_comes_back(tmp_path: Path) -> None:
    context = multiprocessing.get_context("fork")
    state = str(tmp_path / "state")
    store = PairedDevices(StateDir(state))
    resurrected = 0
    for _ in range(15):
        victim = store.pin("to forget", certificates(1)[0])
        start = context.Event()
        pinner = context.Process(target=_pin_all, args=(state, certificates(5), start))
        pinner.start()  # it has loaded the victim's pin
        start.set()
        forget = context.Process(target=_forget, args=(state, victim.device_id))  # `cockpit pairing forget`
        forget.start()
        pinner.join(30)
        forget.join(30)
        assert forget.exitcode == 0 and pinner.exitcode == 0
        resurrected += PairedDevices(StateDir(state)).get(victim.device_id) is not None
    assert resurrected == 0, f"forgotten device came back {resurrected} times in 15"
    assert len(PairedDevices(StateDir(state)).list()) == 15 * 5


@pytest.mark.parametrize("paired_at", ["1e400", '"nan"', '"soon"', "-5", "null"])
def test_pairing_list_survives_a_damaged_pairing_date(tmp_path: Path, paired_at: str, capsys) -> None:
    state = StateDir(tmp_path / "state")
    pem = certificates(1)[0]
    document = (
        f'{{"format": 1, "devices": [{{"device_id": "{_id(pem)}", "name": "Phone", '
        f'"certificate_pem": {json.dumps(pem)}, "paired_at": {paired_at}}}]}}'
    )
    write_private(state.file(PAIRED_FILE), document.encode())
    for extra in ([], ["--json"]):
        assert main(["pairing", "--state-dir", str(state.path), "list", *extra]) == 0
        assert "Phone" in capsys.readouterr().out
