import { loadConfig } from '@concert/platform';
import { reservationServiceConfigSchema } from './reservation-service.config';

describe('reservationServiceConfigSchema', () => {
  it('defaults to the contract: 300 s holds, 4 holds per user, port 3003', () => {
    expect(loadConfig(reservationServiceConfigSchema, {})).toMatchObject({
      PORT: 3003,
      RESERVATION_HOLD_SECONDS: 300,
      RESERVATION_MAX_HOLDS_PER_USER: 4,
      RESERVATION_EXPIRY_SWEEP_MAX_INTERVAL_MS: 250,
      RESERVATION_EXPIRY_SWEEPER_ENABLED: true,
    });
  });

  it('names a malformed variable', () => {
    expect(() => loadConfig(reservationServiceConfigSchema, { RESERVATION_HOLD_SECONDS: '0' })).toThrow(/RESERVATION_HOLD_SECONDS/);
  });

  it('offers no choice of hold strategy: the lock benchmark\'s strategies live in bench/, outside the service', () => {
    const config = loadConfig(reservationServiceConfigSchema, { RESERVATION_HOLD_STRATEGY: 'none', RESERVATION_HOLD_EARLY_REFUSAL: 'false' }) as Record<string, unknown>;
    expect(config).not.toHaveProperty('RESERVATION_HOLD_STRATEGY');
    expect(config).not.toHaveProperty('RESERVATION_HOLD_EARLY_REFUSAL');
  });
});
