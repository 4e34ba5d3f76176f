import { lazy, Suspense, useEffect, useRef } from 'react';
import { useQuery } from 'urql';
import { useTitle } from '../app/useTitle';
import { useDatasetContext } from '../datasets/datasetContext';
import type { DatasetFieldsFragment } from '../graphql/shared/items.generated';
import { asSentence } from '../annotate/messages';
import { describeError } from '../graphql/errors';
import { AgreementDocument, type AgreementQuery } from './agreement.generated';
import { formatShare } from '../ui/format';
import { formatKappa, formatPace, kappaReading } from './figures';
import { LivePanel } from './LivePanel';
import { kappaBasis, similarityName, TaskTypeFigures } from './TaskTypeFigures';
import { useDatasetActivity, type ActivitySnapshot } from './useDatasetActivity';

const AgreementChart = lazy(() => import('./AgreementChart'));

/** New labels refresh the figures, at most this often (each `agreement` reads every labelled item). */
export const REFRESH_MS = 5000;

type Figures = Extract<AgreementQuery['agreement'], { __typename: 'Agreement' }>;

/** Inter-annotator agreement of a dataset, kept current by its live activity. */
export function AgreementPage() {
  const { dataset } = useDatasetContext();
  useTitle(`Agreement · ${dataset.name}`);
  const activity = useDatasetActivity(dataset.id);
  const [{ data, error, fetching }, reexecute] = useQuery({
    query: AgreementDocument,
    variables: { datasetId: dataset.id },
    requestPolicy: 'cache-and-network',
  });
  const refresh = () => reexecute({ requestPolicy: 'network-only' });
  useRefreshOnNewLabels(activity.snapshot, refresh);

  return (
    <div className="agreement" aria-busy={fetching}>
      <LivePanel activity={activity} dataset={dataset} />
      {!data &&
        (error ? <p role="alert">Cannot load the agreement: {describeError(error)}</p> : <p role="status">Loading the agreement…</p>)}
      {data && <AgreementBody result={data.agreement} dataset={dataset} onRefresh={refresh} />}
    </div>
  );
}

function AgreementBody({
  result,
  dataset,
  onRefresh,
}: {
  result: AgreementQuery['agreement'];
  dataset: DatasetFieldsFragment;
  onRefresh: () => void;
}) {
  switch (result.__typename) {
    case 'DatasetNotFoundError':
      return (
        <p className="form-error" role="alert">
          {asSentence(result.message)}
        </p>
      );
    case 'Agreement':
      return (
        <>
          <Summary figures={result} dataset={dataset} onRefresh={onRefresh} />
          <TaskTypeFigures figures={result} />
          <Annotators figures={result} />
          {result.pairs.length > 0 && <Pairs figures={result} />}
        </>
      );
  }
}

function Summary({ figures, dataset, onRefresh }: { figures: Figures; dataset: DatasetFieldsFragment; onRefresh: () => void }) {
  const cohen = kappaReading(figures.cohenKappa);
  const fleiss = kappaReading(figures.fleissKappa);
  const basis = kappaBasis(figures);
  return (
    <section className="card" aria-labelledby="figures-title">
      <div className="card-header">
        <h2 id="figures-title">Agreement</h2>
        <button type="button" className="secondary" onClick={onRefresh}>
          Refresh
        </button>
      </div>
      <dl className="figures">
        <div>
          <dt>Percent agreement</dt>
          <dd data-testid="percent-agreement">{formatShare(figures.percentAgreement)}</dd>
          <dd className="figure-note">
            mean share of annotator pairs per item {basis ? 'giving exactly the same answer' : 'that agree'}
          </dd>
        </div>
        <div>
          <dt>Cohen’s κ</dt>
          <dd data-testid="cohen-kappa">{formatKappa(figures.cohenKappa)}</dd>
          <dd className="figure-note">
            {cohen ?? 'only with exactly two annotators (each pair is below)'}
            {basis && `; ${basis}`}
          </dd>
        </div>
        <div>
          <dt>Fleiss’ κ</dt>
          <dd data-testid="fleiss-kappa">{formatKappa(figures.fleissKappa)}</dd>
          <dd className="figure-note">
            {fleiss ?? 'needs items with two labels or more'}
            {basis && `; ${basis}`}
          </dd>
        </div>
        <div>
          <dt>Items compared</dt>
          <dd data-testid="items-compared">{figures.itemsCompared}</dd>
          <dd className="figure-note">with two labels or more, of {figures.itemsLabelled} labelled</dd>
        </div>
      </dl>
      {figures.itemsCompared === 0 && (
        <p className="muted">
          No item has two labels yet: agreement needs overlap
          {dataset.settings.overlapTarget === 1 ? ' (this dataset asks for one label per item)' : ''}.
        </p>
      )}
    </section>
  );
}

