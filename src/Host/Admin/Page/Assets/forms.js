// Validation problems shown next to the field they name: every form has .problem[data-problem="<path>"]
// elements beside its inputs ([data-field="<path>"]); a problem whose path matches no field goes to the
// form's top (data-problem="").
export function clearProblems(form) {
  form.querySelectorAll('.problem').forEach(p => { p.textContent = ''; });
  form.querySelectorAll('.invalid').forEach(i => i.classList.remove('invalid'));
}

export function showProblem(form, path, message) {
  let target = null;
  for (let p = path; p !== null; p = p.includes('.') ? p.slice(0, p.lastIndexOf('.')) : (p === '' ? null : '')) {
    target = form.querySelector(`.problem[data-problem="${CSS.escape(p)}"]`);
    if (target) { break; }
  }
  target = target || form.querySelector('.problem[data-problem=""]');
  target.textContent = target.textContent ? target.textContent + ' ' + message : message;
  const input = form.querySelector(`[data-field="${CSS.escape(path)}"]`);
  if (input) { input.classList.add('invalid'); }
}

// A number when the text is one, else the text itself, so the API's validation names the field.
export function numberOrText(text) {
  const trimmed = text.trim();
  return trimmed !== '' && Number.isFinite(Number(trimmed)) ? Number(trimmed) : trimmed;
}

export function result(node, ok, message) {
  node.textContent = message;
  node.className = 'result ' + (ok ? 'ok' : 'bad');
}
