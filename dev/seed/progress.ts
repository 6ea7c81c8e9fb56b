/**
 * Terminal progress for long dev tasks (seeding): a cli-progress bar on a
 * TTY, plain periodic lines otherwise (CI logs, pipes), so logs stay readable.
 *
 *   const progress = progressReporter('seed');
 *   await seedCatalog({ db, media, onProgress: progress.update });
 *   progress.stop();
 */
import cliProgress from 'cli-progress';

export interface ProgressReporter {
  /** matches seedCatalog's onProgress (label optional for simpler producers); safe to pass around unbound */
  update: (done: number, total: number, label?: string) => void;
  /** finishes the bar / prints the last line; safe to call twice */
  stop: () => void;
}

export interface ProgressOptions {
  title?: string;
  /** defaults to process.stdout */
  stream?: NodeJS.WritableStream & { isTTY?: boolean };
  /** force a mode; defaults to the stream's isTTY */
  tty?: boolean;
  /** non-TTY mode: minimum time between lines for the same label (ms, default 2000) */
  intervalMs?: number;
  /** clock for the non-TTY throttle (tests inject one) */
  now?: () => number;
}

/** Shorthand: a reporter titled `title` on stdout. */
export function progressReporter(title: string, opts: Omit<ProgressOptions, 'title'> = {}): ProgressReporter {
  return createProgress({ ...opts, title });
}

export function createProgress(opts: ProgressOptions = {}): ProgressReporter {
  const stream = opts.stream ?? process.stdout;
  const title = opts.title ?? 'progress';
  const tty = opts.tty ?? Boolean(stream.isTTY);
  return tty ? barReporter(stream, title) : lineReporter(stream, title, opts.intervalMs ?? 2000, opts.now ?? Date.now);
}

function barReporter(stream: NodeJS.WritableStream, title: string): ProgressReporter {
  const bar = new cliProgress.SingleBar(
    {
      format: `${title} {label} |{bar}| {percentage}% | {value}/{total} | ETA {eta_formatted}`,
      stream: stream as NodeJS.WriteStream,
      hideCursor: true,
      clearOnComplete: false,
      stopOnComplete: false,
      etaBuffer: 20,
    },
    cliProgress.Presets.shades_classic,
  );
  let running = false;
  let label = '';
  let total = -1;
  return {
    update(done, newTotal, newLabel = '') {
      if (!running) {
        bar.start(newTotal, done, { label: newLabel });
        running = true;
      } else if (newLabel !== label || newTotal !== total) {
        // a new phase: restart so the ETA is about this phase only
        bar.stop();
        bar.start(newTotal, done, { label: newLabel });
      } else {
        bar.update(done, { label: newLabel });
      }
      label = newLabel;
      total = newTotal;
    },
    stop() {
      if (running) bar.stop();
      running = false;
    },
  };
}

function lineReporter(stream: NodeJS.WritableStream, title: string, intervalMs: number, now: () => number): ProgressReporter {
  let label = '';
  let lastAt = -Infinity;
  let lastLine = '';
  const write = (done: number, total: number, l: string) => {
    const pct = total > 0 ? Math.floor((done * 100) / total) : 100;
    lastLine = `[${title}] ${l ? `${l} ` : ''}${done}/${total} (${pct}%)`;
    stream.write(`${lastLine}\n`);
  };
  return {
    update(done, total, l = '') {
      const t = now();
      const phaseChange = l !== label;
      const finished = done >= total;
      if (phaseChange || finished || t - lastAt >= intervalMs) {
        const line = `[${title}] ${l ? `${l} ` : ''}${done}/${total}`;
        // never repeat the very same line (e.g. a final update after the 100% line)
        if (!lastLine.startsWith(`${line} `)) write(done, total, l);
        lastAt = t;
      }
      label = l;
    },
    stop() {},
  };
}
