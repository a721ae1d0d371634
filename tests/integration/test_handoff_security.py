"""The handoff protocol under attack, over real TLS 1.3 on loopback (car and phone in one process).

Each test runs one asyncio scenario: a car endpoint and a phone endpoint, each with its own key
store in a temporary directory, talking through real sockets. Whatever a stranger or a broken peer
does, it gets nothing, changes nothing, and the endpoints go on serving.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from cockpit.demo.sessions import demo_sessions
from cockpit.handoff.car import CarHandoff, CarSettings
from cockpit.handoff.errors import PairingError, PeerRefused
from cockpit.handoff.identity import load_or_create_identity
from cockpit.handoff.keystore import StateDir
from cockpit.handoff.link import PeerLink
from cockpit.handoff.listener import ListenerLimits
from cockpit.handoff.messages import (
    PAIRING_TYPES,
    SESSION_TYPES,
    Hello,
    PairCommit,
    PairNonce,
    PairRequest,
    Sessions,
    Transfer,
    encode,
)
from cockpit.handoff.pairing import PairingPrompt, commitment
from cockpit.handoff.phone import PhoneHandoff
from cockpit.handoff.tls import listener_context, pairing_client_context, session_client_context
from cockpit.handoff.trust import PairedDevices

pytestmark = pytest.mark.timeout(30)
HOST = "127.0.0.1"


class Events:
    """Records (event, details) pairs from an endpoint."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, dict]] = []

    def __call__(self, event: str, details: dict) -> None:
        self.seen.append((event, details))

    def of(self, event: str) -> list[dict]:
        return [d for e, d in self.seen if e == event]


async def yes(prompt: PairingPrompt) -> bool:
    return True


async def no(prompt: PairingPrompt) -> bool:
    return False


class Scene:
    """A car and a phone on loopback, each with its own key store."""

    def __init__(self, tmp_path: Path, limits: ListenerLimits, phone_confirm=yes) -> None:
        self.car_state, self.phone_state = StateDir(tmp_path / "car"), StateDir(tmp_path / "phone")
        self.car_events, self.phone_events = Events(), Events()
        self.car = CarHandoff(
            load_or_create_identity(self.car_state),
            PairedDevices(self.car_state),
            "Car",
            self.car_events,
            settings=CarSettings(request_timeout_s=1.0),
        )
        self.phone = PhoneHandoff(
            load_or_create_identity(self.phone_state),
            PairedDevices(self.phone_state),
            "Phone",
            self.phone_events,
            phone_confirm,
            limits,
        )
        self.port = 0

    async def pair(self) -> None:
        await self.car.pair(HOST, self.port, yes)

    async def connect(self) -> None:
        await self.car.connect(self.phone.device_id, HOST, self.port)


@contextlib.asynccontextmanager
async def scene(
    tmp_path: Path, limits: ListenerLimits = ListenerLimits(), phone_confirm=yes
) -> AsyncIterator[Scene]:
    s = Scene(tmp_path, limits, phone_confirm)
    s.port = await s.phone.start(HOST, 0)
    try:
        yield s
    finally:
        await s.car.close()
        await s.phone.close()


def run(coroutine) -> None:
    asyncio.run(coroutine)


