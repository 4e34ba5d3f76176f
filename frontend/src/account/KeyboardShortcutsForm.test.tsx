import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SHORTCUTS } from '../annotate/keyMap';
import { viewerFixture } from '../test/fixtures';
import { renderApp, type Answer } from '../test/renderApp';

/** The API for the Account page; `update` answers updateKeyboardShortcuts, and every variables sent are kept. */
function api(update: (variables: Record<string, unknown>) => unknown) {
  const sent: Record<string, unknown>[] = [];
  const resolve = (name: string, variables: Record<string, unknown>): Answer => {
    if (name === 'Viewer') return { data: { viewer: viewerFixture('USER', { keyboardShortcuts: { ...DEFAULT_SHORTCUTS, skip: 'k' } }) } };
    if (name === 'UpdateKeyboardShortcuts') {
      sent.push(variables);
      return { data: { updateKeyboardShortcuts: update(variables) } };
    }
    throw new Error(`unexpected ${name}`);
  };
  return { resolve, sent };
}

const form = async () => within(await screen.findByRole('region', { name: 'Keyboard shortcuts' }));

describe('Account: keyboard shortcuts', () => {
  it("shows the viewer's keys, and saves a changed key, a key turned off and label keys off as one map", async () => {
    const fake = api((variables) => ({
      __typename: 'UpdateKeyboardShortcutsSuccess',
      keyboardShortcuts: { __typename: 'KeyboardShortcuts', ...(variables.shortcuts as object) },
    }));
    renderApp('/account', fake.resolve);
    const keys = await form();
    const user = userEvent.setup();
    expect(keys.getByLabelText('Skip')).toHaveValue('k');
    expect(keys.getByLabelText('Previous item')).toHaveValue('ArrowLeft');
    await user.clear(keys.getByLabelText('Skip'));
    await user.type(keys.getByLabelText('Skip'), 'J');
    await user.clear(keys.getByLabelText('Undo'));
    await user.click(keys.getByLabelText('Label hotkeys (each dataset sets its own)'));
    await user.click(keys.getByRole('button', { name: 'Save keys' }));
    expect(await keys.findByText('Keyboard shortcuts saved: the workspace uses them now.')).toBeInTheDocument();
    expect(fake.sent).toEqual([{ shortcuts: { ...DEFAULT_SHORTCUTS, labelHotkeys: false, skip: 'j', undo: null } }]);
    expect(keys.getByLabelText('Undo')).toHaveValue('');
  });

  it('one key for two actions is refused before anything is sent, next to the second one', async () => {
    const fake = api(() => {
      throw new Error('nothing should be sent');
    });
    renderApp('/account', fake.resolve);
    const keys = await form();
    const user = userEvent.setup();
    await user.clear(keys.getByLabelText('Undo'));
    await user.type(keys.getByLabelText('Undo'), 'K');
    await user.click(keys.getByRole('button', { name: 'Save keys' }));
    expect(keys.getByLabelText('Undo')).toHaveAccessibleDescription('K is already the key of skip: choose another key, or turn undo off.');
    expect(fake.sent).toEqual([]);
  });

  it("the API's ValidationError shows next to its key; Restore the default keys sends the defaults", async () => {
    const message = "'Tab' is not a key the workspace can use for skip: give one character";
    const fake = api((variables) =>
      (variables.shortcuts as { skip: string }).skip === 'Tab'
        ? { __typename: 'ValidationError', message: 'invalid input', fieldErrors: [{ __typename: 'FieldError', field: 'shortcuts.skip', code: 'invalid_key', message }] }
        : { __typename: 'UpdateKeyboardShortcutsSuccess', keyboardShortcuts: { __typename: 'KeyboardShortcuts', ...DEFAULT_SHORTCUTS } },
    );
    renderApp('/account', fake.resolve);
    const keys = await form();
    const user = userEvent.setup();
    await user.clear(keys.getByLabelText('Skip'));
    await user.type(keys.getByLabelText('Skip'), 'Tab');
    await user.click(keys.getByRole('button', { name: 'Save keys' }));
    expect(await keys.findByText(message)).toBeInTheDocument();
    expect(keys.getByLabelText('Skip')).toHaveAccessibleDescription(message);
    await user.click(keys.getByRole('button', { name: 'Restore the default keys' }));
    expect(await keys.findByText('Keyboard shortcuts saved: the workspace uses them now.')).toBeInTheDocument();
    expect(fake.sent[1]).toEqual({ shortcuts: DEFAULT_SHORTCUTS });
    expect(keys.getByLabelText('Skip')).toHaveValue('s');
  });
});
