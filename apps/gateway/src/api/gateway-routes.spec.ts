import { RequestMethod } from '@nestjs/common';
import { GUARDS_METADATA, METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { KnownQueryParametersGuard, QUERY_PARAMETERS } from '../access/known-query-parameters.guard';
import { AccessGuard } from '../access/access.guard';
import { ROUTE_ACCESS, type RouteAccess } from '../access/route-access.decorator';
import { AppModule } from '../app.module';
import { gatewayConfigSchema } from '../gateway.config';
import { DevAuthController } from '../identity/auth.controller';
import { gatewayControllers } from './gateway-controllers';

interface GatewayRoute {
  route: string;
  access: RouteAccess | undefined;
  guarded: boolean;
  /** The guards in the order they run. */
  guards: unknown[];
  queryParameters: string[] | undefined;
}

const joinPath = (...parts: string[]) => `/${parts.flatMap((part) => part.split('/')).filter(Boolean).join('/')}`;

/** Every route handler of every gateway controller, read from Nest's decorator metadata. */
function gatewayRoutes(): GatewayRoute[] {
  return [...gatewayControllers, DevAuthController].flatMap((controller) => {
    const base = Reflect.getMetadata(PATH_METADATA, controller) as string;
    const classGuards = (Reflect.getMetadata(GUARDS_METADATA, controller) ?? []) as unknown[];
    return Object.getOwnPropertyNames(controller.prototype)
      .filter((name) => name !== 'constructor')
      .map((name) => (controller.prototype as unknown as Record<string, unknown>)[name])
      .filter((handler): handler is (...args: unknown[]) => unknown => typeof handler === 'function' && Reflect.hasMetadata(PATH_METADATA, handler))
      .map((handler) => {
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
        const methodGuards = (Reflect.getMetadata(GUARDS_METADATA, handler) ?? []) as unknown[];
        return {
          route: `${method} ${joinPath(base, Reflect.getMetadata(PATH_METADATA, handler) as string)}`,
          access: Reflect.getMetadata(ROUTE_ACCESS, handler) as RouteAccess | undefined,
          guarded: [...classGuards, ...methodGuards].includes(AccessGuard),
          guards: [...classGuards, ...methodGuards],
          queryParameters: Reflect.getMetadata(QUERY_PARAMETERS, handler) as string[] | undefined,
        };
      });
  });
}

describe('gateway routes', () => {
  const routes = gatewayRoutes();

  it('finds the routes of every controller', () => {
    expect(routes.length).toBeGreaterThanOrEqual(17);
  });

  it('marks the access of every route, and runs the guard on each', () => {
    const unmarked = routes.filter((route) => route.access === undefined).map((route) => route.route);
    const unguarded = routes.filter((route) => !route.guarded).map((route) => route.route);
    expect({ unmarked, unguarded }).toEqual({ unmarked: [], unguarded: [] });
  });

  it('checks the query parameters on every route, after the token', () => {
    const unchecked = routes.filter((route) => route.guards.indexOf(KnownQueryParametersGuard) <= route.guards.indexOf(AccessGuard)).map((route) => route.route);
    expect(unchecked).toEqual([]);
  });

  it('takes a query parameter on the three per-user lists (?limit=) and the event stream (?ticket=) only', () => {
    const withQuery = routes.filter((route) => route.queryParameters !== undefined).map((route) => `${route.route} ?${route.queryParameters?.join('&')}`);
    expect(withQuery.sort()).toEqual([
      'GET /api/v1/queue/tokens/me/events ?ticket',
      'GET /api/v1/users/:userId/balance/history ?limit',
      'GET /api/v1/users/:userId/payments ?limit',
      'GET /api/v1/users/:userId/reservations ?limit',
    ]);
  });

  it('protects exactly the routes the contract protects', () => {
    const protectedRoutes = routes.filter((route) => route.access?.kind === 'protected').map((route) => route.route);
    expect(protectedRoutes.sort()).toEqual(
      [
        'GET /api/v1/concerts/:concertId/schedules',
        'GET /api/v1/concerts/:concertId/schedules/:scheduleId/seats',
        'POST /api/v1/reservations',
        'DELETE /api/v1/reservations/:reservationId',
        'POST /api/v1/payments',
      ].sort(),
    );
  });

  it("needs no identity only where the contract says: the concert list, a room's fairness proof, dev sign-in and its key set", () => {
    const open = routes.filter((route) => route.access?.kind === 'public').map((route) => route.route);
    expect(open.sort()).toEqual(['GET /.well-known/jwks.json', 'GET /api/v1/concerts', 'GET /api/v1/concerts/:concertId/waiting-room/fairness', 'POST /api/v1/auth/dev-login']);
    const admin = routes.filter((route) => route.access?.kind === 'admin').map((route) => route.route);
    expect(admin.sort()).toEqual(['GET /api/v1/admin/concerts/:concertId/waiting-room', 'PATCH /api/v1/admin/concerts/:concertId/waiting-room', 'POST /api/v1/admin/concerts']);
  });

  it('gives the costly routes budgets of their own', () => {
    const budgetOf = (route: string) => routes.find((candidate) => candidate.route === route)?.access?.budget;
    expect({
      charge: budgetOf('POST /api/v1/users/:userId/balance/charge'),
      history: budgetOf('GET /api/v1/users/:userId/balance/history'),
      payments: budgetOf('GET /api/v1/users/:userId/payments'),
      reservations: budgetOf('GET /api/v1/users/:userId/reservations'),
      devLogin: budgetOf('POST /api/v1/auth/dev-login'),
      admin: budgetOf('POST /api/v1/admin/concerts'),
      events: budgetOf('GET /api/v1/queue/tokens/me/events'),
      tickets: budgetOf('POST /api/v1/queue/tokens/me/stream-tickets'),
      myPlace: budgetOf('GET /api/v1/queue/tokens/me'),
      myBalance: budgetOf('GET /api/v1/users/:userId/balance'),
    }).toEqual({
      charge: 'charge',
      history: 'lists',
      payments: 'lists',
      reservations: 'lists',
      devLogin: 'dev-login',
      admin: 'admin',
      events: 'events',
      tickets: 'events',
      myPlace: 'me',
      myBalance: 'me',
    });
  });

  it('takes the caller\'s own queue token on the queue routes that read one', () => {
    const own = routes.filter((route) => route.access?.kind === 'signed-in' && route.access.queueToken === 'own').map((route) => route.route);
    expect(own.sort()).toEqual(['GET /api/v1/queue/tokens/me', 'GET /api/v1/queue/tokens/me/events', 'POST /api/v1/queue/tokens/me/stream-tickets']);
  });

  it('registers every controller file of the gateway in the application', async () => {
    const controllerFiles = readdirSync(__dirname).filter((file) => file.endsWith('.controller.ts'));
    const modules = await Promise.all(controllerFiles.map((file) => import(join(__dirname, file)) as Promise<Record<string, unknown>>));
    const exported = modules.flatMap((module) =>
      Object.values(module).filter((value) => typeof value === 'function' && Reflect.hasMetadata(PATH_METADATA, value)),
    );
    expect(exported.length).toBe(controllerFiles.length);
    expect(exported.filter((controller) => !(gatewayControllers as readonly unknown[]).includes(controller))).toEqual([]);
    const module = AppModule.forRoot(gatewayConfigSchema.parse({}));
    const registered: unknown[] = module.controllers ?? [];
    expect(gatewayControllers.filter((controller) => !registered.includes(controller))).toEqual([]);
  });
});
