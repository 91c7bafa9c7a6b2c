// Topology graphs drawn as SVG from GET /admin/topologies (which needs the admin key: without one, the tab
// says so and asks nothing): processors in layers (a processor sits one layer right of its deepest input),
// edges as curves, a branch's case names on its edges, and under each window aggregate a tag naming its
// late-data topic. Within a layer, processors follow their inputs' rows, and processors that feed others come
// after those that end a path, so edges do not run behind boxes.
import { call, adminKey, describeRefusal, el } from './api.js';

const NS = 'http://www.w3.org/2000/svg';
const W = 214, H = 46, DX = 262, DY = 64, PAD = 14;
const FILL = { source: '#dbeafe', sink: '#dcfce7', 'window-aggregate': '#fef3c7', alert: '#fde2df', branch: '#ede9fe', join: '#e0f2fe' };

function svg(tag, attrs, text) {
  const node = document.createElementNS(NS, tag);
  for (const [name, value] of Object.entries(attrs)) { node.setAttribute(name, value); }
  if (text !== undefined) { node.textContent = text; }
  return node;
}

export async function loadTopologies() {
  const box = document.getElementById('topologies');
  if (!adminKey()) { box.replaceChildren(el('p', { class: 'muted key-needed' }, 'enter the admin key to see the topology graphs')); return; }
  const result = await call('GET', '/admin/topologies');
  if (!result.ok) { box.replaceChildren(el('p', { class: 'bad-text' }, describeRefusal(result))); return; }
  const topologies = result.body.topologies;
  if (!topologies.length) { box.replaceChildren(el('p', { class: 'muted' }, 'no topologies are loaded in this process')); return; }
  box.replaceChildren(...topologies.map(t => t.error
    ? el('div', { class: 'topology' }, el('h2', {}, t.file), el('p', { class: 'bad-text' }, t.error))
    : el('div', { class: 'topology', 'data-topology': t.name },
      el('h2', {}, `${t.name} `, el('span', { class: 'tag' }, `${t.file} · ${t.running ? 'running here' : 'not running here'}`)),
      graph(t),
      el('details', {}, el('summary', {}, 'describe'), el('pre', {}, t.text)))));
}

function graph(topology) {
  const nodes = topology.processors.map(p => ({ id: p.name, type: p.type, label: p.name, detail: detail(p), settings: p.settings }));
  const late = new Map(topology.processors.filter(p => p.late).map(p => [p.name, p.late]));
  const edges = topology.edges.map(e => ({ from: e.from, to: e.to, label: e.case }));
  const byId = new Map(nodes.map(n => [n.id, n]));
  const layer = id => {
    const node = byId.get(id);
    if (node.layer === undefined) {
      node.layer = 0; // guards against cycles, which validation already refuses
      node.layer = Math.max(0, ...edges.filter(e => e.to === id).map(e => layer(e.from) + 1));
    }
    return node.layer;
  };
  nodes.forEach(n => layer(n.id));
  const layers = Math.max(...nodes.map(n => n.layer)) + 1;
  const rows = new Map();
  nodes.forEach((n, index) => { n.index = index; n.feeds = edges.some(e => e.from === n.id); });
  for (let l = 0; l < layers; l++) {
    const inLayer = nodes.filter(n => n.layer === l);
    for (const n of inLayer) {
      const inputs = edges.filter(e => e.to === n.id).map(e => byId.get(e.from).row);
      n.center = inputs.length ? inputs.reduce((a, b) => a + b, 0) / inputs.length : 0;
    }
    inLayer.sort((a, b) => a.center - b.center || Number(a.feeds) - Number(b.feeds) || a.index - b.index);
    inLayer.forEach((n, row) => { n.row = row; });
    rows.set(l, inLayer.length);
  }
  const height = Math.max(...rows.values()) * DY + PAD * 2;
  const width = (layers - 1) * DX + W + PAD * 2;
  const root = svg('svg', { viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-label': `topology ${topology.name}` });
  root.append(svg('defs', {}));
  root.firstChild.append(marker());
  const x = n => PAD + n.layer * DX, y = n => PAD + n.row * DY;
  for (const e of edges) {
    const a = byId.get(e.from), b = byId.get(e.to);
    const x1 = x(a) + W, y1 = y(a) + H / 2, x2 = x(b), y2 = y(b) + H / 2, mid = (x1 + x2) / 2;
    root.append(svg('path', { class: 'edge', d: `M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2 - 2},${y2}`, 'marker-end': 'url(#arrow)', 'data-from': e.from, 'data-to': e.to }));
    if (e.label) { root.append(svg('text', { class: 'edge-label', x: mid, y: (y1 + y2) / 2 - 4, 'text-anchor': 'middle' }, e.label)); }
  }
  for (const n of nodes) {
    const g = svg('g', { class: 'node', transform: `translate(${x(n)},${y(n)})`, 'data-processor': n.label });
    g.append(svg('title', {}, `${n.label} (${n.type})\n${n.settings}`));
    g.append(svg('rect', { width: W, height: H, rx: 6, fill: FILL[n.type] || '#f8fafc' }));
    g.append(svg('text', { x: 10, y: 18 }, clip(n.label, 30)));
    g.append(svg('text', { class: 'kind', x: 10, y: 34 }, clip(`${n.type === 'window-aggregate' ? 'window' : n.type} · ${n.detail}`, 36)));
    if (late.has(n.id)) {
      g.append(svg('text', { class: 'late-tag', x: 10, y: H + 12, 'data-late': late.get(n.id) }, `late → ${late.get(n.id)}`));
    }
    root.append(g);
  }
  return root;
}

function detail(p) {
  if (p.type === 'source' || p.type === 'sink') { return p.target || ''; }
  const window = /window: (\w+)\(([^)]*)\)/.exec(p.settings);
  if (window) { return `${window[1]} ${window[2].replace('size=', '').replace(/, /g, ' · ').replace(/=/g, ' ')}`; }
  const rules = /rules: \[(.*)\]/.exec(p.settings);
  if (rules) { return `${rules[1].split('), ').length} rules`; }
  return p.settings.split(',')[0];
}

function clip(text, n) { return text.length > n ? text.slice(0, n - 1) + '…' : text; }

function marker() {
  const m = svg('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' });
  m.append(svg('path', { d: 'M0,0 L10,5 L0,10 z', fill: '#8c9aab' }));
  return m;
}
