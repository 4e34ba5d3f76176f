import { useState } from 'react';
import { Link } from 'react-router';
import { useTitle } from '../app/useTitle';
import { ExportControl } from '../jobs/ExportControl';
import { JobList } from '../jobs/JobList';
import { formatCount, formatDateTime } from '../ui/format';
import { MarkdownText } from '../ui/MarkdownText';
import { useCan } from '../viewer/permissions';
import { datasetPath, useDatasetContext } from './datasetContext';
import { DatasetEditor } from './DatasetEditor';
import { DatasetStats } from './DatasetStats';
import { ImportPanel } from './ImportPanel';
import { LabelChips } from './LabelChips';
import { TASK_TYPES } from './taskTypes';


/** One dataset: details, charts, management (ADMIN), import (ADMIN), export and its jobs. */
export function DatasetPage() {
  const { dataset, version, refresh } = useDatasetContext();
  const [jobsVersion, setJobsVersion] = useState(0);
  const jobsChanged = () => setJobsVersion((v) => v + 1);
  // exports hold every annotator's labels: for ADMINs only (docs/security.md)
  const canExport = useCan('MANAGE_DATASETS').enabled;
  useTitle(dataset.name);
  return (
    <>
      <div className="grid">
        <section className="card" aria-labelledby="details-title">
          <h2 id="details-title">Details</h2>
          <dl className="facts">
            <dt>Id</dt>
            <dd>
              <code>{dataset.id}</code>
            </dd>
            <dt>Task</dt>
            <dd>{TASK_TYPES.find((option) => option.value === dataset.taskType)?.text ?? dataset.taskType}</dd>
            <dt>Items</dt>
            <dd data-testid="item-count">{formatCount(dataset.itemCount)}</dd>
            <dt>Overlap target</dt>
            <dd>{dataset.settings.overlapTarget === 1 ? '1 (no overlap)' : `${dataset.settings.overlapTarget} labels per item`}</dd>
            <dt>Blind</dt>
            <dd>{dataset.settings.blind ? 'Yes: annotators see only their own labels' : 'No'}</dd>
            {dataset.kind === 'TABULAR' && (
              <>
                <dt>Features</dt>
                <dd>{dataset.featureNames.length > 0 ? dataset.featureNames.join(', ') : 'From the first import'}</dd>
              </>
            )}
            <dt>Created</dt>
            <dd>{formatDateTime(dataset.createdAt)}</dd>
            <dt>Changed</dt>
            <dd>{formatDateTime(dataset.updatedAt)}</dd>
          </dl>
          <h3 className="subheading">Labels and hotkeys</h3>
          <LabelChips labels={dataset.labels} showHotkeys />
          <h3 className="subheading">Instructions</h3>
          {dataset.instructions ? (
            <MarkdownText text={dataset.instructions} />
          ) : (
            <p className="muted">No instructions yet.</p>
          )}
          <p>
            <Link className="button-link" to={datasetPath(dataset.id, '/search')}>
              Search the items
            </Link>
          </p>
        </section>
        <DatasetStats dataset={dataset} version={version} />
      </div>
      <DatasetEditor dataset={dataset} />
      <ImportPanel dataset={dataset} onStarted={jobsChanged} onImported={refresh} />
      {canExport && (
        <section className="card" aria-labelledby="export-title">
          <h2 id="export-title">Export items</h2>
          <p className="muted">Every item with its annotations and gold label. To export some items, search first.</p>
          <ExportControl
            datasetId={dataset.id}
            taskType={dataset.taskType}
            filter={null}
            buttonLabel="Export all items"
            onFinished={jobsChanged}
          />
        </section>
      )}
      <JobList datasetId={dataset.id} version={version + jobsVersion} />
    </>
  );
}
