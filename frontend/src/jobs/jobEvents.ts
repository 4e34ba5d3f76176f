import type { JobKind, JobState } from '../graphql/schema.generated';
import type { JobEventFieldsFragment, MetricPointFieldsFragment } from './jobs.generated';

/**
 * The one helper for the state and events of a job of any kind (an import, an export, a training…): the
 * `JobState` machine, what a kind counts, and the event log that the `jobEvents` / `trainingRun` subscriptions
 * replay from a cursor and then stream.
 */

export type JobEvent = JobEventFieldsFragment;
export type MetricPoint = MetricPointFieldsFragment;

/** A job in one of these states will not change again (its subscriptions end). */
export function isFinished(state: JobState): boolean {
  switch (state) {
    case 'QUEUED':
    case 'RUNNING':
      return false;
    case 'SUCCEEDED':
    case 'FAILED':
    case 'CANCELLED':
      return true;
  }
}

/** What `done` and `total` count, per kind of job. */
export function unitsOf(kind: JobKind): string {
  switch (kind) {
    case 'IMPORT':
      return 'lines';
    case 'EXPORT':
    case 'REINDEX':
    case 'RECONCILE':
    case 'BATCH_SCORING':
      return 'items';
    case 'TRAINING':
    case 'PROMOTION':
      return 'steps';
  }
}

export const JOB_KIND_LABELS: Record<JobKind, string> = {
  IMPORT: 'Import',
  EXPORT: 'Export',
  REINDEX: 'Reindex',
  RECONCILE: 'Reconcile',
  TRAINING: 'Training',
  BATCH_SCORING: 'Batch scoring',
  PROMOTION: 'Promotion',
};

/** The download path of a finished export (`result.download`), if the result has one. */
export function downloadPathOf(result: unknown): string | null {
  if (typeof result !== 'object' || result === null) return null;
  const path = (result as { download?: unknown }).download;
  return typeof path === 'string' && path.startsWith('/') ? path : null;
}

/** A job's events as received so far: each once, in `seq` order, whatever path (query, subscription, poll) brought it. */
export interface JobEventLog {
  events: readonly JobEvent[];
  /** The highest `seq` received (0: none). */
  lastSeq: number;
  /** The `cursor` of that event: where to resume (null: from the start). */
  cursor: string | null;
}

export const EMPTY_LOG: JobEventLog = { events: [], lastSeq: 0, cursor: null };

/**
 * The log with the events it does not have yet. The API numbers a job's events 1, 2, … and sends them in order,
 * so an event whose `seq` is not past the last one is a repeat (a replay after a reconnection, a poll that
 * overlaps the subscription) and is dropped. Returns `log` itself when nothing is new (no re-render).
 */
export function mergeEvents(log: JobEventLog, incoming: readonly JobEvent[]): JobEventLog {
  let added: JobEvent[] | null = null;
  let { lastSeq, cursor } = log;
  for (const event of [...incoming].sort((a, b) => a.seq - b.seq)) {
    if (event.seq <= lastSeq) continue;
    (added ??= []).push(event);
    lastSeq = event.seq;
    cursor = event.cursor;
  }
  return added ? { events: [...log.events, ...added], lastSeq, cursor } : log;
}

/** The metric points, in order (one per epoch, iteration, fold or fit of a training). */
export function pointsOf(log: JobEventLog): MetricPoint[] {
  const points: MetricPoint[] = [];
  for (const event of log.events) if (event.kind === 'METRIC' && event.metric) points.push(event.metric);
  return points;
}

/** The state the events say the job is in: the last STATE event's; `fallback` (the job's) when there is none. */
export function stateOf(log: JobEventLog, fallback: JobState): JobState {
  if (isFinished(fallback)) return fallback; // an ended job does not start again
  for (let i = log.events.length - 1; i >= 0; i--) {
    const state = log.events[i]!.state;
    if (log.events[i]!.kind === 'STATE' && state) return state;
  }
  return fallback;
}

/** The share done, 0-1: the last PROGRESS event's, else the last metric point's step of total; null if unknown. */
export function progressOf(log: JobEventLog, state: JobState): number | null {
  if (state === 'SUCCEEDED') return 1;
  for (let i = log.events.length - 1; i >= 0; i--) {
    const event = log.events[i]!;
    if (event.kind === 'PROGRESS' && event.progress !== null) return event.progress;
    if (event.kind === 'METRIC' && event.metric?.total) return event.metric.step / event.metric.total;
  }
  return null;
}

/** The lines of a logs panel: LOG events (with their level) and STATE changes. */
export interface LogLine {
  seq: number;
  at: string;
  level: string;
  text: string;
}

export function logLinesOf(log: JobEventLog): LogLine[] {
  const lines: LogLine[] = [];
  for (const event of log.events) {
    if (event.kind === 'LOG') {
      lines.push({ seq: event.seq, at: event.at, level: event.level ?? 'INFO', text: event.message ?? '' });
    } else if (event.kind === 'STATE' && event.state) {
      lines.push({
        seq: event.seq,
        at: event.at,
        level: 'STATE',
        text: event.message ? `${event.state}: ${event.message}` : event.state,
      });
    }
  }
  return lines;
}
