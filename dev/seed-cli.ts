/** `npm run seed`: the deterministic demo catalog, safe to re-run (upserts; skips when unchanged). */
import { join } from 'node:path';
import { withLocalDatabase } from './local-db';
import { logger } from './log';
import { r2Media, withPlatform } from './platform';
import { progressReporter } from './seed/progress';
import { seedCatalog } from './seed/seed';
import { ROOT } from './stack';

const say = logger('seed');
const products = process.env.VITRINE_SEED_PRODUCTS ? Number(process.env.VITRINE_SEED_PRODUCTS) : undefined;

await withLocalDatabase(say, (h) =>
  withPlatform(ROOT, join(ROOT, '.wrangler/state'), async (env) => {
    const progress = progressReporter('seed');
    const r = await seedCatalog({ db: h.db, media: r2Media(env), products, onProgress: progress.update });
    progress.stop();
    say(`${r.products} products, ${r.variants} variants, ${r.collections} collections, ${r.images} product images (${r.imagesUploaded} uploaded)${r.skipped ? ' — catalog unchanged, nothing rewritten' : ''}`);
    if (!r.skipped) say('changes were written to the outbox: a running jobs worker projects them into KV (or run `npm run catalog:publish`)');
  }),
);
