import { type RelayedAnswer, ResponseMicroCache } from './response-micro-cache';

const answer = (statusCode: number, text: string): RelayedAnswer => ({ statusCode, headers: { 'content-type': 'application/json' }, body: Buffer.from(text) });

describe('ResponseMicroCache', () => {
  let now: number;
  let loads: number;
  const loader = (statusCode = 200, text = 'v1') => async () => {
    const load = ++loads;
    await Promise.resolve();
    return answer(statusCode, `${text}#${load}`);
  };

  beforeEach(() => {
    now = 1_000;
    loads = 0;
  });

  it('serves one 200 answer for ttlMs, then loads again', async () => {
    const sut = new ResponseMicroCache(200, 100, () => now);

    const first = await sut.through('/a', loader());
    now += 199;
    const second = await sut.through('/a', loader());
    now += 1;
    const third = await sut.through('/a', loader());

    expect([first, second, third].map((value) => value.body.toString())).toEqual(['v1#1', 'v1#1', 'v1#2']);
    expect(loads).toBe(2);
  });

  it('shares one load among concurrent callers of the same URL, not across URLs', async () => {
    const sut = new ResponseMicroCache(200, 100, () => now);

    const answers = await Promise.all([sut.through('/a', loader()), sut.through('/a', loader()), sut.through('/b', loader())]);

    expect(answers.map((value) => value.body.toString())).toEqual(['v1#1', 'v1#1', 'v1#2']);
    expect(loads).toBe(2);
  });

  it('never keeps an error answer or a failed load', async () => {
    const sut = new ResponseMicroCache(200, 100, () => now);

    await expect(sut.through('/a', loader(404))).resolves.toMatchObject({ statusCode: 404 });
    await expect(
      sut.through('/a', async () => {
        loads++;
        throw new Error('upstream down');
      }),
    ).rejects.toThrow('upstream down');
    await expect(sut.through('/a', loader())).resolves.toMatchObject({ statusCode: 200 });

    expect(loads).toBe(3);
  });

  it('keeps at most maxEntries, dropping the oldest', async () => {
    const sut = new ResponseMicroCache(200, 2, () => now);

    await sut.through('/a', loader());
    await sut.through('/b', loader());
    await sut.through('/c', loader());
    await sut.through('/b', loader());
    await sut.through('/a', loader());

    expect(loads).toBe(4);
  });

  it('with ttlMs 0 passes every call through', async () => {
    const sut = new ResponseMicroCache(0, 100, () => now);

    await Promise.all([sut.through('/a', loader()), sut.through('/a', loader())]);

    expect(sut.enabled).toBe(false);
    expect(loads).toBe(2);
  });
});
