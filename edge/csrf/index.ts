export * from './csrf';
