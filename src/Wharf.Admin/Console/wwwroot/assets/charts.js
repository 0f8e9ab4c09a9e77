// Live charts of the last hour, from GET /api/metrics/history only (the same figures /metrics
// gives), refreshed every 5 seconds: requests, statuses, bytes, connections, and per pool queue
// length, worker memory and CPU.
import { get } from './api.js';
import { h, clear, pageHead, every, bytes, number } from './ui.js';
import { lineChart } from './svgchart.js';

const Hour = 3600_000;
const rate = v => `${number(v, v < 10 ? 1 : 0)}/s`;
const perSecondBytes = v => `${bytes(v)}/s`;

function render(view) {
  const grid = h('div', { class: 'charts' });
  const note = h('p', { class: 'hint', role: 'status' });
  clear(view, pageHead('Live charts', 'The last hour, refreshed every 5 seconds.'), note, grid);

  async function refresh() {
    const history = await get('/api/metrics/history?minutes=60');
    const samples = (history.samples ?? []).map(x => ({ ...x, ms: new Date(x.t).getTime() }));
    const to = Date.now();
    const from = to - Hour;
    const one = (name, pick) => ({ name, points: samples.map(x => [x.ms, Number(pick(x) ?? 0)]) });
    const pools = [...new Set(samples.flatMap(x => Object.keys(x.pools ?? {})))].sort();
    const perPool = pick => pools.map(p => one(p, x => x.pools?.[p] ? pick(x.pools[p]) : 0));
    note.textContent = samples.length
      ? `${samples.length} ${samples.length === 1 ? 'sample' : 'samples'}, one every ${history.intervalSeconds} s; the latest at ${new Date(samples[samples.length - 1].ms).toLocaleTimeString()}.`
      : 'No samples yet: the first comes within a few seconds.';
    clear(grid,
      lineChart({ id: 'requests', title: 'Requests per second', series: [one('requests', x => x.requestsPerSecond)], from, to, format: rate }),
      lineChart({ id: 'status', title: 'Responses by status class', series: ['1xx', '2xx', '3xx', '4xx', '5xx'].map(c => one(c, x => x.statusPerSecond?.[c])), from, to, format: rate }),
      lineChart({ id: 'bytes', title: 'Bytes per second', series: [one('sent', x => x.bytesSentPerSecond), one('received', x => x.bytesReceivedPerSecond)], from, to, format: perSecondBytes, least: 1024 }),
      lineChart({ id: 'connections', title: 'Connections', series: [one('connections', x => x.connections)], from, to, format: v => number(v), least: 2 }),
      lineChart({ id: 'queues', title: 'Queue length per pool', series: perPool(p => p.queueLength), from, to, format: v => number(v), least: 2 }),
      lineChart({ id: 'memory', title: 'Worker memory per pool', series: perPool(p => p.memoryBytes), from, to, format: bytes, least: 1024 * 1024 }),
      lineChart({ id: 'cpu', title: 'Worker CPU per pool', series: perPool(p => p.cpuPercent), from, to, format: v => `${number(v, 1)} %` }));
  }

  return every(5000, async () => {
    try { await refresh(); } catch (e) { note.textContent = `Cannot read the figures: ${e.message}`; }
  });
}

export default { id: 'charts', title: 'Live charts', render };
