import { useEffect, useState } from 'preact/hooks';
import type { ApiFailure } from '../../api/api-error';
import type { LedgerEntry } from '../../api/buyer-api';
import { FailureNotice } from '../../shared/ui/failure-notice';
import { useBuyer } from '../buyer-context';
import { format, language, t } from '../locale';
import { ChargeForm } from './charge-form';

/** The buyer's prepaid balance: what is left, a charge form and the history of charges, payments and refunds. */
export function WalletPanel() {
  const buyer = useBuyer();
  const [balance, setBalance] = useState<number | undefined>();
  const [history, setHistory] = useState<LedgerEntry[] | undefined>();
  const [failure, setFailure] = useState<ApiFailure | undefined>();

  const load = async () => {
    setFailure(undefined);
    try {
      const [wallet, entries] = await Promise.all([buyer.api.balance(), buyer.api.balanceHistory()]);
      setBalance(wallet.balance);
      setHistory(entries);
    } catch (error) {
      setFailure(buyer.failed(error));
    }
  };
  useEffect(() => {
    void load();
  }, []);

  return (
    <section class="panel wallet" aria-labelledby="wallet-heading">
      <h2 id="wallet-heading">{t.wallet.heading}</h2>
      <FailureNotice failure={failure} language={language}>
        <button type="button" class="button" onClick={() => void load()}>
          {t.retry}
        </button>
      </FailureNotice>
      <p class="balance">
        <span class="balance-label">{t.wallet.current}</span>
        <span class="balance-value" data-testid="balance">
          {balance === undefined ? '…' : format.money(balance)}
        </span>
      </p>
      <ChargeForm onCharged={() => void load()} />
      <h3>{t.wallet.history}</h3>
      {history?.length === 0 && <p>{t.wallet.noHistory}</p>}
      {history && history.length > 0 && (
        <div class="table-wrap">
          <table class="history">
            <caption class="visually-hidden">{t.wallet.history}</caption>
            <thead>
              <tr>
                <th scope="col">{t.wallet.columns.when}</th>
                <th scope="col">{t.wallet.columns.what}</th>
                <th scope="col" class="number">
                  {t.wallet.columns.amount}
                </th>
                <th scope="col" class="number">
                  {t.wallet.columns.after}
                </th>
              </tr>
            </thead>
            <tbody>
              {history.map((entry, index) => (
                <tr key={`${entry.at}-${index}`} data-type={entry.type}>
                  <td>{format.moment(entry.at)}</td>
                  <td>{t.wallet.type[entry.type]}</td>
                  <td class="number">{`${entry.type === 'PAYMENT' ? '−' : '+'}${format.money(entry.amount)}`}</td>
                  <td class="number">{format.money(entry.balanceAfter)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
