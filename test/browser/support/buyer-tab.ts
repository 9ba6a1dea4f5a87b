import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { DESKTOP } from './screenshots';
import { watchProblems } from './chromium';

export type SeatState = 'available' | 'held' | 'sold' | 'mine';

/** Long enough for a step of the system on a busy two-core machine, short enough to fail fast. */
export const STEP_TIMEOUT_MS = 15_000;

/**
 * One buyer in a browser context of their own (their own sessionStorage), driving the buyer's
 * page the way a person does: by the accessible names of its controls (English unless the
 * context's locale says otherwise).
 */
export class BuyerTab {
  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
    /** Uncaught exceptions and policy refusals in the page (expected to stay empty). */
    readonly problems: string[],
  ) {}

  static async open(browser: Browser, baseUrl: string, options: { locale?: string } = {}): Promise<BuyerTab> {
    const context = await browser.newContext({ baseURL: baseUrl, locale: options.locale ?? 'en-US', viewport: DESKTOP, timezoneId: 'Asia/Seoul' });
    context.setDefaultTimeout(STEP_TIMEOUT_MS);
    const page = await context.newPage();
    const problems = watchProblems(page);
    await page.goto('/');
    return new BuyerTab(context, page, problems);
  }

  button(name: string | RegExp): Locator {
    return this.page.getByRole('button', { name, exact: typeof name === 'string' });
  }

  async signIn(): Promise<void> {
    await this.button('Continue with a new test account').click();
    await this.page.getByRole('navigation', { name: 'Main' }).waitFor();
  }

  async openConcert(title: string): Promise<void> {
    await this.button(`Get tickets: ${title}`).click();
    await this.page.getByRole('heading', { name: title, level: 2 }).waitFor();
  }

  async join(): Promise<void> {
    await this.button(/^Join the waiting room( again)?$/).click();
  }

  /** Signs in, opens the concert and joins its waiting room. */
  async joinConcert(title: string): Promise<void> {
    await this.signIn();
    await this.openConcert(title);
    await this.join();
  }

  /** The seat map (by its role, not its name: the name is in the page's language). */
  seatMap(): Locator {
    return this.page.locator('.seat-map[role="group"]');
  }

  seat(seatNo: number): Locator {
    return this.page.locator(`.seat[data-seat="${seatNo}"]`);
  }

  async waitForSeat(seatNo: number, state: SeatState, timeout = STEP_TIMEOUT_MS): Promise<void> {
    await this.page.locator(`.seat[data-seat="${seatNo}"][data-state="${state}"]`).waitFor({ timeout });
  }

  /** Picks the seat on the map and asks to hold it (the outcome is for the test to read). */
  async hold(seatNo: number): Promise<void> {
    await this.seat(seatNo).click();
    await this.button(`Hold seat ${seatNo}`).click();
  }

  holdCard(seatNo: number): Locator {
    return this.page.locator(`.hold-card[data-seat="${seatNo}"]`);
  }

  async pay(seatNo: number): Promise<void> {
    await this.holdCard(seatNo).getByRole('button', { name: /^Pay / }).click();
  }

  /** The text of the page's alerts and status notices, for assertions on what the buyer is told. */
  async notices(): Promise<string> {
    const texts = await this.page.locator('.notice').allTextContents();
    return texts.join('\n');
  }

  async waitForText(text: string | RegExp, timeout = STEP_TIMEOUT_MS): Promise<void> {
    await this.page.getByText(text).first().waitFor({ timeout });
  }

  async charge(amount: number): Promise<void> {
    await this.page.getByLabel('Amount to charge (won)').fill(String(amount));
    await this.button('Charge').click();
  }

  async goTo(view: 'Concerts' | 'My tickets' | 'Balance'): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: view }).click();
  }

  async close(): Promise<void> {
    await this.context.close();
  }
}
