import { readFile } from 'node:fs/promises';
import { TwowayError } from '../domain/errors.js';

/** A file's bytes, or E_IO naming the file. */
export async function readBytes(path: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (error) {
    throw new TwowayError(
      { code: 'E_IO', message: `cannot read ${path}: ${(error as Error).message}` },
      path,
    );
  }
}

/**
 * A JSON file (UTF-8, a byte-order mark allowed), or E_IO / E_JSON_INVALID naming the file.
 * @example await readJsonFile('coding.json') // { fields: {}, items: [] }
 */
export async function readJsonFile(path: string): Promise<unknown> {
  const text = Buffer.from(await readBytes(path))
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new TwowayError({ code: 'E_JSON_INVALID', message: (error as Error).message }, path);
  }
}

/** Runs work that reads a file, naming the file in any error it refuses. */
export async function aboutFile<T>(file: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof TwowayError) error.file ??= file;
    throw error;
  }
}
