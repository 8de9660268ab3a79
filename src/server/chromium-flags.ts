/**
 * The flags every headless Chromium Twoway starts runs with (the PDF printer, the browser tests, the
 * benchmarks): no sandbox, no GPU, and nothing that reaches the network by itself.
 */
export const HEADLESS_CHROMIUM_FLAGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
