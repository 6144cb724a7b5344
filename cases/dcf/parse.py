"""Reading a DCF file from bytes: every way a file can be unreadable becomes a problem in
words (too big, not UTF-8, not JSON, nested too deep, not a DCF 1.2.2 document), never an
exception.

The nesting depth is measured before ``json.loads`` runs: the parser recurses once per
level and a file of ten thousand ``[`` would exhaust the stack. Strings the database
cannot store (a NUL character, half of a surrogate pair) are refused here too, so that
nothing fails half-way through an import.
"""

import codecs
import json
import re

from django.conf import settings

from cases.dcf.problems import DcfProblem
from cases.dcf.schema import SCHEMA_VERSION
from cases.dcf.words import format_path, shown

# DCF documents nest about ten levels; this leaves room and keeps every recursive reader
# of the document (schema validation, business rules, import) far from Python's limit.
MAX_DEPTH = 64

# A JSON string, unrolled so that a long string costs one pass.
_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
# Every byte but the four brackets is deleted; the brackets become ( and ).
_BRACKETS = bytes.maketrans(b"{[}]", b"(())")
_NOT_BRACKETS = bytes(byte for byte in range(256) if byte not in b"{[}]")
_OTHER_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"), (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"), (codecs.BOM_UTF16_BE, "UTF-16"),
)
_JSON_MESSAGES = {
    "Expecting value": "a value was expected",
    "Expecting property name enclosed in double quotes":
        "a field name in double quotes was expected",
    "Expecting ',' delimiter": "a comma was expected",
    "Expecting ':' delimiter": "a colon was expected",
    "Unterminated string starting at": "a piece of text is not closed with a quotation mark",
    "Invalid control character at":
        "a control character (a tab, line break or NUL) is inside a piece of text",
    "Invalid \\escape": "a backslash escape is not valid",
    "Invalid \\uXXXX escape": "a \\u escape is not valid",
    "Extra data": "there is more after the end of the document",
}


class _Refused(ValueError):
    def __init__(self, rule, message):
        super().__init__(message)
        self.problem = DcfProblem(path="", rule=rule, message=message)


def _problem(rule, message, path=""):
    return DcfProblem(path=path, rule=rule, message=message)


def _megabytes(size):
    return f"{size / (1024 * 1024):.0f} MB"


def read_limited(source, limit):
    """At most ``limit + 1`` bytes of a file or bytes: enough to know it is too big
    without reading all of it."""
    if isinstance(source, bytes | bytearray | memoryview):
        return bytes(source[:limit + 1])
    return source.read(limit + 1)


def dcf_parse(source, *, max_bytes=None):
    """(document, []) for a readable DCF 1.2.2 file, or (None, problems) saying why not.

    ``source`` is the file's bytes or a binary file object; no more than the size limit
    (``ATHENA_DCF_MAX_BYTES``) and one byte is read from it.
    """
    limit = max_bytes or settings.ATHENA_DCF_MAX_BYTES
    try:
        raw = read_limited(source, limit)
        if len(raw) > limit:
            raise _Refused("file.size", f"The file is larger than {_megabytes(limit)}, the "
                                        "largest Digital Case File Athena accepts.")
        text = _decode(raw)
        _check_depth(raw)
        document = _load(text)
        _check_dcf(document)
        _check_storable(document)
    except _Refused as refused:
        return None, [refused.problem]
    return document, []


def _decode(raw):
    if not raw.strip():
        raise _Refused("file.empty", "The file is empty.")
    for bom, name in _OTHER_BOMS:
        if raw.startswith(bom):
            raise _Refused("file.encoding", f"The file is {name} text. Save it as UTF-8 "
                                            "and upload it again.")
    if b"\x00" in raw[:4]:
        raise _Refused("file.encoding", "The file looks like UTF-16 or UTF-32 text. Save it "
                                        "as UTF-8 and upload it again.")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[:error.start].count(b"\n") + 1
        raise _Refused("file.encoding", f"The file is not UTF-8 text: byte {error.start + 1} "
                                        f"(line {line}) cannot be read. Save it as UTF-8 and "
                                        "upload it again.") from None


