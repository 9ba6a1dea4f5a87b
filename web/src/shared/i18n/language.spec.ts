import { languageOf } from './language';

describe('languageOf', () => {
  it('speaks Korean to a browser that prefers Korean', () => {
    expect(languageOf(['ko-KR', 'en-US'])).toBe('ko');
    expect(languageOf(['ko'])).toBe('ko');
  });

  it('takes the first of Korean or English the browser lists', () => {
    expect(languageOf(['en-GB', 'ko-KR'])).toBe('en');
    expect(languageOf(['ja-JP', 'ko-KR'])).toBe('ko');
  });

  it('falls back to English for any other language', () => {
    expect(languageOf(['fr-FR', 'de'])).toBe('en');
    expect(languageOf([])).toBe('en');
  });
});
