/** The app's error toasts: network failures and GraphQL errors no screen handles itself. */

export interface Toast {
  readonly id: number;
  readonly message: string;
}

type Listener = () => void;

const MAX_TOASTS = 3;

export class ToastStore {
  private toasts: readonly Toast[] = [];
  private nextId = 1;
  private readonly listeners = new Set<Listener>();

  readonly subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): readonly Toast[] => this.toasts;

  /** Show `message`, unless the same message is already on screen. */
  showError(message: string): void {
    if (this.toasts.some((toast) => toast.message === message)) return;
    this.toasts = [...this.toasts, { id: this.nextId++, message }].slice(-MAX_TOASTS);
    this.emit();
  }

  dismiss(id: number): void {
    const next = this.toasts.filter((toast) => toast.id !== id);
    if (next.length === this.toasts.length) return;
    this.toasts = next;
    this.emit();
  }

  private emit(): void {
    this.listeners.forEach((listener) => listener());
  }
}
