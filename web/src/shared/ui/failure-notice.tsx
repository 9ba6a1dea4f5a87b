import type { ComponentChildren } from 'preact';
import type { ApiFailure } from '../../api/api-error';
import { explainFailure } from '../i18n/error-messages';
import type { Language } from '../i18n/language';

/** A failure in the user's words, announced to screen readers at once (role="alert"). */
export function FailureNotice(props: { failure: ApiFailure | undefined; language: Language; children?: ComponentChildren }) {
  if (!props.failure) return null;
  return (
    <div class="notice notice-error" role="alert" data-code={props.failure.code}>
      <p>{explainFailure(props.language, props.failure)}</p>
      {props.children}
    </div>
  );
}
