import { useState } from 'react';
import { useTitle } from '../app/useTitle';
import { CanButton } from '../viewer/Gated';
import { CreateDatasetForm } from './CreateDatasetForm';
import { DatasetList } from './DatasetList';

/** The datasets (permission VIEW_DATA; the route checks it), and for ADMIN the form to create one. */
export function DatasetsPage() {
  useTitle('Datasets');
  const [creating, setCreating] = useState(false);
  return (
    <>
      <h1>Datasets</h1>
      <section className="card" aria-labelledby="create-dataset-title">
        <div className="card-header">
          <h2 id="create-dataset-title">Create a dataset</h2>
          {!creating && (
            <CanButton permission="MANAGE_DATASETS" onClick={() => setCreating(true)}>
              New dataset
            </CanButton>
          )}
        </div>
        {creating ? (
          <CreateDatasetForm onCancel={() => setCreating(false)} />
        ) : (
          <p className="muted">A dataset has a kind (texts or numeric records), labels with hotkeys and colours, and annotation settings.</p>
        )}
      </section>
      <DatasetList />
    </>
  );
}
