"""E2E protection: CRC-8 SAE J1850 and the alive counter, configured from DBC attributes."""

import pytest

from cockpit.decode.dbc import load_dbc
from cockpit.decode.e2e import AliveCounterCheck, E2EProtection, crc8_j1850
from cockpit.errors import DbcError


def test_crc8_j1850_matches_the_published_check_value() -> None:
    assert crc8_j1850(b"123456789") == 0x4B
    assert crc8_j1850(b"") == 0x00


def test_protection_is_read_from_the_dbc_attributes(data_dir) -> None:
    db = load_dbc(data_dir / "e2e_small.dbc")
    protection = E2EProtection.from_message(db.get_message_by_name("ACC_Status"))
    assert protection is not None
    assert (protection.data_id, protection.counter_signal, protection.crc_signal) == (
        0x1234,
        "ACC_Counter",
        "ACC_CRC",
    )
    assert E2EProtection.from_message(db.get_message_by_name("VCU_Speed")) is None


def test_encoded_frames_carry_a_crc_that_checks_and_any_bit_flip_breaks_it(data_dir) -> None:
    db = load_dbc(data_dir / "e2e_small.dbc")
    message = db.get_message_by_name("ACC_Status")
    protection = E2EProtection.from_message(message)
    data = protection.encode(message, {"ACC_State": "ACTIVE", "ACC_SetSpeed": 110, "ACC_LeadDistance": 42}, 3)
    assert protection.crc_ok(data)
    assert message.decode(data)["ACC_Counter"] == 3
    for byte in range(len(data)):
        for bit in range(8):
            corrupted = bytearray(data)
            corrupted[byte] ^= 1 << bit
            assert not protection.crc_ok(corrupted), (byte, bit)


def test_the_data_id_is_part_of_the_crc(data_dir) -> None:
    db = load_dbc(data_dir / "e2e_small.dbc")
    message = db.get_message_by_name("ACC_Status")
    protection = E2EProtection.from_message(message)
    data = protection.encode(message, {"ACC_State": 1, "ACC_SetSpeed": 0, "ACC_LeadDistance": 0}, 0)
    other_id = E2EProtection(protection.message_name, 0x4321, "ACC_Counter", "ACC_CRC", 0, b"\x21\x43")
    assert not other_id.crc_ok(data)


def test_alive_counter_accepts_steps_of_one_and_wraps_at_fifteen() -> None:
    check = AliveCounterCheck(resync_after=1.0)
    assert all(check.accept(counter % 15, 0.01 * i) for i, counter in enumerate(range(40)))


def test_alive_counter_refuses_a_repeat_and_a_jump() -> None:
    check = AliveCounterCheck(resync_after=1.0)
    assert check.accept(4, 0.00)
    assert not check.accept(4, 0.01)  # repeated: a frozen sender
    assert check.accept(5, 0.02)
    assert check.accept(7, 0.03)  # one frame lost on the way: tolerated
    assert not check.accept(11, 0.04)  # jumped: frames lost or injected
    assert check.accept(12, 0.05)  # resynchronised on the next good step


def test_alive_counter_restarts_freely_after_a_gap() -> None:
    check = AliveCounterCheck(resync_after=0.12)
    assert check.accept(3, 0.0)
    assert check.accept(11, 5.0)


def test_a_protection_naming_a_missing_signal_is_a_dbc_error(tmp_path, data_dir) -> None:
    text = (data_dir / "e2e_small.dbc").read_text().replace('"ACC_CRC";', '"ACC_Checksum";')
    path = tmp_path / "broken.dbc"
    path.write_text(text)
    db = load_dbc(path)
    with pytest.raises(DbcError, match=r"ACC_Status.*ACC_Checksum"):
        E2EProtection.from_message(db.get_message_by_name("ACC_Status"))
