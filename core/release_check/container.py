"""Reading zip containers (xlsx, docx, ods) and their XML parts safely.

A zip bomb is refused before anything is expanded: the number of entries and the total
declared uncompressed size are capped, and each part is read with a hard limit (zipfile
never returns more than an entry's declared size, and a lying size fails its CRC check).
XML is parsed with defusedxml, refusing DTDs, entity declarations and external
references, so "billion laughs" and XXE payloads never expand; worksheets, the one part
that can be very large, are streamed through expat with the same refusals.
"""

from __future__ import annotations

import functools
import io
import posixpath
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import IO
from xml.etree.ElementTree import Element, ParseError
from xml.parsers import expat

import defusedxml
import defusedxml.ElementTree as SafeET

from .errors import Unreadable, UnsafeFile
from .model import Budget

_MB = 1024 * 1024


@functools.lru_cache(maxsize=4096)
def local(tag: str) -> str:
    """An element's or attribute's name without its namespace."""
    return tag.rsplit("}", 1)[-1]


def attr(element: Element, name: str) -> str | None:
    """An attribute by local name, whatever its namespace prefix."""
    if name in element.attrib:
        return element.attrib[name]
    for key, value in element.attrib.items():
        if key.endswith("}" + name):
            return value
    return None


def children(element: Element, name: str) -> Iterator[Element]:
    for child in element:
        if local(child.tag) == name:
            yield child


def descendants(element: Element, name: str) -> Iterator[Element]:
    for child in element.iter():
        if local(child.tag) == name:
            yield child


def text_of(element: Element, text_tags: frozenset[str] = frozenset({"t"})) -> str:
    return "".join(e.text or "" for e in element.iter() if local(e.tag) in text_tags)


def parse_xml(data: bytes, part: str) -> Element:
    try:
        return SafeET.fromstring(data, forbid_dtd=True)
    except defusedxml.DefusedXmlException as exc:
        raise UnsafeFile(
            f"Part '{part}' contains XML declarations used in attacks "
            f"({type(exc).__name__}); it was not read."
        ) from exc
    except ParseError as exc:
        raise Unreadable(f"Part '{part}' is not well-formed XML, so it could not be read.") from exc


class _Refused(Exception):
    pass


def _refuse(*_args: object) -> None:
    raise _Refused


def stream_xml(
    data: bytes,
    part: str,
    start: Callable[[str, dict[str, str]], None],
    end: Callable[[str], None],
    characters: Callable[[str], None],
) -> None:
    """Parse a large part (a worksheet) with expat directly, calling `start(local name,
    attributes)`, `end(local name)` and `characters(text)`. Attributes without a prefix
    keep their plain name; a prefixed one is keyed "namespace-uri}name". Several times
    faster than building elements, and as strict as defusedxml: a DTD, an entity
    declaration or an external reference stops the parse."""
    parser = expat.ParserCreate(namespace_separator="}")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = _refuse
    parser.EntityDeclHandler = _refuse
    parser.UnparsedEntityDeclHandler = _refuse
    parser.ExternalEntityRefHandler = _refuse  # type: ignore[assignment]
    parser.buffer_text = True
    names: dict[str, str] = {}

    def name_of(tag: str) -> str:
        found = names.get(tag)
        if found is None:
            found = names[tag] = tag.rsplit("}", 1)[-1]
        return found

    def on_start(tag: str, attributes: dict[str, str]) -> None:
        start(name_of(tag), attributes)

    def on_end(tag: str) -> None:
        end(name_of(tag))

    parser.StartElementHandler = on_start
    parser.EndElementHandler = on_end
    parser.CharacterDataHandler = characters
    try:
        parser.Parse(data, True)
    except _Refused as exc:
        raise UnsafeFile(
            f"Part '{part}' contains XML declarations used in attacks (a DTD or entity); "
            "it was not read."
        ) from exc
    except expat.ExpatError as exc:
        raise Unreadable(f"Part '{part}' is not well-formed XML, so it could not be read.") from exc


@dataclass(frozen=True, slots=True)
class Relationship:
    id: str
    type: str
    target: str
    external: bool

    @property
    def type_name(self) -> str:
        """The last segment of the relationship type: "worksheet", "comments" …"""
        return self.type.rsplit("/", 1)[-1]


class SafeZip:
    def __init__(self, data: bytes, budget: Budget) -> None:
        self.budget = budget
        limits = budget.limits
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self._zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
            raise Unreadable("The file is damaged: its zip structure could not be read.") from exc
        if len(infos) > limits.max_zip_entries:
            raise UnsafeFile(
                f"The file holds {len(infos)} parts, more than the {limits.max_zip_entries} "
                "the check will open; it may be a zip bomb."
            )
        total = sum(info.file_size for info in infos)
        if total > limits.max_uncompressed_bytes:
            raise UnsafeFile(
                f"The file would expand to {total // _MB} MB when opened, more than the "
                f"{limits.max_uncompressed_bytes // _MB} MB the check allows; it may be a zip bomb."
            )
        self._infos = {info.filename: info for info in infos if not info.is_dir()}

    @property
    def names(self) -> list[str]:
        return list(self._infos)

    def has(self, name: str) -> bool:
        return name in self._infos

    def read(self, name: str) -> bytes:
        self.budget.tick()
        info = self._infos.get(name)
        if info is None:
            raise Unreadable(f"The file is damaged: part '{name}' is missing.")
        limit = self.budget.limits.max_part_bytes
        if info.file_size > limit:
            raise UnsafeFile(
                f"Part '{name}' would expand to {info.file_size // _MB} MB, more than the "
                f"{limit // _MB} MB the check reads."
            )
        try:
            handle: IO[bytes]
            with self._zip.open(info) as handle:
                data = handle.read(limit + 1)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
            raise Unreadable(f"The file is damaged: part '{name}' could not be read.") from exc
        except RuntimeError as exc:  # an encrypted entry
            raise Unreadable(
                f"Part '{name}' is password-protected, so it could not be read."
            ) from exc
        if len(data) > limit:
            raise UnsafeFile(f"Part '{name}' expands beyond what the check reads.")
        return data

    def xml(self, name: str) -> Element:
        return parse_xml(self.read(name), name)

    def relationships(self, part: str) -> list[Relationship]:
        """The relationships of an OOXML part ("" for the package), targets resolved."""
        folder, base = posixpath.split(part)
        rels_name = posixpath.join(folder, "_rels", base + ".rels")
        if not self.has(rels_name):
            return []
        out = []
        for rel in descendants(self.xml(rels_name), "Relationship"):
            target = rel.get("Target", "")
            external = rel.get("TargetMode", "") == "External"
            if not external:
                if target.startswith("/"):
                    target = target.lstrip("/")
                else:
                    target = posixpath.normpath(posixpath.join(folder, target))
            out.append(
                Relationship(
                    id=rel.get("Id", ""), type=rel.get("Type", ""), target=target, external=external
                )
            )
        return out

    def content_type(self, part: str) -> str:
        if not self.has("[Content_Types].xml"):
            return ""
        root = self.xml("[Content_Types].xml")
        for override in descendants(root, "Override"):
            if override.get("PartName", "").lstrip("/") == part:
                return override.get("ContentType", "")
        extension = part.rsplit(".", 1)[-1].lower()
        for default in descendants(root, "Default"):
            if default.get("Extension", "").lower() == extension:
                return default.get("ContentType", "")
        return ""
