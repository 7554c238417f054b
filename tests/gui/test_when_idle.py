"""Work for when the window is idle (gui/widgets/when_idle.py): it runs once the event
loop has handled what was queued and is about to wait, once however often it was asked
for, and not at all once stopped."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QTimer

from curator.gui.widgets.when_idle import WhenIdle


def test_the_work_runs_once_after_what_was_queued(qtbot, qapp):
    done = []
    idle = WhenIdle(lambda: done.append("idle"))
    for i in range(3):   # events queued, each queueing the next: a busy turn
        QTimer.singleShot(0, lambda i=i: done.append(f"queued {i}"))
    idle.start()
    idle.start()                                   # asked again: still once
    assert idle.pending
    QCoreApplication.processEvents()               # a turn that does not wait: not yet
    assert "idle" not in done
    qtbot.waitUntil(lambda: "idle" in done)
    assert done == ["queued 0", "queued 1", "queued 2", "idle"]
    qtbot.wait(50)
    assert done.count("idle") == 1 and not idle.pending


def test_stopped_work_does_not_run(qtbot, qapp):
    done = []
    idle = WhenIdle(lambda: done.append("idle"))
    idle.start()
    idle.stop()
    qtbot.wait(50)
    assert done == [] and not idle.pending


def test_while_a_key_is_held_the_work_waits_for_its_release(qtbot, qapp):
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QLineEdit

    from curator.gui.widgets.key_repeat import RepeatWatch, key_held

    widget = QLineEdit()
    qtbot.addWidget(widget)
    watch = RepeatWatch()
    done = []
    idle = WhenIdle(lambda: done.append("idle"))

    def key(kind, repeat):
        QCoreApplication.sendEvent(widget, QKeyEvent(
            kind, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier, "", repeat))

    key(QEvent.Type.ShortcutOverride, True)      # an auto-repeat of a held Alt+Down
    assert key_held()
    idle.start()
    for _ in range(4):                           # repeats keep coming, 30 a second
        qtbot.wait(33)
        key(QEvent.Type.ShortcutOverride, True)
    assert done == [] and idle.pending
    key(QEvent.Type.KeyRelease, False)           # let go
    assert not key_held()
    qtbot.waitUntil(lambda: done == ["idle"])
    key(QEvent.Type.ShortcutOverride, True)      # held, and its release went elsewhere:
    idle.start()                                 # not held once repeats stop coming
    qtbot.waitUntil(lambda: done == ["idle", "idle"], timeout=2000)
    watch.deleteLater()
