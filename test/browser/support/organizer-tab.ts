import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { watchProblems } from './chromium';
import { DESKTOP } from './screenshots';
import { STEP_TIMEOUT_MS } from './buyer-tab';

/** An organizer on the organizer's page, in a browser context of their own. */
export class OrganizerTab {
  private constructor(
    readonly context: BrowserContext,
    readonly page: Page,
    readonly problems: string[],
  ) {}

  static async open(browser: Browser, baseUrl: string): Promise<OrganizerTab> {
    const context = await browser.newContext({ baseURL: baseUrl, locale: 'en-US', viewport: DESKTOP, timezoneId: 'Asia/Seoul' });
    context.setDefaultTimeout(STEP_TIMEOUT_MS);
    const page = await context.newPage();
    const problems = watchProblems(page);
    await page.goto('/organizer');
    return new OrganizerTab(context, page, problems);
  }

  button(name: string | RegExp): Locator {
    return this.page.getByRole('button', { name, exact: typeof name === 'string' });
  }

  async enterKey(key: string): Promise<void> {
    await this.page.getByRole('textbox', { name: 'Admin key' }).fill(key);
    await this.button('Use this key').click();
    await this.page.getByRole('heading', { name: 'Create a concert' }).waitFor();
  }

  /** The live number of one of the room's figures (preQueue, waiting, active, admittedLastMinute). */
  stat(name: 'preQueue' | 'waiting' | 'active' | 'admittedLastMinute' | 'activeSeconds'): Locator {
    return this.page.locator(`.stat[data-stat="${name}"] dd`);
  }

  async waitForStat(name: 'preQueue' | 'waiting' | 'active' | 'admittedLastMinute', value: string): Promise<void> {
    await this.page.locator(`.stat[data-stat="${name}"] dd`, { hasText: new RegExp(`^${value.replace(/[/]/g, '\\/')}$`) }).waitFor();
  }

  async close(): Promise<void> {
    await this.context.close();
  }
}
