// What every page draws with: elements built by hand (text is never parsed as HTML), state badges,
// modal dialogs (native <dialog>: focus stays inside, Escape closes), confirmations, notices, formats.

export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  apply(el, props);
  append(el, children);
  return el;
}

export function s(tag, attrs, ...children) {
  const el = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs ?? {})) if (v !== undefined && v !== null) el.setAttribute(k, String(v));
  append(el, children);
  return el;
}

function apply(el, props) {
  for (const [k, v] of Object.entries(props ?? {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'text') el.textContent = v;
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'value') el.value = v;
    else if (k === 'checked' || k === 'disabled' || k === 'hidden' || k === 'selected') el[k] = Boolean(v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

export function clear(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** The heading every page starts with, with its buttons on the right. */
export const pageHead = (title, lead, ...actions) =>
  h('div', { class: 'page-head' }, h('div', null, h('h1', { text: title }), lead ? h('p', { class: 'lead', text: lead }) : null),
    actions.length ? h('div', { class: 'toolbar' }, actions) : null);

const tones = {
  running: 'ok', started: 'ok', current: 'ok', ready: 'ok', active: 'ok', applied: 'ok',
  stopped: 'idle', disabled: 'idle', idle: 'idle', unchanged: 'idle', 'not-started': 'idle',
  failed: 'bad', 'rapid-failed': 'bad', hung: 'bad', killed: 'bad',
};

/** A state as a coloured word: green running, grey stopped, red failed, amber anything on its way. */
export function badge(state) {
  const word = String(state ?? 'unknown');
  const tone = tones[word.toLowerCase()] ?? 'warn';
  return h('span', { class: `badge ${tone}`, 'data-state': word.toLowerCase(), text: word });
}

export function table(columns, rows, { empty = 'Nothing to show.', label } = {}) {
  if (!rows.length) return h('p', { class: 'empty', text: empty });
  return h('div', { class: 'table-wrap' },
    h('table', { 'aria-label': label },
      h('thead', null, h('tr', null, columns.map(c => h('th', { scope: 'col', class: c.class, text: c.title })))),
      h('tbody', null, rows.map(r => h('tr', r.attrs ?? null, columns.map(c => h('td', { class: c.class }, c.cell(r))))))));
}

/**
 * A modal dialog. Its content is built by the caller; it is removed when closed. Escape closes it
 * (the native cancel), and focus returns to what had it.
 */
export function dialog({ title, body, actions = [], wide = false, onClose }) {
  const back = document.activeElement;
  const id = `dlg-${Math.random().toString(36).slice(2, 8)}`;
  const el = h('dialog', { class: wide ? 'wide' : '', 'aria-labelledby': id },
    h('header', { id, text: title }),
    h('div', { class: 'body' }, body),
    h('footer', null, actions));
  el.addEventListener('close', () => {
    el.remove();
    onClose?.(el.returnValue);
    if (back instanceof HTMLElement && back.isConnected) back.focus();
  });
  document.body.append(el);
  el.showModal();
  return el;
}

/** Asks before a destructive action; resolves true only on an explicit yes. */
export function confirm(message, { title = 'Are you sure?', yes = 'Yes', danger = true } = {}) {
  return new Promise(resolve => {
    let answered = false;
    const no = h('button', { type: 'button', text: 'Cancel', onclick: () => el.close() });
    const ok = h('button', { type: 'button', class: danger ? 'danger primary' : 'primary', text: yes, onclick: () => { answered = true; el.close(); } });
    const el = dialog({ title, body: h('p', { text: message }), actions: [no, ok], onClose: () => resolve(answered) });
    no.focus();
  });
}

export function toast(message, tone = 'ok') {
  const box = document.getElementById('toasts');
  const t = h('div', { class: `toast ${tone}`, text: message });
  box.append(t);
  setTimeout(() => t.remove(), tone === 'bad' ? 9000 : 4000);
}

/** Runs an action from a button: disabled while it runs, its outcome said in a notice. */
export async function act(button, work, { done } = {}) {
  button.disabled = true;
  try {
    const result = await work();
    if (done) toast(typeof done === 'function' ? done(result) : done, 'ok');
    return result;
  } catch (e) {
    toast(e.message, 'bad');
    return undefined;
  } finally {
    button.disabled = false;
  }
}

/** Calls fn now and every `ms` until stopped; a failing call is shown once and retried. */
export function every(ms, fn) {
  let stopped = false;
  let timer = 0;
  const run = async () => {
    try { await fn(); } catch (e) { if (!stopped) console.warn(e); }
    if (!stopped) timer = setTimeout(run, ms);
  };
  run();
  return () => { stopped = true; clearTimeout(timer); };
}

export function duration(seconds) {
  if (seconds === null || seconds === undefined) return '';
  let s = Math.floor(seconds);
  const d = Math.floor(s / 86400); s %= 86400;
  const hrs = Math.floor(s / 3600); s %= 3600;
  const m = Math.floor(s / 60); s %= 60;
  if (d) return `${d}d ${hrs}h`;
  if (hrs) return `${hrs}h ${m}m`;
  if (m) return `${m}m ${s}s`;
  return `${s}s`;
}

export function bytes(n) {
  if (n === null || n === undefined) return '';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  let v = Number(n);
  while (Math.abs(v) >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return `${v.toFixed(i && v < 10 ? 1 : 0)} ${units[i]}`;
}

export function number(n, digits = 0) {
  return n === null || n === undefined ? '' : Number(n).toLocaleString(undefined, { maximumFractionDigits: digits });
}

export function time(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : d.toLocaleString();
}
