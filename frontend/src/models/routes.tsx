import type { RouteObject } from 'react-router';
import { AutomationPage } from '../automations/AutomationPage';
import { RequirePermission } from '../viewer/Gated';
import { EvaluationPage } from './EvaluationPage';
import { ModelLayout } from './ModelLayout';
import { ModelPage } from './ModelPage';
import { ModelsPage } from './ModelsPage';
import { MonitoringPage } from './MonitoringPage';
import { PlaygroundPage } from './PlaygroundPage';

/** The model screens (under Layout): every page needs view_models, the playground predict too. */
export const modelRoutes: RouteObject[] = [
  {
    path: 'models',
    element: (
      <RequirePermission permission="VIEW_MODELS">
        <ModelsPage />
      </RequirePermission>
    ),
  },
  {
    path: 'models/:name',
    element: (
      <RequirePermission permission="VIEW_MODELS">
        <ModelLayout />
      </RequirePermission>
    ),
    children: [
      { index: true, element: <ModelPage /> },
      {
        path: 'predict',
        element: (
          <RequirePermission permission="PREDICT">
            <PlaygroundPage />
          </RequirePermission>
        ),
      },
      { path: 'evaluation', element: <EvaluationPage /> },
      { path: 'monitoring', element: <MonitoringPage /> },
      { path: 'automation', element: <AutomationPage /> },
    ],
  },
];
