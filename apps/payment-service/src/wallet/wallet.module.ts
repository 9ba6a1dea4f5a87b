import { Module } from '@nestjs/common';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { BalanceController } from './api/balance.controller';
import { ChargeBalanceUseCase } from './application/charge-balance/charge-balance.use-case';
import { GetBalanceUseCase } from './application/get-balance/get-balance.use-case';
import { GetBalanceHistoryUseCase } from './application/get-balance-history/get-balance-history.use-case';

/** Balances: charge, balance, history (the ledger). */
@Module({
  imports: [IdempotencyModule],
  controllers: [BalanceController],
  providers: [ChargeBalanceUseCase, GetBalanceUseCase, GetBalanceHistoryUseCase],
})
export class WalletModule {}
