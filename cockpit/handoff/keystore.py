"""The private state directory where keys and pins live: owner-only, written atomically.

Everything security-relevant the handoff keeps on disk goes through here, so that one place decides
what "private" means (no access at all for group and others) and how a file is replaced (write a
temporary file beside it, fsync, rename), and a half-written or loosened store is refused loudly
instead of being used.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from cockpit.handoff.errors import KeyStoreError

#: Permission bits that must be clear on the state directory and every file in it.
_NOT_PRIVATE = stat.S_IRWXG | stat.S_IRWXO


def default_state_dir() -> Path:
    """``$XDG_STATE_HOME/cockpit``, or ``~/.local/state/cockpit`` when the variable is unset."""
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "cockpit"


class StateDir:
    """A directory only its owner may read, holding the identity and the paired devices."""

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = Path(path) if path is not None else default_state_dir()

    def ensure(self) -> Path:
        """Create the directory (mode 0700) if missing; refuse it if others may access it."""
        try:
            self.path.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as exc:
            raise KeyStoreError(
                f"cannot create the key store {self.path}: {exc.strerror}; pass a writable --state-dir"
            ) from exc
        check_private(self.path)
        return self.path

    def file(self, name: str) -> Path:
        """The path of ``name`` inside the (ensured) directory."""
        return self.ensure() / name

    def __repr__(self) -> str:
        return f"StateDir({str(self.path)!r})"


def check_private(path: Path) -> None:
    """Raise KeyStoreError if ``path`` can be accessed by anyone but its owner, or is not ours."""
    try:
        info = path.lstat()
    except FileNotFoundError:
        return
    if stat.S_ISLNK(info.st_mode):
        raise KeyStoreError(
            f"{path} is a symbolic link; the key store must hold plain files only. Remove the link."
        )
    if info.st_mode & _NOT_PRIVATE:
        raise KeyStoreError(
            f"{path} is accessible by other users (mode {stat.S_IMODE(info.st_mode):04o}); refusing "
            f"to use keys others may have read. Run 'chmod {'700' if path.is_dir() else '600'} {path}' "
            "if you trust it, or delete the key store and pair again."
        )
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        raise KeyStoreError(f"{path} belongs to another user (uid {info.st_uid}); use your own --state-dir")


def read_private(path: Path) -> bytes | None:
    """The contents of ``path`` after checking it is private, or None if it does not exist."""
    check_private(path)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise KeyStoreError(f"cannot read {path}: {exc.strerror}") from exc


def write_private(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically, mode 0600: a crash leaves the old or the new file."""
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:  # mkstemp creates the file 0600 already
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    # The rename is durable only once the directory entry is on disk too.
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
