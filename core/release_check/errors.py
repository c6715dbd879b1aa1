"""Why a reader stopped. `check` turns each into a finding; none leaves the package."""

from __future__ import annotations


class CheckError(Exception):
    kind: str = "unreadable"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Unreadable(CheckError):
    kind = "unreadable"


class UnsafeFile(CheckError):
    kind = "unsafe_file"


class Encrypted(CheckError):
    kind = "encrypted"
