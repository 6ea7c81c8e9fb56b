export * from './catalog';
export * from './outbox';
export * from './customers';
