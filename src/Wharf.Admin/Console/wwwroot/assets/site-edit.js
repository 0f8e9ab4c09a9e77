// Changes to sites, applications and virtual directories, made as `wharf site|app|vdir` make them
// (src/Wharf.Cli/Modules/Www/Sites/SiteEdit.cs): read /api/config with its version, decide the one
// PUT or DELETE by JSON Pointer on what was read, send it with If-Match; on 412 (someone else
// changed it meanwhile) read and decide once more, then report.
import { call, pointer, ApiError } from './api.js';
import { h, dialog } from './ui.js';

export async function readConfig() {
  const { body, version } = await call('GET', '/api/config');
  return { document: body, version: version ?? body?.version };
}

/** decide(document) -> { method: 'PUT'|'DELETE', path, value } for one change, or a string refusing. */
export async function edit(decide) {
  for (let attempt = 1; ; attempt++) {
    const { document, version } = await readConfig();
    const change = decide(document);
    if (typeof change === 'string') throw new Error(change);
    try {
      const { body } = await call(change.method, `/api/config?path=${encodeURIComponent(change.path)}`,
        { body: change.method === 'PUT' ? change.value : undefined, ifMatch: version });
      if (body && body.ok === false) throw new Error(body.message ?? 'committed but not applied everywhere');
      return body;
    } catch (e) {
      if (e instanceof ApiError && e.status === 412 && attempt === 1) continue;
      if (e instanceof ApiError && e.body?.errors?.length) throw new Error(`${e.message}: ${e.body.errors.map(x => `${x.path}: ${x.message}`).join('; ')}`);
      throw e;
    }
  }
}

const same = (a, b) => String(a ?? '').trim().toLowerCase() === String(b ?? '').trim().toLowerCase();
export const findSite = (document, name) => (document.sites ?? []).findIndex(s => same(s.name, name));

function siteIndex(document, name) {
  const i = findSite(document, name);
  if (i < 0) throw new Error(`there is no site named "${name}" any more`);
  return i;
}

export function setSiteState(name, state) {
  return edit(doc => ({ method: 'PUT', path: pointer('sites', siteIndex(doc, name), 'state'), value: state }));
}

function smallestFreeId(document) {
  const used = new Set((document.sites ?? []).map(s => s.id));
  let id = 1;
  while (used.has(id)) id++;
  return id;
}

function field(id, label, input, hint) {
  input.id = id;
  return [h('label', { for: id, text: label }), input, hint ? h('p', { class: 'hint', text: hint }) : null];
}

const text = (value, extra) => h('input', { type: 'text', value: value ?? '', ...extra });

function poolSelect(document, chosen) {
  const names = (document.applicationPools ?? []).map(p => p.name);
  return h('select', null, names.map(n => h('option', { value: n, text: n, selected: same(n, chosen ?? 'DefaultAppPool') })));
}

function bindingRow(b, remove) {
  const row = h('div', { class: 'toolbar binding' });
  const protocol = h('select', { 'aria-label': 'Protocol' }, ['http', 'https'].map(p => h('option', { value: p, text: p, selected: (b?.protocol ?? 'http') === p })));
  const address = text(b?.address ?? '*', { 'aria-label': 'Address', size: 14 });
  const port = h('input', { type: 'number', min: 1, max: 65535, value: b?.port ?? 80, 'aria-label': 'Port', required: true });
  const host = text(b?.hostName ?? '', { 'aria-label': 'Host name', placeholder: 'any host name', size: 18 });
  row.append(protocol, address, port, host, h('button', { type: 'button', class: 'link', text: 'Remove', 'aria-label': 'Remove this binding', onclick: () => remove(row) }));
  // Whatever else the binding holds (its certificate files) is kept as it was.
  row.read = () => ({ ...(b ?? {}), protocol: protocol.value, address: address.value.trim() || '*', port: Number(port.value), hostName: host.value.trim() });
  return row;
}

