import { useEffect, useId, useState, type FormEvent } from 'react';
import { useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { useTitle } from '../app/useTitle';
import { asSentence } from '../annotate/messages';
import { RunLink } from '../models/RunLink';
import { FormMessage, SelectField, TextField } from '../ui/Field';
import { splitErrors, type SplitErrors } from '../ui/fieldErrors';
import { formatDateTime } from '../ui/format';
import { CanButton } from '../viewer/Gated';
import { useCan } from '../viewer/permissions';
import {
  AutomationDocument,
  PauseAutomationDocument,
  SetAutomationDocument,
  type AutomationFieldsFragment,
} from '../graphql/shared/automations.generated';

const FIELDS = ['labelThreshold', 'everyMinutes', 'dailyAt'];
const NO_ERRORS: SplitErrors = { fields: {}, form: null };
type Mode = 'AUTO' | 'PROPOSE';

/** A whole number from a text input, or null when empty ('bad' when it is not one). */
function wholeNumber(text: string): number | null | 'bad' {
  if (text.trim() === '') return null;
  const value = Number(text);
  return Number.isInteger(value) ? value : 'bad';
}

/** What starts a run, in words. */
export function describeTriggers(automation: AutomationFieldsFragment): string {
  const parts: string[] = [];
  if (automation.labelThreshold !== null) parts.push(`after ${automation.labelThreshold} new labels`);
  if (automation.everyMinutes !== null) parts.push(`every ${automation.everyMinutes} minutes`);
  if (automation.dailyAt !== null) parts.push(`daily at ${automation.dailyAt} UTC`);
  return parts.join(', or ');
}

/**
 * A model's automation: retrain by itself after N new labels and/or on a schedule, then hand the version to
 * promotion (AUTO or PROPOSE). Everyone who sees models reads it; an ADMIN (promote_model) sets, pauses, resumes.
 */
export function AutomationPage() {
  const { name = '' } = useParams();
  useTitle(`Automation · ${name}`);
  const id = useId();
  const can = useCan('PROMOTE_MODEL');
  const [{ data, error }, reexecute] = useQuery({ query: AutomationDocument, variables: { model: name } });
  const [{ fetching }, save] = useMutation(SetAutomationDocument);
  const [{ fetching: pausing }, pause] = useMutation(PauseAutomationDocument);
  const current = data?.automation ?? null;
  const [threshold, setThreshold] = useState('');
  const [every, setEvery] = useState('');
  const [daily, setDaily] = useState('');
  const [mode, setMode] = useState<Mode>('PROPOSE');
  const [errors, setErrors] = useState<SplitErrors>(NO_ERRORS);
  const [saved, setSaved] = useState<string | null>(null);
  useEffect(() => {
    if (!current) return;
    setThreshold(current.labelThreshold === null ? '' : String(current.labelThreshold));
    setEvery(current.everyMinutes === null ? '' : String(current.everyMinutes));
    setDaily(current.dailyAt ?? '');
    setMode(current.mode);
  }, [current]);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaved(null);
    const labelThreshold = wholeNumber(threshold);
    const everyMinutes = wholeNumber(every);
    if (labelThreshold === 'bad' || everyMinutes === 'bad') {
      const fields: Record<string, string> = {};
      if (labelThreshold === 'bad') fields.labelThreshold = 'Give a whole number of labels, e.g. 50.';
      if (everyMinutes === 'bad') fields.everyMinutes = 'Give a whole number of minutes, e.g. 60.';
      setErrors({ fields, form: null });
      return;
    }
    const variables = {
      model: name,
      labelThreshold,
      everyMinutes,
      dailyAt: daily.trim() || null,
      mode,
      enabled: current?.enabled ?? true,
    };
    const outcome = (await save(variables)).data?.setAutomation;
    if (!outcome) return;
    if (outcome.__typename === 'AutomationSuccess') {
      setErrors(NO_ERRORS);
      setSaved(`Saved: ${name} retrains ${describeTriggers(outcome.automation)}.`);
      reexecute({ requestPolicy: 'network-only' });
    } else if (outcome.__typename === 'ValidationError') {
      setErrors(splitErrors(outcome, FIELDS));
    } else {
      setErrors({ fields: {}, form: asSentence(outcome.message) });
    }
  }

  async function onPause(paused: boolean) {
    const outcome = (await pause({ model: name, paused })).data?.pauseAutomation;
    if (outcome && outcome.__typename !== 'AutomationSuccess') setErrors({ fields: {}, form: asSentence(outcome.message) });
    reexecute({ requestPolicy: 'network-only' });
  }

  if (error) return <p role="alert">The automation could not be read: {error.message}</p>;
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <div className="card-header">
        <h2 id={`${id}-title`}>Automation</h2>
        {current && (
          <CanButton permission="PROMOTE_MODEL" type="button" disabled={pausing} onClick={() => void onPause(current.enabled)}>
            {current.enabled ? 'Pause' : 'Resume'}
          </CanButton>
        )}
      </div>
      <p className="muted">
        Retrains the model by itself with the configuration of the run behind its production version, after enough
        new labels and/or on a schedule, then hands the new version to promotion. Each run is a job started by
        “automation” in the jobs list, where it can be cancelled.
      </p>
      <p data-testid="automation-state">
        <strong>
          {current
            ? `${current.enabled ? 'On' : 'Paused'}: retrains ${describeTriggers(current)} (${current.mode}). ` +
              `${current.newLabels} new labels since ${formatDateTime(current.countingSince)}.`
            : 'Off: this model has no automation.'}
        </strong>
      </p>
      {current?.lastRun && (
        <p data-testid="automation-last-run">
          Last run <RunLink datasetId={current.datasetId} runId={current.lastRun.runId} /> at{' '}
          {formatDateTime(current.lastRun.at)} ({current.lastRun.trigger === 'THRESHOLD' ? 'label threshold' : 'schedule'},{' '}
          {current.lastRun.labelCount} new labels){current.lastRun.handoff ? `: ${current.lastRun.handoff}` : ''}
        </p>
      )}
      <form onSubmit={(event) => void onSubmit(event)} noValidate className="inline-form" aria-label="Automation">
        <TextField
          label="After new labels"
          type="number"
          min={1}
          value={threshold}
          disabled={!can.enabled}
          error={errors.fields.labelThreshold}
          onChange={(event) => setThreshold(event.target.value)}
        />
        <TextField
          label="Every minutes"
          type="number"
          min={1}
          value={every}
          disabled={!can.enabled}
          error={errors.fields.everyMinutes}
          onChange={(event) => setEvery(event.target.value)}
        />
        <TextField
          label="Daily at (UTC)"
          placeholder="HH:MM"
          value={daily}
          disabled={!can.enabled}
          error={errors.fields.dailyAt}
          onChange={(event) => setDaily(event.target.value)}
        />
        <SelectField label="Mode" value={mode} disabled={!can.enabled} onChange={(event) => setMode(event.target.value as Mode)}>
          <option value="PROPOSE">Propose (an ADMIN decides)</option>
          <option value="AUTO">Auto (promote past the gate)</option>
        </SelectField>
        <CanButton permission="PROMOTE_MODEL" type="submit" disabled={fetching}>
          {fetching ? 'Saving…' : 'Save automation'}
        </CanButton>
        <FormMessage error={errors.form} success={saved} />
      </form>
    </section>
  );
}
