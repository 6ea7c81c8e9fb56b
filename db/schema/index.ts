export * from './catalog';
export * from './outbox';
export * from './customers';
export * from './commerce';
export * from './search';
export * from './admin';
