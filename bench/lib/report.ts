/** Aggregation (median of rounds), ratios, targets and the printed table. */
import type { LoadResult, RouteSpec } from './load';
import { problemsOf } from './load';

export const NOISE = 0.1;

export interface RouteSummary {
  id: string;
  label: string;
  connections: number;
  rps: number;
  p50: number;
  p99: number;
  roundsRps: number[];
  requests: number;
  bodyBytes: number;
  /** x-cache counts over all measured rounds */
  layers: Record<string, number>;
  non2xx: number;
  wrongStatus: number;
  wrongLayer: number;
  wrongBody: number;
  errors: number;
  timeouts: number;
  valid: boolean;
  /** highest CPU (in cores) used by other processes during one of the measured rounds */
  foreignCoresMax?: number | undefined;
  /** median over rounds of our workerd's CPU time per response (µs); robust to other processes */
  cpuUs?: number | undefined;
  /** baseline's CPU per response ÷ this route's (the CPU-time counterpart of vsBaseline) */
  cpuVsBaseline?: number | undefined;
  problems: string[];
  samples: string[];
  /** ratio to this route's own baseline, and to (a) */
  baseline?: string;
  vsBaseline?: number;
  vsA: number;
  target?: { of: string; min: number; pass: boolean; withinNoise: boolean; cpuPass?: boolean | undefined; cpuWithinNoise?: boolean };
}

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** which baseline each storefront route is compared with, and the minimum ratio */
export const BASELINE_OF: Record<string, { of: string; min?: number }> = {
  'a-cache': { of: 'a' },
  'a-kv': { of: 'a' },
  b: { of: 'a-cache', min: 0.85 },
  c: { of: 'a-cache', min: 0.75 },
  d: { of: 'a-kv', min: 0.8 },
  e: { of: 'a' },
};

export function summarise(routes: RouteSpec[], runs: Map<string, LoadResult[]>): RouteSummary[] {
  const out: RouteSummary[] = routes.map((r) => {
    const rs = runs.get(r.id) ?? [];
    const sum = (f: (x: LoadResult) => number) => rs.reduce((s, x) => s + f(x), 0);
    const layers: Record<string, number> = {};
    for (const x of rs) for (const [k, v] of Object.entries(x.layers)) layers[k] = (layers[k] ?? 0) + v;
    const problems = [...new Set(rs.flatMap((x, i) => problemsOf(x).map((p) => `round ${i + 1}: ${p}`)))];
    return {
      id: r.id,
      label: r.label,
      connections: r.connections,
      rps: median(rs.map((x) => x.rps)),
      p50: median(rs.map((x) => x.p50)),
      p99: median(rs.map((x) => x.p99)),
      roundsRps: rs.map((x) => Math.round(x.rps)),
      requests: sum((x) => x.requests),
      bodyBytes: rs[0]?.bodyBytes ?? 0,
      layers,
      non2xx: sum((x) => x.non2xx),
      wrongStatus: sum((x) => x.wrongStatus),
      wrongLayer: sum((x) => x.wrongLayer),
      wrongBody: sum((x) => x.wrongBody),
      errors: sum((x) => x.errors),
      timeouts: sum((x) => x.timeouts),
      valid: rs.length > 0 && problems.length === 0,
      foreignCoresMax: rs.some((x) => x.foreignCores !== undefined) ? Math.max(...rs.map((x) => x.foreignCores ?? 0)) : undefined,
      cpuUs: rs.length > 0 && rs.every((x) => x.workerdCpuUs !== undefined) ? median(rs.map((x) => x.workerdCpuUs!)) : undefined,
      problems,
      samples: [...new Set(rs.flatMap((x) => x.samples))].slice(0, 3),
      vsA: 0,
    };
  });
  const byId = new Map(out.map((s) => [s.id, s]));
  const a = byId.get('a');
  for (const s of out) {
    s.vsA = a && a.rps > 0 ? s.rps / a.rps : 0;
    const b = BASELINE_OF[s.id];
    const base = b && byId.get(b.of);
    if (b && base && base.rps > 0) {
      s.baseline = b.of;
      s.vsBaseline = s.rps / base.rps;
      if (s.cpuUs && base.cpuUs) s.cpuVsBaseline = base.cpuUs / s.cpuUs;
      if (b.min !== undefined) {
        s.target = {
          of: b.of,
          min: b.min,
          pass: s.valid && base.valid && s.vsBaseline >= b.min,
          withinNoise: Math.abs(s.vsBaseline - b.min) / b.min < NOISE,
          cpuPass: s.cpuVsBaseline === undefined ? undefined : s.cpuVsBaseline >= b.min,
          cpuWithinNoise: s.cpuVsBaseline !== undefined && Math.abs(s.cpuVsBaseline - b.min) / b.min < NOISE,
        };
      }
    }
  }
  return out;
}

