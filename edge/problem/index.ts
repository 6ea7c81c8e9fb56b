export * from './problem';
export * from './on-error';
