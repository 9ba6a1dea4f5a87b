import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';

const DIR = path.resolve(__dirname, '..', '..', '..', 'docs', 'screenshots');
export const DESKTOP = { width: 1280, height: 800 } as const;
export const PHONE = { width: 390, height: 844 } as const;

/**
 * With WEB_SCREENSHOTS=1 (npm run screenshots), a step of a test is kept as two PNGs in
 * docs/screenshots/: `<name>-desktop.png` and `<name>-phone.png` (the page laid out at a phone's
 * width); otherwise nothing happens.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (process.env['WEB_SCREENSHOTS'] !== '1') return;
  mkdirSync(DIR, { recursive: true });
  const viewport = page.viewportSize() ?? DESKTOP;
  await page.setViewportSize(DESKTOP);
  await page.screenshot({ path: path.join(DIR, `${name}-desktop.png`), fullPage: true, animations: 'disabled' });
  await page.setViewportSize(PHONE);
  await page.screenshot({ path: path.join(DIR, `${name}-phone.png`), fullPage: true, animations: 'disabled' });
  await page.setViewportSize(viewport);
}
