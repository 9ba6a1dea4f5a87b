/** A token longer than this is verified every time rather than kept (real access tokens are far shorter). */
const MAX_CACHED_TOKEN_LENGTH = 2_048;

interface Entry {
  userId: string;
  /** Epoch ms after which the entry is not used: the token's own expiry, or the cache's age limit if sooner. */
  until: number;
}

/**
 * Access tokens the gateway verified a moment ago, by their exact text (signature included, so a
 * changed byte is a different token): a buyer sends the same bearer on every poll and every step
 * of a purchase, and each ES256 verification costs about 120 µs of CPU. Only tokens that passed
 * every check are kept; an entry is used until the token's own expiry (within the clock tolerance
 * the verifier allowed) or `maxAgeMs` after it was verified, whichever comes first, so a key
 * withdrawn from the provider's key set stops verifying within `maxAgeMs`. At most `maxEntries`
 * are kept; the least recently used goes first.
 */
export class VerifiedTokenCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly options: { maxEntries: number; maxAgeMs: number }) {}

  get enabled(): boolean {
    return this.options.maxEntries > 0 && this.options.maxAgeMs > 0;
  }

  /** The user id of a token verified within its limits, or undefined. */
  userIdOf(token: string, nowMs: number): string | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    this.entries.delete(token);
    if (nowMs >= entry.until) return undefined;
    this.entries.set(token, entry); // most recently used last
    return entry.userId;
  }

  /** Keeps a token that was just verified, whose `exp` claim (epoch s) plus the tolerance the verifier allowed is `validUntilMs`. */
  remember(token: string, userId: string, validUntilMs: number, nowMs: number): void {
    if (!this.enabled || token.length > MAX_CACHED_TOKEN_LENGTH) return;
    const until = Math.min(validUntilMs, nowMs + this.options.maxAgeMs);
    if (until <= nowMs) return;
    this.entries.delete(token);
    this.entries.set(token, { userId, until });
    while (this.entries.size > this.options.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
