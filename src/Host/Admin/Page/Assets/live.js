// The live view: one EventSource on /api/live (a JSON frame per second) feeding the cards, the tables and
// their small charts; firing alerts are polled from the admin API while an admin key is set.
import { call, adminKey, el, fmt } from './api.js';
import { Series, draw } from './chart.js';

const series = {
  'edge-accepted': new Series(), 'edge-rejected': new Series(), 'edge-throttled': new Series(),
  'produce-latency': new Series(), records: new Series(), windows: new Series(), 'sink-lines': new Series(),
};
const tenantSeries = new Map();
const $ = id => document.getElementById(id);

export function startLive() {
  const state = $('live-state');
  const source = new EventSource('/api/live');
  source.onopen = () => { state.textContent = 'live'; state.className = 'pill live'; };
  source.onerror = () => { state.textContent = 'reconnecting…'; state.className = 'pill down'; };
  source.onmessage = event => render(JSON.parse(event.data));
  pollFiring();
  setInterval(pollFiring, 5000);
}

function render(frame) {
  document.body.dataset.frames = String(Number(document.body.dataset.frames || 0) + 1);
  renderEdge(frame.edge);
  renderTopologies(frame.topologies || []);
  renderSink(frame.sink);
  const charts = {
    'edge-accepted': [series['edge-accepted']], 'edge-refused': [series['edge-rejected'], series['edge-throttled']],
    'produce-latency': [series['produce-latency']], records: [series.records], windows: [series.windows], 'sink-lines': [series['sink-lines']],
  };
  for (const canvas of document.querySelectorAll('canvas[data-chart]')) {
    const lines = charts[canvas.dataset.chart];
    if (lines && canvas.offsetParent !== null) { draw(canvas, lines, { colors: lines.length > 1 ? ['#b7791f', '#c2362b'] : undefined }); }
  }
}

// The cards' big numbers: the mean of the last 10 one-second rates (agents post every few seconds, so a
// single second is mostly 0 or a spike); the charts and tables show each second.
function average(s, seconds = 10) {
  const recent = s.values.slice(-seconds).filter(v => v !== null);
  return recent.length ? recent.reduce((a, b) => a + b, 0) / recent.length : null;
}

function renderEdge(edge) {
  const tenants = edge ? edge.tenants : [];
  const sum = key => tenants.reduce((total, t) => total + t[key], 0);
  series['edge-accepted'].push(edge ? edge.pointsPerSecond : null);
  series['edge-rejected'].push(edge ? sum('rejected') : null);
  series['edge-throttled'].push(edge ? edge.throttledPerSecond : null);
  series['produce-latency'].push(edge ? edge.produceLatencyMs : null);
  $('edge-rate').textContent = edge ? fmt(average(series['edge-accepted'])) : 'no edge here';
  $('edge-accepted-total').textContent = fmt(sum('acceptedTotal'), 0);
  $('edge-rejected-rate').textContent = edge ? fmt(sum('rejected')) : '–';
  $('edge-throttled-rate').textContent = edge ? fmt(edge.throttledPerSecond) : '–';
  $('status-429-total').textContent = edge ? fmt(edge.status429Total, 0) : '–';
  $('produce-latency').textContent = edge ? fmt(average(series['produce-latency']), 2) : '–';
  const circuit = $('edge-circuit');
  circuit.textContent = edge ? (edge.circuitOpen ? 'open (503s)' : 'closed') : '–';
  circuit.className = edge && edge.circuitOpen ? 'circuit-open' : 'circuit-closed';
  const body = document.querySelector('#tenant-rates tbody');
  $('tenant-rates-empty').hidden = tenants.length > 0;
  body.replaceChildren(...tenants.map(t => {
    if (!tenantSeries.has(t.tenant)) { tenantSeries.set(t.tenant, new Series(60)); }
    const trend = tenantSeries.get(t.tenant);
    trend.push(t.accepted);
    const canvas = el('canvas');
    const row = el('tr', { 'data-tenant': t.tenant, class: t.throttled > 0 ? 'throttled-now' : null },
      el('td', {}, t.tenant), el('td', { class: 'accepted' }, fmt(t.accepted)), el('td', { class: 'rejected' }, fmt(t.rejected)),
      el('td', { class: 'throttled' }, fmt(t.throttled)), el('td', { class: 'accepted-total' }, fmt(t.acceptedTotal, 0)),
      el('td', { class: 'throttled-total' + (t.throttledTotal > 0 ? ' bad-text' : '') }, fmt(t.throttledTotal, 0)), el('td', {}, canvas));
    requestAnimationFrame(() => draw(canvas, trend, { fill: false }));
    return row;
  }));
}