const pct = (x: number | undefined) => (x === undefined ? '' : `${(x * 100).toFixed(0)} %`);

function pad(rows: string[][], right: Set<number>): string {
  const w = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => (right.has(i) ? c.padStart(w[i]!) : c.padEnd(w[i]!))).join('  ').trimEnd();
  return [line(rows[0]!), w.map((n) => '-'.repeat(n)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

export function layerSplit(s: RouteSummary): string {
  const total = Object.values(s.layers).reduce((a, b) => a + b, 0) || 1;
  return Object.entries(s.layers)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${((v / total) * 100).toFixed(v === total ? 0 : 1)}%`)
    .join(' / ');
}

const verdict = (s: RouteSummary, bold = false) => {
  const t = s.target;
  if (!s.valid) return 'INVALID';
  if (!t) return '';
  const w = (x: string) => (bold ? `**${x}**` : x);
  const cpu = t.cpuPass === undefined ? '' : `; CPU ${t.cpuPass ? 'PASS' : 'MISS'}${t.cpuWithinNoise ? ' (within noise)' : ''}`;
  return `${w(t.pass ? 'PASS' : 'MISS')}${t.withinNoise ? ' (within noise)' : ''}${cpu}`;
};

export function table(summaries: RouteSummary[]): string {
  const rows = [['route', 'conns', 'req/s', 'p50 ms', 'p99 ms', 'vs baseline', 'vs (a)', 'CPU µs/req', 'CPU vs base', 'x-cache', 'target', 'result']];
  for (const s of summaries) {
    const t = s.target;
    rows.push([
      s.label,
      String(s.connections),
      s.rps.toFixed(0),
      s.p50.toFixed(1),
      s.p99.toFixed(1),
      s.vsBaseline === undefined ? '' : `${pct(s.vsBaseline)} of (${s.baseline})`,
      pct(s.vsA),
      s.cpuUs === undefined ? '' : s.cpuUs.toFixed(0),
      pct(s.cpuVsBaseline),
      s.id.startsWith('a') ? '' : layerSplit(s),
      t ? `≥ ${pct(t.min)} of (${t.of})` : '',
      verdict(s),
    ]);
  }
  return pad(rows, new Set([1, 2, 3, 4, 6, 7, 8]));
}

export function markdownTable(summaries: RouteSummary[]): string {
  const head = '| route | conns | req/s | p50 ms | p99 ms | vs baseline | vs (a) | CPU µs/req | CPU vs base | x-cache | target | result |';
  const sep = '|---|--:|--:|--:|--:|--:|--:|--:|--:|---|---|---|';
  const lines = summaries.map((s) => {
    const t = s.target;
    return `| ${s.label} | ${s.connections} | ${s.rps.toFixed(0)} | ${s.p50.toFixed(1)} | ${s.p99.toFixed(1)} | ${
      s.vsBaseline === undefined ? '' : `${pct(s.vsBaseline)} of (${s.baseline})`
    } | ${pct(s.vsA)} | ${s.cpuUs === undefined ? '' : s.cpuUs.toFixed(0)} | ${pct(s.cpuVsBaseline)} | ${s.id.startsWith('a') ? '' : layerSplit(s)} | ${
      t ? `≥ ${pct(t.min)} of (${t.of})` : ''
    } | ${verdict(s, true)} |`;
  });
  return [head, sep, ...lines].join('\n');
}
