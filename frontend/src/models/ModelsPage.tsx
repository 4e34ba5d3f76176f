import { Link } from 'react-router';
import { useQuery } from 'urql';
import { useTitle } from '../app/useTitle';
import { describeError } from '../graphql/errors';
import { formatDateTime } from '../ui/format';
import { Pager, useCursors } from '../ui/Pager';
import { RegisteredModelsDocument } from './models.generated';
import { modelPath } from './paths';

export const PAGE_SIZE = 100;

/** The registered models (one per dataset with a successful training), by name, a page at a time. */
export function ModelsPage() {
  useTitle('Models');
  const pages = useCursors();
  const [{ data, error, fetching }] = useQuery({
    query: RegisteredModelsDocument,
    variables: { first: PAGE_SIZE, after: pages.after },
    requestPolicy: 'cache-and-network',
  });
  const models = data?.registeredModels.nodes ?? [];
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
        <Pager
          label="Model pages"
          page={pages.page}
          pageInfo={data?.registeredModels.pageInfo}
          fetching={fetching}
          onPrevious={pages.previous}
          onNext={pages.next}
        />
      </section>
    </>
  );
}
