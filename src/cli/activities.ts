import type { Command } from 'commander';
import { Option } from 'commander';
import { ACTIVITY_TYPES, CADRES, type Activity, type Travel } from '../domain/partnerships/activity.js';
import type { Cost } from '../domain/partnerships/benefit-report.js';
import { TwowayError } from '../domain/errors.js';
import {
  activityMobility,
  correctActivity,
  listActivities,
  recordActivity,
  removeActivity,
} from '../store/repositories/activities.js';
import { readJsonFile } from './input-files.js';
import { collect, idOf, localActor, WHO } from './option-values.js';
import { print, withStore, withStoreOptions, type StoreCliOptions } from './store-option.js';

type Who = StoreCliOptions & { reviewer?: string };

/**
 * `--travel 3:5:nurse:4`: four nurses travelled from institution 3 to institution 5.
 * @example travelOf('3:5:nurse:4') // { fromInstitutionId: 3, toInstitutionId: 5, cadre: 'nurse', count: 4 }
 */
function travelOf(text: string): Travel {
  const match = /^(\d+):(\d+):([a-z_]+):(\d+)$/.exec(text.trim());
  if (!match || !(CADRES as readonly string[]).includes(match[3]!))
    throw new TwowayError({
      code: 'E_USAGE',
      message: `--travel takes from:to:cadre:count (e.g. 3:5:nurse:4; cadres: ${CADRES.join(', ')}), not "${text}"`,
    });
  return {
    fromInstitutionId: Number(match[1]),
    toInstitutionId: Number(match[2]),
    cadre: match[3] as Travel['cadre'],
    count: Number(match[4]),
  };
}

/**
 * `--cost "flights=2400 GBP"`: a cost with its amount and currency (both optional: `--cost "staff time"`).
 * @example costOf('flights=2400 GBP') // { description: 'flights', amount: 2400, currency: 'GBP' }
 */
function costOf(text: string): Cost {
  const match = /^(.+?)(?:=\s*(\d+(?:\.\d+)?)\s*([A-Z]{3})?)?$/.exec(text.trim());
  if (!match?.[1])
    throw new TwowayError({
      code: 'E_USAGE',
      message: `--cost takes "description=amount CUR", not "${text}"`,
    });
  return {
    description: match[1].trim(),
    ...(match[2] === undefined ? {} : { amount: Number(match[2]) }),
    ...(match[3] ? { currency: match[3] } : {}),
  };
}

interface ActivityOptions extends Who {
  file?: string;
  type?: string;
  title?: string;
  start?: string;
  end?: string;
  country?: string;
  city?: string;
  remote?: boolean;
  travel: string[];
  step?: string;
  cost: string[];
  notes?: string;
}

/** The activity an invocation describes: a JSON file, or the options. */
async function activityInput(options: ActivityOptions): Promise<unknown> {
  if (options.file) return readJsonFile(options.file);
  if (!options.type || !options.title || !options.start)
    throw new TwowayError({
      code: 'E_USAGE',
      message: 'an activity needs --type, --title and --start (or --file activity.json)',
    });
  return {
    type: options.type,
    title: options.title,
    startDate: options.start,
    ...(options.end ? { endDate: options.end } : {}),
    ...(options.country ? { country: options.country } : {}),
    ...(options.city ? { city: options.city } : {}),
    ...(options.remote ? { remote: true } : {}),
    travel: options.travel.map(travelOf),
    ...(options.step ? { cycleStep: options.step } : {}),
    costs: options.cost.map(costOf),
    ...(options.notes ? { notes: options.notes } : {}),
  };
}

