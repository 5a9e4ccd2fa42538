import cliProgress from 'cli-progress';

/** One stage's progress: `tick` after each unit of work, `done` at the end. */
export interface StageProgress {
  tick(detail?: string): void;
  done(detail?: string): void;
}

/**
 * Progress reporting for the terminal: a cli-progress bar per stage on a TTY, plain lines (about every 10%)
 * otherwise, so logs and CI output stay readable.
 *
 * @example
 * ```ts
 * import { Progress } from './progress';
 * const progress = new Progress(process.stderr);
 * const stage = progress.stage('1/3 calibration', 4);
 * stage.tick('ε 0 seed 0');
 * stage.done();
 * ```
 */
export class Progress {
  private readonly stream: NodeJS.WriteStream;
  private readonly interactive: boolean;

  constructor(stream: NodeJS.WriteStream, interactive = stream.isTTY === true) {
    this.stream = stream;
    this.interactive = interactive;
  }

  /** Writes a line (above the bars on a TTY). */
  line(text: string): void {
    this.stream.write(`${text}\n`);
  }

  /** Starts a stage of `total` units. */
  stage(name: string, total: number): StageProgress {
    const started = performance.now();
    const elapsed = (): string => `${((performance.now() - started) / 1000).toFixed(1)} s`;
    let count = 0;
    if (this.interactive) {
      const bar = new cliProgress.SingleBar(
        {
          format: `${name.padEnd(22)} {bar} {value}/{total} {detail}`,
          stream: this.stream,
          hideCursor: true,
          clearOnComplete: false,
        },
        cliProgress.Presets.shades_classic,
      );
      bar.start(total, 0, { detail: '' });
      return {
        tick: (detail = '') => {
          count += 1;
          bar.update(Math.min(count, total), { detail });
        },
        done: (detail = '') => {
          bar.update(total, { detail: `${detail} (${elapsed()})` });
          bar.stop();
        },
      };
    }
    let shown = -1;
    this.line(`${name}: started (${total} steps)`);
    return {
      tick: (detail = '') => {
        count += 1;
        const decile = Math.floor((10 * count) / total);
        if (decile !== shown) {
          shown = decile;
          this.line(`${name}: ${count}/${total} ${detail} (${elapsed()})`);
        }
      },
      done: (detail = '') => this.line(`${name}: done ${detail} (${elapsed()})`),
    };
  }
}
