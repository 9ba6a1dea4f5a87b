import { useEffect, useRef, useState } from 'preact/hooks';
import type { ApiFailure } from '../../api/api-error';
import type { QueueToken } from '../../api/buyer-api';
import { useNow } from '../../shared/use-now';
import { useFocusOnMount } from '../../shared/ui/use-focus-on-mount';
import { useBuyer } from '../buyer-context';
import { format, t } from '../locale';
import { type QueueUpdateMode, QueueUpdates } from './queue-updates';

/**
 * The waiting room: before the sale opens, a countdown to the opening (PRE_QUEUE); then the
 * buyer's place in line, the people ahead, a wait estimate and the progress since they joined,
 * pushed by the event stream (or polled when the stream is refused), until the turn comes.
 */
export function WaitingRoom(props: { queue: QueueToken; onUpdate: (token: QueueToken) => void; onPlaceLost: (failure: ApiFailure) => void }) {
  const buyer = useBuyer();
  const [mode, setMode] = useState<QueueUpdateMode | undefined>();
  const onUpdate = useRef(props.onUpdate);
  onUpdate.current = props.onUpdate;
  const onPlaceLost = useRef(props.onPlaceLost);
  onPlaceLost.current = props.onPlaceLost;

  useEffect(() => {
    const updates = new QueueUpdates(buyer.api, props.queue.token, {
      update: (token) => onUpdate.current(token),
      mode: setMode,
      fail: (failure) => onPlaceLost.current(buyer.failed(failure)),
    });
    updates.start();
    return () => updates.stop();
  }, [props.queue.token]);

  return (
    <div class="waiting-room">
      {props.queue.status === 'PRE_QUEUE' ? <PreQueue queue={props.queue} /> : <InLine queue={props.queue} />}
      {mode && (
        <p class={`update-mode update-mode-${mode}`} data-mode={mode}>
          <span class="dot" aria-hidden="true" /> {mode === 'stream' ? t.queue.live : t.queue.polling}
        </p>
      )}
    </div>
  );
}

function PreQueue(props: { queue: QueueToken }) {
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const now = useNow(250);
  const opensAt = props.queue.opensAt;
  return (
    <div class="pre-queue">
      <h3 tabIndex={-1} ref={heading}>
        {t.queue.preQueueHeading}
      </h3>
      {opensAt && (
        <p class="countdown" role="timer" aria-label={t.queue.opensIn}>
          <span class="countdown-label">{t.queue.opensIn}</span>
          <span class="countdown-value" data-testid="opens-in">
            {format.countdown(Date.parse(opensAt) - now)}
          </span>
          <span class="countdown-at">{t.queue.opensAt(format.timeOfDay(opensAt))}</span>
        </p>
      )}
      <p>{t.queue.preQueueExplained}</p>
    </div>
  );
}

function InLine(props: { queue: QueueToken }) {
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const position = props.queue.position ?? 1;
  // The progress bar runs from the place the buyer first saw to the front of the line.
  const [first, setFirst] = useState(position);
  useEffect(() => {
    if (position > first) setFirst(position);
  }, [position]);
  return (
    <div class="in-line">
      <h3 tabIndex={-1} ref={heading}>
        {t.queue.waitingHeading}
      </h3>
      <div class="position" aria-live="polite" aria-atomic="true">
        <span class="position-label">{t.queue.position}</span>
        <span class="position-value" data-testid="queue-position">
          {format.count(position)}
        </span>
        <span class="position-ahead">{t.queue.ahead(position - 1)}</span>
      </div>
      <label class="progress">
        <span>{t.queue.progress}</span>
        <progress max={first} value={first - position} />
      </label>
      <p class="estimate">{t.queue.estimate(format.wait(props.queue.estimatedWaitSeconds))}</p>
      <p class="hint">{t.queue.explained}</p>
    </div>
  );
}
