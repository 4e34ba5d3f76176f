import { describe, expect, it } from 'vitest';
import { logEvent, metricEvent, stateEvent } from '../test/trainingFixtures';
import {
  downloadPathOf,
  EMPTY_LOG,
  isFinished,
  JOB_KIND_LABELS,
  logLinesOf,
  mergeEvents,
  pointsOf,
  progressOf,
  stateOf,
  unitsOf,
  type JobEvent,
} from './jobEvents';

const events = (...list: unknown[]) => list as JobEvent[];

describe('mergeEvents: each event once, in seq order', () => {
  it('appends new events, drops repeats and keeps the last cursor', () => {
    const first = mergeEvents(EMPTY_LOG, events(stateEvent(1, 'QUEUED'), stateEvent(2, 'RUNNING'), metricEvent(3, 1)));
    expect(first.lastSeq).toBe(3);
    expect(first.cursor).toBe('3');
    const replayed = mergeEvents(first, events(metricEvent(2, 1), metricEvent(3, 1), metricEvent(4, 2)));
    expect(replayed.events.map((event) => event.seq)).toEqual([1, 2, 3, 4]);
    expect(replayed.cursor).toBe('4');
    expect(pointsOf(replayed).map((point) => point.step)).toEqual([1, 2]);
  });

  it('returns the same log when nothing is new (no re-render)', () => {
    const log = mergeEvents(EMPTY_LOG, events(metricEvent(1, 1)));
    expect(mergeEvents(log, events(metricEvent(1, 1)))).toBe(log);
    expect(mergeEvents(log, [])).toBe(log);
  });

  it('sorts a batch by seq before merging it', () => {
    const log = mergeEvents(EMPTY_LOG, events(metricEvent(3, 2), metricEvent(2, 1)));
    expect(log.events.map((event) => event.seq)).toEqual([2, 3]);
    expect(log.cursor).toBe('3');
  });
});

describe('what the run page reads from the log', () => {
  const log = mergeEvents(
    EMPTY_LOG,
    events(stateEvent(1, 'QUEUED', 'queued'), stateEvent(2, 'RUNNING', 'running'), logEvent(3, 'training set: 120 items'), metricEvent(4, 10, 40)),
  );

  it('state: the last STATE event, unless the run itself has ended', () => {
    expect(stateOf(log, 'QUEUED')).toBe('RUNNING');
    expect(stateOf(log, 'CANCELLED')).toBe('CANCELLED');
    expect(stateOf(EMPTY_LOG, 'QUEUED')).toBe('QUEUED');
  });

  it('progress: the last PROGRESS event, else step of total; 1 once SUCCEEDED', () => {
    expect(progressOf(log, 'RUNNING')).toBe(0.25);
    const withProgress = mergeEvents(log, events({ ...metricEvent(5, 1), kind: 'PROGRESS', metric: null, progress: 0.3 }));
    expect(progressOf(withProgress, 'RUNNING')).toBe(0.3);
    expect(progressOf(EMPTY_LOG, 'QUEUED')).toBeNull();
    expect(progressOf(EMPTY_LOG, 'SUCCEEDED')).toBe(1);
  });

  it('log lines: LOG events with their level, STATE changes with their message', () => {
    expect(logLinesOf(log).map((line) => `${line.level} ${line.text}`)).toEqual([
      'STATE QUEUED: queued',
      'STATE RUNNING: running',
      'INFO training set: 120 items',
    ]);
  });
});

describe('one helper for every kind of job', () => {
  it('isFinished: SUCCEEDED, FAILED and CANCELLED end a job of any kind', () => {
    expect(['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'].map((s) => isFinished(s as never))).toEqual([
      false,
      false,
      true,
      true,
      true,
    ]);
  });

  it('units and labels per kind', () => {
    expect(unitsOf('IMPORT')).toBe('lines');
    expect(unitsOf('RECONCILE')).toBe('items');
    expect(unitsOf('TRAINING')).toBe('steps');
    expect(JOB_KIND_LABELS.BATCH_SCORING).toBe('Batch scoring');
  });

  it("an import's events: its progress comes from PROGRESS events, its state from STATE events", () => {
    const progress = (seq: number, done: number, total: number) => ({
      ...stateEvent(seq, 'RUNNING'),
      kind: 'PROGRESS',
      state: null,
      message: null,
      progress: done / total,
      done,
      total,
    });
    const log = mergeEvents(EMPTY_LOG, events(stateEvent(1, 'QUEUED'), stateEvent(2, 'RUNNING'), progress(3, 2000, 8000)));
    expect(stateOf(log, 'QUEUED')).toBe('RUNNING');
    expect(progressOf(log, 'RUNNING')).toBe(0.25);
    const cancelled = mergeEvents(log, events(stateEvent(4, 'CANCELLED', 'cancelled after 2000 of 8000')));
    expect(stateOf(cancelled, 'RUNNING')).toBe('CANCELLED');
    expect(logLinesOf(cancelled).at(-1)?.text).toBe('CANCELLED: cancelled after 2000 of 8000');
    expect(pointsOf(cancelled)).toEqual([]);
  });

  it('downloadPathOf: only an absolute path in the result', () => {
    expect(downloadPathOf({ download: '/exports/job_1' })).toBe('/exports/job_1');
    expect(downloadPathOf({ download: 'http://elsewhere/x' })).toBeNull();
    expect(downloadPathOf(null)).toBeNull();
  });
});
