import { describe, expect, it } from 'vitest';
import { splitErrors } from './fieldErrors';

const validation = {
  message: 'invalid input in username, password: nothing was changed',
  fieldErrors: [
    { field: 'username', message: 'bad username' },
    { field: 'password', message: 'too short' },
  ],
};

describe('splitErrors', () => {
  it('puts each field error next to its input', () => {
    expect(splitErrors(validation, ['username', 'password'])).toEqual({
      fields: { username: 'bad username', password: 'too short' },
      form: null,
    });
  });

  it('keeps errors on arguments the form has no input for at the form level', () => {
    expect(splitErrors(validation, ['username'])).toEqual({ fields: { username: 'bad username' }, form: 'too short' });
  });

  it('uses the message when no field is named (other Error members)', () => {
    expect(splitErrors({ message: 'no user has id x' }, ['role'])).toEqual({ fields: {}, form: 'no user has id x' });
    expect(splitErrors(null, [])).toEqual({ fields: {}, form: null });
  });
});
