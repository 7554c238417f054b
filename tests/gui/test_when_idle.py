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
