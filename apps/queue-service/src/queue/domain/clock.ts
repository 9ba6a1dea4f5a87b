/** Time source of the queue (epoch milliseconds); a fake in unit tests. */
export interface Clock {
  now(): number;
}
