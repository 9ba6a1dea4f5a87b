import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * The admin API key (ADMIN_API_KEY), compared in constant time (hashes of equal length, whatever
 * was sent). The gateway checks it, before anything else of the request, and so does
 * concert-service, which serves the admin API.
 */
export class AdminKey {
  private readonly expected: Buffer;

  constructor(key: string) {
    this.expected = digest(key);
  }

  matches(provided: unknown): boolean {
    // A header sent twice arrives as an array: refused, like a missing one.
    if (typeof provided !== 'string') return false;
    return timingSafeEqual(digest(provided), this.expected);
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

export const ADMIN_KEY_HEADER = 'x-admin-key';
