// Loaded on demand (React.lazy): the charting library stays out of the main bundle.
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { NumbersLink } from '../ui/NumbersLink';

export interface AnnotatorBar {
  annotator: string;
  labels: number;
}

const AXIS = { fontSize: 12, fill: '#5b6478' };

/** Labels given per annotator (horizontal bars, most first). */
export default function AgreementChart({ annotators, numbers }: { annotators: AnnotatorBar[]; numbers: string }) {
  const data = [...annotators].sort((a, b) => b.labels - a.labels);
  // Room for the longest username (about 7 px a character at 12 px), within reason.
  const axisWidth = Math.min(240, Math.max(60, 12 + 7 * Math.max(...data.map((a) => a.annotator.length))));
  return (
    <figure className="chart" aria-label="Labels per annotator" aria-describedby={numbers}>
      <figcaption>
        Labels per annotator <NumbersLink target={numbers} />
      </figcaption>
      <div className="chart-drawing" aria-hidden="true">
        <ResponsiveContainer width="100%" height={Math.max(120, data.length * 40 + 40)}>
          <BarChart accessibilityLayer={false} data={data} layout="vertical" margin={{ top: 4, right: 16, bottom: 4, left: 8 }}>
            <CartesianGrid horizontal={false} strokeDasharray="3 3" />
            <XAxis type="number" allowDecimals={false} tick={AXIS} />
            <YAxis type="category" dataKey="annotator" width={axisWidth} tick={AXIS} />
            <Tooltip cursor={{ fill: '#eef0f5' }} />
            <Bar dataKey="labels" name="Labels" fill="#2f54c6" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
