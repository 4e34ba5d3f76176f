// Loaded on demand (React.lazy): the charting library stays out of the main bundle.
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { NumbersLink } from '../ui/NumbersLink';
import { formatShare } from '../ui/format';
import type { BucketPoint, LabelShare, MinutePoint } from './monitoringData';
import { legendText } from '../ui/chartText';

const AXIS = { fontSize: 12, fill: '#5b6478' };
const percent = (value: number) => formatShare(value, 0);
const bucketStart = (bucket: unknown) => String(bucket).split('–')[0] ?? String(bucket);

/** Predictions per minute, the confidence histogram, and predicted vs training labels. */
export default function MonitoringCharts({
  minutes,
  buckets,
  labels,
  numbers,
}: {
  minutes: MinutePoint[];
  buckets: BucketPoint[];
  labels: LabelShare[];
  /** Ids of what says the same in text: a summary of the minutes, the histogram's and the labels' tables. */
  numbers: { minutes: string; buckets: string; labels: string };
}) {
  return (
    <div className="charts monitoring-charts">
      <figure className="chart chart-wide" aria-label="Predictions per minute" aria-describedby={numbers.minutes}>
        <figcaption>
          Predictions per minute <NumbersLink target={numbers.minutes} />
        </figcaption>
        <div className="chart-drawing" aria-hidden="true">
          <ResponsiveContainer width="100%" height={220}>
            <LineChart accessibilityLayer={false} data={minutes} margin={{ top: 4, right: 16, bottom: 4, left: 0 }}>
              <CartesianGrid vertical={false} strokeDasharray="3 3" />
              <XAxis dataKey="time" tick={AXIS} minTickGap={24} />
              <YAxis allowDecimals={false} tick={AXIS} />
              <Tooltip />
              <Line type="linear" dataKey="count" name="Predictions" stroke="#3056d3" dot={minutes.length <= 30} isAnimationActive={false} />
            </LineChart>
          </ResponsiveContainer>
        </div>
      </figure>
      <figure className="chart" aria-label="Confidence histogram" aria-describedby={numbers.buckets}>
        <figcaption>
          Confidence of the predicted label <span className="muted">— each bar from its mark to the next 0.1</span>{' '}
          <NumbersLink target={numbers.buckets} />
        </figcaption>
        <div className="chart-drawing" aria-hidden="true">
          <ResponsiveContainer width="100%" height={220}>
            <BarChart accessibilityLayer={false} data={buckets} margin={{ top: 4, right: 16, bottom: 4, left: 0 }}>
              <CartesianGrid vertical={false} strokeDasharray="3 3" />
              {/* every bar labelled, by its start ("0.5" for 0.5–0.6): the full ranges do not fit under 10 bars */}
              <XAxis dataKey="bucket" tick={AXIS} interval={0} tickFormatter={bucketStart} />
              <YAxis allowDecimals={false} tick={AXIS} />
              <Tooltip cursor={{ fill: '#eef0f5' }} />
              <Bar dataKey="count" name="Predictions" fill="#3056d3" isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </div>
      </figure>
      <figure className="chart" aria-label="Predicted and training labels" aria-describedby={numbers.labels}>
        <figcaption>
          Labels <span className="muted">— share of the predictions vs share of the training items</span>{' '}
          <NumbersLink target={numbers.labels} />
        </figcaption>
        <div className="chart-drawing" aria-hidden="true">
          <ResponsiveContainer width="100%" height={Math.max(220, labels.length * 28 + 60)}>
            <BarChart accessibilityLayer={false} data={labels} margin={{ top: 4, right: 16, bottom: 4, left: 0 }} barGap={2}>
              <CartesianGrid vertical={false} strokeDasharray="3 3" />
              <XAxis dataKey="label" tick={AXIS} interval={0} />
              <YAxis tickFormatter={percent} tick={AXIS} />
              <Tooltip formatter={(value) => (typeof value === 'number' ? percent(value) : String(value))} cursor={{ fill: '#eef0f5' }} />
              <Legend formatter={legendText} />
              <Bar dataKey="predicted" name="Predicted" fill="#3056d3" isAnimationActive={false} />
              <Bar dataKey="training" name="Training" fill="#7b86a0" isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </div>
      </figure>
    </div>
  );
}
