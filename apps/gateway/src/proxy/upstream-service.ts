import { assertUnreachable } from '@concert/contracts';
import type { GatewayConfig } from '../gateway.config';

/** The backend services the gateway routes to. */
export enum UpstreamService {
  Queue = 'queue-service',
  Concert = 'concert-service',
  Reservation = 'reservation-service',
  Payment = 'payment-service',
}

export const UPSTREAM_SERVICES: readonly UpstreamService[] = Object.values(UpstreamService);

/** Base URLs of every replica of a service, from the configuration. */
export function upstreamUrlsOf(config: GatewayConfig, service: UpstreamService): string[] {
  switch (service) {
    case UpstreamService.Queue:
      return config.QUEUE_SERVICE_URLS;
    case UpstreamService.Concert:
      return config.CONCERT_SERVICE_URLS;
    case UpstreamService.Reservation:
      return config.RESERVATION_SERVICE_URLS;
    case UpstreamService.Payment:
      return config.PAYMENT_SERVICE_URLS;
    default:
      return assertUnreachable(service);
  }
}
