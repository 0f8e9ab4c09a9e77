// Services: each service's state, pid, uptime, restarts and connections (GET /api/services, every
// 5 s); start, stop and restart one (POST /api/services/NAME/ACTION); the Restart dialog for all.
import { get, post } from './api.js';
import { h, clear, pageHead, badge, table, confirm, act, every, duration, number } from './ui.js';
import { openRestartDialog } from './restart.js';

function render(view, ctx) {
  const canChange = ctx.session.role !== 'read';
  const body = h('div', null, h('p', { class: 'loading', text: 'Loading services…' }));
  const restart = h('button', { type: 'button', class: 'primary', text: 'Restart Wharf…', disabled: !canChange, onclick: () => openRestartDialog(refresh) });
  clear(view, pageHead('Services', 'The services of this host, as the supervisor runs them.', restart), body);

  async function refresh() {
    const status = await get('/api/services');
    const buttons = svc => {
      const running = svc.state === 'Running';
      const go = (action, label, danger) => {
        const b = h('button', { type: 'button', class: danger ? 'danger' : '', text: label, disabled: !canChange, 'aria-label': `${label} ${svc.name}` });
        b.addEventListener('click', async () => {
          // Stopping the admin service ends this console too; say so before, not after.
          const question = svc.name === 'admin' && action === 'stop'
            ? 'Stop the admin service? This console and the admin API stop with it; start it again on the machine with `wharf service start admin`.'
            : `${label} the ${svc.name} service? Its connections are drained and then closed.`;
          if (danger && !await confirm(question, { yes: label })) return;
          await act(b, () => post(`/api/services/${encodeURIComponent(svc.name)}/${action}`), { done: r => r?.message ?? `${svc.name}: ${action} done` });
          await refresh();
        });
        return b;
      };
      return [running ? null : go('start', 'Start'), running ? go('stop', 'Stop', true) : null, go('restart', 'Restart', true)];
    };
    clear(body,
      status.disabled ? h('p', { class: 'notice warn', text: 'Wharf is disabled (wharf reset /disable): the services stay stopped until it is enabled on this machine.' }) : null,
      table([
        { title: 'Service', cell: s => h('strong', { text: s.name }) },
        { title: 'State', cell: s => badge(s.state) },
        { title: 'PID', class: 'num', cell: s => s.pid ?? '' },
        { title: 'Uptime', class: 'num', cell: s => duration(s.uptimeSeconds) },
        { title: 'Restarts', class: 'num', cell: s => number(s.restarts) },
        { title: 'Connections', class: 'num', cell: s => number(s.connections) },
        { title: 'Last message', cell: s => s.message ?? '' },
        { title: 'Actions', class: 'actions', cell: buttons },
      ], (status.services ?? []).map(s => ({ ...s, attrs: { 'data-service': s.name } })), { label: 'Services', empty: 'No services.' }));
  }

  return every(5000, async () => {
    try { await refresh(); } catch (e) { clear(body, h('p', { class: 'notice bad', text: `Cannot read the services: ${e.message}` })); }
  });
}

export default { id: 'services', title: 'Services', render };
