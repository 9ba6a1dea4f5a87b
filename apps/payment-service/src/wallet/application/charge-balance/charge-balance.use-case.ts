import { Inject, Injectable } from '@nestjs/common';
import { DomainError, ErrorCode } from '@concert/contracts';
import { IdempotencyKeys } from '../../../idempotency/application/idempotency-keys';
import { UNIT_OF_WORK, type UnitOfWork } from '../../../shared/application/unit-of-work';
import { CLOCK, type Clock } from '../../../shared/domain/clock';
import { chargeAmountOf, MAX_BALANCE } from '../../domain/wallet';

export interface ChargeBalanceCommand {
  userId: string;
  /** As received: validated here so that anything but an integer in range is INVALID_AMOUNT. */
  amount: unknown;
  idempotencyKey?: string;
}

export interface BalanceView {
  userId: string;
  balance: number;
}

export interface ChargeBalanceResult {
  view: BalanceView;
  /** True when an earlier request with the same Idempotency-Key produced this result. */
  replayed: boolean;
}

export const CHARGE_SUCCESS_STATUS = 200;

@Injectable()
export class ChargeBalanceUseCase {
  constructor(
    @Inject(UNIT_OF_WORK) private readonly unitOfWork: UnitOfWork,
    private readonly idempotencyKeys: IdempotencyKeys,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(command: ChargeBalanceCommand): Promise<ChargeBalanceResult> {
    const { userId } = command;
    const amount = chargeAmountOf(command.amount);
    const outcome = await this.idempotencyKeys.run(
      command.idempotencyKey === undefined
        ? undefined
        : { scope: { userId, endpoint: 'POST /balance/charge', key: command.idempotencyKey }, request: { userId, amount } },
      (lease) =>
        this.unitOfWork.transaction(async (tx) => {
          const now = this.clock.now();
          const balance = await tx.wallets.charge(userId, amount, now);
          if (balance === null) {
            throw new DomainError(
              ErrorCode.INVALID_AMOUNT,
              `A charge of ${amount} would take the balance past ${MAX_BALANCE.toLocaleString('en-US')} won`,
            );
          }
          await tx.ledger.append({ userId, type: 'CHARGE', amount, balanceAfter: balance, reference: null });
          const view: BalanceView = { userId, balance };
          await this.idempotencyKeys.complete(tx, lease, { status: CHARGE_SUCCESS_STATUS, body: view });
          return view;
        }),
    );
    return outcome.kind === 'REPLAY'
      ? { view: outcome.response.body as BalanceView, replayed: true }
      : { view: outcome.result, replayed: false };
  }
}
