/**
 * CPU used by processes outside the bench's own process tree during a run
 * (other sessions' test runs, builds…): the machine has two cores, so any
 * of it skews the figures. Linux only (/proc); elsewhere it reports nothing.
 */
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_S = 100; // USER_HZ on Linux

interface Snapshot {
  at: number;
  /** pid → [ppid, utime+stime ticks] */
  procs: Map<number, [number, number]>;
}

function snapshot(): Snapshot | undefined {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return undefined;
  }
  const procs = new Map<number, [number, number]>();
  for (const p of pids) {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      // comm may contain spaces and parentheses: fields start after the last ')'
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      procs.set(Number(p), [Number(f[1]), Number(f[11]) + Number(f[12])]);
    } catch {
      // exited meanwhile
    }
  }
  return { at: Date.now(), procs };
}

function descendants(of: number, procs: Map<number, [number, number]>): Set<number> {
  const mine = new Set([of]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, [ppid]] of procs) {
      if (!mine.has(pid) && mine.has(ppid)) {
        mine.add(pid);
        grew = true;
      }
    }
  }
  return mine;
}

/** Starts a measurement; the returned function gives cores used by foreign processes since then. */
export function foreignCpu(): () => number | undefined {
  const start = snapshot();
  return () => {
    const end = snapshot();
    if (!start || !end) return undefined;
    const mine = descendants(process.pid, end.procs);
    // our ancestors (npm, tsx) are idle but count as ours
    let ppid = end.procs.get(process.pid)?.[0];
    while (ppid && ppid > 1) {
      mine.add(ppid);
      ppid = end.procs.get(ppid)?.[0];
    }
    let ticks = 0;
    for (const [pid, [, t]] of end.procs) {
      if (mine.has(pid)) continue;
      ticks += t - (start.procs.get(pid)?.[1] ?? 0);
    }
    const seconds = (end.at - start.at) / 1000;
    return seconds > 0 ? ticks / TICKS_PER_S / seconds : undefined;
  };
}
