/**
 * Benchmark targets as every results file records them: `{ id, measured,
 * goal, unit, pass }`. The verdict follows from the numbers and nothing else
 * (tested in targets.test.ts); a measurement that could not be taken is a
 * MISS with `measured: null`.
 */
export interface Target {
  id: string;
  measured: number | null;
  goal: number;
  unit: string;
  /** `>=`: at least the goal; `<=`: at most */
  direction: '>=' | '<=';
  pass: boolean;
  /** why there is no measurement, or what else the reader must know */
  note?: string;
}

export function target(id: string, measured: number | null | undefined, goal: number, unit: string, direction: '>=' | '<=', note?: string): Target {
  const raw = measured === undefined || measured === null || !Number.isFinite(measured) ? null : measured;
  const pass = raw !== null && (direction === '>=' ? raw >= goal : raw <= goal);
  const m = raw === null ? null : round(raw);
  return { id, measured: m, goal, unit, direction, pass, ...(note ? { note } : {}) };
}

const round = (x: number) => (Math.abs(x) >= 100 ? Math.round(x) : Math.round(x * 1000) / 1000);

export function targetLine(t: Target): string {
  const shown = t.measured === null ? 'not measured' : `${t.measured}${t.unit === '%' || t.unit === 'ratio' ? '' : ' '}${t.unit}`;
  return `target ${t.id}: ${shown} (goal ${t.direction} ${t.goal} ${t.unit}) — ${t.pass ? 'PASS' : 'MISS'}${t.note ? ` (${t.note})` : ''}`;
}
