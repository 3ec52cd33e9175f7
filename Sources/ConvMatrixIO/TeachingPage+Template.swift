// The page around the embedded data: inline CSS and JavaScript, a Content-Security-Policy that forbids any fetch.

extension TeachingPage {
    /// The whole document: `data` (JSON) inside `<script id="convmat-data">`, read by the inline
    /// script. The policy `default-src 'none'` lets the page load nothing from anywhere; only
    /// the inline style, the inline scripts and `data:` images run.
    static func template(title: String, data: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="generator" content="ConvMatrix">
        <title>\(xmlEscaped(title))</title>
        <style>\(style)</style>
        </head>
        <body>
        <header>
        <h1 id="title">\(xmlEscaped(title))</h1>
        <p id="summary"></p>
        <div id="controls"><label><input type="checkbox" id="transposed-toggle"> transposed reading: the ConvTranspose's view of the same matrix (x = Wᵀ·y)</label>
        <span id="hint">Point at an element (click to pin it).</span></div>
        </header>
        <main>
        <section id="panel-in"><h2 id="in-title"></h2><div id="in-grids"></div></section>
        <section id="panel-kernel"><h2>kernel: the weights w (PyTorch layout)</h2><div id="kernel"></div></section>
        <section id="panel-out"><h2 id="out-title"></h2><div id="out-grids"></div></section>
        <section id="panel-w"><h2 id="w-title"></h2><div id="w-controls"></div><div id="w"></div></section>
        </main>
        <pre id="info"></pre>
        <script id="convmat-data" type="application/json">\(data)</script>
        <script>\(script)</script>
        </body>
        </html>

        """
    }

    static let style = """
        body{font-family:"DejaVu Sans",system-ui,sans-serif;margin:16px;color:#222;background:#fff}
        h1{font-size:20px;margin:0 0 4px}h2{font-size:13px;margin:0 0 6px;font-weight:600}
        #summary{color:#555;margin:0 0 6px;font-size:13px}#controls{font-size:13px;margin-bottom:12px}
        #hint{color:#777;margin-left:12px}
        main{display:flex;flex-wrap:wrap;gap:16px;align-items:flex-start}
        section{border:1px solid #ddd;border-radius:6px;padding:8px 10px}section[hidden]{display:none}
        .tensor{display:flex;flex-direction:column;gap:8px}.chan-label{font-size:11px;color:#666;margin:2px 0}
        .grid{display:grid;gap:2px;justify-content:start}
        .el{min-width:24px;height:24px;padding:0 2px;box-sizing:border-box;border:1px solid #bbb;border-radius:3px;font-size:10px;
        display:flex;align-items:center;justify-content:center;color:#555;background:#fafafa;cursor:pointer;user-select:none}
        .el.tap{min-width:34px;color:#222}
        .el.hl{background:#ffe08a;border-color:#c89b00;color:#000}
        .el.sel{background:#ff9f43;border-color:#a04f00;color:#000;font-weight:bold}
        #w{display:grid;position:relative;font-size:9px}
        .wbg{background-image:linear-gradient(to right,#eee 1px,transparent 1px),linear-gradient(to bottom,#eee 1px,transparent 1px);
        border:1px solid #999;box-sizing:border-box}
        .band{background:rgba(255,200,60,.28)}
        .wh{color:#888;display:flex;align-items:flex-end;justify-content:center;overflow:visible;white-space:nowrap}
        .wh.r{justify-content:flex-end;align-items:center;padding-right:3px}
        .nz{box-sizing:border-box;border:1px solid rgba(0,0,0,.15);display:flex;align-items:center;justify-content:center;
        color:#111;cursor:pointer;overflow:hidden}
        .nz.hl{outline:2px solid #c89b00;z-index:1}.nz.sel{outline:3px solid #a04f00;z-index:2}
        #info{font-size:12px;white-space:pre-wrap;margin-top:12px;min-height:4em;background:#f6f6f6;padding:8px;border-radius:6px}
        #w-controls button{font-size:12px;margin-right:4px}
        canvas{border:1px solid #999;cursor:crosshair}
        """

    /// The page's behaviour. It reads `W`'s rows (`indptr`/`indices`) and columns (a scan of the
    /// same arrays) and the taps of each entry; coordinates and labels come from the data.
    static let script = #"""
        "use strict";
        (() => {
        const D = JSON.parse(document.getElementById("convmat-data").textContent);
        const $ = (id) => document.getElementById(id);
        const div = (cls) => { const d = document.createElement("div"); if (cls) d.className = cls; return d; };
        document.body.dataset.mode = D.mode;

        const entryRow = new Int32Array(D.nnz);
        for (let r = 0; r < D.rows; r++) for (let e = D.indptr[r]; e < D.indptr[r + 1]; e++) entryRow[e] = r;
        const rowEntries = (r) => { const a = []; for (let e = D.indptr[r]; e < D.indptr[r + 1]; e++) a.push(e); return a; };
        const colEntries = (c) => { const a = []; for (let e = 0; e < D.nnz; e++) if (D.indices[e] === c) a.push(e); return a; };
        const tapsOf = (e) => D.taps.slice(D.tapptr[e], D.tapptr[e + 1]);
        const tapEntries = (t) => { const a = []; for (let e = 0; e < D.nnz; e++) if (tapsOf(e).includes(t)) a.push(e); return a; };
        const entryAt = (r, c) => { for (let e = D.indptr[r]; e < D.indptr[r + 1]; e++) if (D.indices[e] === c) return e; return -1; };

        const fmt = (v) => v === null ? "NaN" : Number.isInteger(v) ? String(v)
          : (Math.abs(v) >= 1e-3 && Math.abs(v) < 1e4 ? String(+v.toPrecision(4)) : v.toExponential(2));
        const label = (name, c) => name + "[c=" + c[0] + (c.length > 1 ? ", " + c.slice(1).join(", ") : "") + "]";
        const xLabel = (c) => D.x.length ? label("x", D.x[c]) : "x#" + c;
        const yLabel = (r) => D.y.length ? label("y", D.y[r]) : "y#" + r;
        const weightLabel = (t) => {
          const s = D.weightShape, idx = []; let rest = t;
          for (let i = s.length - 1; i >= 0; i--) { idx.unshift(rest % s[i]); rest = Math.floor(rest / s[i]); }
          return "w[" + idx.join(", ") + "]";
        };
        const anchors = [[59,76,192],[98,130,234],[141,176,254],[184,208,249],[221,221,221],[245,196,173],[244,154,123],[222,96,77],[180,4,38]];
        let scale = 0; for (const v of D.data) if (v !== null) scale = Math.max(scale, Math.abs(v));
        const color = (v) => {
          const t = scale > 0 && v !== null ? Math.max(-1, Math.min(1, v / scale)) : 0, p = (t + 1) * 4;
          const i = Math.min(Math.floor(p), 7), f = p - i, a = anchors[i], b = anchors[i + 1];
          return "rgb(" + [0, 1, 2].map((k) => Math.round(a[k] + (b[k] - a[k]) * f)).join(",") + ")";
        };

        let reading = D.direction, pinned = null;
        const transposed = () => reading === "transposed";
        $("transposed-toggle").checked = transposed();
        $("summary").textContent = "W: " + D.rows + " × " + D.columns + ", " + D.nnz + " stored entries · "
          + (D.direction === "transposed" ? "the layer is the ConvTranspose x = Wᵀ·y; W is the matrix of the convolution it transposes, "
                                          : "the layer computes y = W·x; ") + D.geometry;

        // Input and output tensors: one grid per channel, elements placed by their coordinates.
        function tensorView(name, shape, coords) {
          const wrap = div("tensor"), grids = [];
          const cols = shape[shape.length - 1];
          for (let c = 0; c < shape[0]; c++) {
            const chan = div("chan"), caption = div("chan-label"), grid = div("grid");
            caption.textContent = name + ", channel " + c;
            grid.style.gridTemplateColumns = "repeat(" + cols + ", auto)";
            chan.append(caption, grid); wrap.append(chan); grids.push(grid);
          }
          coords.forEach((c, i) => {
            const el = div("el"), flat = name === "x" ? "col" : "row";
            el.id = name + "-" + i; el.dataset[flat] = i; el.textContent = i;
            el.title = (name === "x" ? xLabel(i) + ": column " : yLabel(i) + ": row ") + i + " of W";
            el.style.gridRow = String((c.length > 2 ? c[1] : 0) + 1);
            el.style.gridColumn = String(c[c.length - 1] + 1);
            grids[c[0]].append(el);
          });
          return wrap;
        }

        function kernelView() {
          const s = D.weightShape, rows = s.length > 3 ? s[2] : 1, cols = s[s.length - 1], per = rows * cols;
          const wrap = div("tensor");
          for (let o = 0; o < s[0]; o++) for (let i = 0; i < s[1]; i++) {
            const block = div("chan"), caption = div("chan-label"), grid = div("grid");
            caption.textContent = "w[" + o + ", " + i + "]: output channel " + o + ", input channel " + i + " of its group";
            grid.style.gridTemplateColumns = "repeat(" + cols + ", auto)";
            for (let k = 0; k < per; k++) {
              const t = (o * s[1] + i) * per + k, el = div("el tap");
              el.id = "k-" + t; el.dataset.tap = t; el.textContent = fmt(D.weights[t]); el.title = weightLabel(t);
              grid.append(el);
            }
            block.append(caption, grid); wrap.append(block);
          }
          return wrap;
        }

        // W (or Wᵀ in the transposed reading) as a table of its stored entries.
        function matrixView() {
          const w = $("w"), T = transposed();
          w.textContent = "";
          const R = T ? D.columns : D.rows, C = T ? D.rows : D.columns;
          const S = Math.max(6, Math.min(30, Math.floor(720 / Math.max(R, C))));
          w.style.gridTemplateColumns = "36px repeat(" + C + ", " + S + "px)";
          w.style.gridTemplateRows = "16px repeat(" + R + ", " + S + "px)";
          const bg = div("wbg");
          bg.style.gridArea = "2 / 2 / " + (R + 2) + " / " + (C + 2);
          bg.style.backgroundSize = S + "px " + S + "px";
          const band = div("band"); band.id = "band"; band.hidden = true;
          w.append(bg, band);
          const every = Math.max(1, Math.ceil(24 / S));
          for (let j = 0; j < C; j += every) { const h = div("wh"); h.textContent = j; h.style.gridArea = "1 / " + (j + 2); w.append(h); }
          for (let i = 0; i < R; i += every) { const h = div("wh r"); h.textContent = i; h.style.gridArea = (i + 2) + " / 1"; w.append(h); }
          for (let e = 0; e < D.nnz; e++) {
            const r = entryRow[e], c = D.indices[e], el = div("nz");
            el.id = "w-" + r + "-" + c; el.dataset.row = r; el.dataset.col = c; el.dataset.entry = e;
            el.style.background = color(D.data[e]);
            el.style.gridArea = ((T ? c : r) + 2) + " / " + ((T ? r : c) + 2);
            if (S >= 24) el.textContent = fmt(D.data[e]);
            if (scale > 0 && Math.abs(D.data[e] / scale) > 0.6) el.style.color = "#fff";
            el.title = "W[" + r + ", " + c + "] = " + fmt(D.data[e]) + " = " + tapsOf(e).map(weightLabel).join(" + ");
            w.append(el);
          }
        }

        let xView = null, yView = null;
        function layout() {
          const T = transposed();
          document.body.dataset.reading = reading;
          $("in-title").textContent = T ? "input y of the ConvTranspose (element i = row i of W)"
                                        : "input x (element j = column j of W)";
          $("out-title").textContent = T ? "output x of the ConvTranspose (element j = column j of W, row j of Wᵀ)"
                                         : "output y (element i = row i of W)";
          $("w-title").textContent = T ? "Wᵀ: rows are x, columns are y; x = Wᵀ·y, the same matrix read by columns"
                                       : "W: rows are y, columns are x; y = W·x";
          if (D.mode !== "full") return;
          $("in-grids").append(T ? yView : xView);
          $("out-grids").append(T ? xView : yView);
          matrixView();
        }

        function clear() {
          for (const el of document.querySelectorAll(".hl, .sel")) el.classList.remove("hl", "sel");
          const band = $("band"); if (band) band.hidden = true;
          $("info").textContent = "";
          delete document.body.dataset.selected;
        }
        const mark = (id, cls) => { const el = $(id); if (el) el.classList.add(cls); };

        // Points at `kind` ("x", "y", "k" or "w" for an entry) number `i`.
        function select(kind, i) {
          clear();
          const entries = kind === "y" ? rowEntries(i) : kind === "x" ? colEntries(i) : kind === "k" ? tapEntries(i) : [i];
          for (const e of entries) {
            const r = entryRow[e], c = D.indices[e];
            mark("w-" + r + "-" + c, "hl");
            if (kind !== "y") mark("y-" + r, "hl");
            if (kind !== "x") mark("x-" + c, "hl");
            if (kind !== "k") for (const t of tapsOf(e)) mark("k-" + t, "hl");
          }
          const id = kind === "w" ? "w-" + entryRow[i] + "-" + D.indices[i] : kind + "-" + i;
          mark(id, "sel");
          document.body.dataset.selected = id;
          const band = $("band"), T = transposed();
          if (band && (kind === "y" || kind === "x")) {
            // Row i of W is a row of the table, or a column of it in the transposed reading.
            const alongRows = (kind === "y") !== T, line = i + 2;
            band.style.gridArea = alongRows ? line + " / 2 / " + (line + 1) + " / -1" : "2 / " + line + " / -1 / " + (line + 1);
            band.hidden = false;
          }
          $("info").textContent = describe(kind, i, entries);
        }

        function describe(kind, i, entries) {
          const terms = (name) => entries.map((e) => fmt(D.data[e]) + "·" + (name === "x" ? xLabel(D.indices[e]) : yLabel(entryRow[e])));
          const T = transposed();
          if (kind === "y") {
            return T ? yLabel(i) + " is input " + i + " of the ConvTranspose: it feeds " + entries.length + " outputs (row " + i + " of W, column " + i + " of Wᵀ):\n  " + entries.map((e) => xLabel(D.indices[e]) + " += " + fmt(D.data[e]) + "·" + yLabel(i)).join("\n  ")
                     : yLabel(i) + " = " + (terms("x").join(" + ") || "0") + "\n(row " + i + " of W: " + entries.length + " stored entries; taps " + entries.map((e) => tapsOf(e).map(weightLabel).join("+")).join(", ") + ")";
          }
          if (kind === "x") {
            return T ? xLabel(i) + " = " + (terms("y").join(" + ") || "0") + "\n(column " + i + " of W = row " + i + " of Wᵀ: " + entries.length + " stored entries; taps " + entries.map((e) => tapsOf(e).map(weightLabel).join("+")).join(", ") + ")"
                     : xLabel(i) + " feeds " + entries.length + " outputs (column " + i + " of W, the transposed view):\n  " + entries.map((e) => yLabel(entryRow[e]) + " += " + fmt(D.data[e]) + "·" + xLabel(i)).join("\n  ");
          }
          if (kind === "k") return weightLabel(i) + " = " + fmt(D.weights[i]) + " appears in " + entries.length + " entries of W";
          const e = i;
          return "W[" + entryRow[e] + ", " + D.indices[e] + "] = " + fmt(D.data[e]) + " = " + tapsOf(e).map(weightLabel).join(" + ")
            + ": " + xLabel(D.indices[e]) + " → " + yLabel(entryRow[e]);
        }

        function target(node) {
          const el = node instanceof Element ? node.closest("[id^='x-'],[id^='y-'],[id^='k-'],.nz") : null;
          if (!el) return null;
          if (el.classList.contains("nz")) return ["w", +el.dataset.entry];
          return [el.id[0], +el.id.slice(2)];
        }
        document.addEventListener("mouseover", (event) => {
          if (pinned) return;
          const t = target(event.target);
          if (t) select(t[0], t[1]); else clear();
        });
        document.addEventListener("click", (event) => {
          const t = target(event.target);
          if (!t) return;
          pinned = pinned && pinned[0] === t[0] && pinned[1] === t[1] ? null : t;
          select(t[0], t[1]);
        });
        $("transposed-toggle").addEventListener("change", (event) => {
          reading = event.target.checked ? "transposed" : "forward";
          pinned = null; clear(); layout();
          if (D.mode !== "full") spy.draw();
        });

        // Larger layers: W on a canvas, zoomed with the wheel or the buttons, dragged to pan.
        const spy = {
          zoom: 1, r0: 0, c0: 0, size: 720, hover: null,
          setup() {
            for (const id of ["panel-in", "panel-kernel", "panel-out"]) $(id).hidden = true;
            const canvas = document.createElement("canvas");
            canvas.id = "spy"; canvas.width = this.size; canvas.height = this.size;
            $("w").append(canvas); this.canvas = canvas;
            for (const [text, f] of [["zoom in", 2], ["zoom out", 0.5], ["fit", 0]]) {
              const b = document.createElement("button"); b.textContent = text;
              b.addEventListener("click", () => this.zoomBy(f, this.size / 2, this.size / 2)); $("w-controls").append(b);
            }
            this.fit();
            canvas.addEventListener("wheel", (ev) => { ev.preventDefault(); this.zoomBy(ev.deltaY < 0 ? 1.25 : 0.8, ev.offsetX, ev.offsetY); });
            let drag = null;
            canvas.addEventListener("mousedown", (ev) => { drag = [ev.offsetX, ev.offsetY, this.r0, this.c0]; });
            window.addEventListener("mouseup", () => { drag = null; });
            canvas.addEventListener("mousemove", (ev) => {
              if (drag) { this.c0 = drag[3] - (ev.offsetX - drag[0]) / this.zoom; this.r0 = drag[2] - (ev.offsetY - drag[1]) / this.zoom; }
              const [R, C] = this.extent(), a = Math.floor(this.r0 + ev.offsetY / this.zoom), b = Math.floor(this.c0 + ev.offsetX / this.zoom);
              this.hover = a >= 0 && a < R && b >= 0 && b < C ? [a, b] : null;
              this.draw(); this.describe();
            });
          },
          extent() { return transposed() ? [D.columns, D.rows] : [D.rows, D.columns]; },
          fit() { const [R, C] = this.extent(); this.zoom = this.size / Math.max(R, C); this.r0 = 0; this.c0 = 0; this.draw(); },
          zoomBy(f, x, y) {
            if (f === 0) return this.fit();
            const r = this.r0 + y / this.zoom, c = this.c0 + x / this.zoom;
            this.zoom = Math.min(64, this.zoom * f); this.r0 = r - y / this.zoom; this.c0 = c - x / this.zoom; this.draw();
          },
          draw() {
            const g = this.canvas.getContext("2d"), z = this.zoom, s = Math.max(z, 1), T = transposed();
            g.fillStyle = "#fff"; g.fillRect(0, 0, this.size, this.size);
            for (let e = 0; e < D.nnz; e++) {
              const r = T ? D.indices[e] : entryRow[e], c = T ? entryRow[e] : D.indices[e];
              const x = (c - this.c0) * z, y = (r - this.r0) * z;
              if (x < -s || y < -s || x > this.size || y > this.size) continue;
              g.fillStyle = color(D.data[e]); g.fillRect(x, y, s, s);
            }
            if (this.hover) {
              g.fillStyle = "rgba(255,170,0,.45)";
              g.fillRect(0, (this.hover[0] - this.r0) * z, this.size, s);
              g.fillRect((this.hover[1] - this.c0) * z, 0, s, this.size);
            }
          },
          describe() {
            if (!this.hover) return;
            const T = transposed(), r = T ? this.hover[1] : this.hover[0], c = T ? this.hover[0] : this.hover[1];
            const e = entryAt(r, c), n = D.indptr[r + 1] - D.indptr[r];
            $("info").textContent = "W[" + r + ", " + c + "] = " + (e < 0 ? "0 (not stored)" : fmt(D.data[e]) + " = " + tapsOf(e).map(weightLabel).join(" + "))
              + "\nrow " + r + " (output y #" + r + ") reads " + n + " inputs; column " + c + " (input x #" + c + ") feeds " + colEntries(c).length + " outputs";
          },
        };

        if (D.mode === "full") {
          xView = tensorView("x", D.inputShape, D.x);
          yView = tensorView("y", D.outputShape, D.y);
          $("kernel").append(kernelView());
          layout();
        } else {
          layout();
          spy.setup();
        }
        document.body.dataset.ready = "1";
        })();
        """#
}
