"""Result folders: who may write one, what counts as one, and how one is replaced without loss.

- **Exclusive ownership.** A process that writes a folder `DIR/NAME` first *claims* it: it holds an
  exclusive `flock` on `DIR/.NAME.deter-lock` for as long as it writes. A second process that tries to write
  the same folder is refused at once. The lock dies with its process (even after SIGKILL), so a claim
  can never be left stuck; the empty lock file a killed process leaves is cleaned by the next claim in
  that folder.
- **Recognised by the manifest.** A result folder is one whose `manifest.json` this tool wrote (a run or
  a sweep). `--force` replaces only a complete result folder that holds nothing but what this tool
  writes; never the working directory or one of its parents, the home folder, a symbolic link, or a
  folder holding anything else.
- **Built aside.** A run's folder is built under `DIR/.NAME.deter-partial-PID/` (marked by its first
  file, `.deter-partial`) and renamed into place when complete; a replaced folder is moved to
  `DIR/.NAME.deter-old-PID/` and deleted only once the new one is in place. Leftovers of a killed
  process are removed (or, for a moved-aside folder, restored) by the next claim in the same folder,
  and only what deter provably wrote: a partial folder with its mark, a result folder with its
  manifest, a lock file holding only a process number, none of them locked by a live process.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
from datetime import UTC, datetime
from pathlib import Path

from sim.errors import ResultDirError
from sim.execution.files import atomic, check_free_space, is_disk_full, write_atomic  # noqa: F401
from sim.execution.manifests import (  # noqa: F401 - re-exported: the folder's vocabulary
    PLOTS_MARK,
    RUN_ENTRIES,
    SWEEP_ENTRIES,
    TOOL,
    foreign_entries,
    is_robust,
    manifest_kind,
    read_manifest,
    replaceable,
    resume_command,
)

_TEMP = re.compile(r"^\.(?P<name>.+)\.deter-(?P<kind>partial|old)-\d+$")
_LOCK = re.compile(r"^\.(?P<name>.+)\.deter-lock$")
PARTIAL_MARK = ".deter-partial"
"""The first file of a folder under construction: what proves a leftover partial folder is deter's."""


def glob_escape(name: str) -> str:
    """`name` with glob's special characters escaped."""
    return re.sub(r"([*?\[])", r"[\1]", name)


def _reason(err: OSError) -> str:
    return err.strerror or type(err).__name__


# --------------------------------------------------------------------------- manifests


def _protected(target: Path) -> str | None:
    """Why `target` may never be written as a result folder, or None."""
    cwd = Path.cwd().resolve()
    if cwd == target or target in cwd.parents:
        return "it is the working directory or one of its parents"
    if target == Path.home().resolve() or target == Path(target.anchor):
        return "it is the home or root folder"
    return None


