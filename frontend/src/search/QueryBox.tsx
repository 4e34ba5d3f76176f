import { useEffect, useRef, useState, type FormEvent } from 'react';

export const DEBOUNCE_MS = 300;

/**
 * The full-text query: sent `DEBOUNCE_MS` after the last keystroke (or at once with Enter). Follows `value`
 * when it changes from outside (back and forward in the history, a shared link).
 */
export function QueryBox({ value, onSearch }: { value: string; onSearch: (query: string) => void }) {
  const [text, setText] = useState(value);
  const sent = useRef(value);
  const search = useRef(onSearch);
  useEffect(() => {
    search.current = onSearch;
  });
  useEffect(() => {
    if (value === sent.current) return;
    sent.current = value;
    setText(value);
  }, [value]);
  useEffect(() => {
    if (text === sent.current) return undefined;
    const timer = setTimeout(() => {
      sent.current = text;
      search.current(text);
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text]);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    sent.current = text;
    search.current(text);
  }

  return (
    <form role="search" className="query-box" onSubmit={onSubmit}>
      <label htmlFor="search-query" className="visually-hidden">
        Search the item texts
      </label>
      <input
        id="search-query"
        type="search"
        value={text}
        placeholder='Words (all required), "a phrase", -excluded'
        autoComplete="off"
        onChange={(event) => setText(event.target.value)}
      />
      <button type="submit">Search</button>
    </form>
  );
}
