import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Provider } from 'urql';
import { client } from './graphqlClient';
import { HealthPanel } from './health/HealthPanel';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <Provider value={client}>
      <main className="app">
        <h1>Labelloop</h1>
        <HealthPanel />
      </main>
    </Provider>
  </StrictMode>,
);
