// The operators' page: tabs, the admin key (typed once, kept in sessionStorage for this tab; every /admin/*
// call needs it), the status pill, and the parts in live.js, graph.js, tenants.js and rules.js. No framework,
// no build step.
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

// GET /admin/status needs the admin key like all of /admin/*, so one call both checks the key and fills the
// status pill. Without a key, or with a key already refused, nothing is asked: the browser would log each
// refused request as a console error.
let refusedKey = null;

async function refreshStatus() {
  const pill = $('status');
  const state = $('key-state');
  const key = adminKey();
  if (!key) {
    state.textContent = 'no admin key: live view only'; state.className = 'muted';
    pill.textContent = 'status: enter the admin key'; pill.className = 'status';
    return;
  }
  if (key === refusedKey) { return; }
  const answer = await call('GET', '/admin/status');
  if (key !== adminKey()) { return; } // the key changed while this call ran; that change refreshes again
  if (answer.status === 401 || answer.status === 403) {
    refusedKey = key;
    state.textContent = `admin key refused (${answer.status})`; state.className = 'bad';
    pill.textContent = 'status: enter a valid admin key'; pill.className = 'status';
    return;
  }
  if (!answer.ok) { pill.textContent = 'status unavailable'; pill.className = 'status not-ready'; return; }
  state.textContent = 'admin key accepted'; state.className = 'ok';
  const roles = answer.body.roles.map(r => r.role).join(' · ') || 'no roles';
  pill.textContent = `${answer.body.ready ? 'ready' : 'not ready'} · ${roles} · v${answer.body.version.split('+')[0]}`;
  pill.className = 'status ' + (answer.body.ready ? 'ready' : 'not-ready');
}

function init() {
  $('key-form').addEventListener('submit', event => {
    event.preventDefault();
    setAdminKey($('admin-key').value.trim());
    $('admin-key').value = '';
    refusedKey = null;
    refreshStatus();
    show(location.hash.slice(1) || 'live');
  });
  $('key-forget').addEventListener('click', () => { setAdminKey(''); refreshStatus(); show(location.hash.slice(1) || 'live'); });
  window.addEventListener('hashchange', () => show(location.hash.slice(1)));
  initTenants();
  initRules();
  startLive();
  refreshStatus();
  setInterval(refreshStatus, 10000);
  show(location.hash.slice(1) || 'live');
}

init();
