import { compareLine, medianRound, parseCpu, readJourney } from './compare-report';

function resultFile(purchasesPerSecond: number, cpu: string, extra: Record<string, unknown> = {}) {
  const journey = (name: string, confirmed: number) => ({
    name,
    errors: 0,
    extra: {
      buyers: confirmed,
      confirmed,
      'purchases/s': purchasesPerSecond,
      'pay→CONFIRMED p50 ms': 135,
      'pay→CONFIRMED p99 ms': 544,
      'double bookings': 0,
      reconciliation: 'clean',
      'CPU ms per purchase': cpu,
      ...extra,
    },
  });
  return { results: [{ name: 'queue: join (token issue)', errors: 0 }, journey('full journey', 1000), journey('full journey, paced 23/s', 460)] };
}

describe('bench:compare report', () => {
  it('reads the CPU per purchase of each process group, names with parentheses included', () => {
    expect(parseCpu('43 total (postgres 11.5, payment-service 7.3, kafka (java) 4.2, load generator (bench) 1)')).toEqual({
      total: 43,
      byProcess: { postgres: 11.5, 'payment-service': 7.3, 'kafka (java)': 4.2, 'load generator (bench)': 1 },
    });
    expect(() => parseCpu('n/a')).toThrow('unreadable CPU ms per purchase');
  });

  it("reads a build's closed-loop journey, counting the transactions over every recorded purchase", () => {
    const round = readJourney(resultFile(45.9, '43 total (postgres 11.5, gateway 3.8)'), { transactions: 14_600, walRecords: 73_000 });
    expect(round).toEqual({
      purchasesPerSecond: 45.9,
      cpuMsPerPurchase: 43,
      cpuMsByProcess: { postgres: 11.5, gateway: 3.8 },
      payToConfirmedP50Ms: 135,
      payToConfirmedP99Ms: 544,
      errors: 0,
      doubleBookings: 0,
      reconciliation: 'clean',
      purchases: 1460,
      transactionsPerPurchase: 10,
      walRecordsPerPurchase: 50,
    });
  });

  it('says NOT CLEAN and sums the double bookings when any journey had them', () => {
    const round = readJourney(resultFile(30, '50 total (postgres 10)', { 'double bookings': 1, reconciliation: 'drift 2' }), { transactions: 0, walRecords: 0 });
    expect([round.doubleBookings, round.reconciliation]).toEqual([2, 'NOT CLEAN']);
  });

  it('takes the median of each figure and prints the ratios of current to baseline', () => {
    const rounds = [45, 40, 50].map((rate, index) => readJourney(resultFile(rate, `${[40, 60, 50][index]} total (postgres 10)`), { transactions: 14_600, walRecords: 0 }));
    const current = medianRound(rounds);
    expect([current.purchasesPerSecond, current.cpuMsPerPurchase]).toEqual([45, 50]);
    const baseline = medianRound([readJourney(resultFile(22.5, '100 total (postgres 20)'), { transactions: 14_600, walRecords: 0 })]);
    expect(compareLine(current, baseline, '741beec')).toBe('compare: purchases/s ×2.00, CPU-ms per purchase ×0.50 (current vs 741beec)');
  });

  it('refuses a result file without the closed-loop journey', () => {
    expect(() => readJourney({ results: [] }, { transactions: 0, walRecords: 0 })).toThrow('no "full journey" row');
  });
});
