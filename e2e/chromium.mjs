// Debian's Chromium with the flags this machine needs (no sandbox, no GPU, no network at start), for e2e and benchmarks.

/** Launch options for Playwright's chromium: the executable (CHROMIUM_PATH overrides) and flags. */
export const chromiumLaunchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
  ],
};
