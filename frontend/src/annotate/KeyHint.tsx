import { useViewer } from '../viewer/ViewerContext';
import { keyLabel, keyOf, type ShortcutAction, type ShortcutMap } from './keyMap';

/** The viewer's workspace keys, as stored with their account (`viewer.keyboardShortcuts`). */
export function useShortcutMap(): ShortcutMap {
  return useViewer().keyboardShortcuts;
}

/** The key of `action` printed on its button, or nothing when the viewer turned that key off. */
export function KeyHint({ map, action }: { map: ShortcutMap; action: ShortcutAction }) {
  const key = keyOf(map, action);
  return key ? <kbd>{keyLabel(key)}</kbd> : null;
}

/** Button attributes that tell assistive technology the key of `action` (none when it has no key). */
export function keyShortcutProps(map: ShortcutMap, action: ShortcutAction): { 'aria-keyshortcuts'?: string } {
  const key = keyOf(map, action);
  return key ? { 'aria-keyshortcuts': key.length === 1 ? key.toUpperCase() : key } : {};
}
