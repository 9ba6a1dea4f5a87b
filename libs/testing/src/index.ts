export * from './infra';
export * from './wait-for';
export * from './test-database';
export * from './test-kafka';
export * from './test-redis';
export * from './spawn-ts-process';
export * from './throwaway-kafka';
export * from './caller-assertions';