function renderTopologies(topologies) {
  const total = key => topologies.reduce((sum, t) => sum + t[key], 0);
  series.records.push(total('recordsPerSecond'));
  series.windows.push(total('windowsClosedPerSecond'));
  $('records-rate').textContent = fmt(average(series.records));
  $('windows-rate').textContent = fmt(average(series.windows));
  $('late-total').textContent = fmt(total('lateRecords'), 0);
  $('open-windows').textContent = fmt(total('openWindows'), 0);
  const partitions = topologies.flatMap(t => t.partitions.map(p => ({ ...p, topology: t.topology })));
  const known = partitions.filter(p => p.lag >= 0);
  $('total-lag').textContent = known.length ? fmt(known.reduce((sum, p) => sum + p.lag, 0), 0) : '–';
  document.querySelector('#topology-rates tbody').replaceChildren(...topologies.map(t => el('tr', { 'data-topology': t.topology },
    el('td', {}, t.topology), el('td', { class: 'records' }, fmt(t.recordsPerSecond)), el('td', {}, fmt(t.outputsPerSecond)),
    el('td', {}, fmt(t.windowsClosed, 0)), el('td', {}, fmt(t.lateRecords, 0)), el('td', {}, fmt(t.deadLetters, 0)), el('td', {}, t.assignedPartitions))));
  document.querySelector('#lag tbody').replaceChildren(...partitions.map(p => el('tr', {},
    el('td', {}, p.topology), el('td', {}, p.topic), el('td', {}, p.partition), el('td', { class: 'lag' }, p.lag < 0 ? '–' : fmt(p.lag, 0)),
    el('td', {}, p.committedOffset < 0 ? '–' : p.committedOffset), el('td', {}, p.endOffset < 0 ? '–' : p.endOffset))));
}

function renderSink(sink) {
  series['sink-lines'].push(sink ? sink.linesPerSecond : null);
  $('sink-rate').textContent = sink ? fmt(average(series['sink-lines'])) : 'no sink here';
  $('sink-latency').textContent = sink && sink.latencyMs !== null ? fmt(sink.latencyMs, 2) : '–';
  $('sink-retries').textContent = sink ? fmt(sink.retriesPerSecond) : '–';
  const targets = sink ? sink.targets : [];
  $('sink-empty').hidden = !!sink;
  document.querySelector('#sink-targets tbody').replaceChildren(...targets.map(t => el('tr', {},
    el('td', {}, t.name), el('td', { class: 'circuit-' + t.circuit }, t.circuit), el('td', {}, fmt(t.linesPerSecond)),
    el('td', {}, t.latencyMs === null ? '–' : fmt(t.latencyMs, 2)), el('td', {}, fmt(t.retries, 0)), el('td', {}, fmt(t.failures, 0)))));
}

async function pollFiring() {
  const note = $('firing-note');
  const body = document.querySelector('#firing tbody');
  if (!adminKey()) { note.textContent = 'enter the admin key to see firing alerts'; body.replaceChildren(); return; }
  const result = await call('GET', '/admin/alerts/firing');
  if (!result.ok) { note.textContent = `firing alerts unavailable (${result.status})`; return; }
  const alerts = result.body.alerts || [];
  note.textContent = alerts.length ? '' : 'nothing firing';
  body.replaceChildren(...alerts.map(a => el('tr', {}, el('td', {}, a.rule), el('td', {}, a.series),
    el('td', {}, new Date(a.since).toLocaleString()), el('td', {}, a.value === null ? '–' : fmt(a.value, 2)))));
}
