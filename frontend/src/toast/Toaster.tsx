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

/** The one place where app-wide errors appear (bottom right, announced to screen readers). */
export function Toaster() {
  const store = useToastStore();
  const toasts = useSyncExternalStore(store.subscribe, store.getSnapshot);
  return (
    <section className="toasts" aria-label="Notifications">
      {toasts.map((toast) => (
        <ToastItem key={toast.id} toast={toast} onDismiss={() => store.dismiss(toast.id)} />
      ))}
    </section>
  );
}

function ToastItem({ toast, onDismiss }: { toast: Toast; onDismiss: () => void }) {
  useEffect(() => {
    const timer = setTimeout(onDismiss, TOAST_MS);
    return () => clearTimeout(timer);
  }, [onDismiss]);
  return (
    <div className="toast" role="alert">
      <p>{toast.message}</p>
      <button type="button" className="link-button" onClick={onDismiss} aria-label="Dismiss notification">
        ×
      </button>
    </div>
  );
}
