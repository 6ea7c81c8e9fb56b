import { createApp } from './app';
import type { AdminEnv } from './env';

const app = createApp();

export default {
  fetch: app.fetch,
} satisfies ExportedHandler<AdminEnv>;
