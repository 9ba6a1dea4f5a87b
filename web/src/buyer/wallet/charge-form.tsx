import { useId, useRef, useState } from 'preact/hooks';
import type { ApiFailure } from '../../api/api-error';
import { idempotencyKey } from '../../api/api-call';
import { FailureNotice } from '../../shared/ui/failure-notice';
import { useBuyer } from '../buyer-context';
import { format, language, t } from '../locale';

const PRESETS = [50_000, 100_000, 200_000];
export const MAX_CHARGE = 10_000_000;

/**
 * Charges the buyer's balance. One Idempotency-Key per amount the buyer means to charge: a retry
 * after a lost answer (or a double click) charges once.
 */
export function ChargeForm(props: { suggested?: number; onCharged: (balance: number) => void }) {
  const buyer = useBuyer();
  const id = useId();
  const [amount, setAmount] = useState(String(props.suggested ?? 100_000));
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<ApiFailure | undefined>();
  const [done, setDone] = useState<string | undefined>();
  const attempt = useRef<{ amount: number; key: string } | undefined>(undefined);

  const charge = async (event: Event) => {
    event.preventDefault();
    const value = Number(amount);
    setFailure(undefined);
    setDone(undefined);
    if (attempt.current?.amount !== value) attempt.current = { amount: value, key: idempotencyKey() };
    setBusy(true);
    try {
      const balance = await buyer.api.charge(value, attempt.current.key);
      attempt.current = undefined;
      setDone(t.wallet.charged(format.money(value)));
      props.onCharged(balance.balance);
    } catch (error) {
      setFailure(buyer.failed(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="charge-form" onSubmit={(event) => void charge(event)}>
      <label for={`${id}-amount`}>{t.wallet.amount}</label>
      <div class="charge-row">
        <input
          id={`${id}-amount`}
          name="amount"
          type="number"
          inputMode="numeric"
          min={1}
          max={MAX_CHARGE}
          step={1}
          required
          value={amount}
          onInput={(event) => setAmount(event.currentTarget.value)}
        />
        <button type="submit" class="button button-primary" disabled={busy}>
          {busy ? t.wallet.charging : t.wallet.charge}
        </button>
      </div>
      <div class="presets">
        {PRESETS.map((preset) => (
          <button key={preset} type="button" class="button button-small" onClick={() => setAmount(String(preset))}>
            {format.money(preset)}
          </button>
        ))}
      </div>
      <FailureNotice failure={failure} language={language} />
      {done && (
        <p class="notice notice-success" role="status">
          {done}
        </p>
      )}
    </form>
  );
}
