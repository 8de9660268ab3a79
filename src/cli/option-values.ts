import { TwowayError } from '../domain/errors.js';
import type { Command } from 'commander';
import { registryScope } from '../domain/partnerships/partnership.js';
import type { RegistryActor } from '../domain/partnerships/reporting-policy.js';
import { reviewerName } from './init.js';

/** Option parsers and options the commands share. */

/** A repeatable option's values, in the order given. */
export const collect = (value: string, all: string[]): string[] => [...all, value];

/** Parses an option that takes an id, refusing anything but digits with the option's name. */
export const idOf = (what: string) => (value: string) => {
  if (!/^\d+$/.test(value))
    throw new TwowayError({ code: 'E_USAGE', message: `${what} takes an id, not "${value}"` });
  return Number(value);
};

/** Who acts in the registry from the command line. */
export const WHO = [
  '--reviewer <name>',
  'who acts (env: TWOWAY_REVIEWER; default: your login name)',
] as const;

/**
 * Who acts from the command line: the machine's user, trusted to set a registry up (like the first account
 * of the web app); once the registry has coordinators, only they may change it.
 */
export function localActor(option?: string): RegistryActor {
  return { name: reviewerName(option), admin: true };
}

/** The options that name which partnerships a registry command covers: one, a programme's, or all. */
export function scopeOptions(command: Command): Command {
  return command
    .option('--partnership <id>', 'one partnership', idOf('--partnership'))
    .option('--programme <programme>', 'the partnerships of one programme (apps, tpi, thet, esther, other)')
    .option(...WHO);
}

export interface ScopeOptions {
  partnership?: number;
  programme?: string;
  evidenceProject?: number;
  reviewer?: string;
}

/** The scope the options name, as the store takes it. */
export const scopeOf = (options: ScopeOptions) => registryScope(options);

/** Parses an option that takes a whole number from `min` up, refusing anything else with the option's name. */
export const wholeNumber =
  (what: string, min = 0) =>
  (value: string): number => {
    if (!/^\d+$/.test(value) || Number(value) < min)
      throw new TwowayError({
        code: 'E_USAGE',
        message: `${what} takes a whole number ≥ ${min}, not "${value}"`,
      });
    return Number(value);
  };

/** Parses an option that takes a share strictly between 0 and 1 (a recall, a confidence). */
export const shareOf = (what: string) => (value: string) => {
  const n = Number(value);
  if (!/^0?\.\d+$/.test(value) || !(n > 0 && n < 1))
    throw new TwowayError({
      code: 'E_USAGE',
      message: `${what} takes a number between 0 and 1, e.g. 0.95, not "${value}"`,
    });
  return n;
};
