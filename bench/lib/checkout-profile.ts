/**
 * The checkout profile of `npm run bench:checkout`: placeOrder() run by the
 * probe worker (checkout-probe-worker.js) for carts of the same kind as the
 * load, first one at a time (pure latency of each step), then at the load's
 * concurrency (where the waiting goes when the machine is saturated).
 */
import { request } from 'node:http';

export interface ProbeAnswer {
  status: number;
  timings: { label: string; start: number; ms: number }[];
  responseReady?: number;
  total: number;
}

export function probe(port: number, host: string, path: string, method = 'GET', headers: Record<string, string> = {}): Promise<ProbeAnswer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers: { host, ...headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => {
        try {
          resolve({ ...(JSON.parse(body) as ProbeAnswer), status: res.statusCode ?? 0 });
        } catch {
          reject(new Error(`${path}: ${res.statusCode} ${body.slice(0, 300)}`));
        }
      });
    });
    req.on('error', reject);
    req.setTimeout(30_000, () => req.destroy(new Error(`${path}: timeout`)));
    req.end();
  });
}

/** Runs `n` calls with `concurrency` in flight; returns the answers and the wall time. */
export async function drive(n: number, concurrency: number, call: (i: number) => Promise<ProbeAnswer>): Promise<{ answers: ProbeAnswer[]; wallMs: number }> {
  const answers: ProbeAnswer[] = [];
  let next = 0;
  const t = Date.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) answers.push(await call(next++));
    }),
  );
  return { answers, wallMs: Date.now() - t };
}

export interface PhaseRow {
  phase: string;
  /** calls per request */
  count: number;
  /** mean ms per request (sum over the calls of one request) */
  meanMs: number;
  p50Ms: number;
}

const q = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))]! : 0;
};

/**
 * Per-phase figures. Queries that started after the response was ready (the
 * outbox publish in waitUntil) are labelled "after response: …".
 */
export function phases(answers: ProbeAnswer[]): PhaseRow[] {
  const per = new Map<string, { counts: number[]; sums: number[] }>();
  answers.forEach((a, i) => {
    const seen = new Map<string, { count: number; sum: number }>();
    for (const t of a.timings) {
      const after = a.responseReady !== undefined && t.start >= a.responseReady && !t.label.startsWith('after-commit') && t.label !== 'pool.end';
      const l = after ? `after response: ${t.label}` : t.label;
      const s = seen.get(l) ?? { count: 0, sum: 0 };
      s.count++;
      s.sum += t.ms;
      seen.set(l, s);
    }
    for (const [l, s] of seen) {
      const row = per.get(l) ?? { counts: new Array(answers.length).fill(0), sums: new Array(answers.length).fill(0) };
      row.counts[i] = s.count;
      row.sums[i] = s.sum;
      per.set(l, row);
    }
  });
  const rows: PhaseRow[] = [...per].map(([phase, r]) => ({
    phase,
    count: r.counts.reduce((a, b) => a + b, 0) / answers.length,
    meanMs: r.sums.reduce((a, b) => a + b, 0) / answers.length,
    p50Ms: q(r.sums, 0.5),
  }));
  const ready = answers.map((a) => a.responseReady ?? a.total);
  rows.push({ phase: 'placeOrder → response ready (sum of the above before it, plus CPU)', count: 1, meanMs: ready.reduce((a, b) => a + b, 0) / answers.length, p50Ms: q(ready, 0.5) });
  rows.push({ phase: 'whole probe request incl. background and pool.end', count: 1, meanMs: answers.reduce((a, b) => a + b.total, 0) / answers.length, p50Ms: q(answers.map((a) => a.total), 0.5) });
  return rows;
}
