/**
 * The viewer's workspace keys (WCAG 2.1.4): which key does what on the annotate and review pages. The map is
 * stored with the user (`viewer.keyboardShortcuts`, changed on the Account page); a dataset's label hotkeys apply
 * unless the viewer turned them off, and a key of the viewer's own map wins over a label hotkey that is the same.
 */

/** What a key can do besides choosing a label. */
export const ACTIONS = ['submit', 'skip', 'undo', 'previous', 'next', 'note'] as const;
export type ShortcutAction = (typeof ACTIONS)[number];

export interface ShortcutMap {
  enabled: boolean;
  labelHotkeys: boolean;
  submit: string | null;
  skip: string | null;
  undo: string | null;
  previous: string | null;
  next: string | null;
  note: string | null;
}

interface LabelKey {
  name: string;
  hotkey?: string | null;
}

/** The map of a user who never changed it (the API's defaults). */
export const DEFAULT_SHORTCUTS: ShortcutMap = {
  enabled: true,
  labelHotkeys: true,
  submit: 'Enter',
  skip: 's',
  undo: 'u',
  previous: 'ArrowLeft',
  next: 'ArrowRight',
  note: '/',
};

/** Keys that are not one character, as KeyboardEvent.key names them; the API accepts these and nothing longer. */
export const NAMED_KEYS = ['Enter', 'ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End', 'PageUp', 'PageDown', 'Backspace', 'Delete'] as const;

const SHOWN: Record<string, string> = { ArrowLeft: '←', ArrowRight: '→', ArrowUp: '↑', ArrowDown: '↓' };
const SPOKEN: Record<string, string> = { ArrowLeft: 'Left arrow', ArrowRight: 'Right arrow', ArrowUp: 'Up arrow', ArrowDown: 'Down arrow', '/': 'Slash' };

/** How a key is printed on a button or in the key list: letters in capitals, arrows as arrows. */
export function keyLabel(key: string): string {
  return SHOWN[key] ?? (key.length === 1 ? key.toUpperCase() : key);
}

/** How a screen reader should say a key ("Left arrow", "Slash", "S"). */
export function spokenKey(key: string): string {
  return SPOKEN[key] ?? keyLabel(key);
}

/** A key as the API stores it: one character in lower case, a name as it is. */
export function normalizeKey(key: string): string {
  return key.length === 1 ? key.toLowerCase() : key;
}

export type KeyCommand = { kind: 'label'; label: string } | { kind: 'action'; action: ShortcutAction };

/** The key of `action` in `map`, or null when the action has no key (or all keys are off). */
export function keyOf(map: ShortcutMap, action: ShortcutAction): string | null {
  return map.enabled ? map[action] : null;
}

/** The label hotkeys that act: none when turned off, and not those that a key of the viewer's map takes. */
export function activeLabelKeys<T extends LabelKey>(map: ShortcutMap, labels: readonly T[]): { label: T; key: string }[] {
  if (!map.enabled || !map.labelHotkeys) return [];
  const taken = new Set(ACTIONS.map((action) => map[action]).filter((key): key is string => key !== null).map(normalizeKey));
  return labels.flatMap((label) => {
    const key = label.hotkey ? normalizeKey(label.hotkey) : null;
    return key && !taken.has(key) ? [{ label, key }] : [];
  });
}

/** Label hotkeys that a key of the viewer's map takes (shown in the key list, so nobody wonders why they do nothing). */
export function shadowedLabelKeys<T extends LabelKey>(map: ShortcutMap, labels: readonly T[]): { label: T; action: ShortcutAction }[] {
  if (!map.enabled || !map.labelHotkeys) return [];
  return labels.flatMap((label) => {
    const key = label.hotkey ? normalizeKey(label.hotkey) : null;
    const action = key ? ACTIONS.find((a) => map[a] !== null && normalizeKey(map[a]) === key) : undefined;
    return action ? [{ label, action }] : [];
  });
}

/** What pressing `key` does in the workspace with this map and these labels; null when nothing. */
export function commandForKey(map: ShortcutMap, labels: readonly LabelKey[], key: string): KeyCommand | null {
  if (!map.enabled) return null;
  const pressed = normalizeKey(key);
  const action = ACTIONS.find((a) => map[a] !== null && normalizeKey(map[a]) === pressed);
  if (action) return { kind: 'action', action };
  const labelled = activeLabelKeys(map, labels).find((entry) => entry.key === pressed);
  return labelled ? { kind: 'label', label: labelled.label.name } : null;
}

/** The problems of a map before it is sent (the API checks the same): one key for two actions. */
export function duplicateKeys(map: ShortcutMap): Partial<Record<ShortcutAction, string>> {
  const seen = new Map<string, ShortcutAction>();
  const problems: Partial<Record<ShortcutAction, string>> = {};
  for (const action of ACTIONS) {
    const key = map[action];
    if (key === null) continue;
    const first = seen.get(normalizeKey(key));
    if (first) problems[action] = `${keyLabel(key)} is already the key of ${first}: choose another key, or turn ${action} off.`;
    else seen.set(normalizeKey(key), action);
  }
  return problems;
}

/** The key of "None of these" (MULTI_LABEL): 0, when label keys act and neither a label nor an action takes it. */
export function noneOfTheseKey(map: ShortcutMap, labels: readonly LabelKey[], key = '0'): string | null {
  if (!map.enabled || !map.labelHotkeys) return null;
  return commandForKey(map, labels, key) === null ? key : null;
}
