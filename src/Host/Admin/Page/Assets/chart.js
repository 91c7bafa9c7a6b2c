// Small time-series plots on canvas: a filled line over the last N samples with its maximum as a label.
// One Series per plot; draw() is cheap enough to run on every live frame.
export class Series {
  constructor(capacity = 120) { this.capacity = capacity; this.values = []; }
  push(value) {
    this.values.push(value === null || value === undefined || Number.isNaN(value) ? null : value);
    if (this.values.length > this.capacity) { this.values.shift(); }
  }
}

export function draw(canvas, series, options = {}) {
  const ratio = window.devicePixelRatio || 1;
  const width = canvas.clientWidth || 200;
  const height = canvas.clientHeight || 50;
  if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
  }
  const g = canvas.getContext('2d');
  g.setTransform(ratio, 0, 0, ratio, 0, 0);
  g.clearRect(0, 0, width, height);
  const lines = Array.isArray(series) ? series : [series];
  const all = lines.flatMap(s => s.values).filter(v => v !== null);
  const max = Math.max(1e-9, ...all, 0);
  const colors = options.colors || ['#1f6feb', '#c2362b', '#1a7f55'];
  g.strokeStyle = '#e6ebf0';
  g.lineWidth = 1;
  g.beginPath(); g.moveTo(0, height - 0.5); g.lineTo(width, height - 0.5); g.stroke();
  lines.forEach((s, index) => {
    const n = s.capacity;
    const step = width / Math.max(1, n - 1);
    const offset = n - s.values.length;
    g.beginPath();
    let started = false;
    s.values.forEach((v, i) => {
      if (v === null) { return; }
      const x = (offset + i) * step;
      const y = height - 2 - (v / max) * (height - 12);
      if (started) { g.lineTo(x, y); } else { g.moveTo(x, y); started = true; }
    });
    g.strokeStyle = colors[index % colors.length];
    g.lineWidth = 1.6;
    g.stroke();
    if (index === 0 && started && options.fill !== false) {
      g.lineTo(width, height); g.lineTo(offset * step, height); g.closePath();
      g.fillStyle = 'rgba(31,111,235,0.10)';
      g.fill();
    }
  });
  g.fillStyle = '#6b7785';
  g.font = '10px system-ui, sans-serif';
  g.fillText('max ' + (all.length ? formatMax(max) : '–'), 2, 10);
}

function formatMax(max) { return max >= 100 ? Math.round(max).toString() : max.toFixed(max >= 10 ? 1 : 2); }
