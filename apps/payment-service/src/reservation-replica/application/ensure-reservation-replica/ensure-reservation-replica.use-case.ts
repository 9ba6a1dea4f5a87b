import { Inject, Injectable } from '@nestjs/common';
import { DomainError, ErrorCode } from '@concert/contracts';
import { UNIT_OF_WORK, type UnitOfWork } from '../../../shared/application/unit-of-work';
import { RecordReservationChangeUseCase } from '../record-reservation-change/record-reservation-change.use-case';
import { RESERVATION_DIRECTORY, type ReservationDirectory } from '../reservation-directory';

/**
 * Makes sure the replica knows a reservation before it is paid. A payment may arrive right after
 * the hold's 201, before SeatHeld reached this service: then reservation-service is asked
 * synchronously and its answer stored — never pay for a reservation that cannot be verified.
 */
@Injectable()
export class EnsureReservationReplicaUseCase {
  constructor(
    @Inject(UNIT_OF_WORK) private readonly unitOfWork: UnitOfWork,
    @Inject(RESERVATION_DIRECTORY) private readonly directory: ReservationDirectory,
    private readonly recordChange: RecordReservationChangeUseCase,
  ) {}

  async execute(command: { reservationId: string; requestId?: string }): Promise<void> {
    if (await this.unitOfWork.direct.reservations.find(command.reservationId)) return;
    const snapshot = await this.directory.fetch(command.reservationId, command.requestId);
    if (!snapshot) throw new DomainError(ErrorCode.RESERVATION_NOT_FOUND, `Reservation ${command.reservationId} does not exist`);
    await this.unitOfWork.transaction((tx) => this.recordChange.execute(snapshot, tx));
  }
}
