"""Every CSV file the project writes goes through this module.

Formula injection (OWASP "CSV Injection"): a spreadsheet treats a cell that begins with
`=`, `+`, `-`, `@`, a tab or a carriage return as a formula, so a requester who calls
themselves `=HYPERLINK(...)` could run one on a DPO's machine. Every *text* cell that
could start a formula is written with one leading apostrophe, which spreadsheets read as
"this is text".

To make export -> import round-trip exactly, the rule is reversible:

* writing: a text value matching ``^'*[=+\\-@\\t\\r]`` (any number of apostrophes, then a
  formula character) gets one more apostrophe in front;
* reading (`unguard`, used by the legacy importer): a value matching
  ``^'+[=+\\-@\\t\\r]`` loses exactly one apostrophe.

So `=1+1` is written `'=1+1` and read back as `=1+1`; a value that really begins with an
apostrophe, `'=1+1`, is written `''=1+1` and read back as `'=1+1`; `'hello` is left alone
both ways.

Only `str` cells are guarded. Numbers the code writes (int, float, Decimal, such as a
negative "days left") are not user text, cannot carry a formula, and stay readable as
numbers. `None` is written as an empty cell. Anything else (dates, booleans) is written
as `str(value)`, which never starts with a formula character.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from typing import Any

from django.http import HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase

_NEEDS_GUARD = re.compile(r"^'*[=+\-@\t\r]")
_GUARDED = re.compile(r"^'+[=+\-@\t\r]")
#: The characters a value that `_NEEDS_GUARD` matches can start with.
_FIRST_OF_GUARDED = frozenset("'=+-@\t\r")

#: Rows per chunk of a streaming response (one chunk is one write to the socket).
CHUNK_ROWS = 200


def guard(value: Any) -> Any:
    """The cell as it is written: text that could start a formula gets a leading `'`."""
    if value is None:
        return ""
    if isinstance(value, str) and _NEEDS_GUARD.match(value):
        return "'" + value
    return value


def unguard(text: str) -> str:
    """The reverse of `guard` for a cell read back from one of our files."""
    return text[1:] if _GUARDED.match(text) else text


class Writer:
    """`csv.writer` with every cell guarded. `handle` is any text file opened with
    `newline=""`."""

    def __init__(self, handle) -> None:
        self._writer = csv.writer(handle)

    def writerow(self, row: Iterable[Any]) -> None:
        # `guard` inlined (a call per cell was most of a large export's formatting):
        # None is empty; only text starting with an apostrophe or a formula character
        # is matched against the rule.
        self._writer.writerow(
            [
                ""
                if value is None
                else "'" + value
                if isinstance(value, str)
                and value
                and value[0] in _FIRST_OF_GUARDED
                and _NEEDS_GUARD.match(value)
                else value
                for value in row
            ]
        )

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def chunks(rows: Iterable[Iterable[Any]], *, chunk_rows: int = CHUNK_ROWS) -> Iterator[str]:
    """The CSV text of `rows`, `chunk_rows` rows at a time (constant memory)."""
    buffer = io.StringIO()
    writer = Writer(buffer)
    pending = 0
    for row in rows:
        writer.writerow(row)
        pending += 1
        if pending >= chunk_rows:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
            pending = 0
    if pending:
        yield buffer.getvalue()


def _disposition(response: HttpResponseBase, filename: str) -> None:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'


def streaming_response(rows: Iterable[Iterable[Any]], *, filename: str) -> StreamingHttpResponse:
    """The one streaming CSV response: rows are written as the client reads them."""
    response = StreamingHttpResponse(chunks(rows), content_type="text/csv; charset=utf-8")
    _disposition(response, filename)
    return response


def buffered_response(rows: Iterable[Iterable[Any]], *, filename: str) -> HttpResponse:
    """A small CSV built in memory (aggregates, open data: cacheable as a whole)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    _disposition(response, filename)
    Writer(response).writerows(rows)
    return response


class _TextAsBinaryFile(io.RawIOBase):
    """A read-only binary file over an iterator of text chunks (UTF-8 encoded as read),
    so a storage backend can save a CSV that is never held in memory or written twice."""

    def __init__(self, texts: Iterator[str]) -> None:
        self._texts = texts
        self._pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while not self._pending:
            try:
                self._pending = next(self._texts).encode("utf-8")
            except StopIteration:
                return 0
        size = min(len(buffer), len(self._pending))
        buffer[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        return size


def save(rows: Iterable[Iterable[Any]], *, storage, name: str) -> str:
    """Write `rows` as a CSV file `name` in a Django storage, streaming; returns the name
    the storage gave it. If writing fails (a full disk), nothing is left behind."""
    from django.core.files import File

    content = File(io.BufferedReader(_TextAsBinaryFile(chunks(rows)), buffer_size=1 << 16))
    try:
        return storage.save(name, content)
    except BaseException:
        if storage.exists(name):
            storage.delete(name)
        raise
