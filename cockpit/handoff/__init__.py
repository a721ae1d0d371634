"""Seamless handoff: pairing, the authenticated protocol, navigation/media sessions, and the rules.

Layers, each its own module: ``keystore``/``identity``/``trust`` (keys and pins on disk), ``tls``
(TLS 1.3 contexts and the pin check), ``schema``/``messages``/``sessions`` (what goes on the wire),
``link`` (one connection), ``pairing`` (numeric comparison), ``listener``/``dial`` (the two ends of a
connection), ``holder``/``car``/``phone`` (who holds which session), ``rules`` (vehicle events) and
``runner`` (the asyncio thread). No Qt here; the HMI reaches in through ``runner.HandoffThread``.
"""
