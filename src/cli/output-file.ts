import { writeFile } from 'node:fs/promises';
import { TwowayError } from '../domain/errors.js';

/**
 * Writes a command's result to the file `-o` names, or to standard output without one; E_IO names the file
 * it could not write.
 */
export async function writeOutput(file: string | undefined, content: string | Uint8Array): Promise<void> {
  if (file === undefined) {
    process.stdout.write(content);
    return;
  }
  try {
    await writeFile(file, content);
  } catch (error) {
    throw new TwowayError(
      { code: 'E_IO', message: `cannot write ${file}: ${(error as Error).message}` },
      file,
    );
  }
}
