export * from './caller-assertion';
export * from './caller';
export * from './identity-provider';
