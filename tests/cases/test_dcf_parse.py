"""Hostile DCF files: each gives one clear problem, never an exception."""

import codecs
import io
import json

import pytest

from cases.dcf.parse import MAX_DEPTH, dcf_parse
from tests.cases.test_dcf_helpers import example, example_bytes

FIRST = "first-hearing-example-1-valid-single-defendant.json"
MB = 1024 * 1024


def refused(source, **kwargs):
    document, problems = dcf_parse(source, **kwargs)
    assert document is None
    assert len(problems) == 1, problems
    return problems[0]


def test_a_file_with_a_utf8_byte_order_mark_is_read():
    raw = example_bytes(FIRST)
    assert raw.startswith(codecs.BOM_UTF8)

    document, problems = dcf_parse(raw)

    assert problems == []
    assert document == example(FIRST)


def test_a_file_without_a_byte_order_mark_is_read_too():
    document, problems = dcf_parse(example_bytes(FIRST)[len(codecs.BOM_UTF8):])

    assert problems == [] and document["case"]["type"] == "FirstHearingDCF"


def test_a_file_object_is_read_as_well_as_bytes():
    document, problems = dcf_parse(io.BytesIO(example_bytes(FIRST)))

    assert problems == [] and document == example(FIRST)


def test_not_json():
    problem = refused(b"PK\x03\x04 this is a zip file, not a case")

    assert problem.rule == "file.json"
    assert problem.message == ("The file is not valid JSON: at line 1, column 1, a value was "
                               "expected.")


def test_a_json_error_says_the_line_and_column():
    problem = refused(b'{"schema_version": "1.2.2",\n "case": {"type" "FirstHearingDCF"}}')

    assert problem.message == ("The file is not valid JSON: at line 2, column 18, a colon was "
                               "expected.")


@pytest.mark.parametrize("cut", [0.3, 0.5, 0.99])
def test_a_truncated_file(cut):
    raw = example_bytes(FIRST)

    problem = refused(raw[:int(len(raw) * cut)])

    assert problem.rule == "file.json"
    assert "cut off" in problem.message


def test_a_50_mb_file_is_refused_without_reading_it_all():
    class FiftyMegabytes(io.RawIOBase):
        """50 MB of JSON-looking bytes, counting what is read."""

        size = 50 * MB
        given = 0

        def readable(self):
            return True

        def readinto(self, buffer):
            count = min(len(buffer), self.size - self.given)
            buffer[:count] = b" " * count
            self.given += count
            return count

    source = FiftyMegabytes()

    problem = refused(io.BufferedReader(source))

    assert problem.rule == "file.size"
    assert problem.message == ("The file is larger than 10 MB, the largest Digital Case File "
                               "Athena accepts.")
    assert source.given <= 10 * MB + 64 * 1024


def test_the_size_limit_comes_from_settings(settings):
    settings.ATHENA_DCF_MAX_BYTES = 1000

    assert refused(example_bytes(FIRST)).message.startswith("The file is larger than 0 MB")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_files_are_refused_with_the_fix(encoding):
    raw = json.dumps(example(FIRST)).encode(encoding)

    problem = refused(raw)

    assert problem.rule == "file.encoding"
    assert "Save it as UTF-8" in problem.message


def test_a_file_in_another_8_bit_encoding_is_refused():
    raw = json.dumps({"schema_version": "1.2.2", "case": {"brief": "£50"}},
                     ensure_ascii=False).encode("cp1252")

    problem = refused(raw)

    assert problem.rule == "file.encoding"
    assert problem.message.startswith("The file is not UTF-8 text: byte 48 (line 1)")


@pytest.mark.parametrize("opening", ["[", '{"a":'])
def test_ten_thousand_levels_of_nesting_are_refused_before_parsing(opening):
    closing = "]" if opening == "[" else "}"
    raw = (opening * 10_000 + "1" + closing * 10_000).encode()

    problem = refused(raw)

    assert problem.rule == "file.depth"
    assert f"more than {MAX_DEPTH} levels" in problem.message


