import type { AgreementQuery } from './agreement.generated';
import { formatKappa, kappaReading } from './figures';
import { formatShare } from '../ui/format';

type Figures = Extract<AgreementQuery['agreement'], { __typename: 'Agreement' }>;

/** What the kappas measure, by task type (docs/annotation.md, "Agreement"). */
export function kappaBasis(figures: Pick<Figures, 'taskType'>): string | null {
  switch (figures.taskType) {
    case 'MULTI_LABEL':
      return 'pooled over every item × label yes/no decision';
    case 'SPANS':
      return 'token level: each token tagged with its span’s label, or O';
    default:
      return null;
  }
}

/** What a pair's similarity is, by task type; null for single labels (no column). */
export function similarityName(figures: Pick<Figures, 'taskType'>): string | null {
  switch (figures.taskType) {
    case 'MULTI_LABEL':
      return 'Mean MASI';
    case 'SPANS':
      return 'Span F1';
    default:
      return null;
  }
}

/** The figures only label sets (per-label kappa, alpha with MASI) or spans (exact-match span F1) have. */
export function TaskTypeFigures({ figures }: { figures: Figures }) {
  if (figures.taskType === 'SPANS') {
    return (
      <section className="card" aria-labelledby="spans-title">
        <h2 id="spans-title">Spans</h2>
        <dl className="figures">
          <div>
            <dt>Span F1</dt>
            <dd data-testid="span-f1">{formatShare(figures.spanF1)}</dd>
            <dd className="figure-note">spans marked exactly alike (start, end and label) by two annotators of an item</dd>
          </div>
        </dl>
      </section>
    );
  }
  if (figures.taskType !== 'MULTI_LABEL') return null;
  const alpha = kappaReading(figures.krippendorffAlphaMasi);
  return (
    <section className="card" aria-labelledby="sets-title">
      <h2 id="sets-title">Label sets</h2>
      <dl className="figures">
        <div>
          <dt>Krippendorff’s α (MASI)</dt>
          <dd data-testid="alpha-masi">{formatKappa(figures.krippendorffAlphaMasi)}</dd>
          <dd className="figure-note">
            whole sets compared: a set and its subset partly agree{alpha ? ` (${alpha})` : ''}
          </dd>
        </div>
      </dl>
      <table aria-label="Agreement per label">
        <thead>
          <tr>
            <th scope="col">Label</th>
            <th scope="col" className="numeric">Chosen</th>
            <th scope="col" className="numeric">Cohen’s κ</th>
            <th scope="col" className="numeric">Fleiss’ κ</th>
          </tr>
        </thead>
        <tbody>
          {figures.labelKappas.map((k) => (
            <tr key={k.label}>
              <th scope="row">{k.label}</th>
              <td className="numeric">{k.chosen}</td>
              <td className="numeric">{formatKappa(k.cohenKappa)}</td>
              <td className="numeric">{formatKappa(k.fleissKappa)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="figure-note">Each label read as a yes/no decision per item; Cohen’s κ only with exactly two annotators.</p>
    </section>
  );
}
