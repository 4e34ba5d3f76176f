import type { RouteObject } from 'react-router';
import { AccountPage } from '../account/AccountPage';
import { AgreementPage } from '../agreement/AgreementPage';
import { AnnotatePage } from '../annotate/AnnotatePage';
import { LoginPage } from '../auth/LoginPage';
import { RequireAuth } from '../auth/RequireAuth';
import { DatasetLayout } from '../datasets/DatasetLayout';
import { DatasetPage } from '../datasets/DatasetPage';
import { DatasetsPage } from '../datasets/DatasetsPage';
import { HomePage } from '../home/HomePage';
import { ReviewPage } from '../review/ReviewPage';
import { modelRoutes } from '../models/routes';
import { ItemPage } from '../search/ItemPage';
import { SearchPage } from '../search/SearchPage';
import { ComparePage } from '../training/ComparePage';
import { RunPage } from '../training/RunPage';
import { AllRunsPage, RunsPage } from '../training/RunsPage';
import { TrainPage } from '../training/TrainPage';
import { UsersPage } from '../users/UsersPage';
import { RequirePermission } from '../viewer/Gated';
import { Layout } from './Layout';
import { NotFoundPage, RouteError } from './RouteError';

/** Every route. /login is public; everything else needs a session (RequireAuth) and some a permission. */
export const routes: RouteObject[] = [
  {
    errorElement: <RouteError />,
    children: [
      { path: '/login', element: <LoginPage /> },
      {
        element: <RequireAuth />,
        children: [
          {
            element: <Layout />,
            errorElement: <RouteError />,
            children: [
              { index: true, element: <HomePage /> },
              { path: 'account', element: <AccountPage /> },
              {
                path: 'datasets',
                element: (
                  <RequirePermission permission="VIEW_DATA">
                    <DatasetsPage />
                  </RequirePermission>
                ),
              },
              {
                path: 'datasets/:datasetId',
                element: (
                  <RequirePermission permission="VIEW_DATA">
                    <DatasetLayout />
                  </RequirePermission>
                ),
                children: [
                  { index: true, element: <DatasetPage /> },
                  { path: 'search', element: <SearchPage /> },
                  { path: 'items/:itemId', element: <ItemPage /> },
                  {
                    path: 'annotate',
                    element: (
                      <RequirePermission permission="ANNOTATE">
                        <AnnotatePage />
                      </RequirePermission>
                    ),
                  },
                  {
                    path: 'review',
                    element: (
                      <RequirePermission permission="REVIEW">
                        <ReviewPage />
                      </RequirePermission>
                    ),
                  },
                  { path: 'agreement', element: <AgreementPage /> },
                  {
                    path: 'train',
                    element: (
                      <RequirePermission permission="VIEW_MODELS">
                        <TrainPage />
                      </RequirePermission>
                    ),
                  },
                  {
                    path: 'training',
                    element: (
                      <RequirePermission permission="VIEW_MODELS">
                        <RunsPage />
                      </RequirePermission>
                    ),
                  },
                  {
                    path: 'training/:runId',
                    element: (
                      <RequirePermission permission="VIEW_MODELS">
                        <RunPage />
                      </RequirePermission>
                    ),
                  },
                ],
              },
              {
                path: 'training',
                element: (
                  <RequirePermission permission="VIEW_MODELS">
                    <AllRunsPage />
                  </RequirePermission>
                ),
              },
              {
                path: 'training/compare',
                element: (
                  <RequirePermission permission="VIEW_MODELS">
                    <ComparePage />
                  </RequirePermission>
                ),
              },
              ...modelRoutes,
              {
                path: 'users',
                element: (
                  <RequirePermission permission="MANAGE_USERS">
                    <UsersPage />
                  </RequirePermission>
                ),
              },
              { path: '*', element: <NotFoundPage /> },
            ],
          },
        ],
      },
    ],
  },
];