def test_deep_nesting_cut_off_is_refused_too():
    assert refused(b"[" * 100_000).rule == "file.depth"


def test_brackets_inside_text_do_not_count_as_nesting():
    document = {"schema_version": "1.2.2", "case": {"note": "[" * 5000 + '\\"{' * 100}}

    parsed, problems = dcf_parse(json.dumps(document).encode())

    assert problems == [] and parsed == document


def test_nesting_up_to_the_limit_is_read():
    value = 1
    for _level in range(MAX_DEPTH - 1):
        value = [value]
    document = {"schema_version": "1.2.2", "case": value}

    parsed, problems = dcf_parse(json.dumps(document).encode())

    assert problems == [] and parsed == document


@pytest.mark.parametrize(("raw", "words"), [
    (b"[1, 2, 3]", "The file holds a list, not a Digital Case File"),
    (b'"1.2.2"', "The file holds a single value, not a Digital Case File"),
    (b"null", "The file holds a single value"),
])
def test_the_top_level_must_be_an_object(raw, words):
    problem = refused(raw)

    assert problem.rule == "file.top_level"
    assert problem.message.startswith(words)


@pytest.mark.parametrize(("version", "words"), [
    ("1.2.1", "The file is DCF version '1.2.1'; Athena reads version 1.2.2 only."),
    (122, "The file is DCF version '122'; Athena reads version 1.2.2 only."),
    (None, "The file does not say its DCF version (schema_version)"),
])
def test_another_schema_version_is_refused(version, words):
    problem = refused(json.dumps({"schema_version": version, "case": {}}).encode())

    assert problem.rule == "schema_version"
    assert problem.message.startswith(words)


def test_a_file_without_a_schema_version_is_refused():
    problem = refused(b'{"case": {}}')

    assert problem.message.startswith("The file does not say its DCF version")


def test_a_huge_string_within_the_size_limit_is_read():
    document = with_brief("x" * (9 * MB))

    parsed, problems = dcf_parse(json.dumps(document).encode())

    assert problems == [] and len(parsed["case"]["brief_description_of_case"]) == 9 * MB


def with_brief(text):
    document = example(FIRST)
    document["case"]["brief_description_of_case"] = text
    return document


def test_an_escaped_nul_character_is_refused_with_where_it_is():
    problem = refused(json.dumps(with_brief("Stole\x00 a car")).encode())

    assert problem.rule == "file.characters"
    assert "NUL character at case.brief_description_of_case" in problem.message


def test_a_raw_nul_byte_is_refused():
    raw = example_bytes(FIRST).replace(b"A brief description", b"A brief\x00description")

    assert refused(raw).rule == "file.json"


def test_a_nul_in_a_field_name_is_refused():
    assert refused(b'{"schema_version": "1.2.2", "case": {"a\\u0000b": 1}}').rule == \
        "file.characters"


def test_half_a_surrogate_pair_is_refused():
    problem = refused(b'{"schema_version": "1.2.2", "case": {"note": "\\ud800"}}')

    assert problem.rule == "file.characters"


def test_a_field_given_twice_is_refused():
    problem = refused(b'{"schema_version": "1.2.2", "case": {}, "case": {"x": 1}}')

    assert problem.rule == "file.duplicate"
    assert problem.message == ("The field 'case' appears twice in the same object; each "
                               "field may be given once.")


@pytest.mark.parametrize("raw", [b'{"v": NaN}', b'{"v": Infinity}', b'{"v": -Infinity}'])
def test_values_that_are_not_json_are_refused(raw):
    assert refused(raw).rule == "file.json"


def test_a_number_of_thousands_of_digits_is_refused():
    assert refused(b'{"v": ' + b"9" * 50_000 + b"}").message == (
        "The file holds a number too long to read.")


@pytest.mark.parametrize("raw", [b"", b"   \n\t "])
def test_an_empty_file(raw):
    assert refused(raw).message == "The file is empty."
