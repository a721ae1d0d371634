"""The signal link over TLS (``[zenoh.tls]``): the car's own CA signs the gateway and the displays,
so a display only talks to a gateway the car's CA vouches for, and the gateway (mTLS) only to
displays it vouches for. Certificates are made by the test with ``cryptography``.
"""

from __future__ import annotations

import datetime
import ipaddress
import socket
import time
from pathlib import Path

import pytest
import zenoh  # noqa: F401 - a hard dependency: missing, these tests fail rather than skip
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from cockpit.config import ZenohConfig, ZenohTlsConfig
from cockpit.signals import SignalSpec, SignalStore
from cockpit.vss.publisher import VssPublisher
from cockpit.vss.remote import VssSubscriber, remote_store
from cockpit.vss.session import DISPLAY, GATEWAY, VssLinkError, ensure_credentials, open_session

SPECS = [SignalSpec("Vehicle.Powertrain.Range", "m", "float", timeout=3.0)]


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common)])


def make_ca(folder: Path, name: str) -> tuple[Path, ec.EllipticCurvePrivateKey, x509.Certificate]:
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(name))
        .issuer_name(_name(name))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    path = folder / f"{name}.pem"
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return path, key, cert


def make_node(folder: Path, ca_key, ca_cert, name: str) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(name))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    cert_path, key_path = folder / f"{name}.crt", folder / f"{name}.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return cert_path, key_path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_signals_cross_over_tls_and_a_display_refuses_a_gateway_the_cars_ca_did_not_sign(tmp_path):
    credentials = tmp_path / "credentials"
    ensure_credentials(credentials)
    ca, ca_key, ca_cert = make_ca(tmp_path, "car-ca")
    other_ca, other_key, other_cert = make_ca(tmp_path, "other-ca")
    endpoint = f"tls/127.0.0.1:{free_port()}"

    def config(root: Path, cert: tuple[Path, Path]) -> ZenohConfig:
        return ZenohConfig(
            mode="client",
            listen=(endpoint,),
            connect=(endpoint,),
            credentials=credentials,
            tls=ZenohTlsConfig(root, *cert),
        )

    gateway_cfg = ZenohConfig(
        listen=(endpoint,),
        credentials=credentials,
        tls=ZenohTlsConfig(ca, *make_node(tmp_path, ca_key, ca_cert, "gateway")),
    )
    store = SignalStore(SPECS)
    session = open_session(gateway_cfg, GATEWAY)
    publisher = VssPublisher(store, session)
    publisher.start()
    try:
        store.update("Vehicle.Powertrain.Range", 318000.0)
        display_store = remote_store(SPECS)
        subscriber = VssSubscriber(display_store)
        display = open_session(config(ca, make_node(tmp_path, ca_key, ca_cert, "display")), DISPLAY)
        subscriber.attach(display)
        try:
            assert display_store.read("Vehicle.Powertrain.Range").value == 318000.0
        finally:
            subscriber.close()
            display.close()
        # A display that trusts another CA does not take this gateway for the car's.
        with pytest.raises(VssLinkError):
            open_session(config(other_ca, make_node(tmp_path, other_key, other_cert, "stranger")), DISPLAY)
        # A display without a certificate of the car's CA is not let in by the gateway (mTLS).
        with pytest.raises(VssLinkError):
            open_session(config(ca, make_node(tmp_path, other_key, other_cert, "impostor")), DISPLAY)
    finally:
        publisher.close()
        session.close()
        time.sleep(0)
