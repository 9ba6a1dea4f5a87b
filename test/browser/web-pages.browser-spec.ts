import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { waitFor } from '@concert/testing';
import type { Browser } from 'playwright-core';
import { ApiClient, futureStartsAt, type ReservationBody } from '../e2e/support/api-client';
import { startE2eSystem, type E2eSystem } from '../e2e/support/e2e-system';
import { seriousAccessibilityViolations } from './support/accessibility';
import { BuyerTab, STEP_TIMEOUT_MS } from './support/buyer-tab';
import { launchChromium } from './support/chromium';
import { OrganizerTab } from './support/organizer-tab';
import { screenshot } from './support/screenshots';

/** Short holds, so that one runs out on screen within the test. */
const HOLD_SECONDS = 10;
const ROOT = path.resolve(__dirname, '..', '..');

/**
 * The buyer's page (/) and the organizer's page (/organizer) in Debian's Chromium, against one
 * whole system started from dist/ (its gateway serving dist/web) for every test here: each test
 * makes a concert of its own, and each buyer is a browser context of their own.
 */
describe('the web pages in a real browser', () => {
  let system: E2eSystem;
  let browser: Browser;
  let api: ApiClient;
  const tabs: Array<BuyerTab | OrganizerTab> = [];

  beforeAll(async () => {
    [system, browser] = await Promise.all([
      startE2eSystem({
        name: 'browser',
        replicas: 1,
        workers: 0,
        env: { RESERVATION_HOLD_SECONDS: String(HOLD_SECONDS), QUEUE_ADMIT_INTERVAL_MS: '200', QUEUE_WAITING_IDLE_SECONDS: '600' },
      }),
      launchChromium(),
    ]);
    api = new ApiClient(system.gatewayUrl);
  }, 180_000);

  afterEach(async () => {
    // Nothing went wrong unseen in any page: no uncaught exception, no refusal by the CSP.
    const problems = tabs.flatMap((tab) => tab.problems);
    await Promise.all(tabs.splice(0).map((tab) => tab.close()));
    expect(problems).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });

  async function buyer(options: { locale?: string } = {}): Promise<BuyerTab> {
    const tab = await BuyerTab.open(browser, system.gatewayUrl, options);
    tabs.push(tab);
    return tab;
  }

  async function concert(waitingRoom: Record<string, unknown> = {}, title = `Concert ${randomUUID().slice(0, 6)}`): Promise<{ title: string; concertId: string }> {
    const created = await api.call<{ concertId: string }>('POST', '/admin/concerts', {
      headers: { 'x-admin-key': api.adminKey },
      body: { title, venue: 'Olympic Hall, Seoul', schedules: [{ startsAt: futureStartsAt(30), seatPrice: 80_000, seatPrices: { '1': 120_000 } }, { startsAt: futureStartsAt(31), seatPrice: 70_000 }], waitingRoom },
      as: null,
    });
    expect(created.status).toBe(201);
    return { title, concertId: created.body.concertId };
  }

  async function expectAccessible(tab: BuyerTab | OrganizerTab): Promise<void> {
    await expect(seriousAccessibilityViolations(tab.page)).resolves.toEqual([]);
  }

  it('takes a buyer from sign-in to a ticket confirmed by the saga, with the balance and my tickets', async () => {
    const { title } = await concert({}, 'Seoul Spring Concert');
    const tab = await buyer();

    // First render: the page, served by the gateway, shows itself soon after navigation (the time
    // from navigation to the app's first render, and the browser's first contentful paint).
    await tab.page.getByRole('heading', { name: 'Sign in to buy tickets' }).waitFor();
    const firstRenderMs = await tab.page.evaluate<number>("performance.getEntriesByName('app-rendered')[0].startTime");
    const firstPaintMs = await tab.page.evaluate<number>("(performance.getEntriesByType('paint').find((entry) => entry.name === 'first-contentful-paint') || { startTime: -1 }).startTime");
    writeFileSync(path.join(ROOT, 'dist', 'web', 'browser-metrics.json'), `${JSON.stringify({ firstRenderMs, firstPaintMs, at: new Date().toISOString() }, null, 2)}\n`);
    expect(firstRenderMs).toBeLessThan(1_500);
    await screenshot(tab.page, '01-sign-in');
    await expectAccessible(tab);

    await tab.signIn();
    await tab.button(`Get tickets: ${title}`).waitFor();
    await screenshot(tab.page, '02-concerts');
    await expectAccessible(tab);

    await tab.goTo('Balance');
    await tab.charge(150_000);
    await tab.page.getByTestId('balance').filter({ hasText: '₩150,000' }).waitFor();
    await screenshot(tab.page, '03-balance');
    await expectAccessible(tab);

    await tab.goTo('Concerts');
    await tab.openConcert(title);
    await tab.join();
    await tab.seatMap().waitFor();
    await tab.page.getByText(/of 50 seats left/).first().waitFor();
    await screenshot(tab.page, '04-seat-map');
    await expectAccessible(tab);

    await tab.hold(7);
    await tab.holdCard(7).waitFor();
    await tab.waitForSeat(7, 'mine');
    await expect(tab.holdCard(7).getByTestId('hold-countdown').textContent()).resolves.toMatch(/^0:(0\d|10)$/);
    await screenshot(tab.page, '05-hold');
    await expectAccessible(tab);

    await tab.pay(7);
    await tab.page.getByRole('heading', { name: "You're going!" }).waitFor();
    // Shown only once the reservation reads CONFIRMED.
    const reservations = await api.call<ReservationBody[]>('GET', '/users/me/reservations', { headers: { authorization: `Bearer ${await accessTokenOf(tab)}` }, as: null });
    expect(reservations.body.map((reservation) => [reservation.seatNo, reservation.status])).toEqual([[7, 'CONFIRMED']]);
    await screenshot(tab.page, '06-confirmed');
    await expectAccessible(tab);

    await tab.button('See my tickets').click();
    await tab.page.locator('.ticket-item[data-status="CONFIRMED"]', { hasText: 'Seat 7' }).waitFor();
    await tab.page.locator('.ticket-item[data-status="COMPLETED"]', { hasText: '₩80,000' }).waitFor();
    await screenshot(tab.page, '07-my-tickets');
    await expectAccessible(tab);

    await tab.goTo('Balance');
    await tab.page.getByTestId('balance').filter({ hasText: '₩70,000' }).waitFor();
    await tab.page.locator('tr[data-type="PAYMENT"]', { hasText: '₩80,000' }).waitFor();
    await tab.page.locator('tr[data-type="CHARGE"]', { hasText: '₩150,000' }).waitFor();
  });

  it('lets one of two buyers racing for a seat win; the other is told it is taken and sees it held without reloading', async () => {
    const { title } = await concert();
    const [first, second] = await Promise.all([buyer(), buyer()]);
    for (const tab of [first, second]) {
      await tab.joinConcert(title);
      await tab.seatMap().waitFor();
      await tab.seat(12).click();
    }

    await Promise.all([first.button('Hold seat 12').click(), second.button('Hold seat 12').click()]);

    const [winner, loser] = await waitFor(
      async () => {
        const held = await Promise.all([first, second].map((tab) => tab.holdCard(12).count()));
        if (held[0] === 1 && held[1] === 0) return [first, second];
        if (held[0] === 0 && held[1] === 1) return [second, first];
        return false;
      },
      { timeoutMs: STEP_TIMEOUT_MS, description: 'exactly one buyer holding seat 12' },
    );
    await loser.waitForText('Seat 12 was just taken by someone else. Pick another seat.');
    await loser.waitForSeat(12, 'held');
    await winner.waitForSeat(12, 'mine');
    await screenshot(loser.page, '08-seat-taken');
    // Still held for the loser once the refusal's own mark has passed: the live seat map says so.
    await loser.page.waitForTimeout(2_500);
    await loser.waitForSeat(12, 'held');
    await expect(loser.holdCard(12).count()).resolves.toBe(0);
  });

  it('counts a hold down on screen and says so when it runs out; the seat goes back on sale', async () => {
    const { title } = await concert();
    const tab = await buyer();
    await tab.joinConcert(title);
    await tab.seatMap().waitFor();

    await tab.hold(3);
    await tab.holdCard(3).waitFor();
    const before = await tab.holdCard(3).getByTestId('hold-countdown').textContent();
    await tab.page.waitForTimeout(2_000);
    const later = await tab.holdCard(3).getByTestId('hold-countdown').textContent();
    expect(before).not.toBe(later);

    await tab.waitForText('Your hold on seat 3 ran out, so the seat went back on sale. Pick a seat again.', (HOLD_SECONDS + 5) * 1_000);
    await expect(tab.holdCard(3).count()).resolves.toBe(0);
    await tab.waitForSeat(3, 'available');
    await screenshot(tab.page, '09-hold-ran-out');
  });

  it('tells a buyer whose balance is too low, offers to charge it, then pays', async () => {
    const { title } = await concert();
    const tab = await buyer();
    await tab.joinConcert(title);
    await tab.seatMap().waitFor();
    await tab.hold(1);
    await tab.holdCard(1).waitFor();

    await tab.pay(1);

    await tab.waitForText('Your balance is too low for this seat. Charge your balance, then pay.');
    await tab.waitForText('Charge at least ₩120,000 more to pay for this seat.');
    await screenshot(tab.page, '10-insufficient-balance');
    await tab.button('Charge').click();
    await tab.waitForText('Your balance: ₩120,000');
    await tab.pay(1);
    await tab.page.getByRole('heading', { name: "You're going!" }).waitFor();
  });

  it('ends a turn when its active time is over and lets the buyer join again', async () => {
    const { title } = await concert({ activeSeconds: 10 });
    const tab = await buyer();
    await tab.joinConcert(title);
    await tab.seatMap().waitFor();
    await expect(tab.page.getByTestId('turn-countdown').textContent()).resolves.toMatch(/^0:(0\d|10)$/);

    await tab.page.getByRole('heading', { name: 'Your turn has ended' }).waitFor({ timeout: 20_000 });
    await tab.waitForText('Join the waiting room again to keep buying.');
    await screenshot(tab.page, '11-turn-over');

    await tab.button('Join the waiting room again').click();
    await tab.seatMap().waitFor();
  });

  it('counts down to the sale opening in the pre-queue, then places everyone at once (in Korean for a Korean browser)', async () => {
    const opensAt = Date.now() + 15_000;
    const { title } = await concert({ saleOpensAt: new Date(opensAt).toISOString(), maxActiveUsers: 1 });
    const [korean, english] = await Promise.all([buyer({ locale: 'ko-KR' }), buyer()]);
    await korean.button('새 테스트 계정으로 계속하기').click();
    await korean.button(`예매하기: ${title}`).click();
    await korean.button('대기열 참여하기').click();
    await english.joinConcert(title);

    await korean.page.getByRole('heading', { name: '아직 판매가 시작되지 않았습니다' }).waitFor();
    await english.page.getByRole('heading', { name: 'The sale has not opened yet' }).waitFor();
    const countdown = await english.page.getByTestId('opens-in').textContent();
    expect(countdown).toMatch(/^0:(0\d|1[0-5])$/);
    await screenshot(korean.page, '12-pre-queue-ko');
    await screenshot(english.page, '12-pre-queue');

    // At the opening: one buyer in the room's single active place, the other first in line.
    const placed = await waitFor(
      async () => {
        const [koreanActive, englishActive] = await Promise.all([korean.seatMap().count(), english.seatMap().count()]);
        if (koreanActive + englishActive !== 1) return false;
        return koreanActive === 1 ? { active: korean, waiting: english } : { active: english, waiting: korean };
      },
      { timeoutMs: opensAt - Date.now() + STEP_TIMEOUT_MS, description: 'one buyer admitted at the opening' },
    );
    expect(Date.now()).toBeGreaterThanOrEqual(opensAt - 1_000);
    await placed.waiting.page.getByTestId('queue-position').filter({ hasText: /^1$/ }).waitFor();
    await screenshot(placed.waiting.page, '13-placed');
  });

  it('lets an organizer create a concert and raise its room capacity while buyers wait (live, by stream or by polling)', async () => {
    const organizer = await OrganizerTab.open(browser, system.gatewayUrl);
    tabs.push(organizer);
    await organizer.page.getByRole('heading', { name: 'Admin key' }).waitFor();
    await screenshot(organizer.page, '14-organizer-key');
    await expectAccessible(organizer);

    await organizer.enterKey('wrong-key');
    const title = `Organized ${randomUUID().slice(0, 6)}`;
    await organizer.page.getByLabel('Title').fill(title);
    await organizer.page.getByLabel('Venue').fill('KSPO Dome, Seoul');
    await organizer.button('Create concert').click();
    await organizer.page.getByText('The admin key is wrong.').waitFor();

    await organizer.enterKey(api.adminKey);
    await organizer.page.getByLabel('Title').fill(title);
    await organizer.page.getByLabel('Venue').fill('KSPO Dome, Seoul');
    await organizer.page.getByLabel('Seat price (won)').fill('99000');
    await organizer.page.getByLabel('Buyers shopping at once (capacity)').fill('1');
    await organizer.page.getByLabel('Shopping time per buyer (seconds)').fill('300');
    await organizer.button('Create concert').click();
    await organizer.page.getByText(`Created “${title}”.`).waitFor();
    await organizer.button('Watch its waiting room').click();
    await organizer.waitForStat('active', '0 / 1');
    await expectAccessible(organizer);

    const [first, second, third] = await Promise.all([buyer(), buyer(), buyer()]);
    // The third buyer's event stream is refused: the page falls back to polling.
    await third.page.route('**/api/v1/queue/tokens/me/events**', (route) =>
      route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ statusCode: 503, code: 'SERVICE_UNAVAILABLE', message: 'busy', requestId: 'test' }) }),
    );
    await first.joinConcert(title);
    await first.seatMap().waitFor();
    await second.joinConcert(title);
    await second.page.getByTestId('queue-position').filter({ hasText: /^1$/ }).waitFor();
    await third.joinConcert(title);
    await third.page.getByTestId('queue-position').filter({ hasText: /^2$/ }).waitFor();
    await second.page.locator('[data-mode="stream"]').waitFor();
    await third.page.locator('[data-mode="polling"]').waitFor();
    await organizer.waitForStat('waiting', '2');
    await organizer.waitForStat('active', '1 / 1');
    await screenshot(second.page, '15-waiting-room');
    await screenshot(organizer.page, '16-organizer-room');
    await expectAccessible(second);

    await organizer.page.getByLabel('New capacity').fill('2');
    await organizer.button('Apply').click();
    await organizer.page.getByText(/^Applied\./).waitFor();

    await second.seatMap().waitFor();
    await third.page.getByTestId('queue-position').filter({ hasText: /^1$/ }).waitFor();
    await third.waitForText("You're next");
    await organizer.waitForStat('active', '2 / 2');
    await organizer.waitForStat('waiting', '1');

    await organizer.page.getByLabel('New capacity').fill('3');
    await organizer.button('Apply').click();
    await third.seatMap().waitFor();
    await organizer.waitForStat('active', '3 / 3');
  });

  it('serves pages that hold no secret, under a policy that refuses script injected into them', async () => {
    const html = await (await fetch(`${system.gatewayUrl}/`)).text();
    const organizerHtml = await (await fetch(`${system.gatewayUrl}/organizer`)).text();
    const assets = [...`${html}${organizerHtml}`.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((match) => match[1]);
    expect(assets.length).toBeGreaterThanOrEqual(3);
    for (const asset of new Set(assets)) {
      const content = await (await fetch(`${system.gatewayUrl}${asset}`)).text();
      expect(content).not.toContain(api.adminKey);
    }
    expect(organizerHtml).not.toContain(api.adminKey);

    // The policy holds in the browser: markup or a script address from a string is refused
    // (Trusted Types), an inline style too (CSP), and the problem watcher sees the refusal.
    const tab = await buyer();
    await expect(tab.page.evaluate("document.body.insertAdjacentHTML('beforeend', '<img src=x>')")).rejects.toThrow(/TrustedHTML/);
    await expect(tab.page.evaluate("document.createElement('script').src = 'data:text/javascript,1'")).rejects.toThrow(/TrustedScriptURL/);
    await tab.page.evaluate("const style = document.createElement('style'); style.textContent = 'body { display: none }'; document.head.append(style)");
    await waitFor(() => tab.problems.some((problem) => problem.includes('Content Security Policy')), { description: 'the CSP refusal' });
    await expect(tab.page.evaluate('getComputedStyle(document.body).display')).resolves.toBe('block');
    tab.problems.length = 0;
  });

  it('finds serious accessibility violations where there are some (the check can fail)', async () => {
    const tab = await buyer();
    await tab.page.route('**/broken', (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><html lang="en"><title>x</title><main><button></button><img src="data:,"></main></html>' }));
    await tab.page.goto('/broken');

    const violations = await seriousAccessibilityViolations(tab.page);

    expect(violations.map((violation) => violation.split(':')[0])).toEqual(expect.arrayContaining(['button-name', 'image-alt']));
  });
});

/** The access token a buyer's page keeps in its tab (sessionStorage), to check the API's view. */
async function accessTokenOf(tab: BuyerTab): Promise<string> {
  const stored = await tab.page.evaluate<string>("sessionStorage.getItem('concert.buyer.session')");
  return (JSON.parse(stored) as { accessToken: string }).accessToken;
}