class Claim:
    """Exclusive ownership of the result folder `path` while this process writes it.

    Use as a context manager, or call `release()`. `option` names the command-line option the path
    came from, for error messages.
    """

    def __init__(self, path: Path, option: str = "--out", must_exist: bool = False):
        given = Path(path)
        self.option = option
        self._created: list[Path] = []
        try:
            if given.is_symlink():
                raise ResultDirError(f"{option} {given}: is a symbolic link; give the real folder")
            self.path = given.resolve()
        except OSError as err:
            raise ResultDirError(f"{option} {given}: cannot be used ({_reason(err)})") from None
        self.given = given
        self._fd: int | None = None
        why = _protected(self.path)
        if why:
            raise ResultDirError(f"{option} {given}: refused, {why}")
        if must_exist and not self.path.is_dir():
            raise ResultDirError(f"{option} {given}: no such folder")
        self.lock = self.path.parent / f".{self.path.name}.deter-lock"
        self._make_parents()
        try:
            self._acquire()
            self._clean_own()
            clean_stale(self.path.parent)
        except BaseException:
            self.release()
            raise

    def _make_parents(self) -> None:
        """Create the missing folders above the target, remembering them to remove if left empty."""
        missing = []
        folder = self.path.parent
        while not folder.exists() and folder != folder.parent:
            missing.append(folder)
            folder = folder.parent
        for folder in reversed(missing):
            try:
                folder.mkdir()
            except FileExistsError:
                if not folder.is_dir():
                    self.release()
                    raise ResultDirError(
                        f"{self.option} {self.given}: cannot create {folder} (a file is there)"
                    ) from None
            except OSError as err:
                self.release()
                raise ResultDirError(
                    f"{self.option} {self.given}: cannot create {folder} ({_reason(err)})"
                ) from None
            else:
                self._created.append(folder)
        if not self.path.parent.is_dir():
            raise ResultDirError(
                f"{self.option} {self.given}: cannot create {self.path.parent} (not a folder)"
            )

    def _acquire(self) -> None:
        while True:
            try:
                fd = os.open(self.lock, os.O_RDWR | os.O_CREAT, 0o644)
            except OSError as err:
                raise ResultDirError(
                    f"{self.option} {self.given}: cannot write in {self.path.parent} ({_reason(err)})"
                ) from None
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                owner = os.pread(fd, 32, 0).decode(errors="replace").strip()
                os.close(fd)
                who = f" (process {owner})" if owner.isdigit() else ""
                raise ResultDirError(
                    f"{self.option} {self.given}: another deter process{who} is writing this folder; "
                    "wait for it or choose another folder"
                ) from None
            try:
                same = os.stat(self.lock).st_ino == os.fstat(fd).st_ino
            except FileNotFoundError:
                same = False
            if same:  # not a lock file its previous owner unlinked while we waited
                os.ftruncate(fd, 0)
                os.pwrite(fd, str(os.getpid()).encode(), 0)
                self._fd = fd
                return
            os.close(fd)

    def _clean_own(self) -> None:
        """Remove this folder's own leftovers from a killed earlier writer (we hold the lock now)."""
        for entry in sorted(self.path.parent.glob(f".{glob_escape(self.path.name)}.deter-*-*")):
            match = _TEMP.match(entry.name)
            if match and match["name"] == self.path.name:
                _settle(entry, match["kind"], self.path)

    @property
    def held(self) -> bool:
        """Whether this claim still holds its lock."""
        return self._fd is not None

    def partial(self) -> Path:
        """A fresh folder beside the target to build the result in."""
        tmp = self.path.parent / f".{self.path.name}.deter-partial-{os.getpid()}"
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir()
        (tmp / PARTIAL_MARK).write_bytes(b"")
        return tmp

    def commit(self, built: Path, force: bool) -> Path:
        """Move the folder `built` into place, replacing a result folder only if `force`."""
        check_target(self.path, force, self.option, self.given)
        old = None
        (built / PARTIAL_MARK).unlink(missing_ok=True)
        if self.path.exists() and any(self.path.iterdir()):
            old = self.path.parent / f".{self.path.name}.deter-old-{os.getpid()}"
            os.replace(self.path, old)
        os.replace(built, self.path)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
        return self.path

    def release(self) -> None:
        """Give up the folder: the lock file is removed, and folders this claim created if left empty."""
        if self._fd is not None:
            try:
                self.lock.unlink(missing_ok=True)
            finally:
                os.close(self._fd)
                self._fd = None
        for folder in reversed(self._created):
            try:
                folder.rmdir()  # only if empty: a refused or failed command leaves nothing behind
            except OSError:
                break
        self._created = []

    def __enter__(self) -> Claim:
        return self

    def __exit__(self, *exc) -> None:
        self.release()


