// Draw a digit: the chapter's models, run in the page. No network, no libraries.
// mnistBasicsDigits(root, models, examples) wires up the widget inside `root`; the models are the JSON that
// `mnist_basics.widgets.export_models` writes. The page's state is kept on `root.mb` for tests and curious readers.
(function () {
  const SIZE = 28, BOX = 20;

  function decode(b64, scale) {            // int8 weights, base64, times a per-tensor scale
    const bytes = Uint8Array.from(atob(b64), c => c.charCodeAt(0));
    const q = new Int8Array(bytes.buffer), out = new Float64Array(q.length);
    for (let i = 0; i < q.length; i++) out[i] = q[i] * scale;
    return out;
  }
  function decodeU8(b64) {                 // uint8 pixels, base64, to 0-1
    const bytes = Uint8Array.from(atob(b64), c => c.charCodeAt(0)), out = new Float64Array(bytes.length);
    for (let i = 0; i < bytes.length; i++) out[i] = bytes[i] / 255;
    return out;
  }

  // The preparation MNIST's digits went through: the ink's bounding box scaled (area averaging) so its longer side
  // is 20 pixels, then placed in 28x28 so that its centre of mass sits at the centre. Mirrors
  // `mnist_basics.data.prepare_digit` step by step (same arithmetic, float64).
  function areaWeights(n, m) {             // m x n matrix: share of input cell k in output cell i
    const w = [], r = n / m;
    for (let i = 0; i < m; i++) {
      const row = new Float64Array(n), a = i * r, b = (i + 1) * r;
      for (let k = Math.floor(a); k < Math.min(n, Math.ceil(b)); k++) row[k] = (Math.min(b, k + 1) - Math.max(a, k)) / r;
      w.push(row);
    }
    return w;
  }
  function prepare(ink, h, w) {            // ink: Float64Array h*w, 0 = background, 1 = full ink
    let r0 = h, r1 = -1, c0 = w, c1 = -1;
    for (let r = 0; r < h; r++) for (let c = 0; c < w; c++) if (ink[r * w + c] > 0) {
      if (r < r0) r0 = r; if (r > r1) r1 = r; if (c < c0) c0 = c; if (c > c1) c1 = c;
    }
    if (r1 < 0) return null;
    const bh = r1 - r0 + 1, bw = c1 - c0 + 1, s = BOX / Math.max(bh, bw);
    const nh = Math.max(1, Math.floor(bh * s + 0.5)), nw = Math.max(1, Math.floor(bw * s + 0.5));
    const wr = areaWeights(bh, nh), wc = areaWeights(bw, nw), tmp = new Float64Array(nh * bw), img = new Float64Array(nh * nw);
    for (let i = 0; i < nh; i++) for (let k = 0; k < bh; k++) { const f = wr[i][k]; if (!f) continue;
      for (let c = 0; c < bw; c++) tmp[i * bw + c] += f * ink[(r0 + k) * w + c0 + c]; }
    for (let i = 0; i < nh; i++) for (let j = 0; j < nw; j++) { let v = 0;
      for (let c = 0; c < bw; c++) v += tmp[i * bw + c] * wc[j][c]; img[i * nw + j] = Math.min(1, v); }
    let tot = 0, cy = 0, cx = 0;
    for (let i = 0; i < nh; i++) for (let j = 0; j < nw; j++) { const v = img[i * nw + j]; tot += v; cy += i * v; cx += j * v; }
    const top = Math.floor(SIZE / 2 - cy / tot + 0.5), left = Math.floor(SIZE / 2 - cx / tot + 0.5);  // centre of mass at (14, 14), as MNIST
    const out = new Float64Array(SIZE * SIZE);
    for (let i = 0; i < nh; i++) for (let j = 0; j < nw; j++) {
      const y = i + top, x = j + left;
      if (y >= 0 && y < SIZE && x >= 0 && x < SIZE) out[y * SIZE + x] = img[i * nw + j];
    }
    return out;
  }

  function run(model, x) {                 // x: Float64Array(784) -> {label, prob, probs | dists}
    if (model.kind === 'means') {
      const d = model._means.map(m => { let s = 0;
        for (let i = 0; i < x.length; i++) { const e = x[i] - m[i]; s += model.dist === 'rmse' ? e * e : Math.abs(e); }
        return model.dist === 'rmse' ? Math.sqrt(s / x.length) : s / x.length; });
      const k = d.indexOf(Math.min(...d));
      return { label: model.labels[k], dists: d };
    }
    let a = x;
    model._layers.forEach((L, li) => {
      const o = new Float64Array(L.n_out);
      for (let j = 0; j < L.n_out; j++) { let s = L._b[j]; for (let i = 0; i < L.n_in; i++) s += a[i] * L._w[i * L.n_out + j]; o[j] = s; }
      a = li < model._layers.length - 1 ? o.map(v => Math.max(0, v)) : o;
    });
    if (model.out === 'sigmoid') {         // one output: the probability of the first label
      const p = 1 / (1 + Math.exp(-a[0]));
      return p >= 0.5 ? { label: model.labels[0], prob: p, probs: [p, 1 - p] } : { label: model.labels[1], prob: 1 - p, probs: [p, 1 - p] };
    }
    const mx = Math.max(...a), e = Array.from(a, v => Math.exp(v - mx)), z = e.reduce((s, v) => s + v, 0), p = e.map(v => v / z);
    const k = p.indexOf(Math.max(...p));
    return { label: model.labels[k], prob: p[k], probs: p };
  }

  function load(models) {
    for (const m of models) {
      if (m.kind === 'means') m._means = m.means.map(decodeU8);
      else m._layers = m.layers.map(L => Object.assign(L, { _w: decode(L.w, L.w_scale), _b: Float64Array.from(L.b) }));
    }
    return models;
  }

  window.mnistBasicsDigits = function (root, models, examples) {
    load(models);
    const canvas = root.querySelector('canvas.mb-draw'), view = root.querySelector('canvas.mb-28');
    const table = root.querySelector('tbody'), ctx = canvas.getContext('2d', { willReadFrequently: true }), vctx = view.getContext('2d');
    const W = canvas.width, H = canvas.height;
    const state = root.mb = { models, run, prepare, x: null, results: [], strokes: 0, examples };
    function clear() { ctx.fillStyle = '#000'; ctx.fillRect(0, 0, W, H); state.x = null; state.results = []; state.strokes = 0; show(); }
    function inkOf() {
      const d = ctx.getImageData(0, 0, W, H).data, ink = new Float64Array(W * H);
      for (let i = 0; i < W * H; i++) ink[i] = d[4 * i] / 255;
      return ink;
    }
    function classify(x) {
      state.x = x; state.results = x ? models.map(m => run(m, x)) : [];
      show();
    }
    function show() {
      const img = vctx.createImageData(SIZE, SIZE);
      for (let i = 0; i < SIZE * SIZE; i++) { const v = state.x ? 255 * state.x[i] : 0;
        img.data[4 * i] = img.data[4 * i + 1] = img.data[4 * i + 2] = v; img.data[4 * i + 3] = 255; }
      vctx.putImageData(img, 0, 0);
      table.replaceChildren();
      models.forEach((m, i) => {
        const r = state.results[i], tr = document.createElement('tr');
        const ans = r ? String(r.label) : '–';
        const conf = !r ? '' : r.prob !== undefined ? (100 * r.prob).toFixed(1) + '%' :
          'distance ' + r.dists[r.dists.length > 2 ? r.label : m.labels.indexOf(r.label)].toFixed(3);
        [m.name, ans, conf].forEach((text, j) => {         // as text, never markup: names and labels are data
          const td = document.createElement('td'); td.textContent = String(text); if (j === 1) td.className = 'mb-ans';
          tr.appendChild(td);
        });
        table.appendChild(tr);
      });
    }
    let drawing = false, last = null;
    function pos(e) { const b = canvas.getBoundingClientRect(); return [(e.clientX - b.left) * W / b.width, (e.clientY - b.top) * H / b.height]; }
    canvas.addEventListener('pointerdown', e => { drawing = true; last = pos(e); canvas.setPointerCapture(e.pointerId); state.strokes++; dot(last); });
    canvas.addEventListener('pointermove', e => { if (!drawing) return; const p = pos(e); line(last, p); last = p; });
    const end = () => { if (!drawing) return; drawing = false; classify(prepare(inkOf(), H, W)); };
    canvas.addEventListener('pointerup', end); canvas.addEventListener('pointerleave', end);
    function dot(p) { ctx.fillStyle = '#fff'; ctx.beginPath(); ctx.arc(p[0], p[1], W / 28, 0, 2 * Math.PI); ctx.fill(); }
    function line(a, b) { ctx.strokeStyle = '#fff'; ctx.lineWidth = W / 14; ctx.lineCap = 'round';
      ctx.beginPath(); ctx.moveTo(a[0], a[1]); ctx.lineTo(b[0], b[1]); ctx.stroke(); }
    root.querySelector('.mb-clear').addEventListener('click', clear);
    let ex = 0;
    root.querySelector('.mb-example').addEventListener('click', () => {
      if (!examples || !examples.images.length) return;
      const k = ex++ % examples.images.length, x = decodeU8(examples.images[k]);
      ctx.fillStyle = '#000'; ctx.fillRect(0, 0, W, H);
      const img = ctx.createImageData(SIZE, SIZE);
      for (let i = 0; i < SIZE * SIZE; i++) { img.data[4 * i] = img.data[4 * i + 1] = img.data[4 * i + 2] = 255 * x[i]; img.data[4 * i + 3] = 255; }
      const off = document.createElement('canvas'); off.width = off.height = SIZE; off.getContext('2d').putImageData(img, 0, 0);
      ctx.imageSmoothingEnabled = false; ctx.drawImage(off, 0, 0, W, H);
      state.example = examples.labels[k]; classify(x);        // the digit as MNIST has it, no re-preparation
    });
    state.classify = classify; state.inkOf = inkOf;
    state.decode = decodeU8;
    clear();
  };
})();
