import { useEffect, useRef } from 'react';
import { NavLink, Outlet, useLocation } from 'react-router';
import { LogoutButton } from '../auth/LogoutButton';
import { abilityOf } from '../viewer/permissions';
import { useViewer } from '../viewer/ViewerContext';
import { NAV_ITEMS } from './navigation';

/** Header (brand, navigation filtered by the viewer's permissions, who is logged in) and the page. */
export function Layout() {
  const viewer = useViewer();
  const items = NAV_ITEMS.filter((item) => !item.permission || abilityOf(viewer, item.permission).enabled);
  const main = useRef<HTMLElement>(null);
  const { pathname } = useLocation();
  const shownPath = useRef(pathname);
  useEffect(() => {
    // After a client-side navigation, screen readers and keyboards start at the new page (not on the first load).
    if (pathname === shownPath.current) return;
    shownPath.current = pathname;
    main.current?.focus();
  }, [pathname]);
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand">Labelloop</span>
        <nav aria-label="Main">
          <ul>
            {items.map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end={item.to === '/'}>
                  {item.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <div className="session">
          <span>
            <span className="muted">Signed in as</span> <strong>{viewer.user.username}</strong>{' '}
            <span className={`badge badge-${viewer.user.role}`}>{viewer.user.role}</span>
          </span>
          <LogoutButton />
        </div>
      </header>
      <main id="main" className="page" tabIndex={-1} ref={main}>
        <Outlet />
      </main>
    </div>
  );
}
