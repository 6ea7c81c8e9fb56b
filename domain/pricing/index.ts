export * from './rounding';
export * from './allocate';
export * from './settings';
export * from './tax';
export * from './shipping';
export * from './discounts';
export * from './totals';