def _check_depth(raw):
    """Refuse a file nested deeper than MAX_DEPTH, without recursion, on its UTF-8 bytes
    (a quote or backslash byte is never part of a longer character): strings removed,
    the brackets kept, innermost pairs removed once per level."""
    skeleton = _STRING.sub(b"", raw).translate(_BRACKETS, _NOT_BRACKETS)
    too_deep = b"(" * (MAX_DEPTH + 1)
    for _level in range(MAX_DEPTH):
        if b"()" not in skeleton or too_deep in skeleton:
            break
        skeleton = skeleton.replace(b"()", b"")
    if b"()" in skeleton or skeleton.count(b"(") > MAX_DEPTH:
        raise _Refused("file.depth", f"The file is nested more than {MAX_DEPTH} levels "
                                     "deep. A Digital Case File is never that deep: it is "
                                     "not a DCF.")


def _no_duplicate_keys(pairs):
    result = {}
    for key, value in pairs:
        if key in result:
            raise _Refused("file.duplicate", f"The field {shown(key)} appears twice in the "
                                             "same object; each field may be given once.")
        result[key] = value
    return result


def _no_constants(name):
    raise _Refused("file.json", f"The file holds {name}, which is not a JSON value.")


def _load(text):
    try:
        return json.loads(text, object_pairs_hook=_no_duplicate_keys,
                          parse_constant=_no_constants)
    except json.JSONDecodeError as error:
        raise _Refused("file.json", _json_message(error, text)) from None
    except RecursionError:
        raise _Refused("file.depth", "The file is nested too deep to read.") from None
    except _Refused:
        raise
    except ValueError:  # an integer of thousands of digits
        raise _Refused("file.json", "The file holds a number too long to read.") from None


def _json_message(error, text):
    words = next((plain for start, plain in _JSON_MESSAGES.items()
                  if error.msg.startswith(start)), "it is not valid JSON")
    if not text[error.pos:].strip() and error.msg.startswith(("Expecting", "Unterminated")):
        return (f"The file ends too soon (line {error.lineno}, column {error.colno}): it may "
                "have been cut off. Export it again from the system it came from.")
    if error.msg.startswith("Unterminated string"):
        return ("The file ends inside a piece of text that is never closed (it starts at "
                f"line {error.lineno}, column {error.colno}): it may have been cut off.")
    return (f"The file is not valid JSON: at line {error.lineno}, column {error.colno}, "
            f"{words}.")


def _strings(node, path=()):
    """Every key and string value in the document, with the path to it (iterative: the
    depth is already limited, but a wide document should not build deep stacks)."""
    stack = [(node, path)]
    while stack:
        value, where = stack.pop()
        if isinstance(value, str):
            yield where, value
        elif isinstance(value, dict):
            for key, item in value.items():
                yield (*where, key), key
                stack.append((item, (*where, key)))
        elif isinstance(value, list):
            stack.extend((item, (*where, index)) for index, item in enumerate(value))


def _check_storable(document):
    for where, text in _strings(document):
        if "\x00" in text:
            raise _Refused("file.characters", f"The file holds a NUL character at "
                                              f"{format_path(where) or 'the top'}: remove it "
                                              "and upload the file again.")
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            raise _Refused("file.characters", f"The file holds a broken character (half of "
                                              f"a surrogate pair) at {format_path(where)}: "
                                              "it cannot be stored.") from None


def _check_dcf(document):
    if not isinstance(document, dict):
        kind = "a list" if isinstance(document, list) else "a single value"
        raise _Refused("file.top_level", f"The file holds {kind}, not a Digital Case File "
                                         "(an object with schema_version and case).")
    version = document.get("schema_version")
    if version is None:
        raise _Refused("schema_version", "The file does not say its DCF version "
                                         f"(schema_version); Athena reads version "
                                         f"{SCHEMA_VERSION}.")
    if version != SCHEMA_VERSION:
        raise _Refused("schema_version", f"The file is DCF version {shown(version)}; Athena "
                                         f"reads version {SCHEMA_VERSION} only.")
