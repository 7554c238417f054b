"""A second collection in the real window: a Jekyll blog (its shipped profile, detected)
and a Hugo site (a profile inferred from its records). The list shows the profile's
columns, the form its fields, an edit saves as a one-line diff, a bulk edit too, and the
PFOCR records open as they always did after either."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QTabWidget

from gui_helpers import changed_lines, clear, editor, select, settle, text_of, type_at_end

from curator.core.files.record import Record
from curator.gui.records.record_table_model import RecordTableModel as M

DATA = Path(__file__).resolve().parents[1] / "data" / "collections"


def _open(window, qtbot, folder: Path) -> None:
    with qtbot.waitSignal(window.folder_loaded, timeout=20000):
        assert window.open_folder(folder)


def _headers(window) -> list[str]:
    model = window.table.model()
    header = window.table.horizontalHeader()
    return [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())
            if not header.isSectionHidden(c)]


def _tabs(window) -> list[str]:
    form: QTabWidget = window.form
    return [form.tabText(i) for i in range(form.count())]


def _blog(tmp_path) -> Path:
    return Path(shutil.copytree(DATA / "jekyll_blog", tmp_path / "blog"))


def test_a_jekyll_blog_lists_its_posts_with_the_profiles_columns(window, qtbot, tmp_path):
    blog = _blog(tmp_path)
    _open(window, qtbot, blog)
    assert window.session.profile.name == "jekyll"
    assert window.model.rowCount() == 14
    model = window.table.model()
    names = [model.headerData(c, Qt.Orientation.Horizontal) for c in (M.ID, M.TITLE,
                                                                       M.FIELD1, M.FIELD2)]
    assert names == ["File", "Title", "Date", "Tags"]
    window.columns.set_shown(M.FIELD1, True)
    assert "Date" in _headers(window)
    post = blog / "_posts" / "2023-06-11-rhubarb.md"
    row = window.model.row_for_path(str(post))
    assert window.model.index(row, M.TITLE).data() == "Rhubarb, three ways"
    assert window.model.index(row, M.FIELD2).data() == "rhubarb, recipes, early summer"
    assert _tabs(window)[:2] == ["Post", "Site"]
    assert not window.preview.isVisible(), "a blog has no figures: no figure pane"
    assert not window.curation.dock.isVisible(), "the curation decisions are PFOCR's"
    assert window.search.placeholderText().startswith("Search title, tags, categories")
    window.search.setText("seeds")
    qtbot.waitUntil(lambda: window.proxy.rowCount() == 2)   # tags are searched


def test_editing_a_post_in_the_form_saves_one_line(window, qtbot, tmp_path):
    blog = _blog(tmp_path)
    _open(window, qtbot, blog)
    post = blog / "_posts" / "2023-02-19-sourdough-starter.md"
    before = post.read_bytes()
    select(window, qtbot, post)
    title = editor(window, "title")
    assert text_of(title) == "Keeping a sourdough starter alive"
    type_at_end(qtbot, title, " in winter")
    tags = editor(window, "tags")
    assert text_of(tags) == "sourdough\nfermentation"
    window.actions_.save.trigger()
    qtbot.waitUntil(lambda: not window.session.modified_paths())
    after = post.read_bytes()
    assert changed_lines(before, after) == {3}
    assert Record.open(post).data["title"] == "Keeping a sourdough starter alive in winter"
    row = window.model.row_for_path(str(post))
    assert window.model.index(row, M.TITLE).data().endswith("in winter")


def test_a_posts_problems_show_under_its_field_and_fixing_it_saves_one_line(
        window, qtbot, tmp_path):
    blog = _blog(tmp_path)
    _open(window, qtbot, blog)
    post = blog / "_posts" / "2023-12-24-year-in-review.md"
    before = post.read_bytes()
    select(window, qtbot, post)
    problem = window.form.findChild(type(window.form.editors["published"].problem_label),
                                    "problem_published")
    assert not problem.isHidden() and "true or false" in problem.text()
    published = editor(window, "published")
    clear(qtbot, published)
    qtbot.keyClicks(published, "false")
    qtbot.waitUntil(lambda: problem.isHidden())
    assert window.session.record(str(post)).data["published"] is False
    window.actions_.save.trigger()
    qtbot.waitUntil(lambda: not window.session.modified_paths())
    assert changed_lines(before, post.read_bytes()) == {8}


def test_a_bulk_edit_sets_a_list_on_the_selected_posts(window, qtbot, tmp_path):
    blog = _blog(tmp_path)
    _open(window, qtbot, blog)
    names = ["2023-01-08-first-frost.md", "2024-01-14-seed-catalogues.md"]
    paths = [blog / "_posts" / n for n in names]
    before = {p: p.read_bytes() for p in paths}
    sm = window.table.selectionModel()
    sm.clearSelection()
    for path in paths:
        sm.select(window.proxy.index(window.proxy.row_of(str(path)), 0),
                  QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)
    dialog = window.curation.bulk_edit_dialog()
    qtbot.addWidget(dialog)
    assert dialog.replace_field.currentText() == "title"     # the profile's title field
    dialog.set_operation("set")
    dialog.set_field.setCurrentText("author")
    qtbot.keyClicks(dialog.set_value, "Guest Writer")
    dialog.show()
    with qtbot.waitSignal(dialog.preview_finished, timeout=20000):
        qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    assert len(dialog.plan.changes) == 2
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    settle(window, qtbot)
    for path in paths:
        assert Record.open(path).data["author"] == "Guest Writer"
        assert changed_lines(before[path], path.read_bytes()) == {5}


def test_a_hugo_site_gets_an_inferred_profile(window, qtbot, tmp_path):
    site = Path(shutil.copytree(DATA / "hugo_site", tmp_path / "site"))
    _open(window, qtbot, site)
    profile = window.session.profile
    assert profile.inferred and profile.title_field == "title"
    assert window.model.rowCount() == 12
    model = window.table.model()
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in (M.TITLE, M.FIELD1,
                                                                      M.FIELD2)] == \
        ["Title", "Date", "Tags"]
    post = site / "content" / "posts" / "dovetails.md"
    before = post.read_bytes()
    select(window, qtbot, post)
    assert editor(window, "tags").objectName() == "field_tags"
    assert text_of(editor(window, "draft")) == "false" or \
        text_of(editor(window, "draft")) == "true"
    draft = editor(window, "draft")
    clear(qtbot, draft)
    qtbot.keyClicks(draft, "false")
    assert window.session.record(str(post)).data["draft"] is False
    window.actions_.save.trigger()
    qtbot.waitUntil(lambda: not window.session.modified_paths())
    after = post.read_bytes()
    assert changed_lines(before, after) == {4}
    assert b"draft: false   # photos still missing" in after


def test_pfocr_opens_as_before_after_a_blog(window, qtbot, tmp_path, seeds_copy):
    _open(window, qtbot, _blog(tmp_path))
    _open(window, qtbot, seeds_copy)
    assert window.session.profile.name == "pfocr"
    model = window.table.model()
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in (M.ID, M.FIELD1,
                                                                      M.FIELD2)] == \
        ["Figure ID", "Year", "Organisms"]
    assert _tabs(window)[0] == "Figure" and window.preview.isVisible()
    assert window.curation.dock.isVisible()
    assert window.search.placeholderText() == \
        "Search figure ID, title, caption, organisms  (Ctrl+F)"
    assert editor(window, "figtitle") is not None


def test_a_wrong_profile_file_is_named_with_its_line_and_nothing_opens(window, qtbot,
                                                                       tmp_path):
    blog = _blog(tmp_path)
    (blog / "curator-profile.yaml").write_text("profile: jekyll\ncolumns: [date]\n")
    assert not window.open_folder(blog)
    message = window.statusBar().currentMessage()
    assert f"{blog / 'curator-profile.yaml'}:2:" in message and "'columns'" in message
    assert window.folder is None and window.session.profile.name == "pfocr"


def test_the_facets_of_a_collection_without_facet_fields_say_so(window, qtbot, tmp_path):
    folder = tmp_path / "plain"
    folder.mkdir()
    for i in range(3):
        (folder / f"p{i}.md").write_text(f"---\ntitle: Page {i}\nweight: {i}\n---\n")
    _open(window, qtbot, folder)
    panel = window.facets.panel
    assert panel.field is None or panel.fields       # weight is a number facet
    window.facets.panel.set_schema(window.session.profile.schema.__class__(
        fields={}, missing_markers=(), year_min=1900, title={}))
    assert panel.field is None and "no fields to count" in panel.summary.text()


def _shown(window) -> list[str]:
    """The list's header as one sees it: the shown columns' names, left to right."""
    model = window.table.model()
    header = window.table.horizontalHeader()
    columns = [header.logicalIndex(v) for v in range(header.count())]
    return [model.headerData(c, Qt.Orientation.Horizontal) for c in columns
            if not header.isSectionHidden(c)]


PFOCR_SHOWN = ["", "Figure ID", "Title"]     # as before the list columns were the profile's


def test_a_blog_shows_all_its_profiles_columns_and_pfocr_its_own_as_before(
        window, qtbot, tmp_path, records_copy):
    _open(window, qtbot, records_copy)
    assert _shown(window) == PFOCR_SHOWN
    blog = _blog(tmp_path)
    _open(window, qtbot, blog)
    assert _shown(window) == ["", "File", "Title", "Date", "Tags", "Categories", "Author"]
    post = blog / "_posts" / "2023-06-11-rhubarb.md"
    row = window.model.row_for_path(str(post))
    assert [window.model.index(row, c).data() for c in M.FIELDS] == [
        "2023-06-11 18:30:00 +0200", "rhubarb, recipes, early summer", "kitchen",
        "Maren Holt"]
    assert {"Categories", "Author"} <= set(window.columns.names().values())   # the menu
    window.table.sortByColumn(M.FIELD4, Qt.SortOrder.AscendingOrder)   # by author
    authors = [window.proxy.index(r, M.FIELD4).data() for r in range(window.proxy.rowCount())]
    assert authors == sorted(authors, key=str.lower)
    _open(window, qtbot, records_copy)
    assert _shown(window) == PFOCR_SHOWN
    assert [window.model.headerData(c, Qt.Orientation.Horizontal) for c in M.FIELDS] == \
        ["Year", "Organisms", "", ""]
    window.columns.set_shown(M.FIELD3, True)        # unnamed in PFOCR: never shown
    assert _shown(window) == PFOCR_SHOWN
    _open(window, qtbot, blog)                        # its layout, as it was left
    assert _shown(window)[3:7] == ["Date", "Tags", "Categories", "Author"]


def test_the_field_summary_reads_every_list_column_from_the_rows(window, qtbot, tmp_path):
    """The selection's field summary takes a field the list holds from its rows, the
    third and fourth columns too (was: the first two; the others were read from the
    files). The files are gone: only the rows can give the authors."""
    blog = _blog(tmp_path)
    _open(window, qtbot, blog)
    assert [c.field for c in window.session.profile.columns] == [
        "date", "tags", "categories", "author"]
    paths = [window.model.record_row(i).path for i in range(3)]
    rows = [window.model.record_row(i) for i in range(3)]
    for path in paths:
        Path(path).unlink()
    summary = window.curation.summary
    assert summary.field_values(paths, "author") == [r.fields[3] or "(empty)" for r in rows]
    assert summary.field_values(paths, "categories") == [r.fields[2] or "(empty)"
                                                         for r in rows]
    assert "(cannot be read)" in summary.field_values(paths, "excerpt")
