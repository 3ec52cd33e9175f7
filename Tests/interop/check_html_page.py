#!/usr/bin/env python3
"""The interactive page in a real browser: `convmat export --format html` → headless Chromium.

Usage: check_html_page.py CONVMAT LOGDIR

For each layer the script exports W twice (.html and .npz), loads the page in headless Chromium
through the Chrome DevTools Protocol (websocket-client), and checks against W read by SciPy:
  - the page made no network request (the only request is the page's own file:// URL);
  - pointing the mouse at output element y_r highlights exactly the columns of row r of W as
    input elements and as W entries, and the kernel taps whose weights make those entries
    (weights are --fill arange, 1..K, so with zero padding an entry's value v is tap v - 1);
  - pointing at input element x_c highlights exactly the rows of column c (the transposed view);
  - after the toggle, the transposed reading: x_c is an output and again lights up column c.
Screenshots (PNG) go to LOGDIR. Exit status 1 with a list of failures when anything differs.
"""
import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

import numpy as np
import scipy.sparse
import websocket

FAILURES = []


def check(condition, message):
    if not condition:
        FAILURES.append(message)
    return condition


class Browser:
    """Headless Chromium with one page, driven over the DevTools protocol."""

    def __init__(self, profile):
        binary = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
        if binary is None:
            sys.exit("check_html_page: no chromium on PATH (apt-get install chromium)")
        self.process = subprocess.Popen(
            [binary, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
             "--disable-extensions", "--disable-background-networking", "--disable-component-update",
             "--remote-debugging-port=0", f"--user-data-dir={profile}", "--window-size=1400,1000", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port_file = os.path.join(profile, "DevToolsActivePort")
        for _ in range(300):
            if os.path.exists(port_file) and open(port_file).read().count("\n") >= 1:
                break
            time.sleep(0.1)
        port = int(open(port_file).read().split("\n")[0])
        targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list"))
        page = next(t for t in targets if t["type"] == "page")
        self.socket = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=60, suppress_origin=True)
        self.next_id = 0
        self.events = []

    def send(self, method, **params):
        self.next_id += 1
        self.socket.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            self.events.append(message)

    def wait_for(self, method, timeout=30):
        deadline = time.time() + timeout
        while time.time() < deadline:
            for event in self.events:
                if event.get("method") == method:
                    self.events.remove(event)
                    return event
            self.events.append(json.loads(self.socket.recv()))
        raise TimeoutError(method)

    def evaluate(self, expression):
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def load(self, path):
        """Navigates to `path` and returns the URLs of every request the page made."""
        self.events = []
        self.send("Network.enable")
        self.send("Page.enable")
        self.send("Emulation.setDeviceMetricsOverride", width=1400, height=1000, deviceScaleFactor=1, mobile=False)
        url = "file://" + os.path.abspath(path)
        self.send("Page.navigate", url=url)
        self.wait_for("Page.loadEventFired")
        for _ in range(100):
            if self.evaluate("document.body.dataset.ready") == "1":
                break
            time.sleep(0.05)
        time.sleep(0.3)  # let late requests (fonts, images) show up if the page made any
        self.send("Runtime.evaluate", expression="0")  # drain pending events
        requests = [e["params"]["request"]["url"] for e in self.events if e.get("method") == "Network.requestWillBeSent"]
        return url, requests

    def point_at(self, element_id):
        """Moves the mouse to the centre of #element_id (scrolled into view)."""
        box = self.evaluate(f"""(() => {{ const e = document.getElementById({json.dumps(element_id)});
            e.scrollIntoView({{block: "center", inline: "center"}});
            const r = e.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; }})()""")
        self.send("Input.dispatchMouseEvent", type="mouseMoved", x=box[0], y=box[1])
        return box

    def click(self, element_id):
        x, y = self.point_at(element_id)
        for kind in ["mousePressed", "mouseReleased"]:
            self.send("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left", clickCount=1)

    def highlighted(self):
        return self.evaluate("""JSON.stringify({
            x: [...document.querySelectorAll("[id^='x-'].hl")].map(e => +e.dataset.col).sort((a, b) => a - b),
            y: [...document.querySelectorAll("[id^='y-'].hl")].map(e => +e.dataset.row).sort((a, b) => a - b),
            w: [...document.querySelectorAll(".nz.hl")].map(e => [+e.dataset.row, +e.dataset.col]),
            k: [...document.querySelectorAll("[id^='k-'].hl")].map(e => +e.dataset.tap).sort((a, b) => a - b),
            selected: document.body.dataset.selected || "",
            reading: document.body.dataset.reading})""")

    def screenshot(self, path):
        self.evaluate("window.scrollTo(0, 0)")
        data = self.send("Page.captureScreenshot", format="png", captureBeyondViewport=True)["data"]
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))

    def close(self):
        try:
            self.socket.close()
        finally:
            self.process.terminate()
            self.process.wait(timeout=30)


def export(convmat, layer, shape, directory, stem):
    paths = {}
    for ext in ["html", "npz"]:
        paths[ext] = os.path.join(directory, f"{stem}.{ext}")
        subprocess.run([convmat, "export", layer, "--input", shape, "--fill", "arange", "--output", paths[ext]],
                       check=True, stdout=subprocess.DEVNULL)
    return paths["html"], scipy.sparse.load_npz(paths["npz"]).tocsr()


