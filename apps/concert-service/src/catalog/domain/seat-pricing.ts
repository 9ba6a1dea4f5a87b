/** Seats of a schedule are numbered 1..SEATS_PER_SCHEDULE. */
export const SEATS_PER_SCHEDULE = 50;
/** Prices are integer won in 1..MAX_SEAT_PRICE. */
export const MAX_SEAT_PRICE = 10_000_000;

/** "1".."50" exactly (no leading zero, sign, fraction or spaces). */
const SEAT_NUMBER_KEY = /^(?:[1-9]|[1-4]\d|50)$/;

export interface SeatPrice {
  seatNo: number;
  price: number;
}

export function isValidPrice(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_SEAT_PRICE;
}

/**
 * The price of each of the 50 seats: `seatPrice` everywhere, except the seats named in
 * `overrides` (seat number as a string key → price). Returns the problems instead when any.
 */
export function priceSeats(seatPrice: unknown, overrides: unknown, path: string): { seats: SeatPrice[] } | { problems: string[] } {
  const problems: string[] = [];
  if (!isValidPrice(seatPrice)) problems.push(`${path}.seatPrice must be an integer number of won in 1..${MAX_SEAT_PRICE}`);
  const byNumber = new Map<number, number>();
  if (overrides !== undefined && overrides !== null) {
    if (typeof overrides !== 'object' || Array.isArray(overrides)) {
      problems.push(`${path}.seatPrices must be an object of seat number → price`);
    } else {
      for (const [key, value] of Object.entries(overrides as Record<string, unknown>)) {
        if (!SEAT_NUMBER_KEY.test(key)) problems.push(`${path}.seatPrices key "${key}" is not a seat number in 1..${SEATS_PER_SCHEDULE}`);
        else if (!isValidPrice(value)) problems.push(`${path}.seatPrices["${key}"] must be an integer number of won in 1..${MAX_SEAT_PRICE}`);
        else byNumber.set(Number(key), value);
      }
    }
  }
  if (problems.length > 0) return { problems };
  const seats: SeatPrice[] = [];
  for (let seatNo = 1; seatNo <= SEATS_PER_SCHEDULE; seatNo++) seats.push({ seatNo, price: byNumber.get(seatNo) ?? (seatPrice as number) });
  return { seats };
}
