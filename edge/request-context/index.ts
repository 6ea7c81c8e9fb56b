export * from './log';
export * from './request-context';
