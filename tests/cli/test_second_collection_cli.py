"""``curator validate`` and ``curator fix --set`` on a Jekyll blog and a Hugo site: the
problems of their own schemas, and one-line diffs with values of the fields' types."""

from __future__ import annotations

import shutil
from pathlib import Path

from curator.cli.main import main
from curator.core.files.record import Record

DATA = Path(__file__).resolve().parents[1] / "data" / "collections"


def _copy(tmp_path, name: str) -> Path:
    return Path(shutil.copytree(DATA / name, tmp_path / name))


def _changed(before: bytes, after: bytes) -> list[tuple[str, str]]:
    a, b = before.decode().splitlines(), after.decode().splitlines()
    assert len(a) == len(b)
    return [(x, y) for x, y in zip(a, b) if x != y]


def test_validate_reports_a_blogs_problems_by_its_schema(tmp_path, capsys):
    blog = _copy(tmp_path, "jekyll_blog")
    assert main(["validate", "--jobs", "1", str(blog)]) == 1
    out = capsys.readouterr().out
    assert "2023-12-24-year-in-review.md:8: error field.type published: Published " \
           "should be true or false, not str 'yes please'" in out
    assert "2023-11-12-winter-tyres.md:2: warning layout.unknown" in out
    assert out.rstrip().endswith("14 records: 1 error, 1 warning, 0 info")
    assert "figid" not in out and "figtitle" not in out


def test_fix_set_writes_values_of_the_fields_types_as_one_line(tmp_path, capsys):
    blog = _copy(tmp_path, "jekyll_blog")
    review = blog / "_posts" / "2023-12-24-year-in-review.md"
    before = review.read_bytes()
    assert main(["fix", "--jobs", "1", "--set", "published=false", str(review)]) == 0
    assert _changed(before, review.read_bytes()) == [("published: yes please",
                                                      "published: false")]
    assert Record.open(review).data["published"] is False
    tyres = blog / "_posts" / "2023-11-12-winter-tyres.md"
    before = tyres.read_bytes()
    assert main(["fix", "--jobs", "1", "--set", "layout=post", str(blog)]) == 0
    assert _changed(before, tyres.read_bytes()) == [
        ('layout: posts    # a typo: the layout is "post"',
         'layout: post    # a typo: the layout is "post"')]
    capsys.readouterr()
    assert main(["validate", "--jobs", "1", str(blog)]) == 0


def test_fix_on_an_inferred_profile_reads_dates_and_lists(tmp_path):
    site = _copy(tmp_path, "hugo_site")
    post = site / "content" / "posts" / "dovetails.md"
    before = post.read_bytes()
    assert main(["fix", "--jobs", "1", "--set", "draft=false", "--set", "tags=joinery",
                 str(post)]) == 0
    assert _changed(before, post.read_bytes()) == [
        ("draft: true   # photos still missing", "draft: false   # photos still missing")]
    data = Record.open(post).data
    assert data["draft"] is False and data["tags"] == ["joinery"]      # a list stays one
    assert main(["validate", "--jobs", "1", str(site)]) == 0
