// A small line chart in SVG: time on x (the last hour), one polyline per series, a few grid lines.
// Styled only through classes (c1..c6, .series, .grid, .axis): the CSP allows no inline style.
import { h, s } from './ui.js';

const W = 600, H = 180, L = 52, R = 8, T = 8, B = 22;

/** The smallest "round" number (1, 2, 2.5 or 5 times a power of ten) at or above v. */
export function niceCeiling(v) {
  if (!(v > 0)) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

/**
 * series: [{ name, points: [[timeMs, value], ...] }]; format(value) labels the axis and the
 * latest value. Returns a <figure> the page can replace on every refresh.
 */
export function lineChart({ id, title, series, from, to, format = v => String(v), least = 1 }) {
  // `least`: the smallest top of the scale, so whole counts get whole grid lines (0, 1, 2).
  const max = niceCeiling(Math.max(least, ...series.flatMap(x => x.points.map(p => p[1]))));
  const x = t => L + ((t - from) / (to - from)) * (W - L - R);
  const y = v => T + (1 - v / max) * (H - T - B);
  const grid = [0, 0.5, 1].map(f => s('g', null,
    s('line', { x1: L, x2: W - R, y1: y(max * f), y2: y(max * f) }),
    s('text', { x: L - 6, y: y(max * f) + 3, 'text-anchor': 'end' }, format(max * f))));
  const minutes = Math.round((to - from) / 60000);
  const ticks = [0, 0.25, 0.5, 0.75, 1].map(f => s('text', { x: L + f * (W - L - R), y: H - 6, 'text-anchor': f === 0 ? 'start' : f === 1 ? 'end' : 'middle' },
    f === 1 ? 'now' : `-${Math.round(minutes * (1 - f))} min`));
  const lines = series.map((x1, i) => s('polyline', {
    class: `series c${(i % 6) + 1}`,
    'data-series': x1.name,
    'data-points': x1.points.length,
    'data-last': x1.points.length ? x1.points[x1.points.length - 1][1] : '',
    points: x1.points.map(([t, v]) => `${x(t).toFixed(1)},${y(v).toFixed(1)}`).join(' '),
  }));
  // The newest point of each line is marked, so a line of one sample is seen too.
  const marks = series.map((x1, i) => x1.points.length
    ? s('circle', { class: `mark c${(i % 6) + 1}`, r: 2.5, cx: x(x1.points[x1.points.length - 1][0]).toFixed(1), cy: y(x1.points[x1.points.length - 1][1]).toFixed(1) })
    : null);
  const latest = series.map(x1 => x1.points.length ? x1.points[x1.points.length - 1][1] : null);
  const summary = series.length === 1 && latest[0] !== null ? format(latest[0]) : '';
  return h('figure', { class: 'chart', 'data-chart': id },
    h('figcaption', null, title, ' ', h('span', { class: 'now', text: summary })),
    s('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': `${title}, the last ${minutes} minutes${summary ? `; now ${summary}` : ''}` },
      s('g', { class: 'grid axis' }, grid), s('g', { class: 'axis' }, ticks), lines, marks),
    series.length > 1 ? h('div', { class: 'legend' }, series.map((x1, i) => h('span', null,
      h('span', { class: `swatch c${(i % 6) + 1}` }), `${x1.name}${latest[i] !== null ? ` ${format(latest[i])}` : ''}`))) : null);
}
