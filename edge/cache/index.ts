export * from './policies';
export * from './swr';
