import { AdminKey } from './admin-key';

describe('AdminKey', () => {
  const sut = new AdminKey('dev-admin-key');

  it('accepts the configured key only', () => {
    expect(sut.matches('dev-admin-key')).toBe(true);
    expect(sut.matches('dev-admin-kez')).toBe(false);
    expect(sut.matches('dev-admin-key ')).toBe(false);
    expect(sut.matches('')).toBe(false);
  });

  it('refuses a missing header and a header sent twice', () => {
    expect(sut.matches(undefined)).toBe(false);
    expect(sut.matches(['dev-admin-key', 'dev-admin-key'])).toBe(false);
  });
});
