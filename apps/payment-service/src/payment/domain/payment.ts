export type PaymentState = 'COMPLETED' | 'REFUNDED';

export interface PaymentProps {
  id: string;
  reservationId: string;
  userId: string;
  amount: number;
  status: PaymentState;
  paidAt: Date;
  refundedAt: Date | null;
}

/** A payment for one reservation: COMPLETED when the balance was debited, REFUNDED when the saga gave it back. */
export class Payment {
  private constructor(private readonly props: PaymentProps) {}

  static complete(input: { id: string; reservationId: string; userId: string; amount: number; paidAt: Date }): Payment {
    return new Payment({ ...input, status: 'COMPLETED', refundedAt: null });
  }

  static restore(props: PaymentProps): Payment {
    return new Payment({ ...props });
  }

  get id(): string {
    return this.props.id;
  }
  get reservationId(): string {
    return this.props.reservationId;
  }
  get userId(): string {
    return this.props.userId;
  }
  get amount(): number {
    return this.props.amount;
  }
  get status(): PaymentState {
    return this.props.status;
  }
  get paidAt(): Date {
    return this.props.paidAt;
  }
  get refundedAt(): Date | null {
    return this.props.refundedAt;
  }

  /** The refunded payment, or null when it was already refunded (a refund happens once). */
  refund(at: Date): Payment | null {
    if (this.props.status === 'REFUNDED') return null;
    return new Payment({ ...this.props, status: 'REFUNDED', refundedAt: at });
  }

  toProps(): PaymentProps {
    return { ...this.props };
  }
}
