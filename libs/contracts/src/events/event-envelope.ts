import { z } from 'zod';

/** Kafka headers every event carries (besides the envelope in the value). */
export const EventHeaders = {
  EventId: 'event-id',
  EventType: 'event-type',
  RequestId: 'request-id',
  OccurredAt: 'occurred-at',
} as const;

/** The JSON value of every Kafka message: an envelope around a typed payload. */
export const eventEnvelopeSchema = z.object({
  eventId: z.string().uuid(),
  eventType: z.string().min(1),
  occurredAt: z.string().datetime({ offset: true }),
  payload: z.unknown(),
});

export type EventEnvelope<TPayload = unknown> = Omit<z.infer<typeof eventEnvelopeSchema>, 'payload'> & {
  payload: TPayload;
};
