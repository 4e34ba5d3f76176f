import { createContext, useContext, useEffect, useSyncExternalStore, type ReactNode } from 'react';
import type { Toast, ToastStore } from './toastStore';

const ToastContext = createContext<ToastStore | null>(null);
const TOAST_MS = 10_000;

export function ToastProvider({ store, children }: { store: ToastStore; children: ReactNode }) {
  return <ToastContext.Provider value={store}>{children}</ToastContext.Provider>;
}

export function useToastStore(): ToastStore {
  const store = useContext(ToastContext);
  if (!store) throw new Error('useToastStore needs a <ToastProvider>');
  return store;
}

/**
 * The one place where app-wide errors appear (bottom right). The list is a polite live region that is always in
 * the page, so a screen reader says each new message when the user pauses, and the focus stays where it was.
 */
export function Toaster() {
  const store = useToastStore();
  const toasts = useSyncExternalStore(store.subscribe, store.getSnapshot);
  return (
    <section className="toasts" aria-label="Notifications">
      <div role="log" aria-live="polite" aria-relevant="additions text">
        {toasts.map((toast) => (
          <ToastItem key={toast.id} toast={toast} onDismiss={() => store.dismiss(toast.id)} />
        ))}
      </div>
    </section>
  );
}

function ToastItem({ toast, onDismiss }: { toast: Toast; onDismiss: () => void }) {
  useEffect(() => {
    const timer = setTimeout(onDismiss, TOAST_MS);
    return () => clearTimeout(timer);
  }, [onDismiss]);
  return (
    <div className="toast">
      <p>{toast.message}</p>
      <button type="button" className="link-button" onClick={onDismiss} aria-label="Dismiss notification">
        ×
      </button>
    </div>
  );
}
