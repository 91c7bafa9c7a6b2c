// Alert rules through the admin API (contract: GET/PUT/DELETE /admin/alert-rules[/{id}]). The form edits
// threshold rules; other conditions are edited as JSON. A 400's problems carry a dotted field path
// ("threshold.value") and are shown next to that field; nothing is saved then.
import { call, adminKey, describeRefusal, el } from './api.js';
import { clearProblems, showProblem, numberOrText, result } from './forms.js';

const $ = id => document.getElementById(id);
let rules = [];

export function initRules() {
  $('rule-form').addEventListener('submit', event => { event.preventDefault(); save(); });
  $('rule-new').addEventListener('click', () => edit(null));
  $('rule-delete').addEventListener('click', remove);
  edit(null);
}

export async function loadRules() {
  const list = $('rule-list');
  if (!adminKey()) { list.replaceChildren(el('li', { class: 'muted' }, 'enter the admin key to list alert rules')); return; }
  const answer = await call('GET', '/admin/alert-rules');
  if (!answer.ok) { list.replaceChildren(el('li', { class: 'bad-text' }, describeRefusal(answer))); return; }
  rules = answer.body.rules || [];
  list.replaceChildren(...rules.map(r => el('li', { 'data-rule': r.id, onclick: () => edit(r) }, el('span', {}, r.id), el('span', { class: 'tag' }, r.source))));
}

function setField(name, value) {
  const input = $('rule-form').querySelector(`[name="${name}"]`);
  input.value = value === undefined || value === null ? (input.tagName === 'SELECT' ? '>' : '') : value;
}

function edit(rule) {
  const form = $('rule-form');
  clearProblems(form);
  result($('rule-result'), true, '');
  $('rule-title').textContent = rule ? `${rule.id} (${rule.source})` : '(new)';
  document.querySelectorAll('#rule-list li').forEach(li => li.classList.toggle('selected', !!rule && li.dataset.rule === rule.id));
  const r = rule || {};
  const select = r.select || {};
  const threshold = r.threshold || {};
  setField('id', r.id);
  setField('select.tenant', select.tenant);
  setField('select.measurement', select.measurement);
  setField('select.field', select.field);
  setField('aggregate', r.aggregate);
  setField('threshold.op', threshold.op);
  setField('threshold.value', threshold.value);
  setField('threshold.for', threshold.for);
  setField('threshold.keep_firing_for', threshold.keep_firing_for);
  setField('labels.severity', (r.labels || {}).severity);
  setField('annotations.summary', (r.annotations || {}).summary);
  const advanced = rule && !rule.threshold;
  const json = { ...r };
  delete json.source; delete json.topology;
  $('rule-json').value = advanced ? JSON.stringify(json, null, 2) : '';
  $('rule-json-box').open = !!advanced;
}

function fromForm() {
  const value = name => $('rule-form').querySelector(`[name="${name}"]`).value.trim();
  const rule = { id: value('id'), select: { measurement: value('select.measurement'), field: value('select.field') } };
  if (value('select.tenant')) { rule.select.tenant = value('select.tenant'); }
  if (value('aggregate')) { rule.aggregate = value('aggregate'); }
  rule.threshold = { op: value('threshold.op'), value: numberOrText(value('threshold.value')) };
  if (value('threshold.for')) { rule.threshold.for = value('threshold.for'); }
  if (value('threshold.keep_firing_for')) { rule.threshold.keep_firing_for = value('threshold.keep_firing_for'); }
  if (value('labels.severity')) { rule.labels = { severity: value('labels.severity') }; }
  if (value('annotations.summary')) { rule.annotations = { summary: value('annotations.summary') }; }
  return rule;
}

async function save() {
  const form = $('rule-form');
  clearProblems(form);
  let rule;
  const text = $('rule-json').value.trim();
  if (text) {
    try { rule = JSON.parse(text); } catch (error) { showProblem(form, 'json', 'not JSON: ' + error.message); result($('rule-result'), false, 'not saved'); return; }
  } else {
    rule = fromForm();
  }
  const id = rule.id || '';
  if (!id) { showProblem(form, 'id', 'a rule needs an id'); result($('rule-result'), false, 'not saved'); return; }
  const answer = await call('PUT', `/admin/alert-rules/${encodeURIComponent(id)}`, rule);
  if (answer.ok) {
    result($('rule-result'), true, `saved ${id}: live in every instance within about a second`);
    await loadRules();
    edit(answer.body);
    result($('rule-result'), true, `saved ${id}`);
    return;
  }
  if (answer.status === 400 && Array.isArray(answer.body.problems)) {
    for (const problem of answer.body.problems) {
      showProblem(form, text ? 'json' : (problem.field || ''), text && problem.field ? `${problem.field}: ${problem.message}` : problem.message);
    }
    result($('rule-result'), false, 'not saved: fix the fields marked in red');
  } else {
    result($('rule-result'), false, describeRefusal(answer));
  }
}

async function remove() {
  const id = $('rule-form').querySelector('[name="id"]').value.trim();
  if (!id) { return; }
  const answer = await call('DELETE', `/admin/alert-rules/${encodeURIComponent(id)}`);
  if (!answer.ok) { result($('rule-result'), false, describeRefusal(answer)); return; }
  await loadRules();
  edit(null);
  result($('rule-result'), true, `deleted ${id}`);
}
