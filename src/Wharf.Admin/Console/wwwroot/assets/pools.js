// Application pools and their workers: state, queue length, recycles; start, stop, recycle
// (POST /api/apppools/NAME/ACTION); each worker's memory, CPU and requests (GET /api/workers).
import { get, post } from './api.js';
import { h, clear, pageHead, badge, table, confirm, act, every, duration, bytes, number } from './ui.js';

function render(view, ctx) {
  const canChange = ctx.session.role !== 'read';
  const body = h('div', null, h('p', { class: 'loading', text: 'Loading application pools…' }));
  clear(view, pageHead('Application pools', 'Pools isolate applications in worker processes of their own. Figures refresh every 5 seconds.'), body);

  function actions(p) {
    const hasProgram = Boolean(p.configuration?.program);
    const configured = p.configuration?.state ?? 'started';
    const name = p.name;
    const button = (label, action, question, danger = false) => {
      const b = h('button', { type: 'button', class: danger ? 'danger' : '', text: label, disabled: !canChange, 'aria-label': `${label} pool ${name}` });
      b.addEventListener('click', async () => {
        if (question && !await confirm(question, { yes: label })) return;
        await act(b, () => post(`/api/apppools/${encodeURIComponent(name)}/${action}`), { done: r => r?.message ?? `${name}: ${action}` });
        refresh();
      });
      return b;
    };
    return [
      configured === 'stopped' || p.status?.state === 'rapid-failed' ? button('Start', 'start') : null,
      configured !== 'stopped' ? button('Stop', 'stop', `Stop the pool ${name}? Its workers drain and stop, and its applications answer 503 until it is started.`, true) : null,
      hasProgram ? button('Recycle', 'recycle', `Recycle the workers of ${name}? New workers start first; the old ones finish their requests.`) : null,
    ];
  }

  async function refresh() {
    const [pools, workers] = await Promise.all([get('/api/apppools'), get('/api/workers').catch(() => [])]);
    const stateOf = p => p.status?.state ?? p.configuration?.state ?? 'started';
    clear(body,
      table([
        { title: 'Pool', cell: p => h('strong', { text: p.name }) },
        { title: 'State', cell: p => badge(stateOf(p)) },
        { title: 'Program', cell: p => p.configuration?.program ? h('code', { text: [p.configuration.program.command ?? '', ...(p.configuration.program.arguments ?? [])].join(' ').trim() || 'yes' }) : 'none (static)' },
        { title: 'Workers', class: 'num', cell: p => number(p.status?.workers?.length ?? 0) },
        { title: 'Queue', class: 'num', cell: p => number(p.status?.queueLength ?? 0) },
        { title: 'Recycles', class: 'num', cell: p => number(p.status?.recycles ?? 0) },
        { title: 'Used by', cell: p => (p.usedBy ?? []).join(', ') },
        { title: 'Actions', class: 'actions', cell: actions },
      ], pools.map(p => ({ ...p, attrs: { 'data-pool': p.name } })), { label: 'Application pools', empty: 'No application pools.' }),
      h('h2', { text: 'Worker processes' }),
      table([
        { title: 'Worker', cell: w => h('code', { text: w.id }) },
        { title: 'Pool', cell: w => w.pool },
        { title: 'PID', class: 'num', cell: w => w.pid },
        { title: 'State', cell: w => badge(w.state) },
        { title: 'Uptime', class: 'num', cell: w => duration(w.uptimeSeconds) },
        { title: 'Requests', class: 'num', cell: w => number(w.requestsServed) },
        { title: 'In flight', class: 'num', cell: w => number(w.requestsInFlight) },
        { title: 'Memory', class: 'num', cell: w => bytes(w.privateMemoryBytes) },
        { title: 'CPU', class: 'num', cell: w => w.cpuPercent === null || w.cpuPercent === undefined ? '' : `${number(w.cpuPercent, 1)} %` },
      ], workers.map(w => ({ ...w, attrs: { 'data-worker': w.id, 'data-pid': w.pid } })), { label: 'Worker processes', empty: 'No worker processes are running.' }));
  }

  return every(5000, async () => {
    try { await refresh(); } catch (e) { clear(body, h('p', { class: 'notice bad', text: `Cannot read the pools: ${e.message}` })); }
  });
}

export default { id: 'pools', title: 'Application pools', render };
