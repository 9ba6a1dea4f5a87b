import { useId, useState } from 'preact/hooks';
import type { ApiFailure } from '../api/api-error';
import { FailureNotice } from '../shared/ui/failure-notice';
import { language, t } from './locale';

/** Asks for the admin key; the page keeps it in this tab's sessionStorage only. */
export function AdminKeyForm(props: { onKey: (key: string) => void; refused?: ApiFailure }) {
  const id = useId();
  const [key, setKey] = useState('');
  return (
    <section class="panel" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t.key.heading}</h2>
      <p>{t.key.explained}</p>
      <FailureNotice failure={props.refused} language={language} />
      <form
        class="form"
        onSubmit={(event) => {
          event.preventDefault();
          if (key.trim() !== '') props.onKey(key.trim());
        }}
      >
        <label for={`${id}-key`}>{t.key.label}</label>
        <input id={`${id}-key`} name="admin-key" type="password" autoComplete="off" required value={key} onInput={(event) => setKey(event.currentTarget.value)} />
        <button type="submit" class="button button-primary">
          {t.key.use}
        </button>
      </form>
    </section>
  );
}
