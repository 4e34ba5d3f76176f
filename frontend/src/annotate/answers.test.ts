import { describe, expect, it } from 'vitest';
import { answerOf, answerVariables, keyInWords, sameAnswer } from './answers';

const TEXT = 'Zoë met 山田 in Paris 😀 then flew to Genève';

describe('answers', () => {
  it('test_an_empty_set_without_none_of_these_is_not_an_answer', () => {
    // given / when
    const empty = answerOf('MULTI_LABEL', { label: null, labels: [] }, '0');
    const none = answerOf('MULTI_LABEL', { label: null, labels: [], noneOfThese: true }, '0');
    // then
    expect(empty).toEqual({ field: 'labels', problem: 'No label chosen: an empty set is not sent. Choose the labels that apply, or “None of these” (key 0).' });
    expect(answerVariables(null, none as never)).toEqual({ labels: [], noneOfThese: true });
  });

  it('test_spans_are_sent_sorted_in_code_points', () => {
    // given: UTF-16 marks, Genève (36–42) first
    const answer = answerOf('SPANS', { label: null, spans: [{ start: 36, end: 42, label: 'LOC' }, { start: 0, end: 3, label: 'PER' }] }, null);
    // when
    const variables = answerVariables(TEXT, answer as never);
    // then
    expect(variables).toEqual({ spans: [{ start: 0, end: 3, label: 'PER', text: 'Zoë' }, { start: 35, end: 41, label: 'LOC', text: 'Genève' }] });
  });

  it('test_sets_and_spans_compare_in_any_order', () => {
    // given / when / then
    expect(sameAnswer('MULTI_LABEL', { label: null, labels: ['bug', 'billing'] }, { label: null, labels: ['billing', 'bug'] })).toBe(true);
    expect(sameAnswer('MULTI_LABEL', { label: null, labels: [] , noneOfThese: true }, { label: null, labels: [] })).toBe(false);
    const a = [{ start: 0, end: 3, label: 'PER' }, { start: 14, end: 19, label: 'LOC' }];
    expect(sameAnswer('SPANS', { label: null, spans: a }, { label: null, spans: [...a].reverse() })).toBe(true);
    expect(sameAnswer('SPANS', { label: null, spans: a }, { label: null, spans: [{ ...a[0]!, label: 'LOC' }, a[1]!] })).toBe(false);
  });

  it('test_keys_of_history_events_read_as_words', () => {
    // given / when / then
    expect(keyInWords('MULTI_LABEL', 'billing+bug', null)).toBe('billing, bug');
    expect(keyInWords('MULTI_LABEL', '(none)', null)).toBe('none of these');
    expect(keyInWords('SPANS', '8-10:PER 35-41:LOC', TEXT)).toBe('“山田” PER, “Genève” LOC');
    expect(keyInWords('SPANS', '(no spans)', TEXT)).toBe('no spans');
    expect(keyInWords('SINGLE_LABEL', 'pos', null)).toBe('pos');
  });
});