function Annotators({ figures }: { figures: Figures }) {
  return (
    <section className="card" aria-labelledby="annotators-title">
      <h2 id="annotators-title">Annotators</h2>
      {figures.annotators.length === 0 ? (
        <p className="muted">Nobody has labelled an item yet.</p>
      ) : (
        <>
          <Suspense fallback={<p role="status">Loading the chart…</p>}>
            <AgreementChart annotators={figures.annotators.map(({ annotator, labels }) => ({ annotator, labels }))} numbers="numbers-annotators" />
          </Suspense>
          <table aria-label="Annotators" id="numbers-annotators" tabIndex={-1}>
            <thead>
              <tr>
                <th scope="col">Annotator</th>
                <th scope="col" className="numeric">Labels</th>
                <th scope="col" className="numeric">Pace</th>
                <th scope="col" className="numeric">With the others’ majority</th>
                <th scope="col" className="numeric">With gold labels</th>
                <th scope="col" className="numeric">
                  Suggestions accepted
                </th>
              </tr>
            </thead>
            <tbody>
              {figures.annotators.map((a) => (
                <tr key={a.annotator}>
                  <th scope="row">{a.annotator}</th>
                  <td className="numeric">{a.labels}</td>
                  <td className="numeric">{formatPace(a.perHour)}</td>
                  <td className="numeric">{formatShare(a.agreementWithConsensus)}</td>
                  <td className="numeric">{formatShare(a.agreementWithGold)}</td>
                  <td className="numeric" data-testid={`acceptance-${a.annotator}`}>
                    {formatShare(a.acceptanceRate)}
                    {a.suggestionsShown > 0 && (
                      <span className="muted">
                        {' '}
                        ({a.suggestionsAccepted} of {a.suggestionsShown})
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="figure-note">
            Suggestions accepted: of the labels an annotator gave while the workspace pre-selected the model’s suggestion,
            the share that was that suggestion, accepted unchanged (a high share may mean the suggestions steer the labels).
          </p>
        </>
      )}
    </section>
  );
}

function Pairs({ figures }: { figures: Figures }) {
  const similarity = similarityName(figures);
  return (
    <section className="card" aria-labelledby="pairs-title">
      <h2 id="pairs-title">Pairs of annotators</h2>
      <table aria-label="Pairs of annotators">
        <thead>
          <tr>
            <th scope="col">Annotators</th>
            <th scope="col" className="numeric">Items in common</th>
            <th scope="col" className="numeric">Cohen’s κ</th>
            {similarity && (
              <th scope="col" className="numeric">
                {similarity}
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {figures.pairs.map((pair) => (
            <tr key={`${pair.first}\n${pair.second}`}>
              <th scope="row">
                {pair.first} · {pair.second}
              </th>
              <td className="numeric">{pair.items}</td>
              <td className="numeric">
                {formatKappa(pair.kappa)} {kappaReading(pair.kappa) && <span className="muted">({kappaReading(pair.kappa)})</span>}
              </td>
              {similarity && <td className="numeric">{formatShare(pair.similarity)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** Asks for the figures again after new labels arrive, at most every REFRESH_MS. */
function useRefreshOnNewLabels(snapshot: ActivitySnapshot | null, refresh: () => void): void {
  const lastRefresh = useRef(Date.now());
  const latest = useRef(refresh);
  useEffect(() => {
    latest.current = refresh;
  });
  const labelledAt = snapshot && snapshot.recent.length > 0 ? snapshot.at : null;
  useEffect(() => {
    if (labelledAt === null) return undefined;
    const wait = Math.max(0, lastRefresh.current + REFRESH_MS - Date.now());
    const timer = setTimeout(() => {
      lastRefresh.current = Date.now();
      latest.current();
    }, wait);
    return () => clearTimeout(timer);
  }, [labelledAt]);
}
