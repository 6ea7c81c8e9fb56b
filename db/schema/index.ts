export * from './catalog';
export * from './outbox';
