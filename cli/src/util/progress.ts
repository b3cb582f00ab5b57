/**
 * Progress of long jobs: a redrawn bar with throughput and ETA when stderr is a terminal,
 * structured JSON log lines otherwise (CI logs, services), never both.
 */
export interface ProgressUpdate {
  /** Units done and in total (steps, images, ...). */
  done: number;
  total: number;
  /** Short label of the current phase, e.g. `train ada`. */
  phase: string;
  /** Throughput in `unit`s per second. */
  rate?: number;
  unit?: string;
  etaSeconds?: number;
  /** Extra fields shown after the bar and logged as-is (loss, lr, ...). */
  fields?: Record<string, number | string>;
}

export interface ProgressReporter {
  update(update: ProgressUpdate): void;
  /** A line of text above the bar (terminal) or an `event` log record. */
  log(message: string, fields?: Record<string, unknown>): void;
  done(): void;
}

function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '--:--';
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const mm = String(m).padStart(2, '0');
  const ss = String(sec).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

function formatField(v: number | string): string {
  if (typeof v === 'string') return v;
  if (Number.isInteger(v)) return String(v);
  return Math.abs(v) >= 100 || Math.abs(v) < 1e-3 ? v.toExponential(2) : v.toFixed(4);
}

function formatBar(u: ProgressUpdate, width: number, withFields: boolean): string {
  const frac = u.total > 0 ? Math.min(1, u.done / u.total) : 0;
  const filled = Math.round(frac * width);
  const bar = '#'.repeat(filled) + '-'.repeat(width - filled);
  const rate = u.rate !== undefined ? ` ${u.rate.toFixed(1)} ${u.unit ?? 'it'}/s` : '';
  const eta = u.etaSeconds !== undefined ? ` eta ${formatDuration(u.etaSeconds)}` : '';
  const fields = withFields
    ? Object.entries(u.fields ?? {})
        .map(([k, v]) => ` ${k} ${formatField(v)}`)
        .join('')
    : '';
  return `${u.phase} [${bar}] ${u.done}/${u.total}${rate}${eta}${fields}`;
}

/**
 * Terminal bar, redrawn at most every `intervalMs`. Phases that run at the same time (parallel
 * jobs) share the line, one compact segment each; a phase leaves it when it reaches its total.
 */
class TtyProgress implements ProgressReporter {
  private last = 0;
  private drawn = false;
  private readonly active = new Map<string, ProgressUpdate>();
  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly intervalMs = 150,
  ) {}

  update(u: ProgressUpdate): void {
    if (u.done >= u.total) this.active.delete(u.phase);
    else this.active.set(u.phase, u);
    const now = Date.now();
    if (now - this.last < this.intervalMs && u.done < u.total) return;
    this.last = now;
    const shown = this.active.size > 0 ? [...this.active.values()] : [u];
    const line =
      shown.length === 1
        ? formatBar(shown[0]!, 24, true)
        : shown.map((p) => formatBar(p, 10, false)).join(' | ');
    const cols = this.stream.columns ?? 120;
    this.stream.write(`\r\x1b[2K${line.slice(0, cols - 1)}`);
    this.drawn = true;
  }

  log(message: string): void {
    if (this.drawn) this.stream.write('\r\x1b[2K');
    this.stream.write(`${message}\n`);
    this.last = 0;
  }

  done(): void {
    if (this.drawn) this.stream.write('\n');
    this.drawn = false;
  }
}

/**
 * One JSON object per line, at a rate a log can bear: a phase's first and last update always,
 * and in between at most one record every `intervalMs` over all phases together (progress of a
 * long run must not crowd out its log lines).
 */
export class LogProgress implements ProgressReporter {
  private last = 0;
  private readonly seen = new Set<string>();
  constructor(
    private readonly stream: NodeJS.WritableStream,
    private readonly intervalMs = 30_000,
    private readonly now: () => number = Date.now,
  ) {}

  update(u: ProgressUpdate): void {
    const now = this.now();
    const first = !this.seen.has(u.phase);
    const last = u.done >= u.total;
    if (!first && !last && now - this.last < this.intervalMs) return;
    this.seen.add(u.phase);
    if (last) this.seen.delete(u.phase);
    this.last = now;
    this.stream.write(
      `${JSON.stringify({
        ts: new Date(now).toISOString(),
        event: 'progress',
        phase: u.phase,
        done: u.done,
        total: u.total,
        ...(u.rate !== undefined
          ? { rate: Number(u.rate.toFixed(2)), unit: `${u.unit ?? 'it'}/s` }
          : {}),
        ...(u.etaSeconds !== undefined ? { etaSeconds: Math.round(u.etaSeconds) } : {}),
        ...u.fields,
      })}\n`,
    );
  }

  log(message: string, fields?: Record<string, unknown>): void {
    this.stream.write(
      `${JSON.stringify({ ts: new Date().toISOString(), event: 'log', message, ...fields })}\n`,
    );
  }

  done(): void {
    // JSON lines need no closing line.
  }
}

/**
 * A reporter for `stream` (default stderr): the bar on a terminal, JSON lines otherwise.
 * `ADA_PROGRESS=bar|json` overrides the choice; `ADA_PROGRESS_INTERVAL` sets the JSON rate.
 */
export function createProgress(stream: NodeJS.WriteStream = process.stderr): ProgressReporter {
  const mode = process.env.ADA_PROGRESS ?? (stream.isTTY ? 'bar' : 'json');
  return mode === 'bar' ? new TtyProgress(stream) : new LogProgress(stream, progressIntervalMs());
}

/**
 * `ADA_PROGRESS_INTERVAL`: seconds between JSON progress records (default 30; a parent process
 * asks its job processes for 1, to keep its own bar current).
 */
export function progressIntervalMs(text = process.env.ADA_PROGRESS_INTERVAL): number {
  if (text === undefined || text === '') return 30_000;
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds < 0)
    throw new Error(`ADA_PROGRESS_INTERVAL must be a number of seconds >= 0, got '${text}'`);
  return seconds * 1000;
}
