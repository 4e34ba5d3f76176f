import { TextField } from '../ui/Field';
import type { SplitErrors } from '../ui/fieldErrors';
import type { DatasetKind, ImportMappingInput } from './datasets.generated';

export const MAPPING_FIELDS = [
  'mapping',
  'mapping.externalId',
  'mapping.text',
  'mapping.label',
  'mapping.metadata',
  'mapping.features',
];

const list = (value: FormDataEntryValue | null) =>
  String(value ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);

/** The mapping given in the form, or null when every field was left empty (the API's defaults apply). */
export function mappingFromForm(form: FormData): ImportMappingInput | null {
  const mapping: ImportMappingInput = {};
  const externalId = String(form.get('mappingId') ?? '').trim();
  const text = String(form.get('mappingText') ?? '').trim();
  const label = String(form.get('mappingLabel') ?? '').trim();
  const metadata = list(form.get('mappingMetadata'));
  const features = list(form.get('mappingFeatures'));
  if (externalId) mapping.externalId = externalId;
  if (text) mapping.text = text;
  if (label) mapping.label = label;
  if (metadata.length) mapping.metadata = metadata;
  if (features.length) mapping.features = features;
  return Object.keys(mapping).length > 0 ? mapping : null;
}

/** Which JSONL key or CSV column holds the id, text, label, metadata and features (all optional). */
export function ImportMappingFields({ kind, errors }: { kind: DatasetKind; errors: SplitErrors['fields'] }) {
  return (
    <details className="mapping">
      <summary>Field mapping (optional)</summary>
      <p className="hint">Leave a field empty to use the default.</p>
      <div className="inline-form">
        <TextField label="Id field" name="mappingId" placeholder="id" error={errors['mapping.externalId']} />
        {kind === 'TEXT' && (
          <TextField label="Text field" name="mappingText" placeholder="text" error={errors['mapping.text']} />
        )}
        <TextField label="Label field" name="mappingLabel" placeholder="label" error={errors['mapping.label']} />
        <TextField
          label="Metadata fields"
          name="mappingMetadata"
          placeholder="e.g. source, lang"
          hint="Comma-separated. Default: JSONL, the metadata object; CSV, every other column."
          error={errors['mapping.metadata']}
        />
        {kind === 'TABULAR' && (
          <TextField
            label="Feature fields"
            name="mappingFeatures"
            placeholder="e.g. alcohol, ash"
            hint="Comma-separated. Default: every numeric field not mapped otherwise."
            error={errors['mapping.features']}
          />
        )}
      </div>
    </details>
  );
}
