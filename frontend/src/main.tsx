import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter } from 'react-router';
import { App } from './app/App';
import { routes } from './app/routes';
import { SessionStore } from './auth/session';
import { ToastStore } from './toast/toastStore';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <App session={new SessionStore()} toasts={new ToastStore()} router={createBrowserRouter(routes)} />
  </StrictMode>,
);
