"""Opening the Zenoh session of a gateway, a display or a router, from ``[zenoh]`` in cockpit.toml.

Who may write the vehicle's signals is decided where participants come in: the node that listens
(the gateway in the default peer setup, the router when there is one) authenticates every
participant by user and password, and its access control refuses ``put``, ``delete``, ``reply``
and queryables on ``vss/**`` from anyone but the configured writers (the gateway). A display only
dials: it never listens and never gossips, so everything it hears came through that node.
"""

from __future__ import annotations

import json
import logging
import os
import re
import secrets
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cockpit.config import ZenohConfig
from cockpit.errors import CockpitError
from cockpit.vss.keys import GATEWAY_KEYS

log = logging.getLogger(__name__)

GATEWAY, DISPLAY, ROUTER = "gateway", "display", "router"
ROLES = (GATEWAY, DISPLAY, ROUTER)
_WRITE_MESSAGES = ["put", "delete", "reply", "declare_queryable"]
_USER_LINE = re.compile(r"^([^:\s]+):(\S+)$")


class VssLinkError(CockpitError, OSError):
    """The Zenoh link cannot be opened (names the endpoint and what to do)."""


# --- credentials -------------------------------------------------------------------------------
def default_credentials_path() -> Path:
    """``$XDG_STATE_HOME/cockpit/zenoh-credentials`` (``~/.local/state/...`` when unset)."""
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "cockpit" / "zenoh-credentials"


def ensure_credentials(path: Path) -> None:
    """Make a ``user:password`` file for the three roles if there is none (mode 0600)."""
    if path.exists():
        return
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    text = "".join(f"{role}:{secrets.token_hex(16)}\n" for role in ROLES)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as file:
        file.write(text)


