/** @jsxImportSource hono/jsx */
/** Orders (bars) and revenue (line) per day, server-rendered SVG with a text table fallback for screen readers. */
import type { DaySeries } from '../../../../db/queries/admin/dashboard';
import { formatMinor } from './layout';

export function OrdersChart(props: { series: DaySeries[]; currency: string }) {
  const s = props.series;
  const W = 720;
  const H = 220;
  const pad = { l: 40, r: 56, t: 10, b: 28 };
  const iw = W - pad.l - pad.r;
  const ih = H - pad.t - pad.b;
  const maxOrders = Math.max(1, ...s.map((d) => d.orders));
  const maxRevenue = Math.max(1, ...s.map((d) => d.revenue));
  const bw = iw / Math.max(1, s.length);
  const x = (i: number) => pad.l + i * bw;
  const yO = (n: number) => pad.t + ih - (n / maxOrders) * ih;
  const yR = (n: number) => pad.t + ih - (n / maxRevenue) * ih;
  const line = s.map((d, i) => `${i ? 'L' : 'M'}${(x(i) + bw / 2).toFixed(1)},${yR(d.revenue).toFixed(1)}`).join(' ');
  return (
    <figure class="card" style="margin:0 0 1rem">
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" role="img" aria-labelledby="chart-title chart-desc">
        <title id="chart-title">Orders and revenue per day, last {s.length} days</title>
        <desc id="chart-desc">Bars: number of orders per day (left axis). Line: revenue per day in {props.currency} (right axis).</desc>
        <line x1={pad.l} y1={pad.t + ih} x2={pad.l + iw} y2={pad.t + ih} stroke="#999" />
        <text x={pad.l - 6} y={pad.t + 10} text-anchor="end" font-size="11">{maxOrders}</text>
        <text x={pad.l - 6} y={pad.t + ih} text-anchor="end" font-size="11">0</text>
        <text x={pad.l + iw + 4} y={pad.t + 10} font-size="11">{formatMinor(maxRevenue, props.currency)}</text>
        {s.map((d, i) => (
          <rect x={x(i) + 1} y={yO(d.orders)} width={Math.max(1, bw - 2)} height={pad.t + ih - yO(d.orders)} fill="#9fb0ee">
            <title>{`${d.day}: ${d.orders} orders, ${formatMinor(d.revenue, props.currency)}`}</title>
          </rect>
        ))}
        <path d={line} fill="none" stroke="#1b1b1f" stroke-width="2" />
        {s.filter((_, i) => i % 7 === 0 || i === s.length - 1).map((d) => (
          <text x={x(s.indexOf(d)) + bw / 2} y={H - 8} text-anchor="middle" font-size="11">{d.day.slice(5)}</text>
        ))}
      </svg>
      <figcaption class="muted">Bars: orders · line: revenue ({props.currency}, refunds deducted; cancelled and unpaid orders excluded from revenue).</figcaption>
      <details>
        <summary>Table of the data</summary>
        <div class="table-wrap">
          <table>
            <thead><tr><th scope="col">Day</th><th scope="col">Orders</th><th scope="col">Revenue</th></tr></thead>
            <tbody>{s.map((d) => <tr><td>{d.day}</td><td>{d.orders}</td><td>{formatMinor(d.revenue, props.currency)}</td></tr>)}</tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