/** Add a site (site undefined) or edit one: name, folder, pool, bindings. */
export function siteDialog(document, site, onSaved) {
  const name = text(site?.name, { required: true });
  const folder = text(site?.physicalPath, { required: true });
  const pool = poolSelect(document, site?.applicationPool);
  const rows = h('div');
  const removeRow = row => row.remove();
  for (const b of site?.bindings ?? [{ protocol: 'http', address: '*', port: 80 }]) rows.append(bindingRow(b, removeRow));
  const error = h('p', { class: 'notice bad', role: 'alert', hidden: true });
  const save = h('button', { type: 'button', class: 'primary', text: site ? 'Save' : 'Add site' });
  const el = dialog({
    title: site ? `Edit site ${site.name}` : 'Add a site',
    wide: true,
    body: h('div', null, error,
      field('site-name', 'Name', name),
      field('site-folder', 'Physical path', folder, 'Absolute, or relative to the data root.'),
      field('site-pool', 'Application pool', pool),
      h('fieldset', null, h('legend', { text: 'Bindings' }), rows,
        h('button', { type: 'button', text: 'Add binding', onclick: () => rows.append(bindingRow(null, removeRow)) }))),
    actions: [h('button', { type: 'button', text: 'Cancel', onclick: () => el.close() }), save],
  });
  save.addEventListener('click', async () => {
    if (![name, folder, ...rows.querySelectorAll('input[required]')].every(i => i.reportValidity())) return;
    save.disabled = true;
    error.hidden = true;
    const values = { name: name.value.trim(), physicalPath: folder.value.trim(), applicationPool: pool.value, bindings: [...rows.children].map(r => r.read()) };
    try {
      await edit(doc => {
        if (!site) {
          if (findSite(doc, values.name) >= 0) return `a site named "${values.name}" exists already`;
          return { method: 'PUT', path: pointer('sites', '-'), value: { id: smallestFreeId(doc), ...values } };
        }
        const i = siteIndex(doc, site.name);
        return { method: 'PUT', path: pointer('sites', i), value: { ...doc.sites[i], ...values } };
      });
      el.close();
      onSaved(`${site ? 'Saved' : 'Added'} site ${values.name}`);
    } catch (e) {
      error.textContent = e.message;
      error.hidden = false;
    } finally {
      save.disabled = false;
    }
  });
  name.focus();
}

/**
 * Add or edit an application (kind 'application') or a virtual directory (kind 'vdir') of a site;
 * a virtual directory belongs to the root application or to the application at `appPath`.
 */
export function childDialog(document, siteName, kind, existing, onSaved, appPath) {
  const isApp = kind === 'application';
  const path = text(existing?.path ?? '/', { required: true, pattern: '/.*' });
  const folder = text(existing?.physicalPath, { required: true });
  const pool = isApp ? poolSelect(document, existing?.applicationPool) : null;
  const error = h('p', { class: 'notice bad', role: 'alert', hidden: true });
  const save = h('button', { type: 'button', class: 'primary', text: existing ? 'Save' : 'Add' });
  const what = isApp ? 'application' : 'virtual directory';
  const el = dialog({
    title: `${existing ? 'Edit' : 'Add'} ${what} of ${siteName}${!isApp && appPath ? ` (application ${appPath})` : ''}`,
    body: h('div', null, error,
      field(`${kind}-path`, 'URL path', path, isApp ? 'For example /shop.' : 'Relative to its application, for example /images.'),
      field(`${kind}-folder`, 'Physical path', folder),
      pool ? field(`${kind}-pool`, 'Application pool', pool) : null),
    actions: [h('button', { type: 'button', text: 'Cancel', onclick: () => el.close() }), save],
  });
  save.addEventListener('click', async () => {
    if (![path, folder].every(i => i.reportValidity())) return;
    save.disabled = true;
    error.hidden = true;
    const values = { path: path.value.trim(), physicalPath: folder.value.trim(), ...(pool ? { applicationPool: pool.value } : {}) };
    try {
      await edit(doc => {
        const i = siteIndex(doc, siteName);
        let base = ['sites', i];
        let owner = doc.sites[i];
        if (!isApp && appPath) {
          const k = (owner.applications ?? []).findIndex(a => same(a.path, appPath));
          if (k < 0) return `the site has no application ${appPath} any more`;
          base = [...base, 'applications', k];
          owner = owner.applications[k];
        }
        const list = isApp ? 'applications' : 'virtualDirectories';
        const items = owner[list] ?? [];
        const at = existing ? items.findIndex(x => same(x.path, existing.path)) : -1;
        if (existing && at < 0) return `the ${what} ${existing.path} is not there any more`;
        if (!existing && items.some(x => same(x.path, values.path))) return `there is a ${what} ${values.path} already`;
        if (!owner[list]) return { method: 'PUT', path: pointer(...base, list), value: [values] };
        return { method: 'PUT', path: pointer(...base, list, existing ? at : '-'), value: existing ? { ...items[at], ...values } : values };
      });
      el.close();
      onSaved(`${existing ? 'Saved' : 'Added'} ${what} ${values.path}`);
    } catch (e) {
      error.textContent = e.message;
      error.hidden = false;
    } finally {
      save.disabled = false;
    }
  });
  path.focus();
}

/** Removes an application or a virtual directory, found again by path in the version read. */
export function removeChild(siteName, kind, itemPath, appPath) {
  return edit(doc => {
    const i = siteIndex(doc, siteName);
    let base = ['sites', i];
    let owner = doc.sites[i];
    if (kind === 'vdir' && appPath) {
      const k = (owner.applications ?? []).findIndex(a => same(a.path, appPath));
      if (k < 0) return `the site has no application ${appPath} any more`;
      base = [...base, 'applications', k];
      owner = owner.applications[k];
    }
    const list = kind === 'application' ? 'applications' : 'virtualDirectories';
    const at = (owner[list] ?? []).findIndex(x => same(x.path, itemPath));
    if (at < 0) return `${itemPath} is not there any more`;
    return { method: 'DELETE', path: pointer(...base, list, at) };
  });
}
