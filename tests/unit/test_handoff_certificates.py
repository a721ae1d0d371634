"""Reading a certificate's public key from its DER, checked against ``cryptography`` as the oracle:
the same bytes for every P-256 certificate, the same verdict for every other key, and a ValueError,
never another exception or a wrong key, for every damaged certificate."""

from __future__ import annotations

import contextlib
import datetime as dt

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from cryptography.x509.oid import NameOID
from hypothesis import given, settings
from hypothesis import strategies as st

from cockpit.handoff.certificates import der_of_pem, p256_spki_of_der, spki_of_der
from cockpit.handoff.identity import certificate_spki, der_certificate_spki, pem_certificate_spki


def make_certificate(key, *, version_one: bool = False, long_name: bool = False) -> x509.Certificate:
    """A self-signed certificate of ``key`` (a long subject makes lengths need two bytes)."""
    common_name = "phone " + ("x" * 300 if long_name else "1")
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name[:64])] * (6 if long_name else 1))
    now = dt.datetime.now(dt.UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=30))
    )
    if not version_one:
        builder = builder.add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
    algorithm = None if isinstance(key, ed25519.Ed25519PrivateKey) else hashes.SHA256()
    return builder.sign(key, algorithm)


def der(certificate: x509.Certificate) -> bytes:
    return certificate.public_bytes(serialization.Encoding.DER)


P256 = make_certificate(ec.generate_private_key(ec.SECP256R1()))


@pytest.mark.parametrize("long_name", [False, True])
def test_a_p256_key_reads_as_cryptography_encodes_it(long_name: bool) -> None:
    certificate = make_certificate(ec.generate_private_key(ec.SECP256R1()), long_name=long_name)
    expected = certificate_spki(certificate)
    assert p256_spki_of_der(der(certificate)) == expected
    assert der_certificate_spki(der(certificate)) == expected
    pem = certificate.public_bytes(serialization.Encoding.PEM).decode()
    assert pem_certificate_spki(pem) == expected


@pytest.mark.parametrize(
    "key",
    [
        rsa.generate_private_key(65537, 2048),
        ec.generate_private_key(ec.SECP384R1()),
        ed25519.Ed25519PrivateKey.generate(),
    ],
    ids=["rsa-2048", "p-384", "ed25519"],
)
def test_another_key_is_left_to_cryptography_which_refuses_it(key) -> None:
    certificate = make_certificate(key)
    spki = key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    assert spki_of_der(der(certificate)) == spki  # read whole, whatever the key
    assert p256_spki_of_der(der(certificate)) is None
    with pytest.raises(ValueError, match="not ECDSA P-256"):
        der_certificate_spki(der(certificate))


def test_a_pem_that_is_not_a_certificate_is_refused_and_a_chain_reads_as_its_first() -> None:
    for text in ("", "hello", "-----BEGIN CERTIFICATE-----\n@@@@\n-----END CERTIFICATE-----\n"):
        with pytest.raises(ValueError):
            pem_certificate_spki(text)
    other = make_certificate(ec.generate_private_key(ec.SECP256R1()))
    chain = "".join(c.public_bytes(serialization.Encoding.PEM).decode() for c in (P256, other))
    assert pem_certificate_spki(chain) == certificate_spki(x509.load_pem_x509_certificate(chain.encode()))
    assert der_of_pem(P256.public_bytes(serialization.Encoding.PEM).decode()) == der(P256)


def test_every_truncation_is_refused() -> None:
    whole = der(P256)
    for end in range(len(whole)):
        with pytest.raises(ValueError):
            spki_of_der(whole[:end])


@settings(max_examples=400, deadline=None)
@given(st.data())
def test_damage_gives_a_value_error_or_the_key_never_another_exception(data) -> None:
    damaged = bytearray(der(P256))
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(damaged) - 1))
        damaged[at] = data.draw(st.integers(0, 255))
    try:
        spki = p256_spki_of_der(bytes(damaged))
    except ValueError:
        return
    if spki is not None:  # what it read is a P-256 key in the protocol's shape, found where the key is
        assert len(spki) == 91 and bytes(spki) in bytes(damaged)


@given(st.binary(max_size=300))
def test_noise_gives_a_value_error_or_a_reading(noise: bytes) -> None:
    with contextlib.suppress(ValueError):
        spki_of_der(noise)
