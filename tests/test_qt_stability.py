"""Catches the PySide6 release (6.12.0) that crashed with pyqtgraph: cross-thread signal
ping-pong while plots render. A crash kills the subprocess, which this test reports."""

import subprocess
import sys
import textwrap


def test_cross_thread_signals_while_rendering_plots_do_not_crash() -> None:
    code = textwrap.dedent(
        """
        import os
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        import numpy as np, pyqtgraph as pg
        from PySide6.QtCore import QObject, QThread, Signal, Slot
        from PySide6.QtWidgets import QApplication

        app = QApplication([])

        class Pong(QObject):
            sigPong = Signal(object, bool)
            @Slot(object)
            def ping(self, payload):
                self.sigPong.emit(payload, None is None)

        class Ping(QObject):
            sigPing = Signal(object)

        thread = QThread(); pong = Pong(); pong.moveToThread(thread); thread.start()
        ping = Ping(); ping.sigPing.connect(pong.ping)
        plot = pg.PlotWidget(); plot.resize(300, 300); plot.show()
        scatter = pg.ScatterPlotItem(); plot.addItem(scatter)
        got = []
        pong.sigPong.connect(lambda p, b: got.append(b))
        rng = np.random.default_rng(0)
        for i in range(300):
            ping.sigPing.emit((i, None, True))
            scatter.setData(pos=rng.standard_normal((200, 2)), brush=[pg.mkBrush(i % 255, 0, 0)] * 200)
            plot.grab()
            app.processEvents()
        while len(got) < 300:
            app.processEvents()
        thread.quit(); thread.wait()
        print("ok", len(got))
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, f"Qt crashed (rc {out.returncode}): {out.stderr[-500:]}"
    assert "ok 300" in out.stdout
