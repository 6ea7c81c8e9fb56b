/**
 * `npm run admin:create-owner`: creates the shop's first owner (or another
 * owner) in the dev database, or in DATABASE_URL's.
 *
 *   npm run admin:create-owner -- --email you@example.com --name "Your Name"
 *   (the password is asked for without echo; or --password-stdin reads it from stdin,
 *    e.g. for scripts: printf '%s' "$PW" | npm run admin:create-owner -- --email … --password-stdin)
 *
 * Flags left out are prompted for. The password follows the admin password
 * policy and is hashed like customers' (scrypt); it never appears in logs or
 * the process list (no --password flag on purpose).
 */
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { normalizeEmail } from '../domain/customers/email';
import { AdminEmailTakenError, insertAdminUser } from '../db/queries/admin/users';
import { writeAudit } from '../db/queries/admin/audit';
import { withLocalDatabase } from './local-db';
import { logger } from './log';

const say = logger('admin');

// edge/ is compiled with the Workers types (workers/*/tsconfig.json); loaded here at run time only, typed by hand
interface EdgeAuth {
  createPasswordHasher(): { hash(password: string): Promise<string> };
  createPasswordPolicy(o: { minLength: number }): { check(password: string, ctx: { email?: string; name?: string }): string | null };
}
const edgeAuthPath = '../edge/auth/index.ts';
const { createPasswordHasher, createPasswordPolicy } = (await import(edgeAuthPath)) as EdgeAuth;

const { values } = parseArgs({
  options: { email: { type: 'string' }, name: { type: 'string' }, 'password-stdin': { type: 'boolean', default: false } },
  allowPositionals: false,
});

async function ask(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return (await rl.question(question)).trim();
  } finally {
    rl.close();
  }
}

/** Reads a line without echoing it (TTY), or all of stdin (pipes). */
async function askSecret(question: string): Promise<string> {
  if (!process.stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
  }
  process.stdout.write(question);
  process.stdin.setRawMode(true);
  process.stdin.resume();
  let out = '';
  return new Promise((resolve, reject) => {
    const onData = (buf: Buffer) => {
      for (const ch of buf.toString('utf8')) {
        if (ch === '\r' || ch === '\n') {
          process.stdin.setRawMode(false);
          process.stdin.pause();
          process.stdin.off('data', onData);
          process.stdout.write('\n');
          return resolve(out);
        }
        if (ch === '\u0003') {
          process.stdin.setRawMode(false);
          return reject(new Error('cancelled'));
        }
        if (ch === '\u007f') out = out.slice(0, -1);
        else out += ch;
      }
    };
    process.stdin.on('data', onData);
  });
}

const emailRaw = values.email ?? (await ask('Owner email: '));
const email = normalizeEmail(emailRaw);
if (!email.ok) {
  say(`invalid email: ${email.message}`);
  process.exit(2);
}
const name = (values.name ?? (await ask('Name: '))).trim() || email.email;
const policy = createPasswordPolicy({ minLength: 12 });
let password = '';
for (let attempt = 0; attempt < 3; attempt++) {
  password = await askSecret('Password (at least 12 characters): ');
  const weak = policy.check(password, { email: email.email, name });
  if (!weak) {
    if (values['password-stdin'] || !process.stdin.isTTY) break;
    const again = await askSecret('Repeat the password: ');
    if (again === password) break;
    say('the passwords differ');
  } else say(weak);
  if (values['password-stdin'] || !process.stdin.isTTY) process.exit(2);
  password = '';
}
if (!password) process.exit(2);

const hash = await createPasswordHasher().hash(password);
await withLocalDatabase(say, async (h) => {
  try {
    await h.db.transaction(async (tx) => {
      const user = await insertAdminUser(tx, { email: email.email, name, role: 'owner', passwordHash: hash });
      await writeAudit(tx, { kind: 'system', id: null, label: 'admin:create-owner' }, { action: 'user.create', entityType: 'admin_user', entityId: user.id, before: null, after: user }, null);
      say(`owner ${user.email} created (id ${user.id})`);
    });
  } catch (err) {
    if (err instanceof AdminEmailTakenError) {
      say(`an admin user with the email ${email.email} exists already`);
      process.exitCode = 1;
      return;
    }
    throw err;
  }
});
