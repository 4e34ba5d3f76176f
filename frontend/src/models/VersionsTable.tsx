import { Fragment, type ReactNode } from 'react';
import { formatDateTime, formatDecimal, plural } from '../ui/format';
import type { ModelVersion } from './modelContext';
import { RunLink } from './RunLink';
import { TableScroll } from '../ui/TableScroll';

/** Whether Promote works; if not, why (`reason`) and the id of the one visible text that says so. */
export interface PromoteAbility {
  enabled: boolean;
  reason: string | null;
  reasonId: string;
}

/**
 * The versions of a model, newest first: lineage, hold-out and evaluation-set figures of each, a box to pick two for the
 * comparison, and Promote (promote_model; not on the production version). Without the permission the buttons are
 * disabled and point to one visible reason (`canPromote.reasonId`), not one copy of it per row.
 */
export function VersionsTable({
  versions,
  selected,
  onToggle,
  canPromote,
  onPromote,
  onSetAlias,
  onRemoveAlias,
}: {
  versions: readonly ModelVersion[];
  selected: readonly string[];
  onToggle: (version: string) => void;
  canPromote: PromoteAbility;
  onPromote: (version: ModelVersion) => void;
  /** Set a named alias (e.g. challenger) on a version (promote_model, like Promote). */
  onSetAlias?: (version: ModelVersion) => void;
  onRemoveAlias?: (version: ModelVersion, alias: string) => void;
}) {
  return (
    <TableScroll label="Versions (scrolls sideways)">
      <table aria-label="Versions" className="versions">
        <thead>
          <tr>
            <td colSpan={4} />
            <th scope="colgroup" colSpan={3}>
              Hold-out
            </th>
            <th scope="colgroup" colSpan={4}>
              Evaluation set
            </th>
            <td colSpan={2} />
          </tr>
          <tr>
            <th scope="col">
              <span className="visually-hidden">Compare</span>
            </th>
            <th scope="col">Version</th>
            <th scope="col">Created</th>
            <th scope="col">Model type</th>
            <th scope="col" className="numeric">
              Accuracy
            </th>
            <th scope="col" className="numeric">
              Macro-F1
            </th>
            <th scope="col" className="numeric">
              Items
            </th>
            <th scope="col" className="numeric">
              <span className="visually-hidden">Evaluation</span> Accuracy
            </th>
            <th scope="col" className="numeric">
              <span className="visually-hidden">Evaluation</span> Macro-F1
            </th>
            <th scope="col" className="numeric">
              <span className="visually-hidden">Evaluation</span> Items
            </th>
            <th scope="col">Recall per label</th>
            <th scope="col">Training run</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {versions.map((v) => (
            <tr key={v.version} data-version={v.version} className={v.isProduction ? 'production' : undefined}>
              <td>
                <input
                  type="checkbox"
                  aria-label={`Compare version ${v.version}`}
                  checked={selected.includes(v.version)}
                  onChange={() => onToggle(v.version)}
                />
              </td>
              <th scope="row">
                v{v.version}{' '}
                {v.isProduction && <span className="badge badge-production">production</span>}
                {v.aliases
                  .filter((alias) => alias !== 'production')
                  .map((alias) => (
                    <span key={alias} className="badge badge-alias" data-alias={alias}>
                      {alias}
                      {onRemoveAlias && canPromote.enabled && (
                        <button
                          type="button"
                          className="link-button"
                          aria-label={`Remove alias ${alias} from version ${v.version}`}
                          onClick={() => onRemoveAlias(v, alias)}
                        >
                          ×
                        </button>
                      )}
                    </span>
                  ))}
              </th>
              <td>
                <time dateTime={v.createdAt}>{formatDateTime(v.createdAt)}</time>
              </td>
              <td>{v.run ? <code>{breakable(v.run.modelType)}</code> : '—'}</td>
              <td className="numeric">{formatDecimal(v.run?.metrics?.accuracy)}</td>
              <td className="numeric">{formatDecimal(v.run?.metrics?.macroF1)}</td>
              <td className="numeric">{v.run?.itemCount ?? '—'}</td>
              <EvaluationCells version={v} />
              <td>
                <RunLink datasetId={v.run?.datasetId ?? v.name} runId={v.runId} />
              </td>
              <td className="row-actions">
                {!v.isProduction && (
                  <button
                    type="button"
                    className="secondary"
                    disabled={!canPromote.enabled}
                    title={canPromote.enabled ? undefined : (canPromote.reason ?? undefined)}
                    aria-describedby={canPromote.enabled ? undefined : canPromote.reasonId}
                    aria-label={`Promote version ${v.version}`}
                    onClick={() => onPromote(v)}
                  >
                    Promote
                  </button>
                )}
                {onSetAlias && (
                  <button
                    type="button"
                    className="secondary"
                    disabled={!canPromote.enabled}
                    title={canPromote.enabled ? undefined : (canPromote.reason ?? undefined)}
                    aria-describedby={canPromote.enabled ? undefined : canPromote.reasonId}
                    aria-label={`Set alias on version ${v.version}`}
                    onClick={() => onSetAlias(v)}
                  >
                    Set alias
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

/**
 * A version's figures on its dataset's evaluation set (scored by its promotion job), next to the hold-out ones:
 * accuracy, macro F1, items, and the recall of each label behind a disclosure; "not evaluated" until scored.
 */
function EvaluationCells({ version }: { version: ModelVersion }) {
  const evaluation = version.evaluation;
  if (!evaluation)
    return (
      <td colSpan={4} className="muted" data-testid={`evaluation-${version.version}`}>
        not evaluated
      </td>
    );
  const when = `set ${evaluation.generation} of ${evaluation.datasetId}, scored ${formatDateTime(evaluation.evaluatedAt)}`;
  return (
    <>
      <td className="numeric" data-testid={`evaluation-${version.version}`} title={when}>
        {formatDecimal(evaluation.accuracy)}
      </td>
      <td className="numeric">{formatDecimal(evaluation.macroF1)}</td>
      <td className="numeric">{evaluation.itemCount}</td>
      <td>
        <details>
          <summary>
            {plural(evaluation.recall.length, 'label')}
            <span className="visually-hidden"> of version {version.version}</span>
          </summary>
          <ul className="recall-list" aria-label={`Recall of version ${version.version}`}>
            {evaluation.recall.map((r) => (
              <li key={r.label}>
                {r.label}: {formatDecimal(r.recall)}
              </li>
            ))}
          </ul>
          <small className="muted">{when}</small>
        </details>
      </td>
    </>
  );
}

/** TFIDF_LOGISTIC_REGRESSION may wrap after its underscores when the table is short of room. */
function breakable(name: string): ReactNode {
  return name.split('_').map((part, index) => (
    <Fragment key={index}>
      {index > 0 && (
        <>
          _<wbr />
        </>
      )}
      {part}
    </Fragment>
  ));
}
