export * from './errors/error-code';
export * from './errors/domain-error';
export * from './events/topics';
export * from './events/event-envelope';
export * from './events/events';
