import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { CombinedError, stringifyDocument } from 'urql';

/** A GraphQL response as the API sends it. */
export interface GraphQLResponse<TData> {
  data?: TData | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

/**
 * One GraphQL operation with a file, as a multipart request (the GraphQL multipart request spec): form
 * fields `operations` (the query, with null where the file goes), `map` (`{"0": ["variables.<name>"]}`)
 * and `0` (the file). urql's fetchExchange sends JSON only, hence this plain `fetch`.
 *
 * Resolves to the JSON result (with its `errors`, if any); failures to reach the API, and answers that are
 * not GraphQL JSON, become a CombinedError with a network error, like urql's.
 */
export async function postMultipart<TData, TVariables extends Record<string, unknown>>(
  document: TypedDocumentNode<TData, TVariables>,
  variables: TVariables,
  fileVariable: keyof TVariables & string,
  file: File,
  token: string | null,
  url = '/graphql',
): Promise<GraphQLResponse<TData>> {
  const form = new FormData();
  form.append('operations', JSON.stringify({ query: stringifyDocument(document), variables: { ...variables, [fileVariable]: null } }));
  form.append('map', JSON.stringify({ 0: [`variables.${fileVariable}`] }));
  form.append('0', file, file.name);
  let response: Response;
  try {
    // No content-type header: the browser sets multipart/form-data with its boundary.
    response = await fetch(url, { method: 'POST', body: form, headers: token ? { Authorization: `Bearer ${token}` } : {} });
  } catch (error) {
    throw new CombinedError({ networkError: error instanceof Error ? error : new Error(String(error)) });
  }
  let body: GraphQLResponse<TData>;
  try {
    body = (await response.json()) as GraphQLResponse<TData>;
  } catch {
    throw new CombinedError({ networkError: new Error(`HTTP ${response.status} ${response.statusText}`.trim()) });
  }
  if (!body || (body.data == null && !body.errors?.length)) {
    throw new CombinedError({ networkError: new Error(`HTTP ${response.status}: not a GraphQL response`) });
  }
  return body;
}
