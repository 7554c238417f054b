"""Screenshots of the Facets dock and Cluster and Edit on a real X display:
    DISPLAY=:N QT_QPA_PLATFORM=xcb python benchmarks/_facets_shots.py FOLDER W H OUT_PREFIX"""
def main():
    import os, subprocess, sys, time
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    folder, W, H, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    from PySide6.QtCore import QEventLoop
    from _common import open_window
    app, window = open_window(folder, W, H)
    window.move(0, 0); window.resize(W, H)
    panel = window.facets.panel
    def spin(s=0.5, busy=lambda: False):
        end = time.perf_counter() + s
        while time.perf_counter() < end or busy():
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
    def shot(name):
        print("shot", name, flush=True)
        spin(0.8)
        subprocess.run(["import", "-window", "root", "-crop", f"{W}x{H}+0+0", f"{out}_{name}.png"], check=True)
    print("opened", flush=True)
    window.facets.dock.show()
    panel.set_field("organisms")
    spin(0.5, lambda: panel.counting or panel.counts is None)
    shot("dock_organisms")
    panel.set_field("year"); spin(0.5, lambda: panel.counting)
    panel.histogram.pick(*[k for k, b in enumerate(panel.histogram.bins) if b.low in (2000, 2005)])
    shot("dock_year")
    panel.clear_filter(); panel.set_field("organisms"); spin(0.5, lambda: panel.counting)
    d = window.facets.open_cluster_dialog()
    spin(0.5, lambda: d._thread is not None)
    if W < 1200: d.resize(min(980, W - 20), min(640, H - 40))
    d.move((W - d.width()) // 2, (H - d.height()) // 2)
    shot("cluster_fingerprint")
    d.set_method("nearest"); spin(0.5, lambda: d._thread is not None)
    shot("cluster_nearest")
    d.tabs.setCurrentIndex(1); spin(0.5, lambda: d._thread is not None)
    shot("rare")
    d.reject(); window.close()

if __name__ == "__main__":
    main()
