"""Opens a notebook in a real JupyterLab, runs every cell on the "Rust (tradedef)" kernel from the
browser, and saves a screenshot of the page. Run by `cargo xtask lab-screenshot`:

    python lab_screenshot.py --notebook NB --workdir DIR --jupyter-path P --out PNG [--timeout S]

The notebook is copied into DIR (JupyterLab saves what it runs; the committed file is never
touched) and JupyterLab serves DIR on a free local port, without token (bound to 127.0.0.1 only),
with `expose_app_in_browser` so the page's command registry can be driven. Headless Chromium
(`--no-sandbox`) opens the notebook; through the DevTools protocol the script runs JupyterLab's
own "Run All Cells" command, waits until the kernel is idle and every code cell has an execution
count (or an error shows), prints the times (page ready, kernel ready, all cells done), and saves
the screenshot. Exit status 1 when a cell fails or the time runs out.

Only the standard library and tornado (installed with JupyterLab) are used.
"""

import argparse
import asyncio
import base64
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

from tornado.websocket import websocket_connect


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url, deadline):
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                return r.read()
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"no answer from {url}")


class DevTools:
    """A minimal client of Chromium's DevTools protocol over one page's websocket."""

    def __init__(self, conn):
        self.conn = conn
        self.next_id = 0

    async def call(self, method, **params):
        self.next_id += 1
        wanted = self.next_id
        await self.conn.write_message(json.dumps({"id": wanted, "method": method, "params": params}))
        while True:
            message = await self.conn.read_message()
            if message is None:
                raise RuntimeError("the browser closed the connection")
            reply = json.loads(message)
            if reply.get("id") == wanted:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})

    async def evaluate(self, expression):
        result = await self.call(
            "Runtime.evaluate", expression=expression, awaitPromise=True, returnByValue=True
        )
        if "exceptionDetails" in result:
            raise RuntimeError(f"in the page: {result['exceptionDetails']}")
        return result["result"].get("value")


# The state of the open notebook, read from JupyterLab's own objects.
STATE_JS = """
(() => {
  const app = window.jupyterapp;
  if (!app || !app.shell) return {phase: 'loading'};
  const w = app.shell.currentWidget;
  if (!w || !w.content || !w.sessionContext) return {phase: 'no notebook'};
  const kernel = w.sessionContext.session && w.sessionContext.session.kernel;
  const cells = w.content.widgets.filter(c => c.model.type === 'code');
  const errors = cells.filter(c => c.model.outputs.toJSON().some(o => o.output_type === 'error'));
  return {
    phase: 'open',
    kernel: kernel ? kernel.status : 'none',
    kernelName: w.sessionContext.kernelDisplayName,
    cells: cells.length,
    done: cells.filter(c => c.model.executionCount !== null).length,
    errors: errors.length,
  };
})()
"""


