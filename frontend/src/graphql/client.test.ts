import { waitFor } from '@testing-library/react';
import { gql } from 'urql';
import { pipe, subscribe } from 'wonka';
import { describe, expect, it } from 'vitest';
import { SessionStore } from '../auth/session';
import { ToastStore } from '../toast/toastStore';
import { createGraphQLClient } from './client';

/** Just enough of a browser WebSocket for graphql-ws: records what is sent, closes on demand. */
class FakeWebSocket {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;
  static instances: FakeWebSocket[] = [];
  readyState = FakeWebSocket.CONNECTING;
  protocol: string;
  sent: unknown[] = [];
  onopen: (() => void) | null = null;
  onclose: ((event: { code: number; reason: string; wasClean: boolean }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: string }) => void) | null = null;

  constructor(
    readonly url: string,
    protocol: string,
  ) {
    this.protocol = protocol;
    FakeWebSocket.instances.push(this);
    setTimeout(() => {
      this.readyState = FakeWebSocket.OPEN;
      this.onopen?.();
    });
  }
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close(code = 1000, reason = '') {
    this.readyState = FakeWebSocket.CLOSED;
    this.onclose?.({ code, reason, wasClean: true });
  }
}

const Ticks = gql`
  subscription Ticks {
    ticks
  }
`;

describe('subscriptions over graphql-ws', () => {
  it('connect lazily with the Bearer token in connection_init; a 4403 close ends the session', async () => {
    FakeWebSocket.instances = [];
    const session = new SessionStore(window.sessionStorage);
    session.start('ws-token', new Date(Date.now() + 600_000).toISOString());
    const { client, dispose } = createGraphQLClient({
      session,
      toasts: new ToastStore(),
      wsUrl: 'ws://api.test/graphql',
      webSocketImpl: FakeWebSocket,
    });
    expect(FakeWebSocket.instances).toHaveLength(0); // lazy: nothing before the first subscription

    const subscription = pipe(client.subscription(Ticks, {}), subscribe(() => undefined));
    await waitFor(() => expect(FakeWebSocket.instances[0]?.sent).toHaveLength(1));
    const socket = FakeWebSocket.instances[0]!;
    expect(socket.url).toBe('ws://api.test/graphql');
    expect(socket.protocol).toBe('graphql-transport-ws');
    expect(socket.sent[0]).toEqual({ type: 'connection_init', payload: { Authorization: 'Bearer ws-token' } });

    socket.close(4403, 'Forbidden');
    await waitFor(() => expect(session.getSnapshot().token).toBeNull());
    expect(session.getSnapshot().notice).toMatch(/live connection was refused \(Forbidden\)/);
    subscription.unsubscribe();
    dispose();
  });
});
