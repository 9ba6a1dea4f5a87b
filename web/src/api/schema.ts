/**
 * generated from docs/openapi.json by npm run generate:api-client; do not edit
 * (the types of the public API for openapi-fetch's `createClient<paths>()`: the web page's client (web/src/api/api-client.ts) and the tests' (test/e2e/support/api-types.ts)).
 */

export interface paths {
    "/api/v1/queue/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Join a concert's waiting room
         * @description Issues a signed queue token for the caller, or returns the live token the caller already holds in that room (200) with its current place.
         */
        post: operations["joinQueue"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/queue/tokens/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Current status, position and wait estimate of a queue token
         * @description `status` may also be EXPIRED.
         */
        get: operations["getMyQueueToken"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/queue/tokens/me/stream-tickets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A ticket that opens the event stream from a browser
         * @description EventSource cannot send headers: exchange the bearer and queue token for a single-use ticket (30 s), then open `GET /api/v1/queue/tokens/me/events?ticket=…`. The access token never appears in a URL.
         */
        post: operations["createStreamTicket"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/queue/tokens/me/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Push updates of a queue token (Server-Sent Events)
         * @description A `text/event-stream`: one `data:` line carrying the QueueTokenResponse JSON each time the status or position changes. Authenticate with the bearer and X-Queue-Token, or (from a browser) with `?ticket=` alone. Opening a stream counts against the client's stream budget; a client may hold GATEWAY_MAX_EVENT_STREAMS_PER_CLIENT streams (429 beyond), and when the gateway already holds GATEWAY_MAX_EVENT_STREAMS it answers 503: the client polls `GET /api/v1/queue/tokens/me` instead.
         */
        get: operations["streamMyQueueToken"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/concerts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List concerts */
        get: operations["listConcerts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/concerts/{concertId}/schedules": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Bookable dates of a concert
         * @description Schedules that have not started and still have an available seat.
         */
        get: operations["listSchedules"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/concerts/{concertId}/schedules/{scheduleId}/seats": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Seat map of a schedule
         * @description Every seat 1..50 with its price and status; converges with reservations within 1 second.
         */
        get: operations["getSeatMap"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/concerts/{concertId}/waiting-room/fairness": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Proof of a room's opening shuffle
         * @description Before the opening: the SHA-256 commitment of the room's secret seed. After it: the seed and the pre-queue in its shuffled order, each member the SHA-256 of their token id, so anyone can recompute the order (npm run verify-opening). Nulls throughout for a room with no scheduled opening.
         */
        get: operations["getWaitingRoomFairness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/concerts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create a concert with its schedules
         * @description Every schedule gets seats 1..50, all AVAILABLE.
         */
        post: operations["createConcert"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/concerts/{concertId}/waiting-room": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A concert's waiting room, live
         * @description Settings, pre-queue, waiting, active and admissions of the last minute.
         */
        get: operations["getWaitingRoom"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change a concert's waiting room while people wait
         * @description Any of maxActiveUsers, activeSeconds, saleOpensAt; takes effect at the room's next admission step (capacity raised: the next waiting users are admitted; lowered: nobody ACTIVE is evicted). saleOpensAt may change only until the sale has opened.
         */
        patch: operations["updateWaitingRoom"];
        trace?: never;
    };
    "/api/v1/reservations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Hold a seat
         * @description The user is the queue token's user. The hold lasts RESERVATION_HOLD_SECONDS.
         */
        post: operations["holdSeat"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/reservations/{reservationId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A reservation
         * @description `status` is HELD, CONFIRMED, EXPIRED or CANCELLED.
         */
        get: operations["getReservation"];
        put?: never;
        post?: never;
        /**
         * Cancel an own hold
         * @description Only while HELD; the seat becomes available again.
         */
        delete: operations["cancelHold"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{userId}/reservations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A user's reservations, newest first */
        get: operations["listUserReservations"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{userId}/balance/charge": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Charge a user's balance
         * @description Answers 200 with the new balance.
         */
        post: operations["chargeBalance"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{userId}/balance": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A user's balance
         * @description 0 for a user never charged.
         */
        get: operations["getBalance"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{userId}/balance/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A user's balance history, newest first
         * @description `amount` is always positive; `type` gives the direction.
         */
        get: operations["getBalanceHistory"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/payments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Pay for an own held reservation from the balance
         * @description Debits once; the reservation becomes CONFIRMED, the seat SOLD and the queue token EXPIRED. A retry after the token expired gets 401 QUEUE_TOKEN_EXPIRED: find the result in the payment list.
         */
        post: operations["pay"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/payments/{paymentId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A payment
         * @description `status` is COMPLETED or REFUNDED.
         */
        get: operations["getPayment"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{userId}/payments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A user's payments, newest first */
        get: operations["listUserPayments"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/dev-login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign in with the dev issuer (development and tests only)
         * @description Issues an access token for `userId`, or for a new random user when it is absent. Off, and refused at start, with NODE_ENV=production.
         */
        post: operations["devLogin"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/.well-known/jwks.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The dev issuer's public keys (JWKS) */
        get: operations["getDevIssuerKeys"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        IssueQueueTokenRequest: {
            /**
             * Format: uuid
             * @description The concert whose waiting room to join
             * @example 5f0c9a36-2b1e-4a55-8f6e-1f1e9d2c3b4a
             */
            concertId: string;
        };
        QueueTokenResponse: {
            /** @description Opaque signed token; send it as X-Queue-Token */
            token: string;
            /** Format: uuid */
            userId: string;
            /**
             * Format: uuid
             * @description The concert whose waiting room the token is a place in
             */
            concertId: string;
            /** @enum {string} */
            status: "PRE_QUEUE" | "WAITING" | "ACTIVE" | "EXPIRED";
            /**
             * @description 1-based place among waiting users; null unless WAITING
             * @example 17
             */
            position: number | null;
            /**
             * @description Seconds until admission at the currently observed admission rate; 0 when ACTIVE
             * @example 34
             */
            estimatedWaitSeconds: number;
            /**
             * Format: date-time
             * @description When the active window ends; set when ACTIVE
             */
            expiresAt: string | null;
            /**
             * Format: date-time
             * @description The room's sale opening while it is in the future, else null
             */
            opensAt: string | null;
        };
        ErrorResponse: {
            /** @example 409 */
            statusCode: number;
            /**
             * @example SEAT_UNAVAILABLE
             * @enum {string}
             */
            code: "VALIDATION_FAILED" | "AUTH_REQUIRED" | "AUTH_INVALID" | "USER_MISMATCH" | "QUEUE_TOKEN_NOT_OWNED" | "QUEUE_TOKEN_WRONG_ROOM" | "QUEUE_TOKEN_MISSING" | "QUEUE_TOKEN_INVALID" | "QUEUE_TOKEN_EXPIRED" | "QUEUE_TOKEN_NOT_ACTIVE" | "CONCERT_NOT_FOUND" | "SCHEDULE_NOT_FOUND" | "RESERVATION_NOT_FOUND" | "SEAT_NOT_FOUND" | "SEAT_UNAVAILABLE" | "SCHEDULE_CLOSED" | "HOLD_LIMIT_REACHED" | "RESERVATION_NOT_OWNED" | "RESERVATION_EXPIRED" | "RESERVATION_ALREADY_PAID" | "RESERVATION_NOT_HELD" | "PAYMENT_NOT_FOUND" | "INSUFFICIENT_BALANCE" | "INVALID_AMOUNT" | "IDEMPOTENCY_KEY_REUSED" | "IDEMPOTENCY_KEY_IN_PROGRESS" | "PAYLOAD_TOO_LARGE" | "REQUEST_HEADERS_TOO_LARGE" | "REQUEST_TIMEOUT" | "UNSUPPORTED_MEDIA_TYPE" | "ADMIN_KEY_INVALID" | "RATE_LIMITED" | "ROUTE_NOT_FOUND" | "SERVICE_UNAVAILABLE" | "INTERNAL_ERROR";
            /** @example Seat 7 is held by another user */
            message: string;
            /** @example 3f6c1a2e-… */
            requestId: string;
            /** @description Validation problems, when code is VALIDATION_FAILED */
            details?: Record<string, never>;
        };
        StreamTicketResponse: {
            /** @description Pass as `?ticket=` to GET /api/v1/queue/tokens/me/events; single use */
            ticket: string;
            /** @description Seconds the ticket may wait before it is used */
            expiresIn: number;
        };
        ConcertSummaryResponse: {
            /** Format: uuid */
            concertId: string;
            title: string;
            venue: string;
        };
        ScheduleResponse: {
            /** Format: uuid */
            scheduleId: string;
            /** Format: uuid */
            concertId: string;
            /**
             * @description Local date at the venue (Asia/Seoul)
             * @example 2026-12-24
             */
            date: string;
            /**
             * Format: date-time
             * @example 2026-12-24T19:00:00+09:00
             */
            startsAt: string;
            /** @example 50 */
            totalSeats: number;
            /** @example 37 */
            availableSeats: number;
        };
        SeatResponse: {
            seatNo: number;
            /**
             * @description Integer won
             * @example 80000
             */
            price: number;
            /** @enum {string} */
            status: "AVAILABLE" | "HELD" | "SOLD";
        };
        SeatMapResponse: {
            /** Format: uuid */
            scheduleId: string;
            seats: components["schemas"]["SeatResponse"][];
        };
        WaitingRoomFairnessView: {
            /**
             * Format: date-time
             * @description The scheduled sale opening; null for a room with none
             */
            saleOpensAt: string | null;
            /** @description SHA-256 (hex) of the room's seed, published before the opening; null for a room with no scheduled opening */
            seedCommitment: string | null;
            /** @description The seed (hex, 32 bytes), published once the sale has opened; null before */
            seed: string | null;
            /** @description The pre-queue in its shuffled order, each member as the hex SHA-256 of their token id; null before the opening */
            order: string[] | null;
            /**
             * Format: date-time
             * @description When the opening ran; null before
             */
            openedAt: string | null;
        };
        CreateScheduleRequest: {
            /**
             * Format: date-time
             * @description ISO-8601 with offset, in the future
             * @example 2026-12-24T19:00:00+09:00
             */
            startsAt: string;
            /**
             * @description Price of every seat in won (1..10,000,000)
             * @example 80000
             */
            seatPrice: number;
            /**
             * @description Per-seat price overrides: seat number (1..50) → price in won
             * @example {
             *       "1": 120000
             *     }
             */
            seatPrices?: {
                [key: string]: number;
            };
        };
        ConcertWaitingRoomOptions: {
            /**
             * @description At most this many ACTIVE tokens at once in the room (default QUEUE_MAX_ACTIVE_USERS)
             * @example 500
             */
            maxActiveUsers?: number;
            /**
             * @description How long an ACTIVE token stays active, in seconds (default QUEUE_ACTIVE_SECONDS)
             * @example 600
             */
            activeSeconds?: number;
            /**
             * Format: date-time
             * @description ISO-8601 with offset: joins before it enter the pre-queue, shuffled at the opening (default: no scheduled opening)
             * @example 2026-12-01T20:00:00+09:00
             */
            saleOpensAt?: string;
        };
        CreateConcertRequest: {
            /** @example IU Golden Hour */
            title: string;
            /** @example Olympic Hall, Seoul */
            venue: string;
            schedules: components["schemas"]["CreateScheduleRequest"][];
            /** @description The concert's waiting room; left out, every setting takes the configured default */
            waitingRoom?: components["schemas"]["ConcertWaitingRoomOptions"];
        };
        CreatedScheduleResponse: {
            /** Format: uuid */
            scheduleId: string;
            /** Format: date-time */
            startsAt: string;
            /** @example 2026-12-24 */
            date: string;
            /** @example 50 */
            totalSeats: number;
        };
        ConcertWaitingRoomSettings: {
            /** @example 500 */
            maxActiveUsers: number | null;
            /** @example 600 */
            activeSeconds: number | null;
            /**
             * Format: date-time
             * @example 2026-12-01T11:00:00.000Z
             */
            saleOpensAt: string | null;
        };
        CreatedConcertResponse: {
            /** Format: uuid */
            concertId: string;
            title: string;
            venue: string;
            schedules: components["schemas"]["CreatedScheduleResponse"][];
            waitingRoom: components["schemas"]["ConcertWaitingRoomSettings"];
        };
        WaitingRoomView: {
            /** Format: uuid */
            concertId: string;
            /**
             * @description At most this many ACTIVE tokens at once in the room
             * @example 1000
             */
            maxActiveUsers: number;
            /**
             * @description How long an ACTIVE token stays active, in seconds
             * @example 600
             */
            activeSeconds: number;
            /**
             * Format: date-time
             * @description The scheduled sale opening; null for a room open from the start
             */
            saleOpensAt: string | null;
            /**
             * @description Users in the pre-queue (before the opening)
             * @example 0
             */
            preQueue: number;
            /**
             * @description Users waiting for a slot
             * @example 1200
             */
            waiting: number;
            /**
             * @description ACTIVE tokens now
             * @example 1000
             */
            active: number;
            /**
             * @description Users admitted in the last 60 seconds (joins straight into a free slot included)
             * @example 240
             */
            admittedLastMinute: number;
            /**
             * Format: date-time
             * @description When the scheduled sale opened; null before (or without) one
             */
            openedAt: string | null;
            /**
             * @description The active capacity now: maxActiveUsers, or the adaptive admission limit below it
             * @example 1000
             */
            capacity: number;
            /** @description SHA-256 (hex) of the room's secret seed: the commitment its opening shuffle is checked against */
            seedCommitment: string;
        };
        HoldSeatRequest: {
            /** Format: uuid */
            scheduleId: string;
            /** @example 7 */
            seatNo: number;
        };
        ReservationResponse: {
            /** Format: uuid */
            reservationId: string;
            /** Format: uuid */
            userId: string;
            /** Format: uuid */
            concertId: string;
            /** Format: uuid */
            scheduleId: string;
            seatNo: number;
            /** @description Integer won */
            price: number;
            /** @enum {string} */
            status: "HELD" | "CONFIRMED" | "EXPIRED" | "CANCELLED";
            /**
             * Format: date-time
             * @description When the hold runs out
             */
            expiresAt: string;
        };
        ChargeRequest: {
            /**
             * @description Integer won, 1..10,000,000
             * @example 50000
             */
            amount: number;
        };
        BalanceResponse: {
            /** Format: uuid */
            userId: string;
            /**
             * @description Integer won
             * @example 50000
             */
            balance: number;
        };
        LedgerEntryResponse: {
            /** @enum {string} */
            type: "CHARGE" | "PAYMENT" | "REFUND";
            /** @description Always positive; type gives the direction */
            amount: number;
            balanceAfter: number;
            /** Format: date-time */
            at: string;
        };
        PayRequest: {
            /** Format: uuid */
            reservationId: string;
        };
        PaymentResponse: {
            /** Format: uuid */
            paymentId: string;
            /** Format: uuid */
            reservationId: string;
            /** Format: uuid */
            userId: string;
            /** @description Integer won */
            amount: number;
            /** @enum {string} */
            status: "COMPLETED" | "REFUNDED";
            /** Format: date-time */
            paidAt: string;
            /**
             * Format: date-time
             * @description Set once the payment was refunded
             */
            refundedAt?: string;
        };
        DevLoginRequest: {
            /**
             * Format: uuid
             * @description Sign in as this user; a new random user when absent
             */
            userId?: string;
        };
        AccessTokenResponse: {
            /** @description A JWT; send it as `Authorization: Bearer <accessToken>` */
            accessToken: string;
            /** @enum {string} */
            tokenType: "Bearer";
            /** @description Seconds until the access token expires */
            expiresIn: number;
            /**
             * Format: uuid
             * @description The token's subject: the user every call with it acts for
             */
            userId: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    joinQueue: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["IssueQueueTokenRequest"];
            };
        };
        responses: {
            /** @description The user already holds a live token: the same token and place */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["QueueTokenResponse"];
                };
            };
            /** @description New token */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["QueueTokenResponse"];
                };
            };
            /** @description VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description AUTH_REQUIRED | AUTH_INVALID */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description CONCERT_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description RATE_LIMITED */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description SERVICE_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getMyQueueToken: {
        parameters: {
            query?: never;
            header: {
                /** @description The token POST /api/v1/queue/tokens returned (the caller's own) */
                "X-Queue-Token": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["QueueTokenResponse"];
                };
            };
            /** @description AUTH_REQUIRED | AUTH_INVALID | QUEUE_TOKEN_MISSING | QUEUE_TOKEN_INVALID */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description QUEUE_TOKEN_NOT_OWNED */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description RATE_LIMITED */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description SERVICE_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    createStreamTicket: {
        parameters: {
            query?: never;
            header: {
                /** @description The token POST /api/v1/queue/tokens returned (the caller's own) */
                "X-Queue-Token": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["StreamTicketResponse"];
                };
            };
            /** @description AUTH_REQUIRED | AUTH_INVALID | QUEUE_TOKEN_MISSING | QUEUE_TOKEN_INVALID */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description QUEUE_TOKEN_NOT_OWNED */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description RATE_LIMITED */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description SERVICE_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    streamMyQueueToken: {
        parameters: {
            query?: {
                /** @description A ticket from POST /api/v1/queue/tokens/me/stream-tickets, instead of the headers */
                ticket?: unknown;
            };
            header?: {
                /** @description The token POST /api/v1/queue/tokens returned (the caller's own) */
                "X-Queue-Token"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Event stream; the data of each event is a QueueTokenResponse */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": components["schemas"]["QueueTokenResponse"];
                };
            };
            /** @description AUTH_REQUIRED | AUTH_INVALID | QUEUE_TOKEN_MISSING | QUEUE_TOKEN_INVALID */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description QUEUE_TOKEN_NOT_OWNED */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description RATE_LIMITED */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description SERVICE_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    listConcerts: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ConcertSummaryResponse"][];
                };
            };
            /** @description SERVICE_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    listSchedules: {
        parameters: {
            query?: never;
            header: {
                /** @description An ACTIVE queue token of the caller (header x-queue-token) */
                "X-Queue-Token": string;
            };
            path: {
                concertId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ScheduleResponse"][];
                };
            };
            /** @description VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description AUTH_REQUIRED | AUTH_INVALID | QUEUE_TOKEN_MISSING | QUEUE_TOKEN_INVALID | QUEUE_TOKEN_EXPIRED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description QUEUE_TOKEN_NOT_OWNED | QUEUE_TOKEN_NOT_ACTIVE */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description CONCERT_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description RATE_LIMITED */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description SERVICE_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getSeatMap: {
        parameters: {
            query?: never;
            header: {
                /** @description An ACTIVE queue token of the caller (header x-queue-token) */
                "X-Queue-Token": string;
            };
            path: {
                scheduleId: string;
                concertId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SeatMapResponse"];
                };
            };
            /** @description VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description AUTH_REQUIRED | AUTH_INVALID | QUEUE_TOKEN_MISSING | QUEUE_TOKEN_INVALID | QUEUE_TOKEN_EXPIRED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description QUEUE_TOKEN_NOT_OWNED | QUEUE_TOKEN_NOT_ACTIVE */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description CONCERT_NOT_FOUND | SCHEDULE_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description RATE_LIMITED */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description SERVICE_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getWaitingRoomFairness: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                concertId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WaitingRoomFairnessView"];
                };
            };
            /** @description VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description CONCERT_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description SERVICE_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    createConcert: {
        parameters: {
            query?: never;
            header: {
                /** @description The ADMIN_API_KEY */
                "X-Admin-Key": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateConcertRequest"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedConcertResponse"];
                };
            };
            /** @description VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description ADMIN_KEY_INVALID */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description SERVICE_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getWaitingRoom: {
        parameters: {
            query?: never;
            header: {
                /** @description The ADMIN_API_KEY */
                "X-Admin-Key": string;
            };
            path: {
                concertId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WaitingRoomView"];
                };
            };
            /** @description VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description ADMIN_KEY_INVALID */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description CONCERT_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description SERVICE_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    updateWaitingRoom: {
        parameters: {
            query?: never;
            header: {
                /** @description The ADMIN_API_KEY */
                "X-Admin-Key": string;
            };
            path: {
                concertId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ConcertWaitingRoomOptions"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WaitingRoomView"];
                };
            };
            /** @description VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description ADMIN_KEY_INVALID */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description CONCERT_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description SERVICE_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    holdSeat: {
        parameters: {
            query?: never;
            header: {
                /** @description An ACTIVE queue token of the caller (header x-queue-token) */
                "X-Queue-Token": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["HoldSeatRequest"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReservationResponse"];
                };
            };
            /** @description VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description AUTH_REQUIRED | AUTH_INVALID | QUEUE_TOKEN_MISSING | QUEUE_TOKEN_INVALID | QUEUE_TOKEN_EXPIRED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description QUEUE_TOKEN_NOT_OWNED | QUEUE_TOKEN_NOT_ACTIVE */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description SCHEDULE_NOT_FOUND | SEAT_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description SEAT_UNAVAILABLE | SCHEDULE_CLOSED | HOLD_LIMIT_REACHED */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description RATE_LIMITED */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description SERVICE_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getReservation: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                reservationId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReservationResponse"];
                };
            };
            /** @description VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description AUTH_REQUIRED | AUTH_INVALID */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description RESERVATION_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description RATE_LIMITED */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description SERVICE_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    cancelHold: {
        parameters: {
            query?: never;
            header: {
                /** @description An ACTIVE queue token of the caller (header x-queue-token) */
                "X-Queue-Token": string;
            };
            path: {
                reservationId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The reservation, now CANCELLED */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReservationResponse"];
                };
            };
            /** @description VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description AUTH_REQUIRED | AUTH_INVALID | QUEUE_TOKEN_MISSING | QUEUE_TOKEN_INVALID | QUEUE_TOKEN_EXPIRED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description QUEUE_TOKEN_NOT_OWNED | QUEUE_TOKEN_NOT_ACTIVE | RESERVATION_NOT_OWNED */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description RESERVATION_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description RESERVATION_NOT_HELD */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description RATE_LIMITED */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description SERVICE_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    listUserReservations: {
        parameters: {
            query?: {
                /** @description Most entries returned, newest first (decimal digits); any other query parameter is refused (400) */
                limit?: number;
            };
            header?: never;
            path: {
                /** @description The signed-in user: their id (a UUID) or `me`; anyone else is 403 USER_MISMATCH */
                userId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReservationResponse"][];
                };
            };
            /** @description VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description AUTH_REQUIRED | AUTH_INVALID */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description USER_MISMATCH */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description RATE_LIMITED */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description SERVICE_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    chargeBalance: {
        parameters: {
            query?: never;
            header?: {
                /** @description A retry with the same key and body returns the first result and acts once (kept at least 24 h) */
                "Idempotency-Key"?: string;
            };
            path: {
                /** @description The signed-in user: their id (a UUID) or `me`; anyone else is 403 USER_MISMATCH */
                userId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ChargeRequest"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BalanceResponse"];
                };
            };
            /** @description VALIDATION_FAILED | INVALID_AMOUNT */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description AUTH_REQUIRED | AUTH_INVALID */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description USER_MISMATCH */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description IDEMPOTENCY_KEY_IN_PROGRESS */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description IDEMPOTENCY_KEY_REUSED */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description RATE_LIMITED */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description SERVICE_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getBalance: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The signed-in user: their id (a UUID) or `me`; anyone else is 403 USER_MISMATCH */
                userId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["BalanceResponse"];
                };
            };
            /** @description VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description AUTH_REQUIRED | AUTH_INVALID */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description USER_MISMATCH */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description RATE_LIMITED */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description SERVICE_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getBalanceHistory: {
        parameters: {
            query?: {
                /** @description Most entries returned, newest first (decimal digits); any other query parameter is refused (400) */
                limit?: number;
            };
            header?: never;
            path: {
                /** @description The signed-in user: their id (a UUID) or `me`; anyone else is 403 USER_MISMATCH */
                userId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LedgerEntryResponse"][];
                };
            };
            /** @description VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description AUTH_REQUIRED | AUTH_INVALID */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description USER_MISMATCH */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description RATE_LIMITED */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description SERVICE_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    pay: {
        parameters: {
            query?: never;
            header: {
                /** @description A retry with the same key and body returns the first result and acts once (kept at least 24 h) */
                "Idempotency-Key"?: string;
                /** @description An ACTIVE queue token of the caller (header x-queue-token) */
                "X-Queue-Token": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PayRequest"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaymentResponse"];
                };
            };
            /** @description VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description AUTH_REQUIRED | AUTH_INVALID | QUEUE_TOKEN_MISSING | QUEUE_TOKEN_INVALID | QUEUE_TOKEN_EXPIRED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description QUEUE_TOKEN_NOT_OWNED | QUEUE_TOKEN_NOT_ACTIVE | RESERVATION_NOT_OWNED */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description RESERVATION_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description INSUFFICIENT_BALANCE | RESERVATION_EXPIRED | RESERVATION_ALREADY_PAID | IDEMPOTENCY_KEY_IN_PROGRESS */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description IDEMPOTENCY_KEY_REUSED */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description RATE_LIMITED */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description SERVICE_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getPayment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                paymentId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaymentResponse"];
                };
            };
            /** @description VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description AUTH_REQUIRED | AUTH_INVALID */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description PAYMENT_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description RATE_LIMITED */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description SERVICE_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    listUserPayments: {
        parameters: {
            query?: {
                /** @description Most entries returned, newest first (decimal digits); any other query parameter is refused (400) */
                limit?: number;
            };
            header?: never;
            path: {
                /** @description The signed-in user: their id (a UUID) or `me`; anyone else is 403 USER_MISMATCH */
                userId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PaymentResponse"][];
                };
            };
            /** @description VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description AUTH_REQUIRED | AUTH_INVALID */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description USER_MISMATCH */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description RATE_LIMITED */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description SERVICE_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    devLogin: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["DevLoginRequest"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AccessTokenResponse"];
                };
            };
            /** @description VALIDATION_FAILED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description RATE_LIMITED */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description SERVICE_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getDevIssuerKeys: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A JSON Web Key Set */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
}