def expect_row(browser, name, w, r):
    """Pointing at y_r: inputs and W entries are row r's columns; taps are the entries' weights."""
    cols = sorted(int(c) for c in w.indices[w.indptr[r]:w.indptr[r + 1]])
    values = w.data[w.indptr[r]:w.indptr[r + 1]]
    browser.point_at(f"y-{r}")
    got = json.loads(browser.highlighted())
    check(got["selected"] == f"y-{r}", f"{name}: pointing at y-{r} selected {got['selected']!r}")
    check(got["x"] == cols, f"{name}: y-{r} highlights inputs {got['x']}, row {r} of W has columns {cols}")
    check(sorted(map(tuple, got["w"])) == [(r, c) for c in cols], f"{name}: y-{r} highlights W entries {got['w']}")
    check(got["k"] == sorted({int(round(v)) - 1 for v in values}), f"{name}: y-{r} highlights taps {got['k']}, values {list(values)}")
    return cols


def expect_column(browser, name, w, c):
    """Pointing at x_c: outputs and W entries are column c's rows."""
    csc = w.tocsc()
    rows = sorted(int(r) for r in csc.indices[csc.indptr[c]:csc.indptr[c + 1]])
    browser.point_at(f"x-{c}")
    got = json.loads(browser.highlighted())
    check(got["selected"] == f"x-{c}", f"{name}: pointing at x-{c} selected {got['selected']!r}")
    check(got["y"] == rows, f"{name}: x-{c} highlights outputs {got['y']}, column {c} of W has rows {rows}")
    check(sorted(map(tuple, got["w"])) == [(r, c) for r in rows], f"{name}: x-{c} highlights W entries {got['w']}")
    return rows, got["reading"]


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: check_html_page.py CONVMAT LOGDIR")
    convmat, logdir = sys.argv[1], sys.argv[2]
    os.makedirs(logdir, exist_ok=True)
    work = tempfile.mkdtemp(prefix="convmat-html-")
    browser = Browser(os.path.join(work, "profile"))
    try:
        cases = [
            ("conv2d", "nn.Conv2d(2, 2, 3, stride=2, padding=1, bias=False)", "1x2x5x5", "forward"),
            ("convtranspose2d", "nn.ConvTranspose2d(1, 2, 3, stride=2, bias=False)", "1x1x3x3", "transposed"),
            ("conv1d", "nn.Conv1d(1, 2, 3, padding=1, bias=False)", "1x1x8", "forward"),
        ]
        for stem, layer, shape, reading in cases:
            page, w = export(convmat, layer, shape, work, stem)
            url, requests = browser.load(page)
            check(requests == [url], f"{stem}: network requests {requests}, expected only the page {url}")
            check(browser.evaluate("document.body.dataset.mode") == "full", f"{stem}: not drawn in full")
            check(browser.evaluate("document.body.dataset.reading") == reading, f"{stem}: opens in the wrong reading")
            counts = np.diff(w.indptr)
            if reading == "transposed":
                browser.click("transposed-toggle")  # to the forward reading first
            r = int(np.argmax(counts))  # the output with the most taps: an interior one
            expect_row(browser, stem, w, r)
            c = int(w.indices[w.indptr[r]])  # an input in that receptive field
            expect_column(browser, stem, w, c)
            browser.click("transposed-toggle")
            rows, now = expect_column(browser, stem + " (transposed reading)", w, c)
            check(now == "transposed", f"{stem}: the toggle did not switch to the transposed reading ({now})")
            # The screenshot shows the layer's own reading: a Conv pointed at an output y, a
            # ConvTranspose (already in its transposed reading) at its output x.
            if reading == "forward":
                browser.click("transposed-toggle")
                browser.point_at(f"y-{r}")
            else:
                browser.point_at(f"x-{c}")
            shot = os.path.join(logdir, f"html_page_{stem}.png")
            browser.screenshot(shot)
            check(os.path.getsize(shot) > 10000, f"{stem}: screenshot {shot} is nearly empty")

        # A larger layer: the zoomable spy plot, still without any request.
        page, w = export(convmat, "nn.Conv2d(8, 8, 3, padding=1, bias=False)", "1x8x10x10", work, "spy")
        url, requests = browser.load(page)
        check(requests == [url], f"spy: network requests {requests}")
        check(browser.evaluate("document.body.dataset.mode") == "spy", "spy: an 8-channel layer is not a spy plot")
        # The canvas (720 pixels) fits W: zoom = 720 / max(rows, columns) pixels per entry, so the
        # pointer 40.25 pixels right of and below the canvas's top-left corner is on entry
        # (floor(40.25 / zoom), floor(40.25 / zoom)).
        box = browser.evaluate("""(() => { const c = document.getElementById('spy'); c.scrollIntoView();
            const r = c.getBoundingClientRect(); return [r.x + c.clientLeft, r.y + c.clientTop]; })()""")
        browser.send("Input.dispatchMouseEvent", type="mouseMoved", x=box[0] + 40.25, y=box[1] + 40.25)
        zoom = 720 / max(w.shape)
        r = c = int(40.25 / zoom)  # the page's floor(offset / zoom), same doubles
        info = browser.evaluate("document.getElementById('info').textContent")
        value = w[r, c]
        expected = f"W[{r}, {c}] = " + ("0 (not stored)" if value == 0 else f"{value:g}")
        check(info.startswith(expected), f"spy: pointing at entry ({r}, {c}) shows {info!r}, expected {expected!r}")
        browser.screenshot(os.path.join(logdir, "html_page_spy.png"))
    finally:
        browser.close()
        shutil.rmtree(work, ignore_errors=True)
    if FAILURES:
        print("html page FAILED:\n  " + "\n  ".join(FAILURES))
        sys.exit(1)
    print(f"html page OK: {len(cases)} layers in full, one spy plot; screenshots in {logdir}")


if __name__ == "__main__":
    main()
