"""The public key of an X.509 certificate, read from its DER without the ``cryptography`` package.

The head unit reads certificates at every start (its own, and each paired device's pin) and after
every TLS handshake (the peer's, to compare with its pin). Importing ``cryptography`` for that costs
a head unit 11-13 MB resident (its Rust library and the libcrypto it loads) to find a few bytes,
so the one shape this protocol uses -- an ECDSA P-256 key in its uncompressed form, as every
identity here and every phone TLS stack writes it -- is read here: the SubjectPublicKeyInfo is the
seventh element of the certificate's TBSCertificate (RFC 5280, 4.1), after an optional version.

This reads; it never decides trust. OpenSSL has checked the handshake and the chain, and the
caller compares the key with a pin or, when pairing, lets ``cryptography`` check the certificate
whole (``cockpit.handoff.identity``). It fails closed: bytes it cannot walk raise ValueError, and
a key of another shape is None here, for ``cryptography`` to judge.
"""

from __future__ import annotations

import base64
import ssl

# DER of SEQUENCE { SEQUENCE { id-ecPublicKey, prime256v1 }, BIT STRING (66 bytes, no unused bits) }
# up to the point: every uncompressed P-256 SubjectPublicKeyInfo is these 26 bytes, 0x04, X and Y.
P256_SPKI_PREFIX = bytes.fromhex("3059301306072a8648ce3d020106082a8648ce3d030107034200")
P256_SPKI_LENGTH = len(P256_SPKI_PREFIX) + 1 + 64
_UNCOMPRESSED_POINT = 0x04
_SEQUENCE, _VERSION = 0x30, 0xA0


def _element(der: bytes, at: int, end: int) -> tuple[int, int, int]:
    """The DER element at ``at``: its tag, where its contents start and where it ends.

    ValueError if it runs past ``end``, uses a long tag or an indefinite length (BER, not DER).
    """
    if at + 2 > end:
        raise ValueError("the certificate is truncated")
    tag, length = der[at], der[at + 1]
    if tag & 0x1F == 0x1F:
        raise ValueError("the certificate uses a tag number DER certificates do not")
    start = at + 2
    if length & 0x80:
        size = length & 0x7F
        if size == 0 or size > 4 or start + size > end:
            raise ValueError("the certificate has a length that is not DER")
        length = int.from_bytes(der[start : start + size], "big")
        start += size
    if start + length > end:
        raise ValueError("the certificate is truncated")
    return tag, start, start + length


def spki_of_der(der: bytes) -> bytes:
    """The DER SubjectPublicKeyInfo of a DER certificate, whatever its key. ValueError if malformed."""
    tag, start, end = _element(der, 0, len(der))
    if tag != _SEQUENCE or end != len(der):
        raise ValueError("not a DER certificate")
    tag, at, tbs_end = _element(der, start, end)  # tbsCertificate
    if tag != _SEQUENCE:
        raise ValueError("not a DER certificate (no TBSCertificate)")
    tag, _, after = _element(der, at, tbs_end)
    if tag == _VERSION:
        at = after
    # serialNumber, signature, issuer, validity, subject, then subjectPublicKeyInfo
    for _ in range(5):
        at = _element(der, at, tbs_end)[2]
    tag, _, end = _element(der, at, tbs_end)
    if tag != _SEQUENCE:
        raise ValueError("not a DER certificate (no SubjectPublicKeyInfo)")
    return der[at:end]


def p256_spki_of_der(der: bytes) -> bytes | None:
    """The SubjectPublicKeyInfo if the certificate's key is an uncompressed P-256 one, else None.

    ValueError if the certificate cannot be walked at all.
    """
    spki = spki_of_der(der)
    if (
        len(spki) == P256_SPKI_LENGTH
        and spki.startswith(P256_SPKI_PREFIX)
        and spki[len(P256_SPKI_PREFIX)] == _UNCOMPRESSED_POINT
    ):
        return spki
    return None


def der_of_pem(pem: str) -> bytes:
    """The DER of the first certificate in PEM text (as ``cryptography`` reads it); ValueError if none."""
    start = pem.find(ssl.PEM_HEADER)
    end = pem.find(ssl.PEM_FOOTER, start + 1)
    if start < 0 or end < 0:
        raise ValueError("not a PEM certificate")
    body = "".join(pem[start + len(ssl.PEM_HEADER) : end].split())
    try:
        return base64.b64decode(body, validate=True)
    except ValueError as exc:  # binascii.Error is a ValueError
        raise ValueError(f"not a PEM certificate ({exc})") from None
