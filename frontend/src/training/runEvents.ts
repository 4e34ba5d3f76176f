import type { MetricPointFieldsFragment, RunEventFieldsFragment, RunState } from './training.generated';

export type RunEvent = RunEventFieldsFragment;
export type MetricPoint = MetricPointFieldsFragment;

/** A run's events as received so far: each once, in `seq` order, whatever path (query, subscription, poll) brought it. */
export interface RunEventLog {
  events: readonly RunEvent[];
  /** The highest `seq` received (0: none). */
  lastSeq: number;
  /** The `cursor` of that event: where to resume (null: from the start). */
  cursor: string | null;
}

export const EMPTY_LOG: RunEventLog = { events: [], lastSeq: 0, cursor: null };

/**
 * The log with the events it does not have yet. The API numbers a run's events 1, 2, … and sends them in order,
 * so an event whose `seq` is not past the last one is a repeat (a replay after a reconnection, a poll that
 * overlaps the subscription) and is dropped. Returns `log` itself when nothing is new (no re-render).
 */
export function mergeEvents(log: RunEventLog, incoming: readonly RunEvent[]): RunEventLog {
  let added: RunEvent[] | null = null;
  let { lastSeq, cursor } = log;
  for (const event of [...incoming].sort((a, b) => a.seq - b.seq)) {
    if (event.seq <= lastSeq) continue;
    (added ??= []).push(event);
    lastSeq = event.seq;
    cursor = event.cursor;
  }
  return added ? { events: [...log.events, ...added], lastSeq, cursor } : log;
}

export function isFinished(state: RunState): boolean {
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

/** The metric points, in order (one per epoch, iteration, fold or fit). */
export function pointsOf(log: RunEventLog): MetricPoint[] {
  const points: MetricPoint[] = [];
  for (const event of log.events) if (event.kind === 'METRIC' && event.metric) points.push(event.metric);
  return points;
}

/** The state the events say the run is in: the last STATE event's; `fallback` (the run's) when there is none. */
export function stateOf(log: RunEventLog, fallback: RunState): RunState {
  if (isFinished(fallback)) return fallback; // an ended run does not start again
  for (let i = log.events.length - 1; i >= 0; i--) {
    const state = log.events[i]!.state;
    if (log.events[i]!.kind === 'STATE' && state) return state;
  }
  return fallback;
}

/** The share done, 0-1: the last PROGRESS event, else the last metric point's step of total; null if unknown. */
export function progressOf(log: RunEventLog, state: RunState): number | null {
  if (state === 'SUCCEEDED') return 1;
  for (let i = log.events.length - 1; i >= 0; i--) {
    const event = log.events[i]!;
    if (event.kind === 'PROGRESS' && event.progress !== null) return event.progress;
    if (event.kind === 'METRIC' && event.metric?.total) return event.metric.step / event.metric.total;
  }
  return null;
}

/** The lines of the logs panel: LOG events (with their level) and STATE changes. */
export interface LogLine {
  seq: number;
  at: string;
  level: string;
  text: string;
}

export function logLinesOf(log: RunEventLog): LogLine[] {
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