def check_target(path: Path, force: bool, option: str = "--out", given: Path | None = None) -> None:
    """Refuse to write a run's result folder at `path` unless it is free or (with force) replaceable."""
    given = given or path
    if path.is_symlink():
        raise ResultDirError(f"{option} {given}: is a symbolic link; give the real folder")
    if not path.exists():
        return
    if not path.is_dir():
        raise ResultDirError(f"{option} {given}: exists and is not a folder")
    if not any(path.iterdir()):
        return
    if not force:
        raise ResultDirError(f"{option} {given}: folder exists; choose another folder or pass --force")
    why = replaceable(path)
    if why:
        raise ResultDirError(f"{option} {given}: --force refused, {why}; choose another folder")


def claim_new(path: Path | None, stem: str, root: Path = Path("results"), option: str = "--out") -> Claim:
    """Claim `path`, or if None a fresh default folder root/<stem>-<UTC time>[-N]/ no one else has."""
    if path is not None:
        return Claim(path, option)
    base = f"{stem}-{datetime.now(UTC).strftime('%Y%m%d-%H%M%S')}"
    for n in range(1, 1000):
        candidate = root / (base if n == 1 else f"{base}-{n}")
        if candidate.exists() or candidate.is_symlink():
            continue
        try:
            claim = Claim(candidate, option)
        except ResultDirError as err:
            if "another deter process" in str(err):
                continue
            raise
        if candidate.exists():  # made by someone who does not lock
            claim.release()
            continue
        return claim
    raise ResultDirError(f"{root}: no free folder name for {base}; clean up results/")


def clean_stale(parent: Path) -> list[Path]:
    """Remove what killed deter processes left in `parent`, and nothing else; return what was removed.

    A leftover is deter's only if it proves it: a partial folder holding its mark, a moved-aside folder
    holding a deter manifest, a lock file holding only a process number; and stale only if no live
    process holds its lock. A moved-aside folder whose place is empty is put back.
    """
    removed: list[Path] = []
    try:
        entries = list(parent.iterdir())
    except OSError:
        return removed
    by_name: dict[str, list[tuple[Path, str]]] = {}
    for entry in entries:
        match = _TEMP.match(entry.name)
        if match and _provably_ours(entry, match["kind"]):
            by_name.setdefault(match["name"], []).append((entry, match["kind"]))
        elif (lock := _LOCK.match(entry.name)) and _is_lock_file(entry):
            by_name.setdefault(lock["name"], [])
    for name, leftovers in by_name.items():
        lock = parent / f".{name}.deter-lock"
        fd = _try_stale_lock(lock)
        if fd is False:
            continue  # a live process owns these
        try:
            for entry, kind in sorted(leftovers):
                _settle(entry, kind, parent / name)
                removed.append(entry)
            if fd is not None:
                lock.unlink(missing_ok=True)
        finally:
            if fd is not None:
                os.close(fd)
    return removed


def _provably_ours(entry: Path, kind: str) -> bool:
    if entry.is_symlink() or not entry.is_dir():
        return False
    if kind == "partial":
        return (entry / PARTIAL_MARK).is_file()
    try:
        read_manifest(entry, check_format=False)  # deter's, of whatever version
    except ResultDirError:
        return False
    return True


def _is_lock_file(entry: Path) -> bool:
    """A deter lock file holds nothing but the number of the process that took it."""
    try:
        if entry.is_symlink() or not entry.is_file() or entry.stat().st_size > 32:
            return False
        data = entry.read_bytes().strip()
    except OSError:
        return False
    return not data or data.isdigit()


def _settle(entry: Path, kind: str, target: Path) -> None:
    """Remove a leftover partial folder, or put a moved-aside result folder back if its place is free."""
    if not _provably_ours(entry, kind):
        return
    if kind == "old" and not target.exists():
        os.replace(entry, target)  # killed between moving the old folder away and the new one in
    else:
        shutil.rmtree(entry, ignore_errors=True)


def _try_stale_lock(lock: Path) -> int | None | bool:
    """The lock's descriptor if no one holds it (we now do), None if there is no lock, False if held."""
    try:
        fd = os.open(lock, os.O_RDWR)
    except FileNotFoundError:
        return None
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return False
    return fd
