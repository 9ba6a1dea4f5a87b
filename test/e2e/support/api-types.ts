/**
 * The types of the public API for the tests' openapi-fetch client (`createClient<paths>()`): the
 * same generated types as the web page's client, from docs/openapi.json (npm run generate:api-client).
 */
export type { components, operations, paths } from '../../../web/src/api/schema';
