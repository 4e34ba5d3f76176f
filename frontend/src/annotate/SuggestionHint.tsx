import { formatShare } from '../ui/format';
import { keyLabel, keyOf, type ShortcutMap } from './keyMap';
import type { TaskType } from '../graphql/schema.generated';
import { suggestedText } from './ItemContent';
import type { WorkItem } from './workSession';

/**
 * Says that the label chosen is the model's suggestion (batch scoring's, with its confidence), pre-selected, and
 * which key accepts it: the submit key (Enter unless the viewer changed it). Shown while the pre-selection stands;
 * a label key chooses another label instead. Never in a blind dataset (nothing is pre-selected there).
 */
export function SuggestionHint({ item, keys, taskType = 'SINGLE_LABEL' }: { item: WorkItem; keys: ShortcutMap; taskType?: TaskType }) {
  const suggestion = item.suggestion;
  if (!suggestion) return null;
  const submit = keyOf(keys, 'submit');
  return (
    <p className="suggestion-hint" data-testid="suggestion-hint">
      Pre-selected: the model’s suggestion <strong>{suggestedText(item, taskType)}</strong> ({formatShare(suggestion.confidence)}{' '}
      confident, {suggestion.model} version {suggestion.version}).{' '}
      {submit ? (
        <>
          Press <kbd>{keyLabel(submit)}</kbd> to accept it{taskType === 'SPANS' ? ' as it is' : ''}, or {taskType === 'SINGLE_LABEL' ? 'a label key to choose another' : 'change it first'}.
        </>
      ) : (
        'Submit to accept it, or choose another label.'
      )}
    </p>
  );
}
