"""Collection profiles: which one a folder gets (its own file, detection, inference), what
the index lists with it, and errors in a profile file that name the file and line."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import pytest

from curator.core.edits import bulk
from curator.core.collection.index import FolderIndex, index_file
from curator.core.edits.operations import SetField, for_schema
from curator.core.fields.profile import ProfileError, choose, default_profile, shipped_names
from curator.core.files.record import Record
from curator.core.fields.values import parse_path

DATA = Path(__file__).resolve().parents[1] / "data" / "collections"


@pytest.fixture
def blog(tmp_path) -> Path:
    return Path(shutil.copytree(DATA / "jekyll_blog", tmp_path / "blog"))


@pytest.fixture
def site(tmp_path) -> Path:
    return Path(shutil.copytree(DATA / "hugo_site", tmp_path / "site"))


def test_pfocr_and_jekyll_are_shipped_and_detected_by_their_fields(blog, records_copy):
    assert {"pfocr", "jekyll"} <= set(shipped_names())
    assert choose(records_copy).name == "pfocr"
    assert choose(blog).name == "jekyll"
    assert choose(blog / "_posts").name == "jekyll"


def test_a_folder_names_its_profile_in_its_own_file(site):
    (site / ".curator").mkdir()
    (site / ".curator" / "profile.yaml").write_text("profile: jekyll\n")
    assert choose(site / "content" / "posts").name == "jekyll"   # found from below too


def test_an_inline_profile_infers_the_schema_it_does_not_give(site):
    (site / "curator-profile.yaml").write_text(
        "label: Workshop log\ntitle_field: summary\nlist:\n  columns:\n"
        "    - {field: draft, label: Draft}\nsearch: [summary]\n")
    profile = choose(site)
    assert profile.title_field == "summary" and profile.columns[0].label == "Draft"
    assert profile.schema.spec("draft").type == "boolean"


@pytest.mark.parametrize("text, line, expected", [
    ("profile: jekyl\n", 1, "no shipped profile 'jekyl'"),
    ("title_field: title\nlist:\n  colums: []\n", 3, "unknown key 'colums'"),
    ("title_field: headline\n", 1, "'headline' is not a field of the schema"),
])
def test_a_wrong_profile_file_names_its_file_and_line(site, text, line, expected):
    own = site / "curator-profile.yaml"
    own.write_text(text)
    with pytest.raises(ProfileError) as info:
        choose(site)
    assert str(info.value).startswith(f"{own}:{line}: ") and expected in str(info.value)


def test_a_folder_without_a_profile_gets_one_inferred_from_its_records(site):
    profile = choose(site)
    kinds = {n: (s.type, s.widget) for n, s in profile.schema.fields.items()}
    assert kinds == {"title": ("string", "line"), "date": ("date", "line"),
                     "draft": ("boolean", "line"), "tags": ("list", "list"),
                     "summary": ("string", "text")}      # one summary is long
    assert profile.inferred and profile.title_field == "title"
    assert [c.field for c in profile.columns] == ["date", "tags"]


def test_an_inferred_profile_takes_as_many_list_columns_as_the_list_has(tmp_path):
    """A date, the lists, then the short strings, up to LIST_COLUMNS (was: two); a long
    text makes no column. The index row holds all of them."""
    folder = tmp_path / "site"
    folder.mkdir()
    long = "A summary that runs on. " * 12
    for i in range(3):
        (folder / f"p{i}.md").write_text(
            f"---\ntitle: Post {i}\ndate: 2024-01-0{i + 1}\ntags: [a, b{i}]\n"
            f"categories: [c{i}]\nsummary: {long}\nauthor: Ann {i}\nplace: Oslo\n"
            "---\nText\n")
    profile = choose(folder)
    assert profile.inferred and profile.title_field == "title"
    assert [c.field for c in profile.columns] == ["date", "tags", "categories", "author"]
    row = index_file(str(folder / "p1.md"), profile=profile)
    assert row.fields == ("2024-01-02", "a, b1", "c1", "Ann 1")


def test_the_index_lists_the_profiles_columns_and_problems(blog):
    index = FolderIndex(blog, jobs=1)
    rows = {Path(r.path).name: r for batch in index.scan() for r in batch}
    assert len(rows) == 14
    rhubarb = rows["2023-06-11-rhubarb.md"]
    assert (rhubarb.ident, rhubarb.title, rhubarb.field1, rhubarb.field2) == (
        "2023-06-11-rhubarb", "Rhubarb, three ways", "2023-06-11 18:30:00 +0200",
        "rhubarb, recipes, early summer")
    review = rows["2023-12-24-year-in-review.md"]
    assert [(p.code, p.field, p.line) for p in review.problems] == [
        ("field.type", "published", 8)]
    assert [p.code for p in rows["2023-11-12-winter-tyres.md"].problems] == ["layout.unknown"]
    assert b"fermentation" in rows["2023-02-19-sourdough-starter.md"].search


def test_a_row_holds_every_list_column_of_the_profile_also_from_the_cache(blog):
    """Jekyll declares four list columns: the row holds all four, in the profile's order,
    and a row read back from the cache holds the same."""
    profile = choose(blog)
    assert [(c.field, c.label, c.hidden) for c in profile.columns] == [
        ("date", "Date", False), ("tags", "Tags", False),
        ("categories", "Categories", False), ("author", "Author", False)]
    post = str(blog / "_posts" / "2023-06-11-rhubarb.md")
    first = FolderIndex(blog, jobs=1)
    list(first.scan())
    assert first.rows[post].fields == ("2023-06-11 18:30:00 +0200",
                                       "rhubarb, recipes, early summer", "kitchen",
                                       "Maren Holt")
    again = FolderIndex(blog, jobs=1)
    list(again.scan())
    assert again.reused == 14 and again.rows[post] == first.rows[post]
    assert [(c.field, c.hidden) for c in default_profile().columns] == [("year", True),
                                                             ("organisms", True)]


def test_a_profile_with_more_list_columns_than_the_list_has_is_refused(site):
    own = site / "curator-profile.yaml"
    own.write_text("title_field: title\nlist:\n  columns:\n" +
                   "".join(f"    - {{field: {f}}}\n" for f in
                           ("date", "tags", "draft", "summary", "title")))
    with pytest.raises(ProfileError) as info:
        choose(site)
    assert "at most 4 columns" in str(info.value)


def test_workers_index_with_the_folders_profile(blog, monkeypatch):
    import curator.core.collection.index as index_module
    monkeypatch.setattr(index_module, "PARALLEL_FROM", 1)
    index = FolderIndex(blog, jobs=2, cache=False)
    rows = [r for batch in index.scan() for r in batch]
    assert {r.field1 for r in rows} >= {"2023-02-19", "2024-01-14"}
    assert not any(p.code.startswith("figid") for r in rows for p in r.problems)


def test_the_cache_is_kept_per_profile(blog):
    first = FolderIndex(blog)
    list(first.scan())
    again = FolderIndex(blog)
    list(again.scan())
    assert again.reused == 14
    (blog / ".curator").mkdir()
    (blog / ".curator" / "profile.yaml").write_text(
        "title_field: author\nsearch: [author]\n")          # inline, schema inferred
    other = FolderIndex(blog)
    list(other.scan())
    assert other.reused == 0 and other.rows[str(blog / "_posts" /
                                                "2023-06-11-rhubarb.md")].title == "Maren Holt"


def test_a_post_edited_saves_only_the_changed_lines(blog):
    path = blog / "_posts" / "2024-02-03-ferry-timetables.md"
    before = path.read_bytes()
    rec = Record.open(path)
    rec.data["date"] = datetime.date(2024, 2, 4)
    rec.data["tags"] = ["ferries", "travel", "timetables", "islands"]
    rec.save()
    after = path.read_bytes().decode()
    assert "date: 2024-02-04\n" in after and "  - islands\n" in after
    assert after.replace("date: 2024-02-04\n", "date: 2024-02-03 09:00:00 +0100\n") \
        .replace("  - islands\n", "") == before.decode()


def test_a_bulk_plan_rows_follow_the_profile(blog):
    profile = choose(blog)
    ops = for_schema([SetField(parse_path("tags"), "news", line=True)], profile.schema)
    assert ops[0].value == "news"          # one string is a tags value (string_or_list)
    paths = sorted((blog / "_posts").glob("*.md"))[:3]
    plan = bulk.plan(paths, ops, rows=True, profile=profile, jobs=1)
    assert len(plan.changes) == 3
    assert {c.row.field2 for c in plan.changes} == {"news"}
    assert index_file(str(paths[0]), profile=profile).field2 != "news"   # not written


def test_inference_reads_numbers_mixed_lists_and_leaves_what_fits_no_type(tmp_path):
    folder = tmp_path / "notes"
    folder.mkdir()
    for i, extra in enumerate(['rating: 4', 'rating: 4.5', 'rating: 3\nmood: [calm]',
                               'mood: happy\nmeta: {a: 1}', 'odd: 1\nmeta: {b: 2}',
                               'odd: [x]']):
        (folder / f"n{i}.md").write_text(f"---\ntitle: Note {i}\n{extra}\n---\nText\n")
    from curator.core.fields.profile_infer import infer_profile, sample_records
    profile = infer_profile(sample_records(folder, 50), "notes")
    kinds = {n: s.type for n, s in profile.schema.fields.items()}
    assert kinds == {"title": "string", "rating": "number", "mood": "string_or_list",
                     "meta": "mapping"}            # odd: a number and a list: undeclared
    assert [c.field for c in profile.columns] == ["mood"]


def test_a_folder_with_no_records_gets_the_default_profile(tmp_path):
    assert choose(tmp_path).name == "pfocr"


@pytest.mark.parametrize("name", shipped_names())
def test_a_shipped_profile_reads_the_same_with_the_fast_loader_as_with_ruamel(name):
    # shipped() reads its files with PyYAML's C loader (start-up, issue 20); YAML 1.1
    # could read a plain scalar otherwise than ruamel's 1.2 (yes, on, 012): not in these
    from curator.core import resources
    from curator.core.fields.profile import build_profile, shipped
    from curator.core.fields.schema import parse_schema
    from ruamel.yaml import YAML
    folder = f"collections/{name}"
    schema_path, profile_path = (resources.path(f"{folder}/{f}.yaml")
                                 for f in ("schema", "profile"))
    careful = build_profile(name, YAML(typ="rt").load(profile_path.read_text("utf-8")),
                            parse_schema(schema_path.read_text("utf-8"), str(schema_path)),
                            str(profile_path), fingerprint=shipped(name).fingerprint)
    assert shipped(name) == careful
    assert parse_schema(schema_path.read_text("utf-8"), fast=True) == careful.schema


def test_a_wrong_schema_read_fast_is_read_again_for_the_line_of_its_error():
    from curator.core.fields.schema import SchemaError, parse_schema
    text = "fields:\n  title:\n    label: Title\n    type: strnig\n"
    with pytest.raises(SchemaError) as fast:
        parse_schema(text, "s.yaml", fast=True)
    with pytest.raises(SchemaError) as careful:
        parse_schema(text, "s.yaml")
    assert str(fast.value) == str(careful.value)
    assert "s.yaml:4" in str(fast.value)
