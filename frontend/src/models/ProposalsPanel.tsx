import { useEffect, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { asSentence } from '../annotate/messages';
import { describeError } from '../graphql/errors';
import type { JobFieldsFragment } from '../jobs/jobs.generated';
import { splitErrors, type SplitErrors } from '../ui/fieldErrors';
import {
  AcceptPromotionProposalDocument,
  DeclinePromotionProposalDocument,
  PromotionProposalsDocument,
  type PromotionProposalFieldsFragment,
} from './models.generated';
import { ReasonDialog } from './ReasonDialog';

type Decision = { kind: 'accept' | 'decline'; proposal: PromotionProposalFieldsFragment } | null;
const UNANSWERED: SplitErrors = { fields: {}, form: null };

function gateNote(proposal: PromotionProposalFieldsFragment): string {
  const gate = (proposal.gate ?? {}) as { note?: string; passed?: boolean };
  return `${gate.passed ? 'Gate passed' : 'Gate failed'}${gate.note ? `: ${gate.note}` : ''}`;
}

/**
 * The model's promotion proposals (left by a failed gate or by PROPOSE mode): an ADMIN accepts one (a promotion
 * job that overrides the gate, with the reason recorded on the event) or declines it.
 */
export function ProposalsPanel({
  model,
  canDecide,
  reload,
  onJob,
}: {
  model: string;
  canDecide: boolean;
  reload: number;
  onJob: (job: JobFieldsFragment) => void;
}) {
  const [{ data, error }, reexecute] = useQuery({
    query: PromotionProposalsDocument,
    variables: { name: model },
    requestPolicy: 'cache-and-network',
  });
  useEffect(() => {
    if (reload > 0) reexecute({ requestPolicy: 'network-only' });
  }, [reload, reexecute]);
  const [decision, setDecision] = useState<Decision>(null);
  const [, accept] = useMutation(AcceptPromotionProposalDocument);
  const [, decline] = useMutation(DeclinePromotionProposalDocument);
  const proposals = data?.promotionProposals.nodes ?? [];

  async function decide(reason: string): Promise<SplitErrors | null> {
    if (!decision) return null;
    const variables = { id: decision.proposal.id, reason };
    if (decision.kind === 'accept') {
      const outcome = (await accept(variables)).data?.acceptPromotionProposal;
      if (!outcome) return UNANSWERED;
      if (outcome.__typename === 'ValidationError') return splitErrors(outcome, ['reason']);
      if (outcome.__typename !== 'PromotionJobSuccess') return { fields: {}, form: asSentence(outcome.message) };
      onJob(outcome.job);
    } else {
      const outcome = (await decline(variables)).data?.declinePromotionProposal;
      if (!outcome) return UNANSWERED;
      if (outcome.__typename === 'ValidationError') return splitErrors(outcome, ['reason']);
      if (outcome.__typename !== 'ProposalDeclinedSuccess') return { fields: {}, form: asSentence(outcome.message) };
    }
    setDecision(null);
    reexecute({ requestPolicy: 'network-only' });
    return null;
  }

  return (
    <section className="card" aria-labelledby="proposals-title">
      <h2 id="proposals-title">Promotion proposals</h2>
      {error && <p role="alert">Cannot load the proposals: {describeError(error)}</p>}
      {data && proposals.length === 0 && <p className="muted">No proposal: every promotion so far passed its gate.</p>}
      {proposals.length > 0 && (
        <ul aria-label="Promotion proposals" className="timeline">
          {proposals.map((proposal) => (
            <li key={proposal.id} data-proposal={proposal.id}>
              <strong>Version {proposal.version}</strong> · {proposal.status} · proposed by {proposal.proposedBy}: {proposal.reason}
              <br />
              <span className="muted">{gateNote(proposal)}</span>
              {proposal.decidedBy && (
                <>
                  <br />
                  <span className="muted">
                    {proposal.status === 'ACCEPTED' ? 'Accepted' : 'Declined'} by {proposal.decidedBy}: {proposal.decisionReason}
                  </span>
                </>
              )}
              {canDecide && proposal.status === 'OPEN' && (
                <span className="actions">
                  {' '}
                  <button type="button" onClick={() => setDecision({ kind: 'accept', proposal })}>
                    Accept version {proposal.version}
                  </button>{' '}
                  <button type="button" className="danger" onClick={() => setDecision({ kind: 'decline', proposal })}>
                    Decline version {proposal.version}
                  </button>
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
      {decision && (
        <ReasonDialog
          title={`${decision.kind === 'accept' ? 'Accept' : 'Decline'} version ${decision.proposal.version}`}
          submitLabel={decision.kind === 'accept' ? 'Accept and promote' : 'Decline'}
          onCancel={() => setDecision(null)}
          onSubmit={decide}
        >
          <p>
            {decision.kind === 'accept'
              ? `Version ${decision.proposal.version} is promoted despite its gate; the reason is recorded as the override.`
              : `Version ${decision.proposal.version} stays out of production.`}
          </p>
        </ReasonDialog>
      )}
    </section>
  );
}
