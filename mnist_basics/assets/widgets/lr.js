// The learning-rate playground: gradient descent on f(x) = x**2 from chapters 02-03, drawn live.
// mnistBasicsLR(root) wires it up inside `root`; its state (every step's x and loss) is kept on `root.mb`.
(function () {
  const f = x => x * x, grad = x => 2 * x;
  function path(x0, lr, steps) {           // the same arithmetic as `mnist_basics.gradients.gradient_descent_path`
    const xs = [x0];
    for (let i = 0; i < steps; i++) { const x = xs[xs.length - 1]; xs.push(x - lr * grad(x)); }
    return xs;
  }
  function verdict(xs, lr) {             // each step multiplies x by (1 - 2 lr)
    const a = Math.abs(xs[0]), b = Math.abs(xs[xs.length - 1]), r = Math.abs(1 - 2 * lr);
    if (Math.abs(lr - 0.5) < 1e-9) return 'lands on the minimum in one step';
    if (Math.abs(lr - 1) < 1e-9) return 'bounces for ever';          // x -> -x: never closer, never further
    if (!isFinite(b) || r > 1) return 'diverges';
    if (b > 0.5 * a) return lr > 0.5 ? 'bounces, converging slowly' : 'too slow';
    return lr > 0.5 ? 'bounces but converges' : 'converges';
  }
  const MARKS = [0.5, 1];                  // the slider's steps (0.01 in log10) miss these: snap to them
  function snap(v) { const m = MARKS.find(m => Math.abs(v - Math.log10(m)) < 0.006); return m === undefined ? Math.pow(10, v) : m; }
  window.mnistBasicsLR = function (root) {
    const lrIn = root.querySelector('.mb-lr'), stIn = root.querySelector('.mb-steps');
    const lrOut = root.querySelector('.mb-lr-value'), stOut = root.querySelector('.mb-steps-value');
    const curve = root.querySelector('canvas.mb-curve'), loss = root.querySelector('canvas.mb-loss'), say = root.querySelector('.mb-verdict');
    const state = root.mb = { path, verdict, snap };
    function lrValue() { return snap(parseFloat(lrIn.value)); }
    function axes(c, title, xl, yl) {
      const g = c.getContext('2d'); g.clearRect(0, 0, c.width, c.height); g.fillStyle = '#fff'; g.fillRect(0, 0, c.width, c.height);
      g.strokeStyle = '#999'; g.lineWidth = 1; g.strokeRect(40, 10, c.width - 50, c.height - 45);
      g.fillStyle = '#222'; g.font = '13px sans-serif'; g.textAlign = 'center';
      g.fillText(xl, 40 + (c.width - 50) / 2, c.height - 8); g.fillText(title, 40 + (c.width - 50) / 2, 24);
      g.save(); g.translate(13, 10 + (c.height - 45) / 2); g.rotate(-Math.PI / 2); g.fillText(yl, 0, 0); g.restore();
      return g;
    }
    function ticks(g, xt, yt, c) {        // tick labels: [[pixel, text], ...] along the bottom and the left
      g.fillStyle = '#444'; g.font = '11px sans-serif';
      g.textAlign = 'center'; xt.forEach(([px, t]) => g.fillText(t, px, c.height - 24));
      g.textAlign = 'right'; yt.forEach(([py, t]) => g.fillText(t, 37, py + 4));
    }
    function draw() {
      const lr = lrValue(), steps = parseInt(stIn.value), xs = path(-1.5, lr, steps), ls = xs.map(f);
      Object.assign(state, { lr, steps, xs, losses: ls, result: verdict(xs, lr) });
      lrOut.textContent = lr.toPrecision(3); stOut.textContent = steps;
      say.textContent = `learning rate ${lr.toPrecision(3)}: ${state.result}` + (state.result === 'diverges' ? ' (past 1.0 each step overshoots further)' : '');
      root.dataset.result = state.result;
      // the curve and the steps on it
      let g = axes(curve, 'f(x) = x² and the steps', 'x', 'f(x)');
      const X = x => 40 + (x + 2) / 4 * (curve.width - 50), Y = y => 10 + (1 - y / 4) * (curve.height - 45);
      ticks(g, [-2, -1, 0, 1, 2].map(v => [X(v), String(v)]), [0, 1, 2, 3, 4].map(v => [Y(v), String(v)]), curve);
      g.strokeStyle = '#1f77b4'; g.lineWidth = 2; g.beginPath();
      for (let i = 0; i <= 100; i++) { const x = -2 + 4 * i / 100; i ? g.lineTo(X(x), Y(f(x))) : g.moveTo(X(x), Y(f(x))); }
      g.stroke();
      g.save(); g.beginPath(); g.rect(40, 10, curve.width - 50, curve.height - 45); g.clip();
      g.strokeStyle = '#d62728'; g.fillStyle = '#d62728'; g.lineWidth = 1.5; g.beginPath();
      xs.forEach((x, i) => { const cx = X(Math.max(-3, Math.min(3, x))), cy = Y(Math.min(f(x), 6)); i ? g.lineTo(cx, cy) : g.moveTo(cx, cy); });
      g.stroke();
      xs.forEach(x => { g.beginPath(); g.arc(X(Math.max(-3, Math.min(3, x))), Y(Math.min(f(x), 6)), 3.5, 0, 2 * Math.PI); g.fill(); });
      g.restore();
      // loss per step (log scale)
      g = axes(loss, 'loss after each step (log scale)', 'step', 'loss');
      const lmax = Math.log10(Math.max(...ls.filter(isFinite), 10)), lmin = -6;
      const SX = i => 40 + i / Math.max(1, steps) * (loss.width - 50), SY = v => 10 + (1 - (Math.log10(Math.max(v, 1e-6)) - lmin) / (lmax - lmin)) * (loss.height - 45);
      const decades = []; for (let d = Math.ceil(lmin); d <= Math.floor(lmax); d += 2) decades.push([SY(10 ** d), '1e' + d]);
      ticks(g, [0, Math.round(steps / 2), steps].map(v => [SX(v), String(v)]), decades, loss);
      g.strokeStyle = '#d62728'; g.fillStyle = '#d62728'; g.beginPath();
      ls.forEach((v, i) => { const y = SY(isFinite(v) ? v : 10 ** lmax); i ? g.lineTo(SX(i), y) : g.moveTo(SX(i), y); }); g.stroke();
      ls.forEach((v, i) => { g.beginPath(); g.arc(SX(i), SY(isFinite(v) ? v : 10 ** lmax), 3, 0, 2 * Math.PI); g.fill(); });
    }
    lrIn.addEventListener('input', draw); stIn.addEventListener('input', draw);
    state.set = (lr, steps) => { lrIn.value = Math.log10(lr); if (steps) stIn.value = steps; draw(); };
    draw();
  };
})();
