// Loaded on demand (React.lazy): the charting library stays out of the main bundle.
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { MetricPoint } from '../jobs/jobEvents';
import { legendText } from '../ui/chartText';
import { formatDecimal } from '../ui/format';

const AXIS = { fontSize: 12, fill: '#5b6478' };
export const SERIES = [
  { key: 'accuracy', name: 'Accuracy', color: '#2f54c6', axis: 'share' },
  { key: 'macroF1', name: 'Macro F1', color: '#2ca02c', axis: 'share' },
  { key: 'loss', name: 'Loss', color: '#d62728', axis: 'loss' },
] as const;

function formatValue(value: unknown): string {
  return typeof value === 'number' ? formatDecimal(value) : String(value);
}

/** Loss (right axis), accuracy and macro F1 (left axis, 0-1) by step: one line each. */
export default function RunChart({ points, unit }: { points: readonly MetricPoint[]; unit: string }) {
  const dots = points.length <= 30;
  return (
    <div className="chart-drawing" aria-hidden="true">
      <ResponsiveContainer width="100%" height={280}>
        <LineChart accessibilityLayer={false} data={[...points]} margin={{ top: 8, right: 8, bottom: 16, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis
            dataKey="step"
            type="number"
            domain={['dataMin', 'dataMax']}
            allowDecimals={false}
            tick={AXIS}
            label={{ value: unit, position: 'insideBottom', offset: -8, fontSize: 12, fill: '#5b6478' }}
          />
          <YAxis yAxisId="share" domain={[0, 1]} tick={AXIS} width={40} />
          <YAxis yAxisId="loss" orientation="right" tick={AXIS} width={48} />
          <Tooltip formatter={formatValue} labelFormatter={(step) => `${unit} ${String(step)}`} />
          <Legend verticalAlign="top" height={28} formatter={legendText} />
          {SERIES.map((series) => (
            <Line
              key={series.key}
              yAxisId={series.axis}
              type="monotone"
              dataKey={series.key}
              name={series.name}
              stroke={series.color}
              strokeWidth={2}
              dot={dots}
              connectNulls
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
