export * from './schema/index';
export * from './database';
export * from './seed/demo';
