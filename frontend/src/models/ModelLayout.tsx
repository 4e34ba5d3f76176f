import { useCallback, useMemo, useState } from 'react';
import { Link, NavLink, Outlet, useParams } from 'react-router';
import { useQuery } from 'urql';
import { useTitle } from '../app/useTitle';
import { describeError } from '../graphql/errors';
import { useCan } from '../viewer/permissions';
import type { ModelContextValue } from './modelContext';
import { ModelDocument } from './models.generated';
import { modelPath } from './paths';

/**
 * The frame of one model's pages: its name, production version and what this replica serves, and their tabs
 * (Versions, Playground for viewers who may predict, Evaluation, Monitoring, Automation).
 */
export function ModelLayout() {
  const { name = '' } = useParams();
  const canPredict = useCan('PREDICT').enabled;
  const [{ data, error, fetching }, reexecute] = useQuery({ query: ModelDocument, requestPolicy: 'cache-and-network' });
  const [version, setVersion] = useState(0);
  const refresh = useCallback(() => {
    reexecute({ requestPolicy: 'network-only' });
    setVersion((v) => v + 1);
  }, [reexecute]);
  const model = useMemo(() => {
    const node = data?.registeredModels.nodes.find((m) => m.name === name);
    return node ? { ...node, versions: node.versions.nodes } : undefined;
  }, [data, name]);
  const served = data?.servedModels.nodes.find((s) => s.model === name) ?? null;
  const context = useMemo<ModelContextValue | null>(
    () => (model ? { model, served, version, refresh } : null),
    [model, served, version, refresh],
  );

  if (!data) {
    if (error) return <p role="alert">Cannot load the model: {describeError(error)}</p>;
    return <p role="status">Loading the model…</p>;
  }
  if (!model || !context) return <NoSuchModel name={name} />;
  return (
    <div aria-busy={fetching}>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to="/models">Models</Link> <span aria-hidden="true">/</span> <span>{model.name}</span>
      </nav>
      <div className="dataset-title">
        <h1>{model.name}</h1>
        {model.productionVersion ? (
          <span className="badge badge-production" data-testid="production-version">
            production: v{model.productionVersion}
          </span>
        ) : (
          <span className="badge">no production version</span>
        )}
        {served && (
          <span className="muted" title="The API replica that answered this page, and the version it holds in memory">
            {served.replica} serves v{served.version}
          </span>
        )}
      </div>
      <nav aria-label="Model" className="tabs">
        <NavLink to={modelPath(model.name)} end>
          Versions
        </NavLink>
        {canPredict && <NavLink to={modelPath(model.name, '/predict')}>Playground</NavLink>}
        <NavLink to={modelPath(model.name, '/evaluation')}>Evaluation</NavLink>
        <NavLink to={modelPath(model.name, '/monitoring')}>Monitoring</NavLink>
        <NavLink to={modelPath(model.name, '/automation')}>Automation</NavLink>
      </nav>
      <Outlet context={context} />
    </div>
  );
}

function NoSuchModel({ name }: { name: string }) {
  useTitle('No such model');
  return (
    <section className="denied" aria-labelledby="no-model-title">
      <h1 id="no-model-title">No such model</h1>
      <p>
        No registered model is called “{name}”. A model is registered, under its dataset’s id, by the first training
        of that dataset that succeeds.
      </p>
      <p>
        <Link to="/models">All models</Link>
      </p>
    </section>
  );
}
