import { format, t } from '../locale';
import type { SeatState, ShownSeat } from './seat-states';

const STATES: readonly SeatState[] = ['available', 'held', 'sold', 'mine'];

/**
 * The 50 seats facing the stage. Every seat is a button in the tab order, named with its number,
 * price and state; only available seats can be chosen (the others say why, aria-disabled).
 */
export function SeatMap(props: { label: string; seats: readonly ShownSeat[]; selected: number | undefined; onSelect: (seatNo: number) => void }) {
  return (
    <div class="seat-map-wrap">
      <div class="seat-map" role="group" aria-label={props.label}>
        <div class="stage" aria-hidden="true">
          {t.seats.stage}
        </div>
        <ol class="seats">
          {props.seats.map((seat) => {
            const choosable = seat.state === 'available';
            const chosen = props.selected === seat.seatNo;
            return (
              <li key={seat.seatNo}>
                <button
                  type="button"
                  class={`seat seat-${seat.state}${chosen ? ' seat-selected' : ''}`}
                  data-seat={seat.seatNo}
                  data-state={seat.state}
                  aria-label={t.seats.seatLabel(seat.seatNo, format.money(seat.price), t.seats.state[seat.state])}
                  aria-pressed={choosable ? chosen : undefined}
                  aria-disabled={choosable ? undefined : 'true'}
                  onClick={() => {
                    if (choosable) props.onSelect(seat.seatNo);
                  }}
                >
                  {seat.seatNo}
                </button>
              </li>
            );
          })}
        </ol>
      </div>
      <ul class="legend" aria-label={t.seats.legend}>
        {STATES.map((state) => (
          <li key={state}>
            <span class={`swatch seat-${state}`} aria-hidden="true" /> {t.seats.state[state]}
          </li>
        ))}
      </ul>
    </div>
  );
}
