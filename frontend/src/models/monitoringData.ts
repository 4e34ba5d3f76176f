import { formatDecimal, formatTime } from '../ui/format';
import type { ModelMonitoringQuery } from './models.generated';

export type Monitoring = ModelMonitoringQuery['modelMonitoring'];
type ValueCounts = Monitoring['labels'];

export interface MinutePoint {
  at: string;
  /** "14:05", in the viewer's time zone. */
  time: string;
  count: number;
}

export interface BucketPoint {
  /** "0.5–0.6". */
  bucket: string;
  count: number;
}

export interface LabelShare {
  label: string;
  /** Share of the predictions in the window, 0–1. */
  predicted: number;
  /** Share of the training items of the version, 0–1. */
  training: number;
  predictedCount: number;
  trainingCount: number;
}


export function minutePoints(monitoring: Monitoring): MinutePoint[] {
  return monitoring.perMinute.map(({ at, count }) => ({ at, time: formatTime(at), count }));
}

export function confidenceBuckets(monitoring: Monitoring): BucketPoint[] {
  return monitoring.confidenceHistogram.map(({ value, count }) => {
    const start = Number(value);
    return { bucket: Number.isNaN(start) ? value : `${formatDecimal(start, 1)}–${formatDecimal(start + 0.1, 1)}`, count };
  });
}

/** Predicted and training labels as shares (their totals differ by orders of magnitude), training order first. A
 * multi-label or span model's predicted "labels" are keys (one per set or text): the counts of predictions using each
 * label (`labelRates`) stand in for them. */
export function labelShares(monitoring: Monitoring): LabelShare[] {
  const sum = (counts: ValueCounts) => counts.reduce((total, entry) => total + entry.count, 0);
  const predictedLabels =
    monitoring.labelRates.length > 0
      ? monitoring.labelRates.map(({ label, count }) => ({ value: label, count }))
      : monitoring.labels;
  const predictedTotal = sum(predictedLabels);
  const trainingTotal = sum(monitoring.trainingLabels);
  const names = [...new Set([...monitoring.trainingLabels.map((e) => e.value), ...predictedLabels.map((e) => e.value)])];
  const countIn = (counts: ValueCounts, label: string) => counts.find((e) => e.value === label)?.count ?? 0;
  return names.map((label) => {
    const predictedCount = countIn(predictedLabels, label);
    const trainingCount = countIn(monitoring.trainingLabels, label);
    return {
      label,
      predictedCount,
      trainingCount,
      predicted: predictedTotal > 0 ? predictedCount / predictedTotal : 0,
      training: trainingTotal > 0 ? trainingCount / trainingTotal : 0,
    };
  });
}
