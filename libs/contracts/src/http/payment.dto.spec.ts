import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { ListLimitQuery } from './payment.dto';

/** As the services' validation pipe reads a query: strings in, the DTO's own conversion. */
async function limitOf(query: Record<string, unknown>): Promise<number | undefined | string[]> {
  const dto = plainToInstance(ListLimitQuery, query);
  const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
  return errors.length > 0 ? errors.flatMap((error) => Object.keys(error.constraints ?? {})) : dto.limit;
}

describe('ListLimitQuery', () => {
  it('takes decimal digits from 1 to 1,000, or nothing', async () => {
    await expect(limitOf({ limit: '1' })).resolves.toBe(1);
    await expect(limitOf({ limit: '1000' })).resolves.toBe(1_000);
    await expect(limitOf({ limit: '05' })).resolves.toBe(5);
    await expect(limitOf({})).resolves.toBeUndefined();
  });

  it.each([['0x10'], ['1e2'], [' 5'], ['5 '], ['1.0'], ['-1'], [''], ['abc'], [['1', '2']]])('refuses %j', async (limit) => {
    await expect(limitOf({ limit })).resolves.toContain('isInt');
  });

  it.each([['0', 'min'], ['1001', 'max'], ['9999999999', 'isInt']])('refuses %s (%s)', async (limit, constraint) => {
    await expect(limitOf({ limit })).resolves.toContain(constraint);
  });
});
