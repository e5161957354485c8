export * from './practices';
export * from './users';
export * from './clients';
export * from './appointments';
export * from './audit';
export * from './identity';
export * from './portal';
export * from './security';
