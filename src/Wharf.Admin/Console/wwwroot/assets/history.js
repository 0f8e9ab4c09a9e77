// Configuration history: the running version and its note, every kept version, two versions diffed
// side by side (GET /api/config/diff), roll back (POST /api/config/rollback), and named backups.
import { get, call } from './api.js';
import { h, clear, pageHead, table, confirm, act, toast, time, bytes, badge } from './ui.js';

const show = v => v === null || v === undefined ? h('em', { text: '(none)' }) : h('pre', { class: 'mono', text: JSON.stringify(v, null, 2) });

function render(view, ctx) {
  const canChange = ctx.session.role !== 'read';
  const status = h('div');
  const diff = h('div');
  const list = h('div');
  const backups = h('div');
  const from = h('select', { id: 'diff-from' });
  const to = h('select', { id: 'diff-to' });
  const compare = h('button', { type: 'button', text: 'Compare', onclick: () => showDiff() });
  clear(view, pageHead('Configuration history', 'Every committed version is kept; compare two, roll back to one, or keep a named backup.'),
    status,
    h('section', { class: 'panel', 'aria-labelledby': 'diff-title' },
      h('h2', { id: 'diff-title', text: 'Compare two versions' }),
      h('div', { class: 'filters' },
        h('div', null, h('label', { for: 'diff-from', text: 'Older version' }), from),
        h('div', null, h('label', { for: 'diff-to', text: 'Newer version' }), to),
        compare),
      diff),
    h('h2', { text: 'Versions' }), list,
    h('h2', { text: 'Backups' }), backups);

  let current = null;

  async function showDiff() {
    if (!from.value || !to.value) return;
    clear(diff, h('p', { class: 'loading', text: 'Comparing…' }));
    try {
      const d = await get(`/api/config/diff?from=${from.value}&to=${to.value}`);
      clear(diff, (d.changes ?? []).length
        ? h('div', { class: 'table-wrap diff' }, h('table', { 'aria-label': `Changes from version ${d.from} to version ${d.to}` },
          h('thead', null, h('tr', null, h('th', { scope: 'col', text: 'Path' }), h('th', { scope: 'col', text: `Version ${d.from}` }), h('th', { scope: 'col', text: `Version ${d.to}` }))),
          h('tbody', null, d.changes.map(c => h('tr', { 'data-path': c.path },
            h('td', null, h('code', { text: c.path }), h('br'), h('span', { class: 'hint', text: c.op })),
            h('td', { class: c.op === 'add' ? '' : 'old' }, show(c.old)),
            h('td', { class: c.op === 'remove' ? '' : 'new' }, show(c.new)))))))
        : h('p', { class: 'empty', text: `Versions ${d.from} and ${d.to} say the same.` }));
    } catch (e) {
      clear(diff, h('p', { class: 'notice bad', text: e.message }));
    }
  }

  async function rollback(version, button) {
    if (!await confirm(`Roll back to version ${version}? Its content is committed as a new version and applied to every service.`, { yes: 'Roll back' })) return;
    await act(button, async () => {
      const { body } = await call('POST', '/api/config/rollback', { body: { version }, ifMatch: current });
      if (body?.ok === false) throw new Error(body.message);
      return body;
    }, { done: r => `Rolled back: version ${r?.version} holds version ${version}'s content` });
    await refresh();
  }

  async function loadBackups() {
    const items = await get('/api/config/backups');
    const name = h('input', { type: 'text', id: 'backup-name', placeholder: 'before-upgrade', pattern: '[A-Za-z0-9_\\-][A-Za-z0-9._\\-]{0,63}', required: true });
    const create = h('button', { type: 'button', text: 'Back up the current version', disabled: !canChange });
    create.addEventListener('click', async () => {
      if (!name.reportValidity()) return;
      await act(create, () => call('POST', '/api/config/backups', { body: { name: name.value } }), { done: `Backup ${name.value} kept` });
      loadBackups();
    });
    clear(backups,
      table([
        { title: 'Name', cell: b => h('strong', { text: b.name }) },
        { title: 'Version', class: 'num', cell: b => b.version },
        { title: 'Created', cell: b => time(b.createdAt) },
        { title: 'Size', class: 'num', cell: b => bytes(b.bytes) },
        {
          title: 'Actions', class: 'actions', cell: b => [
            h('button', {
              type: 'button', text: 'Restore', disabled: !canChange, 'aria-label': `Restore backup ${b.name}`, onclick: async e => {
                if (!await confirm(`Restore backup ${b.name}? Its content (version ${b.version}) is committed as a new version and applied.`, { yes: 'Restore' })) return;
                await act(e.target, () => call('POST', `/api/config/backups/${encodeURIComponent(b.name)}/restore`, { ifMatch: current }), { done: `Backup ${b.name} restored` });
                refresh();
              },
            }),
            h('button', {
              type: 'button', class: 'danger', text: 'Delete', disabled: !canChange, 'aria-label': `Delete backup ${b.name}`, onclick: async e => {
                if (!await confirm(`Delete backup ${b.name}? This cannot be undone.`, { yes: 'Delete' })) return;
                await act(e.target, () => call('DELETE', `/api/config/backups/${encodeURIComponent(b.name)}`), { done: `Backup ${b.name} deleted` });
                loadBackups();
              },
            }),
          ],
        },
      ], items, { label: 'Backups', empty: 'No backups yet.' }),
      h('div', { class: 'filters' }, h('div', null, h('label', { for: 'backup-name', text: 'New backup name' }), name), create));
  }

  async function refresh() {
    try {
      const [st, versions] = await Promise.all([get('/api/config/status'), get('/api/config/history')]);
      current = st.version;
      const running = st.running ?? {};
      clear(status, h('section', { class: 'panel', 'aria-label': 'Running version' },
        h('p', null, h('strong', { text: 'In force: ' }), `version ${st.version ?? 'none'}`, ' · ',
          h('strong', { text: 'running: ' }), running.error ? running.error : `version ${running.version ?? 'unknown'}`),
        running.note ? h('p', { class: 'notice warn', 'data-note': '', text: `Note: ${running.note}` }) : null,
        st.warning ? h('p', { class: 'notice warn', text: st.warning }) : null,
        st.file && !st.file.valid ? h('p', { class: 'notice bad', text: `config/wharf.json is invalid: ${(st.file.errors ?? []).map(e => `${e.path}: ${e.message}`).join('; ')}` }) : null));
      const keep = [from.value, to.value];
      const options = sel => clear(sel, versions.map(v => h('option', { value: v.version, text: `${v.version}${v.current ? ' (current)' : ''} · ${time(v.savedAt)}` })));
      options(from); options(to);
      from.value = keep[0] || String(versions[1]?.version ?? versions[0]?.version ?? '');
      to.value = keep[1] || String(versions[0]?.version ?? '');
      clear(list, table([
        { title: 'Version', class: 'num', cell: v => h('strong', { text: v.version }) },
        { title: 'Saved', cell: v => time(v.savedAt) },
        { title: 'Size', class: 'num', cell: v => bytes(v.bytes) },
        { title: '', cell: v => v.current ? badge('current') : '' },
        {
          title: 'Actions', class: 'actions', cell: v => [
            h('button', { type: 'button', text: 'Compare with current', 'aria-label': `Compare version ${v.version} with the current version`, disabled: v.current, onclick: () => { from.value = String(v.version); to.value = String(current); showDiff(); } }),
            h('button', { type: 'button', class: 'danger', text: 'Roll back', disabled: v.current || !canChange, 'aria-label': `Roll back to version ${v.version}`, onclick: e => rollback(v.version, e.target) }),
          ],
        },
      ], versions.map(v => ({ ...v, attrs: { 'data-version': v.version } })), { label: 'Kept versions', empty: 'No history yet.' }));
      await loadBackups();
    } catch (e) {
      toast(e.message, 'bad');
    }
  }
  refresh().then(() => { if (from.value && to.value && from.value !== to.value) showDiff(); });
}

export default { id: 'history', title: 'Configuration history', render };