async def drive(port, out, timeout):
    targets = json.loads(wait_http(f"http://127.0.0.1:{port}/json", time.monotonic() + 30))
    page = next(t for t in targets if t.get("type") == "page")
    conn = await websocket_connect(page["webSocketDebuggerUrl"], max_message_size=256 << 20)
    tools = DevTools(conn)
    await tools.call("Page.enable")
    await tools.call(
        "Emulation.setDeviceMetricsOverride", width=1400, height=1000, deviceScaleFactor=1, mobile=False
    )
    started = time.monotonic()
    deadline = started + timeout
    times = {}
    state = {}
    while time.monotonic() < deadline:
        state = await tools.evaluate(STATE_JS) or {}
        if state.get("phase") == "open" and "page" not in times:
            times["page"] = time.monotonic() - started
        if state.get("kernel") == "idle":
            times["kernel ready"] = time.monotonic() - started
            break
        await asyncio.sleep(0.5)
    else:
        raise TimeoutError(f"the kernel did not become idle: {state}")
    await tools.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
    await asyncio.sleep(1.0)
    while time.monotonic() < deadline:
        state = await tools.evaluate(STATE_JS) or {}
        if state.get("errors"):
            break
        if state.get("kernel") == "idle" and state.get("done") == state.get("cells"):
            break
        await asyncio.sleep(0.5)
    else:
        raise TimeoutError(f"the cells did not finish: {state}")
    times["all cells done"] = time.monotonic() - started
    # back to the first cell, so the title and the first outputs show under the toolbar
    await tools.evaluate(
        "(() => { const n = window.jupyterapp.shell.currentWidget.content;"
        " n.activeCellIndex = 0; return n.scrollToItem(0); })()"
    )
    await asyncio.sleep(1.0)
    shot = await tools.call("Page.captureScreenshot", format="png")
    with open(out, "wb") as f:
        f.write(base64.b64decode(shot["data"]))
    conn.close()
    return state, times


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--notebook", required=True)
    parser.add_argument("--workdir", required=True)
    parser.add_argument("--jupyter-path", required=True, help="where the kernelspec lives (share/jupyter)")
    parser.add_argument("--out", required=True)
    parser.add_argument("--timeout", type=float, default=900)
    parser.add_argument("--browser", default=shutil.which("chromium") or "chromium")
    args = parser.parse_args()

    os.makedirs(args.workdir, exist_ok=True)
    # no "get notified about Jupyter news?" toast over the notebook (a setting of this venv's Lab)
    settings = os.path.join(sys.prefix, "share/jupyter/lab/settings")
    os.makedirs(settings, exist_ok=True)
    with open(os.path.join(settings, "overrides.json"), "w") as f:
        json.dump({"@jupyterlab/apputils-extension:notification": {"fetchNews": "false"}}, f)
    name = os.path.basename(args.notebook)
    shutil.copyfile(args.notebook, os.path.join(args.workdir, name))
    lab_port, devtools_port = free_port(), free_port()
    env = dict(os.environ, JUPYTER_PATH=args.jupyter_path)
    log_path = os.path.join(args.workdir, "jupyterlab.log")
    log = open(log_path, "w")
    lab = subprocess.Popen(
        [
            sys.executable, "-m", "jupyterlab", "--no-browser", "--port", str(lab_port),
            "--ip", "127.0.0.1", "--ServerApp.root_dir", args.workdir,
            "--IdentityProvider.token=", "--ServerApp.password=",
            "--LabApp.expose_app_in_browser=True", "--ServerApp.disable_check_xsrf=True",
            # CI machines and containers run as root; the server binds to 127.0.0.1 only
            "--allow-root",
        ],
        env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    profile = tempfile.mkdtemp(prefix="lab-chromium-")
    browser = None
    try:
        wait_http(f"http://127.0.0.1:{lab_port}/api", time.monotonic() + 120)
        browser = subprocess.Popen(
            [
                args.browser, "--headless=new", "--no-sandbox", "--disable-gpu",
                f"--remote-debugging-port={devtools_port}", f"--user-data-dir={profile}",
                "--window-size=1400,1000",
                f"http://127.0.0.1:{lab_port}/lab/tree/{name}",
            ],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )
        state, times = asyncio.run(drive(devtools_port, args.out, args.timeout))
        summary = ", ".join(f"{k} {v:.1f} s" for k, v in times.items())
        print(f"{name} in JupyterLab on kernel {state.get('kernelName')!r}: {summary}; "
              f"{state.get('done')}/{state.get('cells')} code cells run, {state.get('errors')} with an error")
        print(f"screenshot: {args.out}")
        return 1 if state.get("errors") or state.get("done") != state.get("cells") else 0
    except Exception:
        print(f"JupyterLab's log: {log_path}", file=sys.stderr)
        raise
    finally:
        for proc in (browser, lab):
            if proc is not None:
                try:
                    os.killpg(proc.pid, signal.SIGTERM)
                    proc.wait(timeout=20)
                except (ProcessLookupError, subprocess.TimeoutExpired):
                    try:
                        os.killpg(proc.pid, signal.SIGKILL)
                    except ProcessLookupError:
                        pass
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
