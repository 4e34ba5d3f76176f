import { beforeEach, describe, expect, it } from 'vitest';
import { SessionStore, STORAGE_KEY } from './session';

const NOW = Date.parse('2026-06-01T12:00:00Z');
const now = () => NOW;
const iso = (ms: number) => new Date(ms).toISOString();

describe('SessionStore', () => {
  beforeEach(() => window.sessionStorage.clear());

  it('keeps the token in memory and in sessionStorage, and restores it after a reload', () => {
    const store = new SessionStore(window.sessionStorage, now);
    store.start('abc', iso(NOW + 1_800_000));
    expect(JSON.parse(window.sessionStorage.getItem(STORAGE_KEY)!)).toEqual({ token: 'abc', expiresAt: NOW + 1_800_000 });
    const reloaded = new SessionStore(window.sessionStorage, now);
    expect(reloaded.getSnapshot().token).toBe('abc');
  });

  it('drops an expired stored token and says why', () => {
    window.sessionStorage.setItem(STORAGE_KEY, JSON.stringify({ token: 'old', expiresAt: NOW - 1 }));
    const store = new SessionStore(window.sessionStorage, now);
    expect(store.getSnapshot()).toMatchObject({ token: null, notice: 'Your session expired: log in again.' });
    expect(window.sessionStorage.getItem(STORAGE_KEY)).toBeNull();
  });

  it('a new login and an ended session get a new epoch; a renewal keeps it', () => {
    const store = new SessionStore(window.sessionStorage, now);
    store.start('a', iso(NOW + 60_000));
    const epoch = store.getSnapshot().epoch;
    store.renew('b', iso(NOW + 120_000));
    expect(store.getSnapshot()).toMatchObject({ token: 'b', epoch });
    store.end('revoked');
    expect(store.getSnapshot()).toMatchObject({ token: null, notice: 'revoked', epoch: epoch + 1, loggedOut: false });
    expect(window.sessionStorage.getItem(STORAGE_KEY)).toBeNull();
  });

  it('logOut marks a voluntary end; renew without a session does nothing', () => {
    const store = new SessionStore(window.sessionStorage, now);
    store.renew('x', iso(NOW + 60_000));
    expect(store.getSnapshot().token).toBeNull();
    store.start('a', iso(NOW + 60_000));
    store.logOut('You have logged out.');
    expect(store.getSnapshot()).toMatchObject({ token: null, loggedOut: true, notice: 'You have logged out.' });
  });
});
