import { Link } from 'react-router';
import { useQuery } from 'urql';
import { useTitle } from '../app/useTitle';
import { describeError } from '../graphql/errors';
import { formatDateTime } from '../ui/format';
import { RegisteredModelsDocument } from './models.generated';
import { modelPath } from './paths';

/** Every registered model (one per dataset with a successful training): production and latest version. */
export function ModelsPage() {
  useTitle('Models');
  const [{ data, error, fetching }] = useQuery({ query: RegisteredModelsDocument, requestPolicy: 'cache-and-network' });
  const models = data ? [...data.registeredModels].sort((a, b) => a.name.localeCompare(b.name)) : [];
  return (
    <>
      <h1>Models</h1>
      <section className="card" aria-labelledby="models-title" aria-busy={fetching}>
        <h2 id="models-title">Registered models</h2>
        <p className="muted">
          Each successful training registers a new version of its dataset’s model. A version serves predictions once
          it is promoted to production.
        </p>
        {!data && (error ? <p role="alert">Cannot load the models: {describeError(error)}</p> : <p role="status">Loading the models…</p>)}
        {data && models.length === 0 && <p>No model yet: train one on a dataset with labelled items.</p>}
        {models.length > 0 && (
          <table aria-label="Registered models">
            <thead>
              <tr>
                <th scope="col">Model</th>
                <th scope="col">Production</th>
                <th scope="col">Latest</th>
                <th scope="col" className="numeric">
                  Versions
                </th>
                <th scope="col">Last change</th>
              </tr>
            </thead>
            <tbody>
              {models.map((model) => (
                <tr key={model.name}>
                  <th scope="row">
                    <Link to={modelPath(model.name)}>{model.name}</Link>
                  </th>
                  <td>
                    {model.productionVersion ? (
                      <span className="badge badge-production">v{model.productionVersion}</span>
                    ) : (
                      <span className="muted">none</span>
                    )}
                  </td>
                  <td>{model.latestVersion ? `v${model.latestVersion}` : '—'}</td>
                  <td className="numeric">{model.versionCount}</td>
                  <td>{model.updatedAt ? formatDateTime(model.updatedAt) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
