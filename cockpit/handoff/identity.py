"""A device's long-lived identity: an ECDSA P-256 key pair and a self-signed certificate.

P-256 rather than Ed25519 because every phone TLS stack (Android's Conscrypt, Apple's Network
framework) accepts ECDSA P-256 certificates in TLS 1.3, while Ed25519 certificates are not yet
universal. The device id is derived from the public key, so it cannot be claimed without the key:
a spoofer can copy the id into its mDNS TXT record but can never complete a TLS handshake with it.

``cryptography`` is imported only to make a key, to check a new peer's certificate when pairing,
and for a certificate whose key is not in the one shape the protocol writes: a head unit that
starts with its identity and pins in place, and talks to its paired phones, never loads it
(11-13 MB resident; ``cockpit.handoff.certificates`` reads the keys, OpenSSL loads them).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import ssl
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from cockpit.handoff.certificates import der_of_pem, p256_spki_of_der
from cockpit.handoff.errors import KeyStoreError
from cockpit.handoff.keystore import StateDir, read_private, write_private

if TYPE_CHECKING:
    from cryptography import x509
    from cryptography.hazmat.primitives.asymmetric import ec

KEY_FILE = "identity.key"
CERT_FILE = "identity.crt"
_CERT_YEARS = 20  # a head unit lives as long as the car; rotating means pairing again


def spki_der(public_key: ec.EllipticCurvePublicKey) -> bytes:
    """The DER SubjectPublicKeyInfo of a public key: what gets pinned and compared."""
    from cryptography.hazmat.primitives import serialization

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
    from cryptography.hazmat.primitives.asymmetric import ec

    key = certificate.public_key()
    if not isinstance(key, ec.EllipticCurvePublicKey) or not isinstance(key.curve, ec.SECP256R1):
        raise ValueError("the certificate's key is not ECDSA P-256")
    return spki_der(key)


def der_certificate_spki(der: bytes) -> bytes:
    """The P-256 SubjectPublicKeyInfo of a DER certificate, in the form ``spki_der`` gives.

    Read from the DER for the protocol's own shape; any other is left to ``cryptography`` (imported
    then), which re-encodes a P-256 key or refuses another. ValueError if not P-256 or malformed.
    """
    spki = p256_spki_of_der(der)
    if spki is not None:
        return spki
    from cryptography import x509

    return certificate_spki(x509.load_der_x509_certificate(der))


def pem_certificate_spki(pem: str) -> bytes:
    """``der_certificate_spki`` of a PEM certificate. ValueError if not P-256 or not a certificate."""
    return der_certificate_spki(der_of_pem(pem))


def load_peer_certificate(pem: str) -> tuple[x509.Certificate, bytes]:
    """Parse a peer's self-signed certificate and check its signature; returns it with its SPKI.

    Raises ValueError with a reason when it is not a P-256 certificate signed by its own key.
    """
    from cryptography import x509
    from cryptography.exceptions import InvalidSignature

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
    """This device's public key, certificate and the files they live in (``ssl`` loads from files).

    The private key stays in its file: only OpenSSL reads it, for a TLS context.
    """

    spki: bytes
    certificate_pem: str
    key_path: Path
    cert_path: Path

    @property
    def device_id(self) -> str:
        """Our device id (derived from the public key)."""
        return device_id_for(self.spki)

    @property
    def fingerprint(self) -> str:
        """SHA-256 of our public key, hex."""
        return fingerprint(self.spki)

    def load_into(self, context: ssl.SSLContext, remedy: str | None = None) -> None:
        """Load our certificate and key into a TLS context, as every handshake of ours does.

        KeyStoreError naming the file if they no longer load: the certificate does not belong to
        the key, the key is corrupt, locked behind a passphrase (OpenSSL is told there is none, so
        it never stops to ask for one on a terminal), or gone. The files were checked at start, so
        a later failure means they changed while the cockpit ran; ``remedy`` says what to do.
        """
        folder = self.key_path.parent
        remedy = remedy or (
            f"the key store in {folder} changed while the cockpit ran: put it back, or move {folder} "
            "away and restart to create a new identity (every paired device will have to pair again)"
        )
        try:
            context.load_cert_chain(self.cert_path, self.key_path, password=_no_passphrase)
        except ssl.SSLError as exc:
            if exc.reason == "KEY_VALUES_MISMATCH":
                raise KeyStoreError(
                    f"{self.cert_path} does not belong to the key in {self.key_path}; {remedy}"
                ) from None
            raise KeyStoreError(f"{self.key_path} is corrupt ({exc.reason or exc}); {remedy}") from None
        except OSError as exc:
            raise KeyStoreError(
                f"cannot read {exc.filename or self.key_path} ({exc.strerror}); {remedy}"
            ) from None


def _new_certificate(key: ec.EllipticCurvePrivateKey) -> x509.Certificate:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

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


def _create_identity(key_path: Path, cert_path: Path) -> Identity:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    key = ec.generate_private_key(ec.SECP256R1())
    certificate = _new_certificate(key)
    write_private(
        key_path,
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ),
    )
    certificate_pem = certificate.public_bytes(serialization.Encoding.PEM)
    write_private(cert_path, certificate_pem)
    return Identity(spki_der(key.public_key()), certificate_pem.decode("ascii"), key_path, cert_path)


def _no_passphrase() -> bytes:
    """OpenSSL's passphrase for our key: none (so it never prompts on a terminal for one)."""
    return b""


def load_or_create_identity(state: StateDir) -> Identity:
    """Load this device's identity from ``state``, creating it on first use.

    Refuses (KeyStoreError naming the file) a store that is not private, is corrupt, or whose
    certificate does not belong to its key: a silently regenerated key would break every pairing.
    """
    key_path, cert_path = state.file(KEY_FILE), state.file(CERT_FILE)
    key_pem, cert_pem = read_private(key_path), read_private(cert_path)
    if key_pem is None and cert_pem is None:
        return _create_identity(key_path, cert_path)
    remedy = f"move {state.path} away to create a new identity (every paired device will have to pair again)"
    if key_pem is None or cert_pem is None:
        missing = key_path if key_pem is None else cert_path
        raise KeyStoreError(f"the key store is incomplete: {missing} is missing; {remedy}")
    try:
        certificate_text = cert_pem.decode("ascii")
        spki = pem_certificate_spki(certificate_text)
    except ValueError as exc:  # UnicodeDecodeError is a ValueError
        raise KeyStoreError(f"{cert_path} is corrupt ({exc}); {remedy}") from None
    identity = Identity(spki, certificate_text, key_path, cert_path)
    # OpenSSL reads the key as a TLS context will, and refuses one that does not match the
    # certificate's public key; the certificate's key is P-256, so a matching key is too.
    identity.load_into(ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER), remedy)
    return identity
