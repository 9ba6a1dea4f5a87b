import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Wallets, the append-only ledger, payments, idempotency keys and the reservation replica.
 * Unqualified names: the migration runs with search_path = payment.
 */
export class CreatePaymentTables1764150000000 implements MigrationInterface {
  name = 'CreatePaymentTables1764150000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // The 1,000,000,000 cap is a rule of charges, enforced by the charge statement itself. It is
    // deliberately not a CHECK here: a refund (the saga's compensation) must always apply, even
    // when the user charged up to the cap while the payment was being confirmed.
    await queryRunner.query(`
      CREATE TABLE wallets (
        user_id    uuid        PRIMARY KEY,
        balance    bigint      NOT NULL CONSTRAINT wallets_balance_non_negative CHECK (balance >= 0),
        version    bigint      NOT NULL DEFAULT 1,
        updated_at timestamptz NOT NULL
      )`);

    // id is assigned after the wallet row is locked (every change updates the wallet first), so
    // per user it orders entries exactly as they were applied to the balance; created_at (taken
    // before the lock wait) may not, so history is read newest first by id.
    await queryRunner.query(`
      CREATE TABLE ledger (
        id            bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        user_id       uuid        NOT NULL,
        type          text        NOT NULL CONSTRAINT ledger_type_known CHECK (type IN ('CHARGE', 'PAYMENT', 'REFUND')),
        amount        bigint      NOT NULL CONSTRAINT ledger_amount_positive CHECK (amount > 0),
        balance_after bigint      NOT NULL CONSTRAINT ledger_balance_after_non_negative CHECK (balance_after >= 0),
        reference     uuid,
        created_at    timestamptz NOT NULL,
        CONSTRAINT ledger_reference_iff_payment CHECK ((type = 'CHARGE') = (reference IS NULL))
      )`);
    await queryRunner.query(`CREATE INDEX ledger_user_newest_first ON ledger (user_id, id DESC)`);
    // A payment is debited once and refunded at most once.
    await queryRunner.query(`CREATE UNIQUE INDEX ledger_one_entry_per_payment_and_type ON ledger (reference, type) WHERE reference IS NOT NULL`);
    await queryRunner.query(`
      CREATE FUNCTION ledger_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'ledger is append-only: % refused', TG_OP;
      END
      $$`);
    await queryRunner.query(`
      CREATE TRIGGER ledger_no_update_or_delete BEFORE UPDATE OR DELETE ON ledger
      FOR EACH ROW EXECUTE FUNCTION ledger_is_append_only()`);
    await queryRunner.query(`
      CREATE TRIGGER ledger_no_truncate BEFORE TRUNCATE ON ledger
      FOR EACH STATEMENT EXECUTE FUNCTION ledger_is_append_only()`);

    // A reservation is paid at most once: a refunded reservation is dead (a new hold is a new
    // reservation id), so the constraint covers every status.
    await queryRunner.query(`
      CREATE TABLE payments (
        id             uuid        PRIMARY KEY,
        reservation_id uuid        NOT NULL CONSTRAINT payments_one_per_reservation UNIQUE,
        user_id        uuid        NOT NULL,
        amount         bigint      NOT NULL CONSTRAINT payments_amount_non_negative CHECK (amount >= 0),
        status         text        NOT NULL CONSTRAINT payments_status_known CHECK (status IN ('COMPLETED', 'REFUNDED')),
        paid_at        timestamptz NOT NULL,
        refunded_at    timestamptz,
        CONSTRAINT payments_refunded_at_iff_refunded CHECK ((status = 'REFUNDED') = (refunded_at IS NOT NULL))
      )`);
    await queryRunner.query(`CREATE INDEX payments_user_newest_first ON payments (user_id, paid_at DESC, id DESC)`);

    await queryRunner.query(`
      CREATE TABLE idempotency_keys (
        user_id         uuid        NOT NULL,
        endpoint        text        NOT NULL,
        key             text        NOT NULL CONSTRAINT idempotency_keys_key_length CHECK (length(key) BETWEEN 1 AND 255),
        request_hash    text        NOT NULL,
        status          text        NOT NULL CONSTRAINT idempotency_keys_status_known CHECK (status IN ('IN_PROGRESS', 'COMPLETED')),
        owner_id        uuid        NOT NULL,
        response_status integer,
        response_body   jsonb,
        created_at      timestamptz NOT NULL,
        locked_at       timestamptz NOT NULL,
        expires_at      timestamptz NOT NULL,
        PRIMARY KEY (user_id, endpoint, key),
        CONSTRAINT idempotency_keys_response_iff_completed CHECK ((status = 'COMPLETED') = (response_status IS NOT NULL))
      )`);
    await queryRunner.query(`CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at)`);

    await queryRunner.query(`
      CREATE TABLE reservation_replicas (
        id         uuid        PRIMARY KEY,
        user_id    uuid        NOT NULL,
        amount     bigint      CONSTRAINT reservation_replicas_amount_non_negative CHECK (amount >= 0),
        expires_at timestamptz,
        status     text        NOT NULL
                   CONSTRAINT reservation_replicas_status_known CHECK (status IN ('HELD', 'PAID', 'CONFIRMED', 'EXPIRED', 'CANCELLED')),
        version    integer     NOT NULL CONSTRAINT reservation_replicas_version_positive CHECK (version > 0),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT reservation_replicas_live_has_price
          CHECK (status NOT IN ('HELD', 'PAID') OR (amount IS NOT NULL AND expires_at IS NOT NULL))
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE reservation_replicas`);
    await queryRunner.query(`DROP TABLE idempotency_keys`);
    await queryRunner.query(`DROP TABLE payments`);
    await queryRunner.query(`DROP TABLE ledger`);
    await queryRunner.query(`DROP FUNCTION ledger_is_append_only()`);
    await queryRunner.query(`DROP TABLE wallets`);
  }
}