function activityOptions(command: Command): Command {
  return command
    .option('--file <activity.json>', 'the activity as JSON (instead of the options below)')
    .addOption(new Option('--type <type>', 'what it was').choices(ACTIVITY_TYPES))
    .option('--title <title>', 'what it is called')
    .option('--start <date>', 'when it started (YYYY-MM-DD)')
    .option('--end <date>', 'when it ended')
    .option('--country <code-or-name>', 'where')
    .option('--city <city>', 'where')
    .option('--remote', 'held remotely (no place)')
    .option('--travel <from:to:cadre:count>', 'who travelled, e.g. 3:5:nurse:4 (repeatable)', collect, [])
    .option('--step <code>', 'the cycle step it served (apps-tpi)')
    .option('--cost <description=amount CUR>', 'a cost, e.g. "flights=2400 GBP" (repeatable)', collect, [])
    .option('--notes <text>', 'notes')
    .option(...WHO);
}

function activityLine(a: Activity): string {
  const travel = a.travel.map((t) => `${t.count} ${t.cadre} ${t.fromInstitutionId}→${t.toInstitutionId}`);
  const costs = a.costs.map(
    (c) => `${c.description}${c.amount === undefined ? '' : ` ${c.amount} ${c.currency ?? ''}`}`,
  );
  return [
    `${String(a.id).padStart(4)}  ${a.startDate}${a.endDate ? `–${a.endDate}` : ''}  ${a.type.replace(/_/g, ' ')}: ${a.title}`,
    a.remote ? '      remote' : a.country ? `      in ${[a.city, a.country].filter(Boolean).join(', ')}` : '',
    travel.length ? `      travel: ${travel.join('; ')}` : '',
    costs.length ? `      costs: ${costs.join('; ')}` : '',
  ]
    .filter(Boolean)
    .join('\n');
}

export function registerActivities(program: Command): void {
  const activity = program
    .command('activity')
    .description('a partnership’s activities: exchange visits, training, mentoring, research, equipment');
  withStoreOptions(
    activityOptions(
      activity
        .command('add')
        .description('record an activity of a partnership')
        .requiredOption('--partnership <id>', 'the partnership', idOf('--partnership')),
    ),
    { project: false },
  ).action(async (options: ActivityOptions & { partnership: number }) => {
    const input = await activityInput(options);
    await withStore(options, async (store) => {
      const a = await recordActivity(store, options.partnership, input, localActor(options.reviewer));
      print(options, a, `recorded activity ${a.id}\n${activityLine(a)}`);
    });
  });
  withStoreOptions(
    activityOptions(activity.command('correct <id>').description('replace an activity’s record (audited)')),
    { project: false },
  ).action(async (idText: string, options: ActivityOptions) => {
    const input = await activityInput(options);
    await withStore(options, async (store) => {
      const a = await correctActivity(
        store,
        idOf('the activity')(idText),
        input,
        localActor(options.reviewer),
      );
      print(options, a, `corrected activity ${a.id}\n${activityLine(a)}`);
    });
  });
  withStoreOptions(
    activity
      .command('remove <id>')
      .description('remove an activity (audited)')
      .option(...WHO),
    {
      project: false,
    },
  ).action(async (idText: string, options: Who) => {
    await withStore(options, async (store) => {
      await removeActivity(store, idOf('the activity')(idText), localActor(options.reviewer));
      print(options, { removed: Number(idText) }, `removed activity ${idText}`);
    });
  });
  withStoreOptions(
    activity
      .command('list')
      .description('activities, oldest first, and who travelled which way')
      .option('--partnership <id>', 'one partnership (default: all)', idOf('--partnership'))
      .option(...WHO),
    { project: false },
  ).action(async (options: Who & { partnership?: number }) => {
    await withStore(options, async (store) => {
      const actor = localActor(options.reviewer);
      const ids = options.partnership === undefined ? undefined : [options.partnership];
      const activities = await listActivities(store, actor, ids);
      const m = await activityMobility(store, actor, ids);
      print(
        options,
        { activities, mobility: m },
        [
          ...activities.map(activityLine),
          activities.length === 0 ? 'no activity recorded' : '',
          `travelled to the high-income side: ${m.toHighIncome}; to the low/middle-income side: ${m.toLowMiddleIncome}${m.other ? `; other: ${m.other}` : ''}`,
        ]
          .filter(Boolean)
          .join('\n'),
      );
    });
  });
}
