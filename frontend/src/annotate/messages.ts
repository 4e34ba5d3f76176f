import { sentence } from '../ui/format';

/** An API message ("item 'x' kept changing…") as a sentence for the screen: capitalised, with its full stop. */
export function asSentence(message: string): string {
  const text = sentence(message.trim());
  return /[.!?]$/.test(text) ? text : `${text}.`;
}
