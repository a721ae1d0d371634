"""A device's long-lived identity: an ECDSA P-256 key pair and a self-signed certificate.

P-256 rather than Ed25519 because every phone TLS stack (Android's Conscrypt, Apple's Network
framework) accepts ECDSA P-256 certificates in TLS 1.3, while Ed25519 certificates are not yet
universal. The device id is derived from the public key, so it cannot be claimed without the key:
a spoofer can copy the id into its mDNS TXT record but can never complete a TLS handshake with it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from cockpit.handoff.errors import KeyStoreError
from cockpit.handoff.keystore import StateDir, read_private, write_private

KEY_FILE = "identity.key"
CERT_FILE = "identity.crt"
_CERT_YEARS = 20  # a head unit lives as long as the car; rotating means pairing again


def spki_der(public_key: ec.EllipticCurvePublicKey) -> bytes:
    """The DER SubjectPublicKeyInfo of a public key: what gets pinned and compared."""
    return public_key.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def fingerprint(spki: bytes) -> str:
    """SHA-256 of a SubjectPublicKeyInfo, lowercase hex."""
    return hashlib.sha256(spki).hexdigest()


def device_id_for(spki: bytes) -> str:
    """The device id: the first 16 hex digits of the key's fingerprint."""
    return fingerprint(spki)[:16]


def certificate_spki(certificate: x509.Certificate) -> bytes:
    """The SubjectPublicKeyInfo of a certificate; ProtocolError-free: raises ValueError if not P-256."""
    key = certificate.public_key()
    if not isinstance(key, ec.EllipticCurvePublicKey) or not isinstance(key.curve, ec.SECP256R1):
        raise ValueError("the certificate's key is not ECDSA P-256")
    return spki_der(key)


def load_peer_certificate(pem: str) -> tuple[x509.Certificate, bytes]:
    """Parse a peer's self-signed certificate and check its signature; returns it with its SPKI.

    Raises ValueError with a reason when it is not a P-256 certificate signed by its own key.
    """
    try:
        certificate = x509.load_pem_x509_certificate(pem.encode("ascii"))
    except (ValueError, UnicodeEncodeError) as exc:
        raise ValueError(f"not a PEM certificate ({exc})") from None
    spki = certificate_spki(certificate)
    try:
        certificate.verify_directly_issued_by(certificate)
    except (ValueError, TypeError, InvalidSignature):
        raise ValueError("the certificate is not self-signed by its own key") from None
    return certificate, spki


@dataclass(frozen=True)
class Identity:
    """This device's key, certificate and the files they live in (``ssl`` loads from files)."""

    private_key: ec.EllipticCurvePrivateKey
    certificate: x509.Certificate
    key_path: Path
    cert_path: Path

    @property
    def spki(self) -> bytes:
        """Our public key as DER SubjectPublicKeyInfo."""
        return spki_der(self.private_key.public_key())

    @property
    def device_id(self) -> str:
        """Our device id (derived from the public key)."""
        return device_id_for(self.spki)

    @property
    def fingerprint(self) -> str:
        """SHA-256 of our public key, hex."""
        return fingerprint(self.spki)

    @property
    def certificate_pem(self) -> str:
        """Our certificate as PEM text, as sent during pairing."""
        return self.certificate.public_bytes(serialization.Encoding.PEM).decode("ascii")


def _new_certificate(key: ec.EllipticCurvePrivateKey) -> x509.Certificate:
    device_id = device_id_for(spki_der(key.public_key()))
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"cockpit-handoff {device_id}")])
    now = dt.datetime.now(dt.UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))  # tolerate a peer whose clock is behind
        .not_valid_after(now + dt.timedelta(days=365 * _CERT_YEARS))
        # CA=True: the peer uses this self-signed certificate as its own trust anchor (the pin).
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                key_cert_sign=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.CLIENT_AUTH]),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )


def load_or_create_identity(state: StateDir) -> Identity:
    """Load this device's identity from ``state``, creating it on first use.

    Refuses (KeyStoreError naming the file) a store that is not private, is corrupt, or whose
    certificate does not belong to its key: a silently regenerated key would break every pairing.
    """
    key_path, cert_path = state.file(KEY_FILE), state.file(CERT_FILE)
    key_pem, cert_pem = read_private(key_path), read_private(cert_path)
    if key_pem is None and cert_pem is None:
        key = ec.generate_private_key(ec.SECP256R1())
        certificate = _new_certificate(key)
        write_private(
            key_path,
            key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            ),
        )
        write_private(cert_path, certificate.public_bytes(serialization.Encoding.PEM))
        return Identity(key, certificate, key_path, cert_path)
    remedy = f"move {state.path} away to create a new identity (every paired device will have to pair again)"
    if key_pem is None or cert_pem is None:
        missing = key_path if key_pem is None else cert_path
        raise KeyStoreError(f"the key store is incomplete: {missing} is missing; {remedy}")
    try:
        loaded = serialization.load_pem_private_key(key_pem, password=None)
    except (ValueError, TypeError) as exc:
        raise KeyStoreError(f"{key_path} is corrupt ({exc}); {remedy}") from None
    if not isinstance(loaded, ec.EllipticCurvePrivateKey) or not isinstance(loaded.curve, ec.SECP256R1):
        raise KeyStoreError(f"{key_path} does not hold an ECDSA P-256 key; {remedy}")
    key = loaded
    try:
        certificate = x509.load_pem_x509_certificate(cert_pem)
        matches = certificate_spki(certificate) == spki_der(key.public_key())
    except ValueError as exc:
        raise KeyStoreError(f"{cert_path} is corrupt ({exc}); {remedy}") from None
    if not matches:
        raise KeyStoreError(f"{cert_path} does not belong to the key in {key_path}; {remedy}")
    return Identity(key, certificate, key_path, cert_path)
