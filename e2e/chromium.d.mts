// Types of e2e/chromium.mjs (shared by playwright.config.ts and the benchmarks).

/** Launch options for Playwright's chromium: the executable (CHROMIUM_PATH overrides) and flags. */
export declare const chromiumLaunchOptions: { executablePath: string; args: string[] };
