// The admin API from the page: every call sends the admin key typed into the page (kept in sessionStorage,
// so it lasts for this tab only). Refusals come back as {status, body} for the caller to show.
const KEY = 'metricstream.adminKey';

export function adminKey() { return sessionStorage.getItem(KEY) || ''; }
export function setAdminKey(key) { if (key) { sessionStorage.setItem(KEY, key); } else { sessionStorage.removeItem(KEY); } }

export async function call(method, path, body) {
  const headers = { 'Accept': 'application/json' };
  const key = adminKey();
  if (key) { headers['Authorization'] = 'Token ' + key; }
  if (body !== undefined) { headers['Content-Type'] = 'application/json'; }
  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (error) {
    return { ok: false, status: 0, body: { code: 'unreachable', message: String(error) } };
  }
  const text = await response.text();
  let parsed = null;
  try { parsed = text ? JSON.parse(text) : null; } catch { parsed = { message: text }; }
  return { ok: response.ok, status: response.status, body: parsed };
}

// "Refused (401): missing API key" for the page to show next to a Save button.
export function describeRefusal(result) {
  const message = result.body && result.body.message ? result.body.message : 'no answer';
  if (result.status === 401 || result.status === 403) {
    return `Refused by the API (${result.status}): ${message}. Enter an admin key at the top of the page.`;
  }
  return `Error ${result.status}: ${message}`;
}

export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) { continue; }
    if (name === 'class') { node.className = value; } else if (name.startsWith('on')) { node.addEventListener(name.slice(2), value); } else { node.setAttribute(name, value === true ? '' : value); }
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined) { node.append(child instanceof Node ? child : document.createTextNode(String(child))); }
  }
  return node;
}

export function fmt(value, digits = 1) {
  if (value === null || value === undefined || Number.isNaN(value)) { return '–'; }
  const abs = Math.abs(value);
  if (abs >= 1e6) { return (value / 1e6).toFixed(2) + 'M'; }
  if (abs >= 1e4) { return (value / 1e3).toFixed(1) + 'k'; }
  return Number.isInteger(value) ? String(value) : value.toFixed(digits);
}
