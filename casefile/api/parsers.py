"""Multipart parsing that keeps a file name's path separators visible to validation.

Django's parser (and UploadedFile) reduce "../../etc/passwd" to "passwd", so a path in a
name could never be refused. This parser swaps separators for `content.PATH_MARK`
first; the upload service then refuses the name with a field error."""

import html

from django.http.multipartparser import MultiPartParser as DjangoMultiPartParser
from django.http.multipartparser import MultiPartParserError
from rest_framework import parsers
from rest_framework.exceptions import ParseError

from ..content import PATH_MARK


class _KeepPathParser(DjangoMultiPartParser):
    def sanitize_file_name(self, file_name):
        name = html.unescape(file_name)
        name = name.replace("/", PATH_MARK).replace("\\", PATH_MARK)
        name = "".join(char for char in name if char.isprintable())
        if name == "..":
            name = PATH_MARK + name
        return name or None


class MultiPartParser(parsers.MultiPartParser):
    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        request = parser_context["request"]
        encoding = parser_context.get("encoding", "utf-8")
        meta = request.META.copy()
        meta["CONTENT_TYPE"] = media_type
        try:
            parser = _KeepPathParser(meta, stream, request.upload_handlers, encoding)
            data, files = parser.parse()
        except MultiPartParserError as error:
            raise ParseError(f"Multipart form parse error - {error}") from error
        for values in (*data.lists(), *((k, [f.name for f in v]) for k, v in files.lists())):
            if any("\x00" in str(value) for value in values[1]) or "\x00" in values[0]:
                raise ParseError("Text cannot contain NUL (\\u0000) characters.")
        return parsers.DataAndFiles(data, files)
