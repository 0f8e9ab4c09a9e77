// Logs: the event log (GET /api/events) and the audit log (GET /api/audit), newest first, filtered
// by service (or account), kind (event or action) and time, in the browser.
import { get } from './api.js';
import { h, clear, pageHead, table, time } from './ui.js';

const spans = [['900', 'Last 15 minutes'], ['3600', 'Last hour'], ['86400', 'Last 24 hours'], ['604800', 'Last 7 days'], ['', 'Any time']];
const Count = 2000;

function options(select, values, all) {
  const keep = select.value;
  clear(select, h('option', { value: '', text: all }), [...new Set(values)].filter(Boolean).sort().map(v => h('option', { value: v, text: v })));
  select.value = [...select.options].some(o => o.value === keep) ? keep : '';
}

function render(view) {
  const which = h('select', { id: 'log-which' }, h('option', { value: 'events', text: 'Event log' }), h('option', { value: 'audit', text: 'Audit log' }));
  const who = h('select', { id: 'log-who' });
  const whoLabel = h('label', { for: 'log-who', text: 'Service' });
  const kind = h('select', { id: 'log-kind' });
  const since = h('select', { id: 'log-since' }, spans.map(([v, t]) => h('option', { value: v, text: t })));
  since.value = '86400';
  const search = h('input', { type: 'text', id: 'log-search', placeholder: 'words in the message' });
  const refresh = h('button', { type: 'button', text: 'Refresh', onclick: () => load() });
  const out = h('div', null, h('p', { class: 'loading', text: 'Loading…' }));
  clear(view, pageHead('Logs', 'What the services did (events.log) and who changed what (audit.log).'),
    h('div', { class: 'filters', role: 'search', 'aria-label': 'Filter the log' },
      h('div', null, h('label', { for: 'log-which', text: 'Log' }), which),
      h('div', null, whoLabel, who),
      h('div', null, h('label', { for: 'log-kind', text: 'Kind' }), kind),
      h('div', null, h('label', { for: 'log-since', text: 'Time' }), since),
      h('div', null, h('label', { for: 'log-search', text: 'Search' }), search),
      refresh),
    out);

  let lines = [];
  const audit = () => which.value === 'audit';

  function draw() {
    const cutoff = since.value ? Date.now() - Number(since.value) * 1000 : -Infinity;
    const words = search.value.trim().toLowerCase();
    const shown = lines.filter(l =>
      (!who.value || (audit() ? l.user : l.service) === who.value) &&
      (!kind.value || (audit() ? l.action : l.event) === kind.value) &&
      new Date(l.time).getTime() >= cutoff &&
      (!words || JSON.stringify(l).toLowerCase().includes(words))).reverse();
    const columns = audit()
      ? [
        { title: 'Time', class: 'when', cell: l => time(l.time) },
        { title: 'Account', cell: l => h('strong', { text: l.user }) },
        { title: 'Action', cell: l => l.action },
        { title: 'Version', class: 'num', cell: l => l.version ?? '' },
        { title: 'Changes', cell: l => (l.changes ?? []).map(c => h('code', { text: c + ' ' })) },
        { title: 'Detail', cell: l => l.detail ?? '' },
      ]
      : [
        { title: 'Time', class: 'when', cell: l => time(l.time) },
        { title: 'Service', cell: l => h('strong', { text: l.service }) },
        { title: 'Event', cell: l => l.event },
        { title: 'PID', class: 'num', cell: l => l.pid ?? '' },
        { title: 'Message', cell: l => [l.message ?? '', l.exitCode !== undefined && l.exitCode !== null ? ` (exit ${l.exitCode})` : '', l.connections ? ` (${l.connections} connections)` : ''].join('') },
      ];
    clear(out, h('p', { class: 'hint', text: `${shown.length} of the newest ${lines.length} lines` }),
      table(columns, shown.map(l => ({ ...l, attrs: { 'data-kind': audit() ? l.action : l.event } })), { label: audit() ? 'Audit log' : 'Event log', empty: 'No line matches.' }));
  }

  async function load() {
    try {
      lines = await get(audit() ? `/api/audit?count=${Count}` : `/api/events?count=${Count}`);
      whoLabel.textContent = audit() ? 'Account' : 'Service';
      options(who, lines.map(l => audit() ? l.user : l.service), audit() ? 'Every account' : 'Every service');
      options(kind, lines.map(l => audit() ? l.action : l.event), audit() ? 'Every action' : 'Every event');
      draw();
    } catch (e) {
      clear(out, h('p', { class: 'notice bad', text: `Cannot read the log: ${e.message}` }));
    }
  }
  which.addEventListener('change', () => { who.value = ''; kind.value = ''; load(); });
  for (const f of [who, kind, since]) f.addEventListener('change', draw);
  search.addEventListener('input', draw);
  load();
}

export default { id: 'logs', title: 'Logs', render };