def read_credentials(path: Path) -> dict[str, str]:
    """The users and passwords in ``path``; VssLinkError names the line that does not parse."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise VssLinkError(f"{path}: cannot read the Zenoh credentials ({exc})") from None
    users: dict[str, str] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = _USER_LINE.match(line.strip())
        if not match:
            raise VssLinkError(f"{path}:{number}: write one user:password per line")
        users[match.group(1)] = match.group(2)
    return users


def credentials_for(config: ZenohConfig) -> Path:
    """The credentials file this configuration uses (made on first use when it is the default)."""
    path = config.credentials or default_credentials_path()
    if config.credentials is None:
        ensure_credentials(path)
    return path


# --- the Zenoh configuration -------------------------------------------------------------------
def access_control(role: str, writers: tuple[str, ...], users: dict[str, str]) -> dict[str, Any] | None:
    """The ACL of a listening node: nobody but ``writers`` writes ``vss/**``; None for a display."""
    if role == DISPLAY:
        return None
    rule = {
        "id": "only-writers-write-vss",
        "messages": _WRITE_MESSAGES,
        "flows": ["ingress"],
        "permission": "deny",
        "key_exprs": list(GATEWAY_KEYS),
    }
    subjects: list[dict[str, Any]]
    if role == GATEWAY:
        # The gateway is the writer; nothing that comes in may write its keys.
        subjects = [{"id": "everyone"}]
    else:
        others = sorted(user for user in users if user not in writers)
        if not others:
            return {"enabled": False}
        subjects = [{"id": "not-writers", "usernames": others}]
    return {
        "enabled": True,
        "default_permission": "allow",
        "rules": [rule],
        "subjects": subjects,
        "policies": [{"rules": [rule["id"]], "subjects": [s["id"] for s in subjects]}],
    }


def zenoh_config_json(
    config: ZenohConfig,
    role: str,
    *,
    listen: tuple[str, ...] | None = None,
    connect: tuple[str, ...] | None = None,
) -> dict[str, Any]:
    """The Zenoh configuration (as JSON) of ``role`` under ``[zenoh]``; endpoints may be overridden."""
    if role not in ROLES:
        raise ValueError(f"unknown Zenoh role {role!r}")
    path = credentials_for(config)
    users = read_credentials(path)
    if role not in users:
        raise VssLinkError(
            f"{path}: no line for user {role!r}; add {role}:<password> (the same line "
            "on the gateway, or the router, that this computer joins)"
        )
    if role == DISPLAY:
        mode = "client" if config.mode == "client" else "peer"
        listen_on: tuple[str, ...] = ()
        dial = config.display_endpoints if connect is None else connect
    elif role == GATEWAY:
        mode = "client" if config.mode == "client" else "peer"
        listen_on = () if mode == "client" else (config.listen if listen is None else listen)
        dial = config.connect if connect is None else connect
    else:
        mode = "router"
        listen_on = config.listen if listen is None else listen
        dial = config.connect if connect is None else connect
    auth: dict[str, Any] = {"user": role, "password": users[role]}
    if listen_on:
        auth["dictionary_file"] = str(path)  # whoever dials us must be in the file
    scouting_iface = "lo" if config.multicast_scouting else "auto"
    out: dict[str, Any] = {
        "mode": mode,
        "listen": {"endpoints": list(listen_on), "exit_on_failure": True},
        "connect": {
            "endpoints": list(dial),
            "exit_on_failure": mode == "client",
            "retry": {"period_init_ms": 250, "period_max_ms": 4000, "period_increase_factor": 2},
        },
        "scouting": {
            # Off unless asked for, and then only on loopback: nothing leaves the machine by default.
            "multicast": {
                "enabled": config.multicast_scouting and role != DISPLAY,
                "interface": scouting_iface,
            },
            "gossip": {"enabled": role != DISPLAY},
        },
        "transport": {"auth": {"usrpwd": auth}},
        "adminspace": {"enabled": False},
    }
    if config.tls is not None:
        out["transport"]["link"] = {"tls": tls_settings(config)}
    acl = access_control(role, config.writers, users)
    if acl is not None:
        out["access_control"] = acl
    return out


def tls_settings(config: ZenohConfig) -> dict[str, Any]:
    """Zenoh's ``transport.link.tls`` for ``[zenoh.tls]``: this node's certificate to listen and,
    with mTLS, to dial; the car's CA to check the other side's."""
    tls = config.tls
    assert tls is not None
    out: dict[str, Any] = {
        "root_ca_certificate": str(tls.root_ca),
        "verify_name_on_connect": True,
        "enable_mtls": bool(tls.mtls and tls.certificate),
    }
    if tls.certificate is not None and tls.private_key is not None:
        out.update(
            listen_certificate=str(tls.certificate),
            listen_private_key=str(tls.private_key),
            connect_certificate=str(tls.certificate),
            connect_private_key=str(tls.private_key),
        )
    return out


def explain_open_error(exc: Exception, settings: dict[str, Any]) -> str:
    """A sentence for a failed ``zenoh.open``: which endpoint, and what to do."""
    text = str(exc).split(" at /")[0]
    listen = settings["listen"]["endpoints"]
    connect = settings["connect"]["endpoints"]
    if "Address already in use" in text or "in use" in text:
        return (
            f"cannot listen on {', '.join(listen)}: the port is in use (another `cockpit gateway` "
            "or Zenoh router?); stop it, or set another port in [zenoh] listen"
        )
    if "No peer specified" in text:
        return "client mode needs an endpoint to dial; set [zenoh] connect (the router's endpoint)"
    if "Unable to connect" in text:
        return f"no Zenoh router or gateway answers at {', '.join(connect)}; start it, or fix [zenoh] connect"
    return f"Zenoh could not open the session ({text}); check [zenoh] in cockpit.toml"


def open_session(config: ZenohConfig, role: str, **endpoints: tuple[str, ...]) -> Any:
    """Open this node's Zenoh session now; VssLinkError says what failed and what to do."""
    import zenoh

    settings = zenoh_config_json(config, role, **endpoints)
    try:
        zconfig = zenoh.Config.from_json5(json.dumps(settings))
    except Exception as exc:  # noqa: BLE001 - zenoh raises its own error type for a bad config
        raise VssLinkError(f"the [zenoh] settings are not a valid Zenoh configuration: {exc}") from None
    try:
        return zenoh.open(zconfig)
    except Exception as exc:  # noqa: BLE001 - zenoh.ZError carries the reason in its text
        raise VssLinkError(explain_open_error(exc, settings)) from None


class SessionOpener:
    """Opens the session in the background, retrying with backoff, for a display or a gateway
    whose router is not up yet: the node runs meanwhile (its signals not received) and says why.

    ``on_open(session)`` runs on the opener's thread once the session is open. An error that a
    retry cannot cure (a port in use, a bad credentials file) stops the retries and is kept in
    ``error``.
    """

    def __init__(
        self,
        config: ZenohConfig,
        role: str,
        on_open: Callable[[Any], None],
        *,
        first_delay_s: float = 0.25,
        max_delay_s: float = 8.0,
        connect: tuple[str, ...] | None = None,
    ) -> None:
        self._config, self._role, self._on_open = config, role, on_open
        self._endpoints: dict[str, tuple[str, ...]] = {} if connect is None else {"connect": connect}
        self._first, self._max = first_delay_s, max_delay_s
        self._stop = threading.Event()
        self.session: Any = None
        self.error: str = ""
        self.waiting: str = ""  # why there is no session yet, while retrying
        self.attempts = 0
        self._thread = threading.Thread(target=self._run, name=f"zenoh-open-{role}", daemon=True)

    def start(self) -> None:
        """Start trying."""
        self._thread.start()

    def _run(self) -> None:
        delay = self._first
        while not self._stop.is_set():
            self.attempts += 1
            try:
                session = open_session(self._config, self._role, **self._endpoints)
            except VssLinkError as exc:
                if "no Zenoh router or gateway answers" not in str(exc):
                    self.error = str(exc)
                    log.error("%s", exc)
                    return
                self.waiting = f"{exc}; retrying in {delay:.1f} s"
                log.warning("%s", self.waiting)
                self._stop.wait(delay)
                delay = min(self._max, delay * 2)
                continue
            if self._stop.is_set():
                session.close()
                return
            self.session, self.waiting = session, ""
            if self.attempts > 1:
                log.warning("Zenoh link open after %d attempts", self.attempts)
            try:
                self._on_open(session)
            except Exception:  # a failure here must reach the log, not kill silently
                log.exception("setting up the Zenoh link failed")
            return

    def close(self) -> None:
        """Stop retrying and close the session if it opened."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=5)
        if self.session is not None:
            session, self.session = self.session, None
            session.close()
