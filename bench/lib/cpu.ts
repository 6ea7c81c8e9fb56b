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
  /** pid → command name */
  comm: Map<number, string>;
}

function snapshot(): Snapshot | undefined {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return undefined;
  }
  const procs = new Map<number, [number, number]>();
  const comm = new Map<number, string>();
  for (const p of pids) {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      // comm may contain spaces and parentheses: fields start after the last ')'
      const end = stat.lastIndexOf(')');
      const f = stat.slice(end + 2).split(' ');
      procs.set(Number(p), [Number(f[1]), Number(f[11]) + Number(f[12])]);
      comm.set(Number(p), stat.slice(stat.indexOf('(') + 1, end));
    } catch {
      // exited meanwhile
    }
  }
  return { at: Date.now(), procs, comm };
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
export function foreignCpu(opts: { excludePids?: readonly number[] } = {}): () => number | undefined {
  const start = snapshot();
  return () => {
    const end = snapshot();
    if (!start || !end) return undefined;
    const mine = descendants(process.pid, end.procs);
    // processes serving this bench that are not our children (e.g. the machine's redis-server)
    for (const pid of opts.excludePids ?? []) mine.add(pid);
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

/**
 * CPU seconds used by our own workerd process(es) and by this Node process
 * (autocannon, the WebSocket proxy) since the call. Unlike throughput, CPU
 * time per request moves much less when other processes compete for the cores.
 */
export function ownCpu(): () => { workerdS: number; nodeS: number } | undefined {
  const start = snapshot();
  const node0 = process.cpuUsage();
  return () => {
    const end = snapshot();
    if (!start || !end) return undefined;
    const mine = descendants(process.pid, end.procs);
    let ticks = 0;
    for (const pid of mine) {
      if (end.comm.get(pid) !== 'workerd') continue;
      ticks += end.procs.get(pid)![1] - (start.procs.get(pid)?.[1] ?? 0);
    }
    const node = process.cpuUsage(node0);
    return { workerdS: ticks / TICKS_PER_S, nodeS: (node.user + node.system) / 1e6 };
  };
}
