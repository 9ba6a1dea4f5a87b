import { Topics } from '@concert/contracts';
import type { DeadLetter } from '../consumer/event-inbox';
import type { IncomingMessage, MessagePublisher, OutgoingMessage } from '../message-bus.port';
import {
  consumerGroupOfDeadLetterTopic,
  deadLetterTopic,
  DeadLetterTopic,
  decodeDeadLetter,
  encodeDeadLetter,
  UnreadableDeadLetterError,
} from './dead-letter-topic';

const parkedAt = new Date('2030-01-02T03:04:05.006Z');
const letter: DeadLetter = {
  consumerGroup: 'queue-service',
  topic: Topics.ReservationConfirmed,
  partition: 4,
  offset: '1234',
  key: 'reservation-1',
  value: '{"eventId":"e-1","payload":{"quote":"\\""}}',
  headers: { 'event-id': 'e-1', 'event-type': Topics.ReservationConfirmed, 'request-id': 'r-1' },
  error: 'token store unavailable',
  attempts: 5,
};

/** What the consumer of the dead-letter topic gets for a published message. */
const delivered = (message: OutgoingMessage, overrides: Partial<IncomingMessage> = {}): IncomingMessage => ({
  topic: message.topic,
  partition: 2,
  offset: '7',
  key: message.key,
  value: message.value,
  headers: message.headers,
  ...overrides,
});

describe('deadLetterTopic', () => {
  it('names one versioned topic per consumer group and reads the group back from it', () => {
    expect(deadLetterTopic('queue-service')).toBe('dlq.queue-service.v1');
    expect(consumerGroupOfDeadLetterTopic('dlq.queue-service.v1')).toBe('queue-service');
    expect(consumerGroupOfDeadLetterTopic(Topics.ReservationConfirmed)).toBeNull();
    expect(consumerGroupOfDeadLetterTopic('dlq.queue-service.v2')).toBeNull();
  });

  it('refuses a group that cannot be part of a Kafka topic name', () => {
    expect(() => deadLetterTopic('queue service')).toThrow(/cannot name a Kafka topic/);
    expect(() => deadLetterTopic('')).toThrow(/cannot name a Kafka topic/);
  });
});

describe('encodeDeadLetter / decodeDeadLetter', () => {
  it('keeps the original key, value and headers as they were and says what the letter is in dlq-* headers', () => {
    const sut = encodeDeadLetter(letter, parkedAt);

    expect(sut).toEqual({
      topic: 'dlq.queue-service.v1',
      key: 'reservation-1',
      value: letter.value,
      headers: {
        ...letter.headers,
        'dlq-consumer-group': 'queue-service',
        'dlq-original-topic': Topics.ReservationConfirmed,
        'dlq-original-partition': '4',
        'dlq-original-offset': '1234',
        'dlq-error': 'token store unavailable',
        'dlq-attempts': '5',
        'dlq-created-at': '2030-01-02T03:04:05.006Z',
      },
    });
    expect(decodeDeadLetter(delivered(sut))).toEqual({ ...letter, createdAt: '2030-01-02T03:04:05.006Z' });
  });

  it('tells a null key or value from an empty one', () => {
    const nulls = encodeDeadLetter({ ...letter, key: null, value: null }, parkedAt);
    const empties = encodeDeadLetter({ ...letter, key: '', value: '' }, parkedAt);

    expect(decodeDeadLetter(delivered(nulls))).toMatchObject({ key: null, value: null });
    expect(decodeDeadLetter(delivered(empties))).toMatchObject({ key: '', value: '' });
  });

  it('does not let a dlq-* header of the original message pass for its own', () => {
    const sut = encodeDeadLetter({ ...letter, headers: { ...letter.headers, 'dlq-original-topic': Topics.PaymentCompleted } }, parkedAt);

    expect(sut.headers['dlq-original-topic']).toBe(Topics.ReservationConfirmed);
    expect(decodeDeadLetter(delivered(sut)).headers).toEqual(letter.headers);
  });

  it.each([
    ['a message of another topic', (message: OutgoingMessage) => delivered(message, { topic: Topics.ReservationConfirmed }), /not a dead-letter topic/],
    ['a message without the dlq headers', (message: OutgoingMessage) => delivered(message, { headers: letter.headers }), /header dlq-consumer-group missing/],
    ['a letter of another group', (message: OutgoingMessage) => delivered(message, { topic: 'dlq.payment-service.v1' }), /letter of group queue-service on the topic of payment-service/],
    [
      'a letter for a topic outside the contracts',
      (message: OutgoingMessage) => delivered(message, { headers: { ...message.headers, 'dlq-original-topic': 'dlq.queue-service.v1' } }),
      /original topic dlq.queue-service.v1 is not a contract topic/,
    ],
    ['a letter with a bad offset', (message: OutgoingMessage) => delivered(message, { headers: { ...message.headers, 'dlq-original-offset': '12a' } }), /not a whole number/],
  ])('refuses %s', (_name, tamper, reason) => {
    const message = tamper(encodeDeadLetter(letter, parkedAt));

    expect(() => decodeDeadLetter(message)).toThrow(UnreadableDeadLetterError);
    expect(() => decodeDeadLetter(message)).toThrow(reason);
  });
});

describe('DeadLetterTopic', () => {
  it('publishes the letter to its group topic and resolves only once the publish did', async () => {
    let acknowledge: () => void = () => undefined;
    const published: OutgoingMessage[][] = [];
    const publisher: MessagePublisher = {
      publish: (messages) => {
        published.push(messages);
        return new Promise<void>((resolve) => (acknowledge = resolve));
      },
    };
    const sut = new DeadLetterTopic(publisher, () => parkedAt);

    let parked = false;
    const parking = sut.park(letter).then(() => (parked = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(parked).toBe(false);
    acknowledge();
    await parking;

    expect(parked).toBe(true);
    expect(published).toEqual([[encodeDeadLetter(letter, parkedAt)]]);
  });

  it('rejects when the broker did not take the letter', async () => {
    const sut = new DeadLetterTopic({ publish: () => Promise.reject(new Error('Kafka publish timed out')) }, () => parkedAt);

    await expect(sut.park(letter)).rejects.toThrow('Kafka publish timed out');
  });
});
