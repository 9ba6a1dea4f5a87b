import { AdminController } from './admin.controller';
import { BalanceController } from './balance.controller';
import { ConcertsController } from './concerts.controller';
import { PaymentsController } from './payments.controller';
import { QueueController } from './queue.controller';
import { ReservationsController } from './reservations.controller';

/** Every public route of the API, one controller per area. */
export const gatewayControllers = [
  QueueController,
  ConcertsController,
  AdminController,
  ReservationsController,
  BalanceController,
  PaymentsController,
] as const;
