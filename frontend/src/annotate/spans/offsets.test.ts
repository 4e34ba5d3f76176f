import { describe, expect, it } from 'vitest';
import { fromSpan, splitsPair, toCodePoints, toSpanInput, toUtf16 } from './offsets';
import { stops, tokenize } from './tokens';

// UTF-16 indices of TEXT, counted by hand: Z0 o1 ë2 _3 m4 e5 t6 _7 山8 田9 _10 i11 n12 _13 P14 a15 r16 i17 s18 _19
// 😀20–21 (a surrogate pair) _22 then23–26 _27 flew28–31 _32 to33–34 _35 G36 e37 n38 è39 v40 e41 → 42 units, 41 code points.
const TEXT = 'Zoë met 山田 in Paris 😀 then flew to Genève';

describe('code-point offsets', () => {
  it('test_accents_and_cjk_before_the_emoji_count_the_same', () => {
    // given / when / then
    expect(toSpanInput(TEXT, { start: 0, end: 3, label: 'PER' })).toEqual({ start: 0, end: 3, label: 'PER', text: 'Zoë' });
    expect(toSpanInput(TEXT, { start: 8, end: 10, label: 'PER' })).toEqual({ start: 8, end: 10, label: 'PER', text: '山田' });
    expect(toSpanInput(TEXT, { start: 14, end: 19, label: 'LOC' })).toEqual({ start: 14, end: 19, label: 'LOC', text: 'Paris' });
  });

  it('test_an_emoji_is_one_code_point_so_later_offsets_shift_by_one', () => {
    // given / when
    const emoji = toSpanInput(TEXT, { start: 20, end: 22, label: 'EMO' });
    const geneve = toSpanInput(TEXT, { start: 36, end: 42, label: 'LOC' });
    // then
    expect(emoji).toEqual({ start: 20, end: 21, label: 'EMO', text: '😀' });
    expect(geneve).toEqual({ start: 35, end: 41, label: 'LOC', text: 'Genève' });
    expect(Array.from(TEXT).slice(35, 41).join('')).toBe('Genève');
  });

  it('test_a_skin_tone_sequence_is_two_code_points_and_four_units', () => {
    // given: 👍🏽 = U+1F44D U+1F3FD, each a surrogate pair
    const text = 'ok 👍🏽 Zürich';
    // when
    const span = toSpanInput(text, { start: 8, end: 14, label: 'LOC' });
    // then
    expect(span).toEqual({ start: 6, end: 12, label: 'LOC', text: 'Zürich' });
    expect(toCodePoints(text, 7)).toBe(5);
    expect(toUtf16(text, 5)).toBe(7);
  });

  it('test_combining_accents_count_as_their_own_code_points', () => {
    // given: e + U+0301 (combining acute): two code points, two units
    const text = 'Rene\u0301 🎉 Lyon';
    // when / then
    expect(toSpanInput(text, { start: 9, end: 13, label: 'LOC' })).toEqual({ start: 8, end: 12, label: 'LOC', text: 'Lyon' });
  });

  it('test_offsets_inside_a_surrogate_pair_are_refused', () => {
    // given / when / then
    expect(splitsPair(TEXT, 21)).toBe(true);
    expect(splitsPair(TEXT, 20)).toBe(false);
    expect(() => toCodePoints(TEXT, 21)).toThrow('falls inside a surrogate pair');
    expect(() => toCodePoints(TEXT, 43)).toThrow('outside the text');
    expect(() => toUtf16(TEXT, 42)).toThrow('beyond the text');
  });

  it('test_from_span_and_to_span_input_are_inverse', () => {
    // given
    const stored = { start: 35, end: 41, label: 'LOC' };
    // when
    const mark = fromSpan(TEXT, stored);
    // then
    expect(mark).toEqual({ start: 36, end: 42, label: 'LOC' });
    expect(toSpanInput(TEXT, mark)).toEqual({ ...stored, text: 'Genève' });
  });
});

describe('tokens', () => {
  it('test_tokens_keep_every_character_and_emoji_stay_whole', () => {
    // given
    const text = 'Hi, 👍🏽 Zoë  met 山田!';
    // when
    const tokens = tokenize(text);
    // then
    expect(tokens.map((t) => t.text).join('')).toBe(text);
    expect(stops(tokens).map((i) => tokens[i]!.text)).toEqual(['Hi', ',', '👍🏽', 'Zoë', 'met', '山田', '!']);
    expect(tokens.find((t) => t.text === '  ')?.space).toBe(true);
  });
});