async def until(condition, timeout: float = 2.0) -> None:
    """Wait until ``condition()`` holds (the other end of a socket acts a moment later)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        await asyncio.sleep(0.005)


# --- pairing ---------------------------------------------------------------------------------------
def test_pairing_pins_each_others_key_after_both_users_confirm_the_same_code(tmp_path: Path) -> None:
    codes: dict[str, str] = {}

    async def phone_user(prompt: PairingPrompt) -> bool:
        codes["phone"] = prompt.code
        return True

    async def car_user(prompt: PairingPrompt) -> bool:
        codes["car"] = prompt.code
        return True

    async def go() -> None:
        async with scene(tmp_path, phone_confirm=phone_user) as s:
            device = await s.car.pair(HOST, s.port, car_user)
            assert device.device_id == s.phone.device_id
            assert device.spki == s.phone.identity.spki
            assert s.phone.paired.by_key(s.car.identity.spki) is not None
            await s.connect()
            assert s.car.links[s.phone.device_id].hello.name == "Phone"

    run(go())
    assert len(codes["car"]) == 6 and codes["car"] == codes["phone"]


def test_a_code_rejected_on_the_phone_pins_nothing_on_either_side(tmp_path: Path) -> None:
    async def go() -> None:
        async with scene(tmp_path, phone_confirm=no) as s:
            with pytest.raises(PairingError, match="rejected"):
                await s.pair()
            assert s.car.paired.list() == [] and s.phone.paired.list() == []

    run(go())


def test_a_code_rejected_in_the_car_pins_nothing_on_either_side(tmp_path: Path) -> None:
    async def go() -> None:
        async with scene(tmp_path) as s:
            with pytest.raises(PairingError, match="rejected on this device"):
                await s.car.pair(HOST, s.port, no)
            await until(lambda: s.phone_events.of("pairing_failed"))
            assert s.car.paired.list() == [] and s.phone.paired.list() == []

    run(go())


def test_an_unanswered_pairing_request_expires_and_pins_nothing(tmp_path: Path) -> None:
    async def never(prompt: PairingPrompt) -> bool:
        await asyncio.sleep(3600)
        return True

    async def go() -> None:
        async with scene(tmp_path, ListenerLimits(pairing_timeout_s=0.3), phone_confirm=never) as s:
            started = time.monotonic()
            with pytest.raises(PairingError):
                await s.pair()
            assert time.monotonic() - started < 2.0
            await until(lambda: s.phone_events.of("pairing_failed"))
            assert "not completed within 0.3 s" in s.phone_events.of("pairing_failed")[0]["reason"]
            assert s.car.paired.list() == [] and s.phone.paired.list() == []

    run(go())


def test_pairing_attempts_beyond_the_limit_per_minute_are_refused(tmp_path: Path) -> None:
    async def go() -> None:
        async with scene(tmp_path, ListenerLimits(pairing_per_minute=1), phone_confirm=no) as s:
            with pytest.raises(PairingError, match="rejected"):
                await s.pair()
            with pytest.raises(PairingError):
                await s.pair()
            assert any("too many pairing attempts" in d["reason"] for d in s.phone_events.of("refused"))
            assert s.car.paired.list() == [] and s.phone.paired.list() == []

    run(go())


def test_a_responder_that_changes_its_nonce_after_committing_is_caught(tmp_path: Path) -> None:
    evil_state = StateDir(tmp_path / "evil")
    evil = load_or_create_identity(evil_state)

    async def cheating_responder(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await writer.start_tls(listener_context(evil, []))
        link = PeerLink(reader, writer, "car", PAIRING_TYPES)
        request = await link.expect(PairRequest, 2)
        car_spki = load_or_create_identity(StateDir(tmp_path / "car")).spki
        await link.send(
            PairCommit(
                evil.device_id, "Phone", evil.certificate_pem, commitment(car_spki, evil.spki, b"\x01" * 32)
            )
        )
        await link.expect(PairNonce, 2)
        await link.send(PairNonce("02" * 32))  # not the committed nonce: searching for a matching code
        del request
        with contextlib.suppress(Exception):
            await link.expect(PairNonce, 2)
        await link.close()

    async def go() -> None:
        server = await asyncio.start_server(cheating_responder, HOST, 0)
        car_state = StateDir(tmp_path / "car")
        car = CarHandoff(load_or_create_identity(car_state), PairedDevices(car_state), "Car", Events())
        try:
            with pytest.raises(PairingError, match="does not match its commitment"):
                await car.pair(HOST, server.sockets[0].getsockname()[1], yes)
            assert car.paired.list() == []
        finally:
            server.close()
            await server.wait_closed()

    run(go())


# --- strangers and spoofers --------------------------------------------------------------------------
def test_an_unpaired_client_gets_nothing_and_can_push_nothing(tmp_path: Path) -> None:
    async def go() -> None:
        async with scene(tmp_path) as s:
            await s.phone.hold(demo_sessions(time.monotonic())[0])
            route = demo_sessions(time.monotonic())[0]
            reader, writer = await asyncio.open_connection(HOST, s.port, ssl=pairing_client_context())
            writer.write(encode(Hello(s.car.identity.device_id, "Car", 1, ()), 1, 0.0))
            writer.write(encode(Transfer(route, "manual"), 2, 0.0))
            await writer.drain()
            received = await asyncio.wait_for(reader.read(), 2)
            writer.close()
            assert received == b""  # closed without a word: no sessions, no hello
            assert not s.phone_events.of("session_received") and not s.phone_events.of("connected")
            assert [x.kind for x in s.phone.active()] == ["navigation"]
            assert "not allowed on this connection" in s.phone_events.of("refused")[0]["reason"]

    run(go())


def test_a_client_with_a_key_that_is_not_pinned_fails_the_tls_handshake(tmp_path: Path) -> None:
    async def go() -> None:
        async with scene(tmp_path) as s:
            await s.pair()
            stranger = load_or_create_identity(StateDir(tmp_path / "stranger"))
            phone_pin = s.car.paired.get(s.phone.device_id)
            with pytest.raises((PeerRefused, ConnectionError, OSError)):
                reader, writer = await asyncio.open_connection(
                    HOST, s.port, ssl=session_client_context(stranger, phone_pin)
                )
                writer.write(encode(Hello(s.car.device_id, "Car", 1, ()), 1, 0.0))  # claims the car's id
                await writer.drain()
                if not await asyncio.wait_for(reader.read(), 2):
                    raise ConnectionError("closed")
            await until(
                lambda: any("TLS handshake failed" in d["reason"] for d in s.phone_events.of("refused"))
            )
            assert not s.phone_events.of("connected")

    run(go())


def test_a_spoofed_phone_with_the_same_name_and_id_is_refused_and_receives_no_session(tmp_path: Path) -> None:
    async def go() -> None:
        async with scene(tmp_path) as s:
            await s.pair()
            for session in demo_sessions(time.monotonic()):
                await s.car.hold(session)
            spoof_state = StateDir(tmp_path / "spoof")
            spoof_events = Events()
            spoof = PhoneHandoff(
                load_or_create_identity(spoof_state), PairedDevices(spoof_state), "Phone", spoof_events, yes
            )
            spoof_port = await spoof.start(HOST, 0)
            try:
                with pytest.raises(PeerRefused, match="pinned certificate"):
                    await s.car.connect(s.phone.device_id, HOST, spoof_port)  # the address a spoof announced
                await asyncio.sleep(0.05)
                assert not spoof_events.of("connected") and not spoof_events.of("session_received")
                assert spoof.active() == []
                assert sorted(x.kind for x in s.car.active()) == ["media", "navigation"]
            finally:
                await spoof.close()
            await s.connect()  # the genuine phone is still welcome
            assert [x.kind for x in await s.car.send_to_phone()] == ["navigation", "media"]

    run(go())


def test_a_car_forgotten_on_the_phone_is_refused_from_its_next_connection(tmp_path: Path) -> None:
    async def go() -> None:
        async with scene(tmp_path) as s:
            await s.pair()
            PairedDevices(s.phone_state).forget(s.car.device_id)  # as `cockpit pairing forget` would
            with pytest.raises(PeerRefused):
                await s.connect()
            assert not s.phone_events.of("connected")

    run(go())


# --- broken or hostile messages from a paired peer ---------------------------------------------------
def frame(document: dict) -> bytes:
    payload = json.dumps(document).encode()
    return len(payload).to_bytes(4, "big") + payload


BAD_INPUT = {
    "oversized": (70_000).to_bytes(4, "big") + b"{" * 100,
    "malformed": frame({"type": "sessions"})[:4] + b"{not json at all" + b" " * 5,
    "unknown type": frame({"type": "format_disk", "seq": 2}),
    "out of sequence": frame({"type": "sessions", "seq": 9, "sessions": []}),
    "pairing on a session link": frame({"type": "pair_nonce", "seq": 2, "nonce": "a" * 64}),
    "answer to nothing": frame({"type": "ack", "seq": 2, "ref": 77}),
}


@pytest.mark.parametrize("bad", [*BAD_INPUT, "replayed"])
def test_a_bad_message_closes_only_that_connection_and_loses_nothing(tmp_path: Path, bad: str) -> None:
    async def go() -> None:
        async with scene(tmp_path) as s:
            await s.pair()
            await s.phone.hold(demo_sessions(time.monotonic())[1])
            phone_pin = s.car.paired.get(s.phone.device_id)
            reader, writer = await asyncio.open_connection(
                HOST, s.port, ssl=session_client_context(s.car.identity, phone_pin)
            )
            link = PeerLink(reader, writer, "phone", SESSION_TYPES)
            await link.send(Hello(s.car.device_id, "Car", 1, ()))
            if bad == "replayed":
                good = encode(Sessions(()), 2, 0.0)
                writer.write(good + good)
            else:
                writer.write(BAD_INPUT[bad])
            await writer.drain()
            rest = await asyncio.wait_for(reader.read(), 3)  # the phone hangs up
            assert b"session" not in rest or b"Blue in Green" in rest  # only what it sent to a paired car
            await link.close()
            await until(lambda: s.phone_events.of("disconnected"))
            reasons = [d["reason"] for d in s.phone_events.of("disconnected")]
            assert reasons and reasons[0].startswith("protocol error from Car"), reasons
            # The phone is unharmed: its session is intact and the car connects and takes it.
            assert [x.kind for x in s.phone.active()] == ["media"]
            await s.connect()
            await until(lambda: s.car.phone_sessions())
            assert [x.kind for x in await s.car.take_from_phone()] == ["media"]

    run(go())


def test_a_misbehaving_phone_cannot_harm_the_car_or_its_sessions(tmp_path: Path) -> None:
    async def go() -> None:
        async with scene(tmp_path) as s:
            await s.pair()
            await s.connect()
            for session in demo_sessions(time.monotonic()):
                await s.car.hold(session)
            await until(lambda: s.car.device_id in s.phone.links)
            phone_side = s.phone.links[s.car.device_id]
            phone_side.link.writer.write(BAD_INPUT["oversized"])
            await until(lambda: s.phone.device_id not in s.car.links)
            reason = s.car_events.of("disconnected")[0]["reason"]
            assert "protocol error" in reason and "64 KiB" in reason
            assert sorted(x.kind for x in s.car.active()) == ["media", "navigation"]
            await s.connect()
            assert len(await s.car.send_to_phone()) == 2

    run(go())


def test_a_connection_flood_is_cut_off_and_a_paired_car_still_gets_in(tmp_path: Path) -> None:
    async def go() -> None:
        limits = ListenerLimits(max_handshaking=8, handshake_timeout_s=0.3)
        async with scene(tmp_path, limits) as s:
            await s.pair()
            flood = [await asyncio.open_connection(HOST, s.port) for _ in range(40)]

            def cut_off() -> int:
                return sum("too many connections" in d["reason"] for d in s.phone_events.of("refused"))

            await until(lambda: cut_off() == 32)  # 8 in handshake, the rest closed on accept
            assert s.phone.listener.connections_in_handshake == 8
            # The stalled handshakes time out and free their places for the paired car.
            await until(lambda: s.phone.listener.connections_in_handshake == 0)
            await s.connect()
            await s.car.hold(demo_sessions(time.monotonic())[0])
            assert len(await s.car.send_to_phone()) == 1
            for _, writer in flood:
                writer.close()

    run(go())


# --- failures keep the session in the car ----------------------------------------------------------
def test_a_handoff_to_a_phone_that_went_away_fails_and_keeps_the_session(tmp_path: Path) -> None:
    async def go() -> None:
        async with scene(tmp_path) as s:
            await s.pair()
            await s.connect()
            for session in demo_sessions(time.monotonic()):
                await s.car.hold(session)
            await s.phone.close()
            await asyncio.sleep(0.1)
            with contextlib.suppress(Exception):
                await s.car.send_to_phone("leaving")
            assert s.car_events.of("handoff_failed")
            assert sorted(x.kind for x in s.car.active()) == ["media", "navigation"]

    run(go())


def test_a_phone_that_does_not_answer_in_time_fails_the_handoff_and_the_session_stays(tmp_path: Path) -> None:
    async def go() -> None:
        async with scene(tmp_path) as s:
            await s.pair()

            async def stuck(link, seq, message) -> None:
                await asyncio.sleep(3600)

            s.phone.listener.handler = stuck
            await s.connect()
            await s.car.hold(demo_sessions(time.monotonic())[0])
            started = time.monotonic()
            assert await s.car.send_to_phone("leaving") == []
            assert time.monotonic() - started < 2.0
            failure = s.car_events.of("handoff_failed")[0]
            assert "did not answer within 1 s" in failure["reason"]
            assert [x.kind for x in s.car.active()] == ["navigation"]

    run(go())


@pytest.mark.parametrize(
    ("hello", "complaint"),
    [
        ({"device_id": "0123456789abcdef"}, "said it is 0123456789abcdef"),
        ({"protocol": 2}, "speaks handoff protocol 2"),
    ],
)
def test_a_hello_that_does_not_match_the_pinned_key_or_protocol_is_refused(
    tmp_path: Path, hello: dict, complaint: str
) -> None:
    async def go() -> None:
        async with scene(tmp_path) as s:
            await s.pair()
            phone_pin = s.car.paired.get(s.phone.device_id)
            reader, writer = await asyncio.open_connection(
                HOST, s.port, ssl=session_client_context(s.car.identity, phone_pin)
            )
            fields = {"device_id": s.car.device_id, "name": "Car", "protocol": 1, "capabilities": [], **hello}
            writer.write(frame({"type": "hello", "seq": 1, **fields}))
            await writer.drain()
            await asyncio.wait_for(reader.read(), 3)  # the phone hangs up after its own hello
            writer.close()
            await until(lambda: s.phone_events.of("refused"))
            assert complaint in s.phone_events.of("refused")[0]["reason"]
            assert not s.phone_events.of("connected")

    run(go())


# --- issue 11: availability under attack -------------------------------------------------------------
BAD_TEXT = {
    "lone high surrogate": "\ud83d",
    "lone low surrogate": "x\udc00y",
    "C0 escape": "a\x1bb",
    "C1 next line": "a\x85b",
    "DEL": "a\x7fb",
}


def raw_frame(document: dict) -> bytes:
    """A frame as a hostile peer writes it: json.dumps escapes a lone surrogate as valid JSON."""
    payload = json.dumps(document, ensure_ascii=True).encode("ascii")
    return len(payload).to_bytes(4, "big") + payload


def track(title: str, session_id: str = "t1") -> dict:
    return {
        "kind": "media",
        "id": session_id,
        "source": "Mi Music",
        "title": title,
        "artist": "A",
        "album": "B",
        "duration_s": 300.0,
        "position_s": 1.0,
        "playing": True,
    }


@pytest.mark.parametrize("bad", [*BAD_TEXT, "empty session id"])
def test_bad_text_from_a_paired_car_is_refused_at_the_boundary_and_harms_no_later_session(
    tmp_path: Path, bad: str
) -> None:
    session = track("ok", "") if bad == "empty session id" else track(BAD_TEXT[bad])

    async def go() -> None:
        async with scene(tmp_path) as s:
            await s.pair()
            # A second car, paired and connected, holding a route on the phone: a bystander.
            other_state = StateDir(tmp_path / "other-car")
            other = CarHandoff(
                load_or_create_identity(other_state),
                PairedDevices(other_state),
                "Other",
                Events(),
                settings=CarSettings(request_timeout_s=1.0),
            )
            await other.pair(HOST, s.port, yes)
            await other.connect(s.phone.device_id, HOST, s.port)
            await other.hold(demo_sessions(time.monotonic())[0])
            assert [x.kind for x in await other.send_to_phone()] == ["navigation"]
            phone_pin = s.car.paired.get(s.phone.device_id)
            reader, writer = await asyncio.open_connection(
                HOST, s.port, ssl=session_client_context(s.car.identity, phone_pin)
            )
            link = PeerLink(reader, writer, "phone", SESSION_TYPES)
            await link.send(Hello(s.car.device_id, "Car", 1, ("media",)))
            writer.write(raw_frame({"type": "transfer", "seq": 2, "reason": "manual", "session": session}))
            await writer.drain()
            await asyncio.wait_for(reader.read(), 3)  # the phone hangs up
            await link.close()
            await until(lambda: s.phone_events.of("disconnected"))
            assert s.phone_events.of("disconnected")[0]["reason"].startswith("protocol error from Car")
            assert len(s.phone_events.of("session_received")) == 1  # the bystander's route only
            assert [x.kind for x in s.phone.active()] == ["navigation"]
            assert other.device_id in s.phone.links  # the bystander's link never noticed
            await until(lambda: other.phone_sessions())
            assert [x.kind for x in await other.take_from_phone()] == ["navigation"]
            await other.close()
            # Every later handoff works, both ways: nothing of the bad input was kept.
            await s.connect()
            for _ in range(3):
                await s.car.hold(demo_sessions(time.monotonic())[1])
                assert [x.kind for x in await s.car.send_to_phone()] == ["media"]
                await until(lambda: s.car.phone_sessions())
                assert [x.kind for x in await s.car.take_from_phone()] == ["media"]

    run(go())


@pytest.mark.parametrize("bad", list(BAD_TEXT))
def test_bad_text_from_a_paired_phone_closes_only_its_link_and_the_car_reconnects(
    tmp_path: Path, bad: str
) -> None:
    async def go() -> None:
        async with scene(tmp_path) as s:
            await s.pair()
            await s.connect()
            for session in demo_sessions(time.monotonic()):
                await s.car.hold(session)
            await until(lambda: s.car.device_id in s.phone.links)
            phone_side = s.phone.links[s.car.device_id].link
            phone_side.writer.write(
                raw_frame(
                    {"type": "sessions", "seq": phone_side._next_out, "sessions": [track(BAD_TEXT[bad])]}
                )
            )
            await until(lambda: s.phone.device_id not in s.car.links)  # a dead link is not "connected"
            assert "protocol error" in s.car_events.of("disconnected")[0]["reason"]
            assert s.car.phone_sessions() == []
            assert sorted(x.kind for x in s.car.active()) == ["media", "navigation"]
            await s.connect()
            assert len(await s.car.send_to_phone()) == 2

    run(go())


def _rsa_certificate(folder: Path) -> tuple[Path, Path]:
    import datetime as dt

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "relay")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    folder.mkdir()
    key_path, cert_path = folder / "relay.key", folder / "relay.crt"
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return key_path, cert_path


def test_a_relay_with_an_rsa_certificate_cannot_pair_car_and_phone_through_itself(tmp_path: Path) -> None:
    """The relay terminates the car's TLS with an RSA certificate and forwards the pairing bytes to the
    phone: the phone's pair_commit carries a P-256 key that is not the relay's TLS key."""
    import ssl

    key_path, cert_path = _rsa_certificate(tmp_path / "relay")

    async def go() -> None:
        async with scene(tmp_path) as s:
            relay_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            relay_context.minimum_version = ssl.TLSVersion.TLSv1_3
            relay_context.load_cert_chain(cert_path, key_path)

            async def pipe(reader, writer) -> None:
                with contextlib.suppress(Exception):
                    while data := await reader.read(65536):
                        writer.write(data)
                        await writer.drain()
                writer.close()

            async def relay(car_reader, car_writer) -> None:
                phone_reader, phone_writer = await asyncio.open_connection(
                    HOST, s.port, ssl=pairing_client_context()
                )
                await asyncio.gather(pipe(car_reader, phone_writer), pipe(phone_reader, car_writer))

            server = await asyncio.start_server(relay, HOST, 0, ssl=relay_context)
            try:
                with pytest.raises(PairingError, match="P-256"):
                    await s.car.pair(HOST, server.sockets[0].getsockname()[1], yes)
                assert s.car.paired.list() == []
                await asyncio.sleep(0.2)
                assert s.phone.paired.list() == []
            finally:
                server.close()
                await server.wait_closed()

    run(go())


@pytest.mark.parametrize("rate", [4, 40])
def test_a_sustained_half_open_flood_never_keeps_the_paired_car_out(tmp_path: Path, rate: int) -> None:
    """An attacker keeps the handshake budget full and re-opens idle connections ``rate`` times a second."""

    async def go() -> None:
        async with scene(tmp_path) as s:
            await s.pair()
            flood: list[asyncio.StreamWriter] = []
            for _ in range(16):
                flood.append((await asyncio.open_connection(HOST, s.port))[1])

            async def attacker() -> None:
                while True:
                    await asyncio.sleep(1 / rate)
                    with contextlib.suppress(OSError):
                        flood.append((await asyncio.open_connection(HOST, s.port))[1])

            attack = asyncio.create_task(attacker())
            await until(lambda: s.phone.listener.connections_in_handshake == 16)
            got_in = 0
            try:
                for _ in range(20):
                    with contextlib.suppress(PeerRefused, ConnectionError, OSError):
                        await s.connect()
                        got_in += 1
                        await s.car.links[s.phone.device_id].close()
                        await until(lambda: s.phone.device_id not in s.car.links)
            finally:
                attack.cancel()
                for writer in flood:
                    writer.close()
            assert got_in == 20, f"the paired car got in {got_in}/20 times"

    run(go())


def test_a_flood_from_one_address_evicts_only_that_addresss_handshakes(tmp_path: Path) -> None:
    async def go() -> None:
        async with scene(tmp_path, ListenerLimits(max_handshaking=8, handshake_timeout_s=2.0)) as s:
            honest = (await asyncio.open_connection(HOST, s.port))[1]  # a slow handshake on a weak link
            await until(lambda: s.phone.listener.connections_in_handshake == 1)
            flood = [
                (await asyncio.open_connection(HOST, s.port, local_addr=("127.0.0.2", 0)))[1]
                for _ in range(40)
            ]
            await until(
                lambda: (
                    len([d for d in s.phone_events.of("refused") if "too many connections" in d["reason"]])
                    == 33
                )
            )
            sources = [source for source, _ in s.phone.listener._in_handshake.values()]
            assert sources.count("127.0.0.1") == 1 and sources.count("127.0.0.2") == 7
            for writer in [honest, *flood]:
                writer.close()

    run(go())
