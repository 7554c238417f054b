"""Curation decisions travel with the collection; title helpers do what curators do."""

from __future__ import annotations

import json

import pytest

from curator.core.checks import titles
from curator.core.edits.curation import LOG_NAME, CurationLog, PreambleLearner
from curator.core.errors import RecordError


def test_decisions_persist_undo_and_never_touch_records(records_copy):
    before = {p.name: p.read_bytes() for p in records_copy.glob("*.md")}
    log = CurationLog(records_copy)
    log.decide("PMC3092522__nihms289124f2", "curated")
    log.decide("PMC10036500__ga1", "rejected")
    log.decide("PMC3092522__nihms289124f2", "nonhuman")
    again = CurationLog(records_copy)
    assert again.decision("PMC3092522__nihms289124f2") == "nonhuman"
    assert again.decision("PMC10036500__ga1") == "rejected"
    assert log.undo_last().decision == "curated"
    assert log.undo_last().decision is None     # the rejection withdrawn
    assert log.undo_last().decision is None     # back to not yet curated
    assert log.undo_last() is None
    reread = CurationLog(records_copy)
    assert reread.state == {}
    lines = (records_copy / LOG_NAME).read_text().splitlines()
    assert len(lines) == 6 and all(json.loads(line)["figid"] for line in lines)
    assert {p.name: p.read_bytes() for p in records_copy.glob("*.md")} == before


def test_a_damaged_log_names_its_line(tmp_path):
    (tmp_path / LOG_NAME).write_text('{"figid": "a", "decision": "curated"}\nnot json\n')
    with pytest.raises(RecordError) as info:
        CurationLog(tmp_path)
    assert info.value.line == 2


@pytest.mark.parametrize("title, expected", [
    ("Schematic diagram of the Wnt signaling pathway", "Wnt signaling pathway"),
    ("Proposed model for insulin action in adipocytes", "Insulin action in adipocytes"),
    ("Overview of mTOR signaling", "mTOR signaling"),
    ("Wnt signaling pathway", "Wnt signaling pathway"),
])
def test_remove_preamble(title, expected):
    assert titles.remove_preamble(title) == expected


@pytest.mark.parametrize("title, expected", [
    ("Schematic representation of the Wnt/β-catenin signaling pathway in colorectal cancer",
     "Wnt/β-catenin signaling pathway"),
    ("Proposed model for how insulin activates the PI3K–AKT pathway in adipocytes",
     "PI3K–AKT pathway"),
    ("Role of p53 in the DNA damage response", None),
])
def test_pathway_phrase(title, expected):
    assert titles.pathway_phrase(title) == expected


def test_paper_title_and_first_word():
    assert titles.from_paper_title("HER2-amplified breast cancer: mechanisms of trastuzumab "
                                   "resistance and novel targeted therapies.") == \
        "HER2-amplified breast cancer: mechanisms of trastuzumab resistance and novel " \
        "targeted therapies"
    assert titles.remove_first_word("Hypothetical model of leptin signaling") == \
        "Model of leptin signaling"


def test_preambles_are_learned_from_edits_most_frequent_first(tmp_path):
    learner = PreambleLearner(tmp_path / "preambles.json")
    assert learner.learn("Simplified model of the leptin signaling pathway",
                         "Leptin signaling pathway") == "Simplified model of the"
    learner.learn("Cartoon depicting the Wnt pathway", "Wnt pathway")
    learner.learn("Cartoon depicting the Hippo pathway", "Hippo pathway")
    assert learner.learn("Wnt pathway", "Wnt signaling") is None
    assert PreambleLearner(tmp_path / "preambles.json").most_common(2) == [
        "Cartoon depicting the", "Simplified model of the"]
