// The GraphQL-over-HTTP audit of graphql-http (the spec's reference implementation) against /graphql through
// Nginx: every MUST and every SHOULD passes (0 errors, 0 warnings). No browser.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { auditServer } from 'graphql-http';
import { BASE_URL } from './helpers.mjs';

test('the graphql-http server audit passes with no error and no warning', async () => {
  // given the audit's requests, sent to /graphql through Nginx
  const results = await auditServer({ url: `${BASE_URL}/graphql` });
  // then every one is a success
  const failed = results
    .filter((result) => result.status !== 'ok')
    .map((result) => `${result.status}: ${result.name}: ${result.reason}`);
  assert.deepEqual(failed, []);
  assert.ok(results.length >= 40, `only ${results.length} audits ran`);
});
