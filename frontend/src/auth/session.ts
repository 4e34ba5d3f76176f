/**
 * The login session: the access token and its expiry, kept in memory and mirrored to sessionStorage.
 *
 * sessionStorage survives a reload of this tab but not its closing, and is not shared with other tabs. Every
 * start or end of a session bumps `epoch`: the GraphQL client is rebuilt per epoch, so no cached data or
 * WebSocket connection outlives the session it was made for. A renewal (refreshAccessToken, own password
 * change) keeps the epoch: same person, new token.
 */

export interface SessionState {
  /** The Bearer token, or null when logged out. */
  readonly token: string | null;
  /** When the token stops working (epoch ms), or null when logged out. */
  readonly expiresAt: number | null;
  /** Why the last session ended, shown once on the login page (null after a plain logout). */
  readonly notice: string | null;
  /** Bumped on every login and every end of a session. */
  readonly epoch: number;
  /** The viewer logged out on purpose (so /login does not offer to return to the last page). */
  readonly loggedOut: boolean;
}

interface Stored {
  token: string;
  expiresAt: number;
}

export const STORAGE_KEY = 'labelloop.session';
/** A token this close to its expiry is treated as expired (clock skew, request time). */
const EXPIRY_MARGIN_MS = 5_000;

type Listener = () => void;

export class SessionStore {
  private state: SessionState;
  private readonly listeners = new Set<Listener>();

  constructor(
    private readonly storage: Storage | null = safeSessionStorage(),
    private readonly now: () => number = Date.now,
  ) {
    const stored = this.read();
    if (stored && stored.expiresAt - EXPIRY_MARGIN_MS > this.now()) {
      this.state = { token: stored.token, expiresAt: stored.expiresAt, notice: null, epoch: 1, loggedOut: false };
    } else {
      if (stored) this.write(null);
      const notice = stored ? 'Your session expired: log in again.' : null;
      this.state = { token: null, expiresAt: null, notice, epoch: 1, loggedOut: false };
    }
  }

  readonly subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): SessionState => this.state;

  /** A new session (after `login`): a new epoch, so a new GraphQL client. */
  start(token: string, expiresAt: string): void {
    this.set({ token, expiresAt: Date.parse(expiresAt), notice: null, epoch: this.state.epoch + 1, loggedOut: false });
  }

  /** The same session with a fresh token (refreshAccessToken, changeOwnPassword). */
  renew(token: string, expiresAt: string): void {
    if (this.state.token === null) return;
    this.set({ ...this.state, token, expiresAt: Date.parse(expiresAt) });
  }

  /** The API refused the token (expired, revoked…): `notice` says why on the login page. */
  end(notice: string | null = null): void {
    if (this.state.token === null) {
      if (notice !== null && notice !== this.state.notice) this.set({ ...this.state, notice });
      return;
    }
    this.set({ token: null, expiresAt: null, notice, epoch: this.state.epoch + 1, loggedOut: false });
  }

  /** The viewer logged out. */
  logOut(notice: string | null = null): void {
    if (this.state.token === null) return;
    this.set({ token: null, expiresAt: null, notice, epoch: this.state.epoch + 1, loggedOut: true });
  }

  clearNotice(): void {
    if (this.state.notice !== null) this.set({ ...this.state, notice: null });
  }

  /** Whether the token expires within `ms` (true when there is none). */
  expiresWithin(ms: number): boolean {
    return this.state.expiresAt === null || this.state.expiresAt - this.now() <= ms;
  }

  private set(next: SessionState): void {
    const tokenChanged = next.token !== this.state.token;
    this.state = next;
    if (tokenChanged) {
      this.write(next.token && next.expiresAt ? { token: next.token, expiresAt: next.expiresAt } : null);
    }
    this.listeners.forEach((listener) => listener());
  }

  private read(): Stored | null {
    try {
      const raw = this.storage?.getItem(STORAGE_KEY);
      if (!raw) return null;
      const value = JSON.parse(raw) as Partial<Stored>;
      return typeof value.token === 'string' && typeof value.expiresAt === 'number'
        ? { token: value.token, expiresAt: value.expiresAt }
        : null;
    } catch {
      return null;
    }
  }

  private write(value: Stored | null): void {
    try {
      if (value) this.storage?.setItem(STORAGE_KEY, JSON.stringify(value));
      else this.storage?.removeItem(STORAGE_KEY);
    } catch {
      // Storage full or blocked (private mode): the session lives in memory only, until a reload.
    }
  }
}

function safeSessionStorage(): Storage | null {
  try {
    return typeof window === 'undefined' ? null : window.sessionStorage;
  } catch {
    return null;
  }
}
