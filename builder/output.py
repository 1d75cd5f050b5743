"""Writing outputs: whole files or nothing, even when the build is killed half-way."""

from __future__ import annotations

import glob
import os
import tempfile
from pathlib import Path

from builder.errors import BookError, Location


def write_atomically(path: Path, data: bytes) -> Path:
    """Write beside the target and rename, so a failed build never leaves half a file."""
    try:
        return _write_atomically(path, data)
    except OSError as error:  # a full disk, a read-only dist/...
        reason = error.strerror or str(error)
        where = Location(str(path))
        raise BookError(f"cannot write {path.name}: {reason}", where, "O001") from None


def _write_atomically(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    _sweep(path)
    # The process id in the name tells a later build whose temporary file it was.
    prefix = f".{path.name}.{os.getpid()}."
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=prefix, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        # mkstemp makes the file private (0600); outputs get the usual permissions.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def _sweep(path: Path) -> None:
    """Remove temporary files a killed build (SIGKILL cannot be caught) left beside PATH."""
    for stale in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        pid = stale.name[len(path.name) + 2 :].split(".", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            stale.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process
        return True
    return True
