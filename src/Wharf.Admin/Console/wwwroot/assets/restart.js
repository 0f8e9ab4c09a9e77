// The Restart dialog, as IIS Manager had it: what to do, the timeout, no-force; then each service's
// progress as it drains (the NDJSON lines of POST /api/reset), End now, and the final result.
import { stream, post } from './api.js';
import { h, clear, dialog, act, badge } from './ui.js';

const choices = [
  ['restart', 'Restart Internet services on this host'],
  ['stop', 'Stop Internet services on this host'],
  ['start', 'Start Internet services on this host'],
  ['reboot', 'Restart the supervisor in place'],
];

export function openRestartDialog(onDone) {
  const radios = choices.map(([value, label], i) => h('label', { class: 'inline' },
    h('input', { type: 'radio', name: 'reset-action', value, checked: i === 0 }), label));
  const timeout = h('input', { type: 'number', id: 'reset-timeout', min: 1, max: 3600, value: 20, required: true });
  const noForce = h('input', { type: 'checkbox', id: 'reset-noforce' });
  const form = h('div', null,
    h('fieldset', null, h('legend', { text: 'What do you want Wharf to do?' }), radios),
    h('label', { for: 'reset-timeout', text: 'Time to wait for services to stop (seconds)' }), timeout,
    h('p', { class: 'hint', text: 'When it runs out, processes still draining are ended, unless forcing is turned off below.' }),
    h('label', { class: 'inline' }, noForce, 'Do not force processes to end (no-force)'),
    h('p', { class: 'notice warn', text: 'Stopping ends every service once its requests have drained; its sites refuse connections until started. A restart starts new processes first, so nothing is refused.' }));
  const progress = h('ul', { class: 'progress', 'aria-label': 'Progress per service' });
  const result = h('p', { class: 'result', role: 'status', 'aria-live': 'polite' });
  const watch = h('div', { hidden: true }, progress, result);

  const ok = h('button', { type: 'button', class: 'primary', text: 'OK' });
  const endNow = h('button', { type: 'button', class: 'danger', text: 'End now', hidden: true,
    title: 'Force the operation in progress: end the processes still draining at once' });
  const close = h('button', { type: 'button', text: 'Cancel', onclick: () => el.close() });
  const rows = new Map();
  const controller = new AbortController();
  let finished = false;

  const el = dialog({
    title: 'Restart Wharf',
    body: h('div', null, form, watch),
    actions: [endNow, close, ok],
    onClose: () => { controller.abort(); if (finished) onDone?.(); },
  });

  function rowOf(key) {
    let row = rows.get(key);
    if (!row) {
      row = { text: h('span', { class: 'msg' }), left: h('span', { class: 'left' }) };
      progress.append(h('li', { 'data-service': key }, h('span', { class: 'svc', text: key || 'wharf' }), row.text, row.left));
      rows.set(key, row);
    }
    return row;
  }

  function line(msg) {
    if (msg.kind === 'progress') {
      const row = rowOf(msg.service ?? '');
      row.text.textContent = msg.message ?? '';
      row.left.textContent = msg.secondsLeft === null || msg.secondsLeft === undefined ? '' : `${Math.max(0, msg.secondsLeft).toFixed(0)} s left`;
    } else if (msg.kind === 'result') {
      // Each service's own outcome replaces its last progress line.
      for (const svc of msg.services ?? []) {
        const row = rowOf(svc.name);
        clear(row.text, badge(svc.state), ' ', svc.message ?? '', ...(svc.forced ?? []).map(f => h('div', { class: 'hint', text: f })));
        row.left.textContent = svc.pid ? `pid ${svc.pid}` : '';
      }
      finished = true;
      result.textContent = `${msg.ok ? 'Done' : 'Failed'}${msg.forced ? ' (processes were forced to end)' : ''}: ${msg.message ?? ''} (exit code ${msg.exitCode})`;
      result.className = `result notice ${msg.ok ? (msg.forced ? 'warn' : 'ok') : 'bad'}`;
      result.dataset.ok = String(msg.ok);
      result.dataset.forced = String(Boolean(msg.forced));
      result.dataset.exitCode = String(msg.exitCode);
    }
  }

  endNow.addEventListener('click', () => act(endNow, () => post('/api/reset/end-now'), { done: 'Ending the operation now' }));

  ok.addEventListener('click', async () => {
    if (!timeout.reportValidity()) return;
    const action = radios.map(r => r.querySelector('input')).find(i => i.checked).value;
    form.hidden = true;
    watch.hidden = false;
    ok.hidden = true;
    endNow.hidden = false;
    close.textContent = 'Close';
    clear(progress);
    result.textContent = 'Working…';
    result.className = 'result';
    try {
      await stream('/api/reset', { action, timeoutSeconds: Number(timeout.value), noForce: noForce.checked }, line, { signal: controller.signal });
      if (!finished) { result.textContent = 'The admin service ended the answer without a result; see the Services page.'; result.className = 'result notice warn'; }
    } catch (e) {
      if (controller.signal.aborted) return;
      // A restart replaces the admin service too: its answer may be cut as it drains.
      result.textContent = `Lost the answer: ${e.message}. The operation may still be running; see the Services page.`;
      result.className = 'result notice warn';
      finished = true;
    } finally {
      endNow.hidden = true;
      close.focus();
    }
  });
  ok.focus();
  return el;
}
