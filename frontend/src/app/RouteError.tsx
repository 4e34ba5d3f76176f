import { isRouteErrorResponse, Link, useRouteError } from 'react-router';
import { useTitle } from './useTitle';

/** Shown instead of a page that failed to render: what happened, and a way back. */
export function RouteError() {
  const error = useRouteError();
  const message = isRouteErrorResponse(error)
    ? `${error.status} ${error.statusText}`
    : error instanceof Error
      ? error.message
      : String(error);
  useTitle('Something went wrong');
  return (
    <main className="centered" id="main">
      <h1>Something went wrong</h1>
      <p role="alert">{message}</p>
      <p>
        <Link to="/">Back to Home</Link> or reload the page.
      </p>
    </main>
  );
}

export function NotFoundPage() {
  useTitle('Page not found');
  return (
    <section>
      <h1>Page not found</h1>
      <p>
        There is no page here. <Link to="/">Back to Home</Link>
      </p>
    </section>
  );
}
