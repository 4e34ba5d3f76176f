import type { RunFieldsFragment } from './training.generated';
import { formatDecimal } from '../ui/format';

type Outcome = RunFieldsFragment['labelOutcomes'][number];

/**
 * A multi-label run's label-wise confusion summary: each label's threshold (chosen on the held-out items) and its
 * true / false positives and negatives there.
 */
export function LabelOutcomes({ outcomes }: { outcomes: Outcome[] }) {
  return (
    <table aria-label="Thresholds and decisions per label" className="class-report">
      <caption>Thresholds and decisions per label</caption>
      <thead>
        <tr>
          <th scope="col">Label</th>
          <th scope="col" className="numeric">Threshold</th>
          <th scope="col" className="numeric"><abbr title="true positives">TP</abbr></th>
          <th scope="col" className="numeric"><abbr title="false positives">FP</abbr></th>
          <th scope="col" className="numeric"><abbr title="false negatives">FN</abbr></th>
          <th scope="col" className="numeric"><abbr title="true negatives">TN</abbr></th>
        </tr>
      </thead>
      <tbody>
        {outcomes.map((row) => (
          <tr key={row.label}>
            <th scope="row">{row.label}</th>
            <td className="numeric">{formatDecimal(row.threshold)}</td>
            <td className="numeric">{row.truePositives}</td>
            <td className="numeric">{row.falsePositives}</td>
            <td className="numeric">{row.falseNegatives}</td>
            <td className="numeric">{row.trueNegatives}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
