/** Prefixed, coloured log lines for the local stack (one prefix per component). */
const COLORS: Record<string, string> = {
  stack: '\x1b[1m',
  pg: '\x1b[34m',
  proxy: '\x1b[36m',
  redis: '\x1b[31m',
  seed: '\x1b[32m',
  kv: '\x1b[33m',
  wrangler: '\x1b[35m',
  jobs: '\x1b[96m',
};
const RESET = '\x1b[0m';
const useColor = process.stdout.isTTY && !process.env.NO_COLOR;

export type Logger = (msg: string) => void;

export function logger(name: string): Logger {
  const tag = `[${name}]`.padEnd(11);
  const prefix = useColor ? `${COLORS[name] ?? ''}${tag}${RESET}` : tag;
  return (msg: string) => {
    for (const line of String(msg).split('\n')) if (line.trim()) process.stdout.write(`${prefix} ${line}\n`);
  };
}
