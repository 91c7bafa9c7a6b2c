// The operators' page: tabs, the admin key (typed once, kept in sessionStorage for this tab), the status
// pill, and the parts in live.js, graph.js, tenants.js and rules.js. No framework, no build step.
import { call, adminKey, setAdminKey } from './api.js';
import { startLive } from './live.js';
import { loadTopologies } from './graph.js';
import { initTenants, loadTenants } from './tenants.js';
import { initRules, loadRules } from './rules.js';

const $ = id => document.getElementById(id);
const loaders = { topologies: loadTopologies, tenants: loadTenants, rules: loadRules };

function show(tab) {
  if (!document.getElementById('tab-' + tab)) { tab = 'live'; }
  document.querySelectorAll('.tab').forEach(section => { section.hidden = section.id !== 'tab-' + tab; });
  document.querySelectorAll('nav a').forEach(a => a.classList.toggle('active', a.dataset.tab === tab));
  if (loaders[tab]) { loaders[tab](); }
}

async function checkKey() {
  const state = $('key-state');
  if (!adminKey()) { state.textContent = 'no admin key: read-only'; state.className = 'muted'; return; }
  const answer = await call('GET', '/admin/tenants');
  if (answer.ok) {
    state.textContent = 'admin key accepted';
    state.className = 'ok';
  } else {
    state.textContent = `admin key refused (${answer.status})`;
    state.className = 'bad';
  }
}

async function refreshStatus() {
  const pill = $('status');
  const answer = await call('GET', '/admin/status');
  if (!answer.ok) { pill.textContent = 'status unavailable'; pill.className = 'status not-ready'; return; }
  const roles = answer.body.roles.map(r => r.role).join(' · ') || 'no roles';
  pill.textContent = `${answer.body.ready ? 'ready' : 'not ready'} · ${roles} · v${answer.body.version.split('+')[0]}`;
  pill.className = 'status ' + (answer.body.ready ? 'ready' : 'not-ready');
}

function init() {
  $('key-form').addEventListener('submit', event => {
    event.preventDefault();
    setAdminKey($('admin-key').value.trim());
    $('admin-key').value = '';
    checkKey();
    show(location.hash.slice(1) || 'live');
  });
  $('key-forget').addEventListener('click', () => { setAdminKey(''); checkKey(); show(location.hash.slice(1) || 'live'); });
  window.addEventListener('hashchange', () => show(location.hash.slice(1)));
  initTenants();
  initRules();
  startLive();
  refreshStatus();
  setInterval(refreshStatus, 10000);
  checkKey();
  show(location.hash.slice(1) || 'live');
}

init();
