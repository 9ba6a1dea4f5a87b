import { EventHeaders, EventSchemas, type EventEnvelope, type EventPayload, type Topic, eventEnvelopeSchema } from '@concert/contracts';
import type { IncomingMessage, OutgoingMessage } from './message-bus.port';

/** What the outbox keeps of one event; enough to rebuild the Kafka message byte for byte. */
export interface StoredEvent {
  id: string;
  topic: string;
  key: string;
  payload: unknown;
  headers: Record<string, string>;
  occurredAt: string;
}

/** Kafka message of an event: JSON envelope as value, ids in headers, the aggregate id as key. */
export function encodeEvent(event: StoredEvent): OutgoingMessage {
  const envelope: EventEnvelope = { eventId: event.id, eventType: event.topic, occurredAt: event.occurredAt, payload: event.payload };
  return {
    topic: event.topic,
    key: event.key,
    value: JSON.stringify(envelope),
    headers: { ...event.headers, [EventHeaders.EventId]: event.id, [EventHeaders.EventType]: event.topic, [EventHeaders.OccurredAt]: event.occurredAt },
  };
}

export function eventHeaders(eventId: string, topic: string, occurredAt: string, requestId?: string): Record<string, string> {
  const headers: Record<string, string> = {
    [EventHeaders.EventId]: eventId,
    [EventHeaders.EventType]: topic,
    [EventHeaders.OccurredAt]: occurredAt,
  };
  if (requestId) headers[EventHeaders.RequestId] = requestId;
  return headers;
}

export function isKnownTopic(topic: string): topic is Topic {
  return Object.prototype.hasOwnProperty.call(EventSchemas, topic);
}

/** Raised for a message that can never be handled (bad JSON, bad envelope, bad payload, unknown topic). */
export class MalformedEventError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedEventError';
  }
}

export interface DecodedEvent<T extends Topic = Topic> {
  topic: T;
  envelope: EventEnvelope<EventPayload<T>>;
  requestId?: string;
}

/** Parses and validates a consumed message (envelope and the topic's payload schema). */
export function decodeEvent(message: IncomingMessage): DecodedEvent {
  if (!isKnownTopic(message.topic)) throw new MalformedEventError(`unknown topic ${message.topic}`);
  if (message.value === null) throw new MalformedEventError('empty message value');
  let json: unknown;
  try {
    json = JSON.parse(message.value);
  } catch {
    throw new MalformedEventError('value is not JSON');
  }
  const envelope = eventEnvelopeSchema.safeParse(json);
  if (!envelope.success) throw new MalformedEventError(`invalid envelope: ${describeIssues(envelope.error.issues)}`);
  if (envelope.data.eventType !== message.topic) {
    throw new MalformedEventError(`eventType ${envelope.data.eventType} does not match topic ${message.topic}`);
  }
  const payload = EventSchemas[message.topic].safeParse(envelope.data.payload);
  if (!payload.success) throw new MalformedEventError(`invalid ${message.topic} payload: ${describeIssues(payload.error.issues)}`);
  const requestId = message.headers[EventHeaders.RequestId];
  return {
    topic: message.topic,
    envelope: { ...envelope.data, payload: payload.data },
    ...(requestId ? { requestId } : {}),
  };
}

function describeIssues(issues: Array<{ path: Array<string | number>; message: string }>): string {
  return issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
}
