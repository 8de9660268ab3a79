import cliProgress from 'cli-progress';

/** Files smaller than this read too fast for a progress bar to help. */
const PROGRESS_MIN_BYTES = 8 * 1024 * 1024;

export interface Progress {
  start(file: string, total: number): void;
  update(file: string, bytes: number): void;
  stop(): void;
}

/** A byte progress bar on standard error, only when it is a terminal and NO_COLOR/CI do not say otherwise. */
export function createProgress(): Progress {
  const enabled = Boolean(process.stderr.isTTY) && !process.env.CI;
  let bar: cliProgress.SingleBar | undefined;
  return {
    start(file, total) {
      if (!enabled || total < PROGRESS_MIN_BYTES) return;
      bar = new cliProgress.SingleBar(
        {
          stream: process.stderr,
          format: `${file} [{bar}] {percentage}% {value}/{total} MB`,
          formatValue: (v, _o, type) =>
            type === 'value' || type === 'total' ? (v / 1048576).toFixed(0) : String(v),
          noTTYOutput: false,
        },
        process.env.NO_COLOR ? cliProgress.Presets.legacy : cliProgress.Presets.shades_classic,
      );
      bar.start(total, 0);
    },
    update(_file, bytes) {
      bar?.update(bytes);
    },
    stop() {
      bar?.stop();
      bar = undefined;
    },
  };
}
