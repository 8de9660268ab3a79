import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TwowayError } from '../domain/errors.js';
import { HEADLESS_CHROMIUM_FLAGS } from './chromium-flags.js';

/** Where Chromium is: TWOWAY_CHROMIUM when set (and only there), else the usual system paths. */
function chromiumPath(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.TWOWAY_CHROMIUM) {
    if (existsSync(env.TWOWAY_CHROMIUM)) return env.TWOWAY_CHROMIUM;
    throw new TwowayError({
      code: 'E_UNAVAILABLE',
      message: `TWOWAY_CHROMIUM is ${env.TWOWAY_CHROMIUM}, which does not exist; a PDF needs Chromium (or use --format html)`,
    });
  }
  return ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) =>
    existsSync(p),
  );
}

/**
 * Prints an HTML page to PDF with the system's Chromium (headless, no network, a throwaway profile). Refused
 * with E_UNAVAILABLE, saying what to install, when there is no Chromium.
 */
export async function htmlToPdf(html: string, env: NodeJS.ProcessEnv = process.env): Promise<Uint8Array> {
  const chromium = chromiumPath(env);
  if (!chromium)
    throw new TwowayError({
      code: 'E_UNAVAILABLE',
      message:
        'a PDF needs Chromium, which is not installed: `apt-get install -y chromium` (or set TWOWAY_CHROMIUM to its path), or use --format html',
    });
  const dir = await mkdtemp(join(tmpdir(), 'twoway-pdf-'));
  try {
    const page = join(dir, 'report.html');
    const out = join(dir, 'report.pdf');
    await writeFile(page, html);
    await new Promise<void>((resolve, reject) =>
      execFile(
        chromium,
        [
          ...HEADLESS_CHROMIUM_FLAGS,
          '--no-pdf-header-footer',
          `--user-data-dir=${join(dir, 'profile')}`,
          `--print-to-pdf=${out}`,
          pathToFileURL(page).href,
        ],
        { timeout: 120_000 },
        (error) => (error ? reject(error) : resolve()),
      ),
    ).catch((error: Error) => {
      throw new TwowayError({
        code: 'E_UNAVAILABLE',
        message: `Chromium (${chromium}) could not print the PDF: ${error.message.split('\n')[0]}`,
      });
    });
    const pdf = await readFile(out).catch(() => undefined);
    if (!pdf || pdf.subarray(0, 4).toString() !== '%PDF')
      throw new TwowayError({
        code: 'E_UNAVAILABLE',
        message: `Chromium (${chromium}) ran but wrote no PDF`,
      });
    return new Uint8Array(pdf);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
