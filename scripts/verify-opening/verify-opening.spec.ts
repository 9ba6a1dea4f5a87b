import { memberOf, openingOrder, roomSeed, seedCommitment } from '@concert/platform';
import { checkOpening, parseVerifyOpeningArgs } from './verify-opening';

const CONCERT = '5eed0000-c0c0-4a11-9001-002612080054';

describe('npm run verify-opening', () => {
  it('takes the concert id, and the gateway from --gateway, GATEWAY_URL or GATEWAY_PORT', () => {
    expect(parseVerifyOpeningArgs([CONCERT], {})).toEqual({ concertId: CONCERT, gateway: 'http://127.0.0.1:3000' });
    expect(parseVerifyOpeningArgs([CONCERT], { GATEWAY_PORT: '3100' }).gateway).toBe('http://127.0.0.1:3100');
    expect(parseVerifyOpeningArgs(['--gateway', 'http://gw:80', CONCERT], { GATEWAY_URL: 'http://other' }).gateway).toBe('http://gw:80');
    expect(parseVerifyOpeningArgs([CONCERT, '--gateway=http://gw:81'], {}).gateway).toBe('http://gw:81');
  });

  it.each([[[]], [['not-a-uuid']], [[CONCERT, CONCERT]], [['--unknown', CONCERT]]])('refuses %j with its usage', (argv) => {
    expect(() => parseVerifyOpeningArgs(argv, {})).toThrow(/usage|Unknown option/);
  });

  const seed = roomSeed('secret', CONCERT);
  const order = openingOrder(seed, ['a', 'b', 'c', 'd'].map(memberOf));
  const record = { saleOpensAt: '2026-12-08T00:54:00.000Z', seedCommitment: seedCommitment(seed), seed, order, openedAt: '2026-12-08T00:54:00.120Z' };

  it('says the opening holds for the published record, and that nothing can be checked before the opening', () => {
    expect(checkOpening(record)).toMatchObject({ opened: true, holds: true });
    expect(checkOpening({ ...record, seed: null, order: null, openedAt: null })).toMatchObject({ opened: false });
  });

  it('fails when the order or the seed was changed', () => {
    expect(checkOpening({ ...record, order: [order[1] ?? '', order[0] ?? '', ...order.slice(2)] })).toMatchObject({ opened: true, holds: false });
    expect(checkOpening({ ...record, seed: `${seed.slice(0, -1)}${seed.endsWith('0') ? '1' : '0'}` })).toMatchObject({ opened: true, holds: false });
  });
});
