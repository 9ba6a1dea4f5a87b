import { Format } from './format';

describe('Format', () => {
  const en = new Format('en');
  const ko = new Format('ko');

  it('writes won the way each language does', () => {
    expect(en.money(80_000)).toBe('₩80,000');
    expect(ko.money(80_000)).toBe('80,000원');
  });

  it('counts down in minutes and seconds, rounding up and never below zero', () => {
    expect(en.countdown(245_000)).toBe('4:05');
    expect(en.countdown(7_200)).toBe('0:08');
    expect(en.countdown(3_723_000)).toBe('1:02:03');
    expect(en.countdown(-5_000)).toBe('0:00');
  });

  it('says a wait roughly', () => {
    expect(en.wait(20)).toBe('less than a minute');
    expect(en.wait(70)).toBe('about 1 minute');
    expect(en.wait(200)).toBe('about 3 minutes');
    expect(ko.wait(20)).toBe('1분 이내');
    expect(ko.wait(200)).toBe('약 3분');
  });

  it("writes a concert's start in the venue's time zone", () => {
    expect(en.concertTime('2030-05-01T10:30:00Z')).toContain('7:30');
  });
});
