import { describe, expect, it } from 'vitest';
import {
  activeLabelKeys,
  commandForKey,
  DEFAULT_SHORTCUTS,
  duplicateKeys,
  keyLabel,
  keyOf,
  shadowedLabelKeys,
  spokenKey,
  type ShortcutMap,
} from './keyMap';

const LABELS = [
  { name: 'pos', hotkey: '1' },
  { name: 'neg', hotkey: 'N' },
  { name: 'meh', hotkey: null },
];

describe('the workspace key map', () => {
  it('by default: label hotkeys without case, Enter, S, U, the arrows and / each do their action', () => {
    expect(commandForKey(DEFAULT_SHORTCUTS, LABELS, '1')).toEqual({ kind: 'label', label: 'pos' });
    expect(commandForKey(DEFAULT_SHORTCUTS, LABELS, 'n')).toEqual({ kind: 'label', label: 'neg' });
    expect(commandForKey(DEFAULT_SHORTCUTS, LABELS, 'N')).toEqual({ kind: 'label', label: 'neg' });
    expect(commandForKey(DEFAULT_SHORTCUTS, LABELS, 'Enter')).toEqual({ kind: 'action', action: 'submit' });
    expect(commandForKey(DEFAULT_SHORTCUTS, LABELS, 'S')).toEqual({ kind: 'action', action: 'skip' });
    expect(commandForKey(DEFAULT_SHORTCUTS, LABELS, 'u')).toEqual({ kind: 'action', action: 'undo' });
    expect(commandForKey(DEFAULT_SHORTCUTS, LABELS, 'ArrowLeft')).toEqual({ kind: 'action', action: 'previous' });
    expect(commandForKey(DEFAULT_SHORTCUTS, LABELS, 'ArrowRight')).toEqual({ kind: 'action', action: 'next' });
    expect(commandForKey(DEFAULT_SHORTCUTS, LABELS, '/')).toEqual({ kind: 'action', action: 'note' });
    expect(commandForKey(DEFAULT_SHORTCUTS, LABELS, 'x')).toBeNull();
    expect(commandForKey(DEFAULT_SHORTCUTS, LABELS, 'Shift')).toBeNull();
  });

  it('turned off: no key does anything, and no action has a key', () => {
    const off: ShortcutMap = { ...DEFAULT_SHORTCUTS, enabled: false };
    for (const key of ['1', 'n', 'Enter', 's', 'u', 'ArrowLeft', 'ArrowRight', '/']) expect(commandForKey(off, LABELS, key)).toBeNull();
    expect(keyOf(off, 'skip')).toBeNull();
    expect(activeLabelKeys(off, LABELS)).toEqual([]);
  });

  it('label hotkeys turned off: the labels have no key, the other actions keep theirs', () => {
    const noLabels: ShortcutMap = { ...DEFAULT_SHORTCUTS, labelHotkeys: false };
    expect(commandForKey(noLabels, LABELS, '1')).toBeNull();
    expect(commandForKey(noLabels, LABELS, 's')).toEqual({ kind: 'action', action: 'skip' });
    expect(activeLabelKeys(noLabels, LABELS)).toEqual([]);
  });

  it('remapped: the new keys act, the old ones no longer do, and a turned-off action has no key', () => {
    const remapped: ShortcutMap = { ...DEFAULT_SHORTCUTS, skip: 'k', undo: null, previous: 'j' };
    expect(commandForKey(remapped, LABELS, 'K')).toEqual({ kind: 'action', action: 'skip' });
    expect(commandForKey(remapped, LABELS, 'j')).toEqual({ kind: 'action', action: 'previous' });
    expect(commandForKey(remapped, LABELS, 's')).toBeNull();
    expect(commandForKey(remapped, LABELS, 'u')).toBeNull();
    expect(commandForKey(remapped, LABELS, 'ArrowLeft')).toBeNull();
    expect(keyOf(remapped, 'undo')).toBeNull();
  });

  it("a key of the viewer's map wins over a label hotkey that is the same, and that label is listed as shadowed", () => {
    const takesN: ShortcutMap = { ...DEFAULT_SHORTCUTS, skip: 'n' };
    expect(commandForKey(takesN, LABELS, 'n')).toEqual({ kind: 'action', action: 'skip' });
    expect(activeLabelKeys(takesN, LABELS).map((entry) => [entry.label.name, entry.key])).toEqual([['pos', '1']]);
    expect(shadowedLabelKeys(takesN, LABELS).map((entry) => [entry.label.name, entry.action])).toEqual([['neg', 'skip']]);
    expect(shadowedLabelKeys(DEFAULT_SHORTCUTS, LABELS)).toEqual([]);
  });

  it('one key for two actions is a problem of the second one, compared without case', () => {
    expect(duplicateKeys({ ...DEFAULT_SHORTCUTS, undo: 'S' })).toEqual({
      undo: 'S is already the key of skip: choose another key, or turn undo off.',
    });
    expect(duplicateKeys({ ...DEFAULT_SHORTCUTS, undo: null, skip: null })).toEqual({});
  });

  it('prints letters in capitals and arrows as arrows, and names them for screen readers', () => {
    expect([keyLabel('s'), keyLabel('ArrowLeft'), keyLabel('ArrowRight'), keyLabel('/'), keyLabel('Enter')]).toEqual(['S', '←', '→', '/', 'Enter']);
    expect([spokenKey('ArrowLeft'), spokenKey('/'), spokenKey('u')]).toEqual(['Left arrow', 'Slash', 'U']);
  });
});
