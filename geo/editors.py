"""Who may edit the record: the curation page's editors, each with a salted scrypt hash of a password,
kept in a local file that is never committed (`.curators.toml` at the checkout's root, or the file
ATLAS_EDITORS names).

    python -m geo.editors add NAME [--password-stdin] [--config PATH]   # a new editor, or a new password
    python -m geo.editors remove NAME [--config PATH]
    python -m geo.editors list [--config PATH]

Exit codes: 0 done; 2 a bad call or a file that cannot be read or written (one line); 130 interrupted.
"""
from __future__ import annotations

import argparse
import base64
import getpass
import hashlib
import hmac
import os
import re
import secrets
import sys
import tomllib
import unicodedata
from pathlib import Path

from geo.files import write_atomically
from geo.paths import ROOT

CONFIG = ROOT / ".curators.toml"
CONFIG_VARIABLE = "ATLAS_EDITORS"
# scrypt's cost as OWASP recommends for it (2^17 × 8 × 1 takes 128 MB and ~0.3 s here); the cost is
# stored with each hash, so raising it later leaves existing passwords valid.
COST = {"n": 2 ** 17, "r": 8, "p": 1}
MIN_PASSWORD = 10
MAX_PASSWORD = 1024
# A name is shown beside every change it makes and written unquoted-safe into the file: letters of
# any script, digits, spaces and . ' - only.
NAME = re.compile(r"^[^\W_][\w .'-]{0,39}$")
HOW_TO_ADD = "create an editor with `python -m geo.editors add NAME`"


class EditorsError(Exception):
    """A one-line reason: no file, a file that cannot be read, a name or password refused."""


def config_path() -> Path:
    named = os.environ.get(CONFIG_VARIABLE)
    return Path(named) if named else CONFIG


def checked_name(name: str) -> str:
    name = unicodedata.normalize("NFC", name.strip())
    if not NAME.match(name):
        raise EditorsError("a name is 1–40 letters, digits, spaces or . ' - and starts with a letter or digit")
    return name


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=256 * 1024 * 1024, dklen=32)


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def hash_password(password: str) -> str:
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        raise EditorsError(f"a password has {MIN_PASSWORD} to {MAX_PASSWORD} characters")
    salt = secrets.token_bytes(16)
    digest = _scrypt(password, salt, **COST)
    return f"scrypt${COST['n']}${COST['r']}${COST['p']}${_b64(salt)}${_b64(digest)}"


def matches(stored: str, password: str) -> bool:
    """Whether `password` is the one `stored` was made from; compared in constant time."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt" or len(password) > MAX_PASSWORD:
            return False
        expected = base64.b64decode(digest, validate=True)
        found = _scrypt(password, base64.b64decode(salt, validate=True), int(n), int(r), int(p))
    except ValueError:  # a hand-edited or truncated entry never signs anyone in
        return False
    return hmac.compare_digest(found, expected)


# Checked against when the name is unknown, so a wrong name costs the same time as a wrong password.
_NOBODY = f"scrypt${COST['n']}${COST['r']}${COST['p']}${_b64(bytes(16))}${_b64(bytes(32))}"


def read(path: Path) -> dict[str, str]:
    """Every editor's name and stored hash."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise EditorsError(f"no editors yet ({path} does not exist): {HOW_TO_ADD}") from None
    except OSError as exc:
        raise EditorsError(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        editors = tomllib.loads(raw.decode("utf-8")).get("editors", {})
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise EditorsError(f"{path} is not a valid editors file: {str(exc).splitlines()[0]}") from None
    if not isinstance(editors, dict) or not all(isinstance(v, str) for v in editors.values()):
        raise EditorsError(f"{path} is not a valid editors file: [editors] maps each name to a hash")
    return editors


def sign_in(path: Path, name: str, password: str) -> str | None:
    """The editor's name if `password` is theirs, else None; raises EditorsError if there is no file."""
    editors = read(path)
    try:
        name = checked_name(name)
    except EditorsError:
        name = ""
    known = name in editors
    ok = matches(editors[name] if known else _NOBODY, password)
    return name if known and ok else None


def _write(path: Path, editors: dict[str, str]) -> None:
    lines = ["# Editors of the curation page: python -m geo.editors add NAME. Local to this machine: never commit it.",
             "[editors]", *(f'"{name}" = "{stored}"' for name, stored in sorted(editors.items()))]
    try:
        path.touch(mode=0o600, exist_ok=True)  # the hashes are never readable by others, not even briefly
        write_atomically(path, ("\n".join(lines) + "\n").encode("utf-8"))
    except OSError as exc:
        raise EditorsError(f"cannot write {path}: {exc.strerror or exc}") from None


def add(path: Path, name: str, password: str) -> str:
    """Add an editor, or give one a new password; returns the name as stored."""
    name = checked_name(name)
    try:
        editors = read(path)
    except EditorsError:
        if path.exists():
            raise
        editors = {}
    editors[name] = hash_password(password)
    _write(path, editors)
    return name


def remove(path: Path, name: str) -> None:
    editors = read(path)
    name = checked_name(name)
    if name not in editors:
        raise EditorsError(f"no editor named {name!r}")
    del editors[name]
    _write(path, editors)


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, allow_abbrev=False, **kwargs)

    def error(self, message: str):
        raise EditorsError(message)


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Password: ")
    if getpass.getpass("Again: ") != first:
        raise EditorsError("the two passwords differ; nothing was changed")
    return first


def run(argv: list[str]) -> str:
    parser = _Parser(prog="python -m geo.editors", description="Who may sign in to the curation page.")
    parser.add_argument("action", choices=["add", "remove", "list"])
    parser.add_argument("name", nargs="?")
    parser.add_argument("--password-stdin", action="store_true", help="read the password from the first line of stdin")
    parser.add_argument("--config", type=Path, help=f"the editors file (default: ${CONFIG_VARIABLE} or {CONFIG})")
    args = parser.parse_args(argv)
    path = args.config or config_path()
    if args.action == "list":
        return "\n".join(read(path))
    if not args.name:
        raise EditorsError(f"{args.action} needs a NAME")
    if args.action == "remove":
        remove(path, args.name)
        return f"removed {checked_name(args.name)} from {path}"
    name = checked_name(args.name)  # refused before the password is asked for
    return f"{add(path, name, _password(args.password_stdin))} may now sign in to the curation page ({path})"


def main() -> None:
    try:
        print(run(sys.argv[1:]))
    except EditorsError as exc:
        print(f"python -m geo.editors: {exc}", file=sys.stderr)
        sys.exit(2)
    except KeyboardInterrupt:
        print("python -m geo.editors: interrupted; nothing was changed", file=sys.stderr)
        sys.exit(130)


if __name__ == "__main__":
    main()
