export type { Clock } from '../../domain/clock';

export const CLOCK = Symbol('CLOCK');
