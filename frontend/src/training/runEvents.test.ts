import { describe, expect, it } from 'vitest';
import { logEvent, metricEvent, stateEvent } from '../test/trainingFixtures';
import { EMPTY_LOG, logLinesOf, mergeEvents, pointsOf, progressOf, stateOf, type RunEvent } from './runEvents';

const events = (...list: unknown[]) => list as RunEvent[];

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
