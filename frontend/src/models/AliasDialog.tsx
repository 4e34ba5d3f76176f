import { useState } from 'react';
import { useMutation } from 'urql';
import { asSentence } from '../annotate/messages';
import {
  RemoveModelAliasDocument,
  SetModelAliasDocument,
  type AliasOutcomeFragment,
} from '../graphql/shared/models.generated';
import { TextField } from '../ui/Field';
import { splitErrors, type SplitErrors } from '../ui/fieldErrors';
import { ReasonDialog } from './ReasonDialog';

/** No answer to show in the dialog: the request failed as a whole (the app's toast says why). */
const UNANSWERED: SplitErrors = { fields: {}, form: null };

export type AliasEvent = Extract<AliasOutcomeFragment, { __typename: 'AliasSuccess' }>['event'];

/** What the notice says after an alias change. */
export function describeAliasEvent(event: AliasEvent): string {
  return event.version
    ? `Alias ${event.alias} now points to version ${event.version}; every replica follows within seconds.`
    : `Alias ${event.alias} removed (it pointed to version ${event.previousVersion ?? '—'}).`;
}

/** The alias's own error goes under its box, the reason's under the reason, anything else on the form line. */
function settle(
  outcome: AliasOutcomeFragment | undefined,
  onAliasError: (message: string | undefined) => void,
  onDone: (event: AliasEvent) => void,
): SplitErrors | null {
  if (!outcome) return UNANSWERED;
  if (outcome.__typename === 'AliasSuccess') {
    onDone(outcome.event);
    return null;
  }
  if (outcome.__typename === 'ValidationError') {
    const split = splitErrors(outcome, ['alias', 'reason']);
    onAliasError(split.fields.alias);
    return { fields: { reason: split.fields.reason }, form: split.form };
  }
  onAliasError(asSentence(outcome.message));
  return { fields: {}, form: null };
}

/** ADMIN: point a named alias (e.g. challenger) at a version, with a reason. */
export function SetAliasDialog({
  model,
  version,
  onDone,
  onCancel,
}: {
  model: string;
  version: string;
  onDone: (event: AliasEvent) => void;
  onCancel: () => void;
}) {
  const [alias, setAlias] = useState('challenger');
  const [aliasError, setAliasError] = useState<string | undefined>();
  const [, setModelAlias] = useMutation(SetModelAliasDocument);
  return (
    <ReasonDialog
      title={`Set an alias on version ${version}`}
      submitLabel="Set alias"
      onCancel={onCancel}
      onSubmit={async (reason) =>
        settle(
          (await setModelAlias({ name: model, alias: alias.trim(), version, reason })).data?.setModelAlias,
          setAliasError,
          onDone,
        )
      }
    >
      <TextField
        label="Alias"
        value={alias}
        error={aliasError}
        hint="Lower-case letters, digits, - or _ (e.g. challenger); production is moved by Promote."
        onChange={(event) => setAlias(event.target.value)}
      />
    </ReasonDialog>
  );
}

/** ADMIN: remove a named alias from the model, with a reason. */
export function RemoveAliasDialog({
  model,
  version,
  alias,
  onDone,
  onCancel,
}: {
  model: string;
  version: string;
  alias: string;
  onDone: (event: AliasEvent) => void;
  onCancel: () => void;
}) {
  const [, removeModelAlias] = useMutation(RemoveModelAliasDocument);
  const [aliasError, setAliasError] = useState<string | undefined>();
  return (
    <ReasonDialog
      title={`Remove alias ${alias}`}
      submitLabel="Remove alias"
      onCancel={onCancel}
      onSubmit={async (reason) =>
        settle((await removeModelAlias({ name: model, alias, reason })).data?.removeModelAlias, setAliasError, onDone)
      }
    >
      <p>
        Alias <strong>{alias}</strong> no longer points to version {version}; shadow traffic using it stops.
      </p>
      {aliasError && <p role="alert">{aliasError}</p>}
    </ReasonDialog>
  );
}
