import { type Browser, chromium, type Page } from 'playwright-core';

/** Debian's Chromium (scripts/ensure-chromium.sh installs it): playwright-core brings no browser of its own. */
export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  const runningAsRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    // Chromium's sandbox refuses to start as root; the pages under test are our own.
    args: runningAsRoot ? ['--no-sandbox'] : [],
  });
}

/**
 * What went wrong inside a page that its screen would not show: uncaught exceptions, and anything
 * the Content-Security-Policy or Trusted Types refused (the policy must hold the pages as built).
 */
export function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  page.on('console', (message) => {
    const text = message.text();
    if (message.type() === 'error' && /Content Security Policy|Trusted Type|Refused to/i.test(text)) problems.push(`refused: ${text}`);
  });
  return problems;
}
