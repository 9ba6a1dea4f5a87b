import { Topics } from '@concert/contracts';
import { decodeEvent, encodeEvent, MalformedEventError } from './event-codec';
import type { IncomingMessage } from './message-bus.port';

const eventId = '0b7f3f5e-2a55-4c3f-9d55-6f2b8c1d9e01';
const occurredAt = '2025-01-01T10:00:00.000Z';

function incoming(overrides: Partial<IncomingMessage> = {}): IncomingMessage {
  const message = encodeEvent({ id: eventId, topic: Topics.PlatformProbe, key: 'agg-1', payload: { probeId: 'p', note: 'n' }, headers: { 'request-id': 'r-1' }, occurredAt });
  return { topic: message.topic, partition: 0, offset: '7', key: message.key, value: message.value, headers: message.headers, ...overrides };
}

describe('encodeEvent', () => {
  it('builds the envelope value, the id headers and the key', () => {
    const sut = encodeEvent({ id: eventId, topic: Topics.PlatformProbe, key: 'agg-1', payload: { probeId: 'p', note: 'n' }, headers: { 'request-id': 'r-1' }, occurredAt });

    expect(sut.topic).toBe(Topics.PlatformProbe);
    expect(sut.key).toBe('agg-1');
    expect(JSON.parse(sut.value)).toEqual({ eventId, eventType: Topics.PlatformProbe, occurredAt, payload: { probeId: 'p', note: 'n' } });
    expect(sut.headers).toEqual({ 'event-id': eventId, 'event-type': Topics.PlatformProbe, 'occurred-at': occurredAt, 'request-id': 'r-1' });
  });
});

describe('decodeEvent', () => {
  it('returns the validated envelope, topic and request id', () => {
    expect(decodeEvent(incoming())).toEqual({
      topic: Topics.PlatformProbe,
      envelope: { eventId, eventType: Topics.PlatformProbe, occurredAt, payload: { probeId: 'p', note: 'n' } },
      requestId: 'r-1',
    });
  });

  it.each([
    ['an unknown topic', { topic: 'nobody.knows.v1' }, /unknown topic/],
    ['an empty value', { value: null }, /empty message value/],
    ['a value that is not JSON', { value: '{oops' }, /not JSON/],
    ['an envelope without eventId', { value: JSON.stringify({ eventType: Topics.PlatformProbe, occurredAt, payload: {} }) }, /invalid envelope: eventId/],
    ['a non-uuid eventId', { value: JSON.stringify({ eventId: 'x', eventType: Topics.PlatformProbe, occurredAt, payload: { probeId: 'p', note: 'n' } }) }, /eventId/],
    ['an eventType of another topic', { value: JSON.stringify({ eventId, eventType: Topics.SeatHeld, occurredAt, payload: {} }) }, /does not match topic/],
    ['a payload that breaks the topic schema', { value: JSON.stringify({ eventId, eventType: Topics.PlatformProbe, occurredAt, payload: { probeId: '' } }) }, /invalid platform.probe.v1 payload: probeId/],
  ])('rejects %s as malformed', (_, overrides, message) => {
    expect(() => decodeEvent(incoming(overrides))).toThrow(MalformedEventError);
    expect(() => decodeEvent(incoming(overrides))).toThrow(message);
  });
});
