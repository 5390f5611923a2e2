// The success responses of the OpenAPI document are generated from the handlers' return types
// (scripts/openapi-responses.mjs); the committed file must be what the script generates from the code as it is.
import { readFileSync } from 'node:fs';
// @ts-expect-error: a plain .mjs script without type declarations
import { generate, OUTPUT } from '../scripts/openapi-responses.mjs';

describe('openapi-responses.generated.ts is up to date', () => {
  it('equals what `npm run openapi:responses` generates now (run it after changing a handler or a contract type)', () => {
    expect(readFileSync(OUTPUT as string, 'utf8')).toBe((generate as () => string)());
  }, 60_000);
});
