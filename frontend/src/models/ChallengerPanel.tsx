import { useEffect, useId, useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { asSentence } from '../annotate/messages';
import { describeError } from '../graphql/errors';
import {
  ChallengerComparisonDocument,
  SetShadowTrafficDocument,
  ShadowTrafficDocument,
  type ChallengerComparisonQuery,
} from '../graphql/shared/models.generated';
import { FormMessage, TextField } from '../ui/Field';
import { splitErrors, type SplitErrors } from '../ui/fieldErrors';
import { formatCount, formatShare } from '../ui/format';
import { TableScroll } from '../ui/TableScroll';
import { CanButton } from '../viewer/Gated';
import { useCan } from '../viewer/permissions';

const FIELDS = ['alias', 'percent'];
const NO_ERRORS: SplitErrors = { fields: {}, form: null };
type Comparison = ChallengerComparisonQuery['challengerComparison'];

/**
 * Challenger traffic: ADMIN (promote_model) sets which alias also scores a share of production calls (0–100 %;
 * logged, never returned), and everyone sees champion vs challenger over the monitoring window: pairs, agreement,
 * the mean confidence of each, and agreement per production label.
 */
export function ChallengerPanel({ model, minutes }: { model: string; minutes: number }) {
  const id = useId();
  const can = useCan('PROMOTE_MODEL');
  const [{ data: shadowData }, reloadShadow] = useQuery({ query: ShadowTrafficDocument, variables: { model } });
  const [{ data, error }] = useQuery({
    query: ChallengerComparisonDocument,
    variables: { name: model, minutes },
    requestPolicy: 'cache-and-network',
  });
  const [{ fetching }, save] = useMutation(SetShadowTrafficDocument);
  const current = shadowData?.shadowTraffic;
  const [alias, setAlias] = useState('challenger');
  const [percent, setPercent] = useState('0');
  const [errors, setErrors] = useState<SplitErrors>(NO_ERRORS);
  const [saved, setSaved] = useState<string | null>(null);
  useEffect(() => {
    if (!current) return;
    setAlias(current.alias ?? 'challenger');
    setPercent(String(current.percent));
  }, [current]);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaved(null);
    const share = Number(percent);
    if (percent.trim() === '' || !Number.isInteger(share) || share < 0 || share > 100) {
      setErrors({ fields: { percent: 'Give a whole share between 0 and 100, e.g. 10.' }, form: null });
      return;
    }
    const outcome = (await save({ model, alias: alias.trim() || null, percent: share })).data?.setShadowTraffic;
    if (!outcome) return;
    if (outcome.__typename === 'ShadowTrafficSuccess') {
      setErrors(NO_ERRORS);
      reloadShadow({ requestPolicy: 'network-only' });
      setSaved(describeShadow(outcome.shadow));
    } else if (outcome.__typename === 'ValidationError') {
      setErrors(splitErrors(outcome, FIELDS));
    } else {
      setErrors({ fields: { alias: asSentence(outcome.message) }, form: null });
    }
  }

  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Challenger</h2>
      <p className="muted">
        A share of production calls is also scored by the version an alias points to, after the answer is sent: the
        caller never waits for it nor sees it. Set the alias on the Versions page.
      </p>
      <p data-testid="shadow-state">
        <strong>{current ? describeShadow(current) : 'Loading…'}</strong>
      </p>
      <form onSubmit={(event) => void onSubmit(event)} noValidate className="inline-form" aria-label="Shadow traffic">
        <TextField
          label="Challenger alias"
          value={alias}
          disabled={!can.enabled}
          error={errors.fields.alias}
          onChange={(event) => setAlias(event.target.value)}
        />
        <TextField
          label="Share of production calls (%)"
          type="number"
          inputMode="numeric"
          min={0}
          max={100}
          step={1}
          value={percent}
          disabled={!can.enabled}
          error={errors.fields.percent}
          onChange={(event) => setPercent(event.target.value)}
        />
        <CanButton permission="PROMOTE_MODEL" type="submit" disabled={fetching}>
          {fetching ? 'Saving…' : 'Save shadow traffic'}
        </CanButton>
        <FormMessage error={errors.form} success={saved} />
      </form>
      <h3>Champion vs challenger</h3>
      {!data &&
        (error ? <p role="alert">Cannot load the comparison: {describeError(error)}</p> : <p role="status">Loading the comparison…</p>)}
      {data && <ComparisonFigures comparison={data.challengerComparison} />}
    </section>
  );
}

function describeShadow(shadow: { alias?: string | null; percent: number; version?: string | null }): string {
  if (!shadow.alias || shadow.percent === 0) return 'Off: no production call is shadowed.';
  const target = shadow.version ? `version ${shadow.version}` : 'no version (the alias is not set)';
  return `On: ${shadow.percent} % of production calls are also scored by ${shadow.alias}, ${target}.`;
}

function ComparisonFigures({ comparison }: { comparison: Comparison }) {
  if (comparison.paired === 0) return <p data-testid="comparison-empty">No shadow predictions in this window.</p>;
  return (
    <>
      <dl className="figures" data-testid="comparison">
        <dt>Paired predictions</dt>
        <dd>{formatCount(comparison.paired)}</dd>
        <dt>Agreement</dt>
        <dd>
          {formatShare(comparison.agreementRate)} ({formatCount(comparison.agreements)} of {formatCount(comparison.paired)})
        </dd>
        <dt>Champion mean confidence</dt>
        <dd>{formatShare(comparison.championMeanConfidence)}</dd>
        <dt>Challenger mean confidence</dt>
        <dd>{formatShare(comparison.challengerMeanConfidence)}</dd>
        <dt>Versions</dt>
        <dd>
          {comparison.versions.map((v) => `v${v.championVersion} vs v${v.challengerVersion} (${formatCount(v.paired)})`).join(', ')}
        </dd>
      </dl>
      <TableScroll label="Agreement per label (scrolls sideways)">
        <table aria-label="Agreement per label">
          <thead>
            <tr>
              <th scope="col">Production label</th>
              <th scope="col" className="numeric">
                Pairs
              </th>
              <th scope="col" className="numeric">
                Agreement
              </th>
            </tr>
          </thead>
          <tbody>
            {comparison.labels.map((l) => (
              <tr key={l.label}>
                <th scope="row">{l.label}</th>
                <td className="numeric">{formatCount(l.paired)}</td>
                <td className="numeric">{formatShare(l.rate)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </>
  );
}
