import { loadConfig } from '@concert/platform';
import { reservationServiceConfigSchema } from './reservation-service.config';

describe('reservationServiceConfigSchema', () => {
  it('defaults to the contract: 300 s holds, 4 holds per user, port 3003, the product strategy', () => {
    expect(loadConfig(reservationServiceConfigSchema, {})).toMatchObject({
      PORT: 3003,
      RESERVATION_HOLD_SECONDS: 300,
      RESERVATION_MAX_HOLDS_PER_USER: 4,
      RESERVATION_HOLD_STRATEGY: 'on-conflict',
      RESERVATION_EXPIRY_SWEEP_MAX_INTERVAL_MS: 250,
      RESERVATION_EXPIRY_SWEEPER_ENABLED: true,
    });
  });

  it('names a malformed variable', () => {
    expect(() => loadConfig(reservationServiceConfigSchema, { RESERVATION_HOLD_SECONDS: '0' })).toThrow(/RESERVATION_HOLD_SECONDS/);
    expect(() => loadConfig(reservationServiceConfigSchema, { RESERVATION_HOLD_STRATEGY: 'redis' })).toThrow(/RESERVATION_HOLD_STRATEGY/);
  });

  it('refuses the unguarded benchmark strategy in production', () => {
    expect(() => loadConfig(reservationServiceConfigSchema, { NODE_ENV: 'production', RESERVATION_HOLD_STRATEGY: 'none' })).toThrow(
      /RESERVATION_HOLD_STRATEGY: the unguarded hold strategy/,
    );
    expect(loadConfig(reservationServiceConfigSchema, { NODE_ENV: 'test', RESERVATION_HOLD_STRATEGY: 'none' }).RESERVATION_HOLD_STRATEGY).toBe('none');
  });
});
