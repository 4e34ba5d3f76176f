// Loaded on demand (React.lazy): the charting library stays out of the main bundle.
import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { STATUS_COLORS } from '../search/itemStatus';
import type { ItemStatus } from '../graphql/schema.generated';
import { NumbersLink } from '../ui/NumbersLink';

export interface LabelCounts {
  name: string;
  color: string;
  gold: number;
  any: number;
}

export interface StatusCounts {
  status: ItemStatus;
  count: number;
}

const AXIS = { fontSize: 12, fill: '#5b6478' };

/** Two bar charts: items per label (gold, and given by anyone) and items per workflow status. */
export default function DatasetCharts({
  labels,
  statuses,
  numbers,
}: {
  labels: LabelCounts[];
  statuses: StatusCounts[];
  /** Ids of the tables with the same numbers: per label, per status. */
  numbers: { labels: string; statuses: string };
}) {
  return (
    <div className="charts">
      <figure className="chart" aria-label="Items per label" aria-describedby={numbers.labels}>
        <figcaption>
          Items per label <span className="muted">— solid: gold label; light: given by anyone</span>{' '}
          <NumbersLink target={numbers.labels} />
        </figcaption>
        <div className="chart-drawing" aria-hidden="true">
          <ResponsiveContainer width="100%" height={Math.max(140, labels.length * 46 + 40)}>
            <BarChart accessibilityLayer={false} data={labels} layout="vertical" margin={{ top: 4, right: 16, bottom: 4, left: 8 }} barGap={2}>
              <CartesianGrid horizontal={false} strokeDasharray="3 3" />
              <XAxis type="number" allowDecimals={false} tick={AXIS} />
              <YAxis type="category" dataKey="name" width={110} tick={AXIS} />
              <Tooltip cursor={{ fill: '#eef0f5' }} />
              <Bar dataKey="gold" name="Gold label" isAnimationActive={false}>
                {labels.map((label) => (
                  <Cell key={label.name} fill={label.color} />
                ))}
              </Bar>
              <Bar dataKey="any" name="Given by anyone" isAnimationActive={false}>
                {labels.map((label) => (
                  <Cell key={label.name} fill={label.color} fillOpacity={0.4} />
                ))}
              </Bar>
            </BarChart>
          </ResponsiveContainer>
        </div>
      </figure>
      <figure className="chart" aria-label="Items per status" aria-describedby={numbers.statuses}>
        <figcaption>
          Items per status <NumbersLink target={numbers.statuses} />
        </figcaption>
        <div className="chart-drawing" aria-hidden="true">
          <ResponsiveContainer width="100%" height={220}>
            <BarChart accessibilityLayer={false} data={statuses} margin={{ top: 4, right: 16, bottom: 4, left: 0 }}>
              <CartesianGrid vertical={false} strokeDasharray="3 3" />
              <XAxis dataKey="status" tick={AXIS} interval={0} />
              <YAxis allowDecimals={false} tick={AXIS} />
              <Tooltip cursor={{ fill: '#eef0f5' }} />
              <Bar dataKey="count" name="Items" isAnimationActive={false}>
                {statuses.map((entry) => (
                  <Cell key={entry.status} fill={STATUS_COLORS[entry.status]} />
                ))}
              </Bar>
            </BarChart>
          </ResponsiveContainer>
        </div>
      </figure>
    </div>
  );
}
