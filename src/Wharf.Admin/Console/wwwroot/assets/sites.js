// Sites: bindings, state, start and stop, a browse link; add and edit a site, its applications and
// virtual directories (site-edit.js makes every change through /api/config by JSON Pointer).
import { h, clear, pageHead, badge, table, confirm, act, toast } from './ui.js';
import { readConfig, setSiteState, siteDialog, childDialog, removeChild } from './site-edit.js';

const bindingText = b => `${b.protocol ?? 'http'}://${b.address ?? '*'}:${b.port}${b.hostName ? ` (${b.hostName})` : ''}`;

/** Where a browser reaches the site: its first binding, with this host's name for a wildcard address. */
function browseUrl(site) {
  const b = (site.bindings ?? [])[0];
  if (!b) return null;
  const host = b.hostName || (b.address && b.address !== '*' ? (b.address.includes(':') ? `[${b.address}]` : b.address) : location.hostname);
  return `${b.protocol ?? 'http'}://${host}:${b.port}/`;
}

function render(view, ctx) {
  const canChange = ctx.session.role !== 'read';
  const body = h('div', null, h('p', { class: 'loading', text: 'Loading sites…' }));
  // Enabled once the configuration is read: a new site is made against the version read.
  const add = h('button', { type: 'button', class: 'primary', text: 'Add site…', disabled: true });
  clear(view, pageHead('Sites', 'Web sites, their bindings, applications and virtual directories.', add), body);
  let document = null;
  const saved = message => { toast(message); refresh(); };
  add.addEventListener('click', () => siteDialog(document, null, saved));

  function children(site) {
    const rows = [];
    for (const v of site.virtualDirectories ?? []) rows.push({ kind: 'vdir', item: v, app: null });
    for (const a of site.applications ?? []) {
      rows.push({ kind: 'application', item: a, app: null });
      for (const v of a.virtualDirectories ?? []) rows.push({ kind: 'vdir', item: v, app: a.path });
    }
    const label = r => r.kind === 'application' ? 'Application' : 'Virtual directory';
    const fullPath = r => r.app ? `${r.app.replace(/\/$/, '')}${r.item.path}` : r.item.path;
    return h('div', { class: 'children' },
      table([
        { title: 'Path', cell: r => h('code', { text: fullPath(r) }) },
        { title: 'Kind', cell: label },
        { title: 'Physical path', cell: r => h('code', { text: r.item.physicalPath }) },
        { title: 'Pool', cell: r => r.kind === 'application' ? r.item.applicationPool ?? 'DefaultAppPool' : '' },
        {
          title: 'Actions', class: 'actions', cell: r => [
            h('button', { type: 'button', text: 'Edit', disabled: !canChange, 'aria-label': `Edit ${label(r)} ${fullPath(r)}`, onclick: () => childDialog(document, site.name, r.kind, r.item, saved, r.app) }),
            h('button', {
              type: 'button', class: 'danger', text: 'Remove', disabled: !canChange, 'aria-label': `Remove ${label(r)} ${fullPath(r)}`,
              onclick: async e => {
                if (!await confirm(`Remove the ${label(r).toLowerCase()} ${fullPath(r)} from ${site.name}?`, { yes: 'Remove' })) return;
                await act(e.target, () => removeChild(site.name, r.kind, r.item.path, r.app), { done: `Removed ${fullPath(r)}` });
                refresh();
              },
            }),
          ],
        },
      ], rows, { empty: 'No applications or virtual directories besides the root.', label: `Applications and virtual directories of ${site.name}` }),
      h('div', { class: 'toolbar' },
        h('button', { type: 'button', text: 'Add application…', disabled: !canChange, onclick: () => childDialog(document, site.name, 'application', null, saved) }),
        h('button', { type: 'button', text: 'Add virtual directory…', disabled: !canChange, onclick: () => childDialog(document, site.name, 'vdir', null, saved) })));
  }

  function siteCard(site) {
    const state = site.state ?? 'started';
    const started = state === 'started';
    const toggle = h('button', { type: 'button', class: started ? 'danger' : 'primary', text: started ? 'Stop' : 'Start', disabled: !canChange, 'aria-label': `${started ? 'Stop' : 'Start'} site ${site.name}` });
    toggle.addEventListener('click', async () => {
      if (started && !await confirm(`Stop the site ${site.name}? It stops answering on its bindings.`, { yes: 'Stop' })) return;
      await act(toggle, () => setSiteState(site.name, started ? 'stopped' : 'started'), { done: `Site ${site.name} ${started ? 'stopped' : 'started'}` });
      refresh();
    });
    const url = browseUrl(site);
    return h('section', { class: 'panel site', 'data-site': site.name, 'aria-label': `Site ${site.name}` },
      h('div', { class: 'page-head' },
        h('div', null, h('h2', null, site.name, ' ', badge(state)),
          h('p', { class: 'lead' }, `id ${site.id} · `, h('code', { text: site.physicalPath }), ` · pool ${site.applicationPool ?? 'DefaultAppPool'}`)),
        h('div', { class: 'toolbar' },
          url ? h('a', { class: 'button', href: url, target: '_blank', rel: 'noopener noreferrer', text: 'Browse', 'aria-label': `Browse ${site.name} at ${url}` }) : null,
          h('button', { type: 'button', text: 'Edit…', disabled: !canChange, 'aria-label': `Edit site ${site.name}`, onclick: () => siteDialog(document, site, saved) }),
          toggle)),
      h('p', null, h('strong', { text: 'Bindings: ' }), (site.bindings ?? []).length ? site.bindings.map(bindingText).join(', ') : 'none'),
      children(site));
  }

  async function refresh() {
    try {
      ({ document } = await readConfig());
      add.disabled = !canChange;
      const sites = document.sites ?? [];
      clear(body, sites.length ? sites.map(siteCard) : h('p', { class: 'empty', text: 'No sites yet.' }));
    } catch (e) {
      clear(body, h('p', { class: 'notice bad', text: `Cannot read the configuration: ${e.message}` }));
    }
  }
  refresh();
}

export default { id: 'sites', title: 'Sites', render };
