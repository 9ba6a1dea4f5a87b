/** A jest mock function that fails the test when called without a stubbed behaviour. */
export function strictFn<T extends (...args: never[]) => unknown>(name: string): jest.MockedFunction<T> {
  return jest.fn((..._args: unknown[]) => {
    throw new Error(`unexpected call of ${name}`);
  }) as unknown as jest.MockedFunction<T>;
}
