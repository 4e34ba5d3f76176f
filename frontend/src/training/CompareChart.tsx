// Loaded on demand (React.lazy): the charting library stays out of the main bundle.
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { MetricPoint } from '../jobs/jobEvents';
import { legendText } from '../ui/chartText';
import { formatDecimal } from '../ui/format';

export type CurveMetric = 'accuracy' | 'macroF1' | 'loss';

export interface ComparedCurve {
  runId: string;
  name: string;
  color: string;
  points: readonly MetricPoint[];
}

const AXIS = { fontSize: 12, fill: '#5b6478' };

/** One row per step, one column per run: what LineChart draws one line per run from. */
function rowsOf(curves: readonly ComparedCurve[], metric: CurveMetric): Record<string, number | null>[] {
  const byStep = new Map<number, Record<string, number | null>>();
  for (const curve of curves) {
    for (const point of curve.points) {
      const row = byStep.get(point.step) ?? { step: point.step };
      row[curve.runId] = point[metric];
      byStep.set(point.step, row);
    }
  }
  return [...byStep.values()].sort((a, b) => (a.step ?? 0) - (b.step ?? 0));
}

/** The chosen metric of each run by step, overlaid. */
export default function CompareChart({ curves, metric, label }: { curves: readonly ComparedCurve[]; metric: CurveMetric; label: string }) {
  const rows = rowsOf(curves, metric);
  return (
    <div className="chart-drawing" aria-hidden="true">
      <ResponsiveContainer width="100%" height={300}>
        <LineChart accessibilityLayer={false} data={rows} margin={{ top: 8, right: 16, bottom: 16, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="step" type="number" domain={['dataMin', 'dataMax']} allowDecimals={false} tick={AXIS} label={{ value: 'step', position: 'insideBottom', offset: -8, fontSize: 12, fill: '#5b6478' }} />
          <YAxis tick={AXIS} width={48} {...(metric === 'loss' ? {} : { domain: [0, 1] })} label={{ value: label, angle: -90, position: 'insideLeft', fontSize: 12, fill: '#5b6478' }} />
          <Tooltip formatter={(value: unknown) => (typeof value === 'number' ? formatDecimal(value) : String(value))} labelFormatter={(step) => `step ${String(step)}`} />
          <Legend verticalAlign="top" height={28} formatter={legendText} />
          {curves.map((curve) => (
            <Line
              key={curve.runId}
              type="monotone"
              dataKey={curve.runId}
              name={curve.name}
              stroke={curve.color}
              strokeWidth={2}
              dot={curve.points.length <= 30}
              connectNulls
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
