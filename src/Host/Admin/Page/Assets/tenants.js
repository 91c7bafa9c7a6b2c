// Tenant policies: the list from GET /admin/tenants and an editor for one tenant's policies through
// GET|PUT|DELETE /admin/tenants/{tenant}/policies. Problems the API returns ("token-bucket: burst must be at
// least 1", or a JSON error naming "$.burst") are shown next to the field.
import { call, adminKey, describeRefusal, el } from './api.js';
import { clearProblems, showProblem, numberOrText, result } from './forms.js';

const $ = id => document.getElementById(id);
let current = 'demo';

export function initTenants() {
  $('tenant-open').addEventListener('submit', event => { event.preventDefault(); openTenant($('tenant-name').value.trim()); });
  $('policy-form').addEventListener('submit', event => { event.preventDefault(); save(); });
  $('policy-reset').addEventListener('click', reset);
  for (const box of document.querySelectorAll('#policy-form legend input[name="enabled"]')) {
    box.addEventListener('change', () => enable(box.closest('fieldset'), box.checked));
  }
}

export async function loadTenants() {
  if (!adminKey()) {
    $('tenant-list').replaceChildren(el('li', { class: 'muted' }, 'enter the admin key to list tenants'));
    openTenant(current, true);
    return;
  }
  // Open first: it fills the tenant field at once, so a name typed after the tab shows is not overwritten.
  openTenant(current);
  await listTenants();
}

async function listTenants() {
  const list = $('tenant-list');
  const answer = await call('GET', '/admin/tenants');
  if (!answer.ok) { list.replaceChildren(el('li', { class: 'bad-text' }, describeRefusal(answer))); return; }
  list.replaceChildren(...answer.body.tenants.map(t => el('li', { 'data-tenant': t.tenant, class: t.tenant === current ? 'selected' : null, onclick: () => openTenant(t.tenant) },
    el('span', {}, t.tenant), el('span', { class: 'tag' }, t.ownPolicies ? 'own policies' : 'defaults'))));
}

function enable(fieldset, on) {
  fieldset.querySelectorAll('input[data-field]').forEach(i => { i.disabled = !on; });
}

async function openTenant(tenant, offline = false) {
  if (!tenant) { return; }
  current = tenant;
  $('policy-tenant').textContent = tenant;
  $('tenant-name').value = tenant;
  document.querySelectorAll('#tenant-list li').forEach(li => li.classList.toggle('selected', li.dataset.tenant === tenant));
  const form = $('policy-form');
  clearProblems(form);
  result($('policy-result'), true, '');
  if (offline) { fill({}); return; }
  const answer = await call('GET', `/admin/tenants/${encodeURIComponent(tenant)}/policies`);
  if (current !== tenant) { return; } // another tenant was opened meanwhile
  if (!answer.ok) { result($('policy-result'), false, describeRefusal(answer)); fill({}); return; }
  fill(answer.body.policies);
  result($('policy-result'), true, answer.body.default ? 'runs the default policies' : 'has its own policies');
}

function fill(policies) {
  for (const fieldset of document.querySelectorAll('#policy-form fieldset[data-policy]')) {
    const settings = policies[fieldset.dataset.policy];
    fieldset.querySelector('legend input').checked = !!settings;
    enable(fieldset, !!settings);
    fieldset.querySelectorAll('input[data-field]').forEach(input => { input.value = settings && settings[input.name] !== undefined ? settings[input.name] : ''; });
  }
}

function collect() {
  const policies = {};
  for (const fieldset of document.querySelectorAll('#policy-form fieldset[data-policy]')) {
    if (!fieldset.querySelector('legend input').checked) { continue; }
    const settings = {};
    fieldset.querySelectorAll('input[data-field]').forEach(input => {
      if (input.value.trim() !== '') { settings[input.name] = input.name === 'generation' ? input.value.trim() : numberOrText(input.value); }
    });
    policies[fieldset.dataset.policy] = settings;
  }
  return { policies };
}

async function save() {
  const form = $('policy-form');
  clearProblems(form);
  const answer = await call('PUT', `/admin/tenants/${encodeURIComponent(current)}/policies`, collect());
  if (answer.ok) {
    fill(answer.body.policies);
    result($('policy-result'), true, `saved: ${current} has its own policies now`);
    if (adminKey()) { listTenants(); }
    return;
  }
  if (answer.status === 400 && answer.body.problems) {
    answer.body.problems.forEach(problem => showProblem(form, pathOf(problem), problem));
    result($('policy-result'), false, 'not saved: fix the fields marked in red');
  } else {
    result($('policy-result'), false, describeRefusal(answer));
  }
}

async function reset() {
  const answer = await call('DELETE', `/admin/tenants/${encodeURIComponent(current)}/policies`);
  if (!answer.ok) { result($('policy-result'), false, describeRefusal(answer)); return; }
  await openTenant(current);
  result($('policy-result'), true, `${current} runs the default policies again`);
}

// "token-bucket: burst must be at least 1" -> token-bucket.burst; "...Path: $.pointsPerSecond..." -> token-bucket.pointsPerSecond.
function pathOf(problem) {
  const colon = problem.indexOf(': ');
  if (colon < 0) { return ''; }
  const policy = problem.slice(0, colon);
  const rest = problem.slice(colon + 2);
  const json = /\$\.([A-Za-z]+)/.exec(rest);
  const word = json ? json[1] : rest.split(/[\s,]/)[0];
  return document.querySelector(`[data-field="${CSS.escape(policy + '.' + word)}"]`) ? `${policy}.${word}` : policy;
}
