export * from './errors';
export * from './common';
export * from './clients';
export * from './appointments';
export * from './staff';
export * from './health';
export * from './auth';
export * from './password-policy';
