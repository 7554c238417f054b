"""The profile a folder chose is remembered while nothing it was chosen from changes."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from curator.core.collection import profile_choice
from curator.core.collection.profile_choice import chosen_profile
from curator.core.fields.profile import choose

DATA = Path(__file__).resolve().parents[1] / "data" / "collections"
PFOCR = "---\nfigid: PMC1__f1.jpg\nfigtitle: A pathway\n---\n"


def aged(folder: Path) -> Path:
    """``folder`` with every file's and folder's mtime an hour ago (older than a tick
    of the file system's clock: a choice made from it is remembered)."""
    past = time.time() - 3600
    for root, dirs, files in os.walk(folder):
        for name in files:
            os.utime(Path(root) / name, (past, past))
    for root, dirs, files in os.walk(folder, topdown=False):
        os.utime(root, (past, past))
    return folder


@pytest.fixture
def blog(tmp_path) -> Path:
    return aged(Path(shutil.copytree(DATA / "jekyll_blog", tmp_path / "blog")))


@pytest.fixture
def chosen(monkeypatch) -> list:
    """The folders ``choose`` was called for (not read from what was remembered)."""
    calls = []

    def counted(folder, seen=None):
        calls.append(Path(folder))
        return choose(folder, seen)

    monkeypatch.setattr(profile_choice, "choose", counted)
    return calls


def test_a_choice_is_read_again_while_nothing_it_read_changed(blog, chosen):
    assert chosen_profile(blog).name == "jekyll"
    assert chosen_profile(blog).name == "jekyll"
    assert chosen == [blog]


def test_a_record_read_for_the_choice_that_changed_chooses_again(blog, chosen):
    assert chosen_profile(blog).name == "jekyll"
    for path in (blog / "_posts").glob("*.md"):
        path.write_text(PFOCR)          # the same names: the folders are as they were
    assert chosen_profile(blog).name == "pfocr"
    assert len(chosen) == 2


def test_a_record_added_chooses_again(blog, chosen):
    chosen_profile(blog)
    (blog / "_posts" / "2024-05-01-new.md").write_text(PFOCR)
    chosen_profile(blog)
    assert len(chosen) == 2


def test_a_choice_made_from_files_changed_just_now_is_not_remembered(tmp_path, chosen):
    blog = Path(shutil.copytree(DATA / "jekyll_blog", tmp_path / "blog"))
    for path in blog.rglob("*.md"):
        os.utime(path)                  # modified now
    chosen_profile(blog)
    chosen_profile(blog)
    assert len(chosen) == 2


def test_a_folder_with_its_own_profile_file_reads_it_every_time(blog, chosen):
    (blog / "curator-profile.yaml").write_text("profile: pfocr\n")
    aged(blog)
    assert chosen_profile(blog).name == "pfocr"
    (blog / "curator-profile.yaml").write_text("profile: jekyll\n")
    assert chosen_profile(blog).name == "jekyll"
    assert len(chosen) == 2


def test_an_inferred_profile_is_chosen_again_each_time(tmp_path, chosen):
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "a.md").write_text("---\nsubject: soil\n---\n")
    aged(folder)
    assert chosen_profile(folder).inferred
    chosen_profile(folder)
    assert len(chosen) == 2


def test_a_damaged_memory_is_chosen_afresh(blog, chosen):
    chosen_profile(blog)
    memos = list(profile_choice.resources.cache_folder("index").glob("*.profile"))
    assert len(memos) == 1
    memos[0].write_text("{not json")
    assert chosen_profile(blog).name == "jekyll"
    assert len(chosen) == 2
