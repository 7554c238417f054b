"""A dotted field path never changes a value's type on the way to its target (issue 14,
item 4): ``organisms.0`` on ``organisms: Homo sapiens`` used to write ``organisms: {0: Mus
musculus}`` and exit 0. Such an edit is refused with a FieldPathError naming the path and
saying how to make the list; the record (or the file) is left as it was."""

from __future__ import annotations

import copy

import pytest
from recordfiles import RECORDS

from curator.cli.main import main
from curator.core.errors import FieldPathError
from curator.core.edits.operations import SetField
from curator.core.files.record import Record
from curator.core.fields.values import put

OLD = "PMC2221774__nihms34078f1.md"   # old generation: organisms is one string


@pytest.mark.parametrize("data, path, message", [
    ({"organisms": "Homo sapiens"}, ("organisms", 0),
     "organisms.0: organisms is a text value ('Homo sapiens'), not a list or mapping; to "
     "make it a list, set the whole field: organisms:=[...]"),
    ({"figtitle": "Wnt signaling"}, ("figtitle", "x"),
     "figtitle.x: figtitle is a text value ('Wnt signaling'), not a list or mapping"),
    ({"organisms": ["Homo sapiens"]}, ("organisms", 0, "x"),
     "organisms.0.x: organisms.0 is a text value ('Homo sapiens'), not a list or mapping"),
    ({"year": 2001}, ("year", "month"),
     "year.month: year is a number value (2001), not a list or mapping"),
    ({"genes": [{"hgnc_symbol": "TP53"}]}, ("genes", 3, "hgnc_symbol"),
     "genes.3.hgnc_symbol: genes has 1 item: there is no item 3"),
    ({"genes": [{"hgnc_symbol": "TP53"}]}, ("genes", 2),
     "genes.2: genes has 1 item: there is no item 2 (the next one is 1)"),
    ({"genes": ["TP53"]}, ("genes", "first"), "genes.first: genes is a list: 'first' is not "
                                              "an item number"),
    ({}, ("genes", 0, "hgnc_symbol"), "genes.0.hgnc_symbol: genes is not a list: there is "
                                      "no item 0"),
    ({"schema-jsonld": {"name": "x"}}, ("schema-jsonld", 0),
     "schema-jsonld.0: schema-jsonld is a mapping, not a list: there is no item 0"),
])
def test_a_path_into_the_wrong_kind_of_value_is_refused_and_nothing_changes(data, path,
                                                                             message):
    before = copy.deepcopy(data)
    with pytest.raises(FieldPathError) as info:
        put(data, path, "Mus musculus")
    assert str(info.value).startswith(message)
    assert data == before


@pytest.mark.parametrize("data, path, expected", [
    ({"genes": [{"hgnc_symbol": "TP53"}]}, ("genes", 0, "hgnc_symbol"),
     {"genes": [{"hgnc_symbol": "Mus musculus"}]}),
    ({"genes": ["TP53"]}, ("genes", 1), {"genes": ["TP53", "Mus musculus"]}),   # append
    ({}, ("schema-jsonld", "description"), {"schema-jsonld": {"description": "Mus musculus"}}),
    ({"ndex": None}, ("ndex", "uuid"), {"ndex": {"uuid": "Mus musculus"}}),
    ({"organisms": "Homo sapiens"}, ("organisms",), {"organisms": "Mus musculus"}),
])
def test_paths_that_lead_somewhere_still_set_the_value(data, path, expected):
    put(data, path, "Mus musculus")
    assert data == expected


def test_the_record_refuses_and_stays_unmodified():
    record = Record.open(RECORDS / OLD)
    with pytest.raises(FieldPathError):
        record.set(("organisms", 0), "Mus musculus")
    with pytest.raises(FieldPathError):
        SetField(("figtitle", "x"), "y").apply(record.data)
    assert not record.modified


@pytest.mark.parametrize("assignment", ["organisms.0=Mus musculus", "figtitle.x=y"])
def test_curator_fix_refuses_naming_the_file_and_leaves_it_alone(records_copy, capsys,
                                                                  assignment):
    path = records_copy / OLD
    before = path.read_bytes()
    assert main(["fix", "--set", assignment, str(path)]) == 2
    err = capsys.readouterr().err
    field = assignment.split("=")[0]
    assert f"curator fix: {path}: set {field} to " in err
    assert "is a text value" in err and "not a list or mapping" in err
    assert path.read_bytes() == before


def test_the_explicit_conversion_the_message_offers_works(records_copy):
    path = records_copy / OLD
    assert main(["fix", "--set", "organisms:=[Mus musculus]", str(path)]) == 0
    assert Record.open(path).data["organisms"] == ["Mus musculus"]


def test_a_path_into_a_text_value_reads_as_absent_not_as_a_character():
    from curator.core.edits.operations import FillMissing
    from curator.core.fields.values import get

    data = {"organisms": "Homo sapiens", "genes": [{"hgnc_symbol": "TP53"}]}
    assert get(data, ("organisms", 0), None) is None       # was "H"
    assert get(data, ("genes", 0, "hgnc_symbol")) == "TP53"
    with pytest.raises(KeyError):
        get(data, ("organisms", 0))
    with pytest.raises(FieldPathError):                    # absent, so it would be set
        FillMissing(("organisms", 0), "H").apply(data)
    assert data["organisms"] == "Homo sapiens"
