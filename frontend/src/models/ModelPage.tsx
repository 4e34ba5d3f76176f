import { useCallback, useEffect, useId, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { useTitle } from '../app/useTitle';
import { asSentence } from '../annotate/messages';
import { describeError } from '../graphql/errors';
import type { SplitErrors } from '../ui/fieldErrors';
import { Pager, useCursors } from '../ui/Pager';
import { GatedButton } from '../viewer/Gated';
import { useCan } from '../viewer/permissions';
import { describeAliasEvent, RemoveAliasDialog, SetAliasDialog, type AliasEvent } from './AliasDialog';
import { Confirmation } from './Confirmation';
import { useModelContext, type ModelVersion } from './modelContext';
import {
  PromoteModelVersionDocument,
  RollbackModelDocument,
  type PromotionEventFieldsFragment,
} from '../graphql/shared/models.generated';
import { PromotionHistoryDocument } from './models.generated';
import type { JobFieldsFragment } from '../jobs/jobs.generated';
import { promotionErrors, type PromotionOutcome } from './promotion';
import { PromotionJobNotice } from './PromotionJobNotice';
import { PromotionTimeline } from './PromotionTimeline';
import { ProposalsPanel } from './ProposalsPanel';
import { ReasonDialog } from './ReasonDialog';
import { VersionComparison } from './VersionComparison';
import { VersionsTable } from './VersionsTable';

type Dialog =
  | { kind: 'promote'; version: ModelVersion }
  | { kind: 'rollback' }
  | { kind: 'alias'; version: ModelVersion }
  | { kind: 'unalias'; version: ModelVersion; alias: string }
  | null;

/** Versions listed at first (newest first; the production one and ticked ones are always listed). */
export const SHOWN_VERSIONS = 10;

/** No answer to show in the dialog: the request failed as a whole (the app's toast says why). */
const UNANSWERED: SplitErrors = { fields: {}, form: null };

export const HISTORY_PAGE_SIZE = 50;

/** One model: its versions (compare two, promote one), rollback, and the promotion history. */
export function ModelPage() {
  const { model, version: modelVersion, refresh } = useModelContext();
  useTitle(`Model · ${model.name}`);
  const can = useCan('PROMOTE_MODEL');
  const reasonId = useId();
  const why = can.enabled ? null : asSentence(can.reason ?? 'not available to you');
  const canPromote = { enabled: can.enabled, reason: why, reasonId };
  const historyPages = useCursors();
  const [{ data: history, error: historyError, fetching: historyFetching }, reexecuteHistory] = useQuery({
    query: PromotionHistoryDocument,
    variables: { name: model.name, first: HISTORY_PAGE_SIZE, after: historyPages.after },
    requestPolicy: 'cache-and-network',
  });
  useEffect(() => {
    if (modelVersion > 0) reexecuteHistory({ requestPolicy: 'network-only' });
  }, [modelVersion, reexecuteHistory]);

  const [selected, setSelected] = useState<string[]>([]);
  const [showAll, setShowAll] = useState(false);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [job, setJob] = useState<JobFieldsFragment | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const dismissNotice = useCallback(() => setNotice(null), []);
  const [jobsEnded, setJobsEnded] = useState(0);
  const jobEnded = useCallback(() => {
    setJobsEnded((n) => n + 1);
    refresh();
    reexecuteHistory({ requestPolicy: 'network-only' });
  }, [refresh, reexecuteHistory]);
  const [, promote] = useMutation(PromoteModelVersionDocument);
  const [, rollback] = useMutation(RollbackModelDocument);

  function toggle(version: string) {
    setSelected((current) =>
      current.includes(version) ? current.filter((v) => v !== version) : [...current, version].slice(-2),
    );
  }

  function settle(outcome: PromotionOutcome | undefined): SplitErrors | null {
    if (!outcome) return UNANSWERED;
    const errors = promotionErrors(outcome);
    if (errors) return errors;
    if (outcome.__typename === 'PromotionJobSuccess') setJob(outcome.job);
    setDialog(null);
    refresh();
    return null;
  }

  function aliasChanged(event: AliasEvent) {
    setNotice(describeAliasEvent(event));
    setDialog(null);
    refresh();
  }

  const compared = comparedVersions(model.versions, selected);
  const shown = showAll
    ? model.versions
    : model.versions.filter((v, index) => index < SHOWN_VERSIONS || v.isProduction || selected.includes(v.version));
  const events: readonly PromotionEventFieldsFragment[] = history?.promotionHistory.nodes ?? [];
  const noProduction = model.productionVersion === null;

  return (
    <>
      {job && <PromotionJobNotice key={job.id} job={job} onEnded={jobEnded} />}
      <Confirmation message={notice} onDismiss={dismissNotice} />
      <section className="card" aria-labelledby="versions-title">
        <div className="card-header">
          <h2 id="versions-title">Versions</h2>
          {can.enabled ? (
            <GatedButton
              className="danger"
              enabled={model.rollbackVersion !== null}
              reason={
                noProduction
                  ? 'no version is in production yet'
                  : `no earlier production version to roll back to (version ${model.productionVersion} is the first promoted)`
              }
              onClick={() => setDialog({ kind: 'rollback' })}
            >
              Roll back
            </GatedButton>
          ) : (
            <button type="button" className="danger" disabled title={why ?? undefined} aria-describedby={reasonId}>
              Roll back
            </button>
          )}
        </div>
        {why && (
          <p id={reasonId} className="reason promote-reason">
            Promote and Roll back: {why}
          </p>
        )}
        <p className="muted">
          Tick two versions to compare them. Promoting a version queues a job: it scores the version and production
          on the dataset's evaluation set and applies the model's gate, then every API replica serves it within
          seconds and batch scoring follows (or a proposal waits below). Rolling back returns to the version promoted
          before the current one.
        </p>
        <VersionsTable
          versions={shown}
          selected={selected}
          onToggle={toggle}
          canPromote={canPromote}
          onPromote={(version) => setDialog({ kind: 'promote', version })}
          onSetAlias={(version) => setDialog({ kind: 'alias', version })}
          onRemoveAlias={(version, alias) => setDialog({ kind: 'unalias', version, alias })}
        />
        {model.versions.length > SHOWN_VERSIONS && (
          <p>
            <button type="button" className="link-button" onClick={() => setShowAll((all) => !all)}>
              {showAll ? `Show the latest ${SHOWN_VERSIONS} only` : `Show all ${model.versions.length} versions`}
            </button>
          </p>
        )}
      </section>

      <section className="card" aria-labelledby="compare-title">
        <h2 id="compare-title">Comparison</h2>
        {compared ? (
          <VersionComparison a={compared[0]} b={compared[1]} />
        ) : (
          <p className="muted">
            {selected.length === 1 ? 'Tick one more version.' : 'Tick two versions in the table above to compare their figures.'}
          </p>
        )}
      </section>

      <ProposalsPanel model={model.name} canDecide={can.enabled} reload={jobsEnded} onJob={setJob} />

      <section className="card" aria-labelledby="history-title">
        <h2 id="history-title">Promotion history</h2>
        {!history &&
          (historyError ? (
            <p role="alert">Cannot load the history: {describeError(historyError)}</p>
          ) : (
            <p role="status">Loading the history…</p>
          ))}
        {history && <PromotionTimeline events={events} />}
        <Pager
          label="Promotion history pages"
          page={historyPages.page}
          pageInfo={history?.promotionHistory.pageInfo}
          fetching={historyFetching}
          onPrevious={historyPages.previous}
          onNext={historyPages.next}
        />
      </section>

      {dialog?.kind === 'promote' && (
        <ReasonDialog
          title={`Promote version ${dialog.version.version}`}
          submitLabel="Promote"
          onCancel={() => setDialog(null)}
          onSubmit={async (reason) =>
            settle((await promote({ name: model.name, version: dialog.version.version, reason })).data?.promoteModelVersion)
          }
        >
          <p>
            Version {dialog.version.version} will serve every prediction of <strong>{model.name}</strong>
            {model.productionVersion ? ` instead of version ${model.productionVersion}` : ''}.
          </p>
        </ReasonDialog>
      )}
      {dialog?.kind === 'alias' && (
        <SetAliasDialog
          model={model.name}
          version={dialog.version.version}
          onDone={aliasChanged}
          onCancel={() => setDialog(null)}
        />
      )}
      {dialog?.kind === 'unalias' && (
        <RemoveAliasDialog
          model={model.name}
          version={dialog.version.version}
          alias={dialog.alias}
          onDone={aliasChanged}
          onCancel={() => setDialog(null)}
        />
      )}
      {dialog?.kind === 'rollback' && (
        <ReasonDialog
          title={`Roll back ${model.name}`}
          submitLabel="Roll back"
          onCancel={() => setDialog(null)}
          onSubmit={async (reason) => settle((await rollback({ name: model.name, reason })).data?.rollbackModel)}
        >
          <p>
            Version {model.productionVersion} leaves production, and version {model.rollbackVersion} serves again.
          </p>
        </ReasonDialog>
      )}
    </>
  );
}

/** The two ticked versions, older first; null unless exactly two are ticked. */
function comparedVersions(versions: readonly ModelVersion[], selected: readonly string[]): [ModelVersion, ModelVersion] | null {
  if (selected.length !== 2) return null;
  const picked = versions.filter((v) => selected.includes(v.version));
  if (picked.length !== 2) return null;
  const [x, y] = picked.sort((p, q) => Number(p.version) - Number(q.version)) as [ModelVersion, ModelVersion];
  return [x, y];
}
