import { createApp } from './app';
import type { StorefrontEnv } from './env';

const app = createApp();

export default {
  fetch: app.fetch,
} satisfies ExportedHandler<StorefrontEnv>;
