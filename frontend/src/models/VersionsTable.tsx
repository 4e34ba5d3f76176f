import { Fragment, type ReactNode } from 'react';
import { formatDateTime, formatDecimal } from '../ui/format';
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
 * The versions of a model, newest first: lineage and validation figures of each, a box to pick two for the
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
                    aria-label={`Set an alias on version ${v.version}`}
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
