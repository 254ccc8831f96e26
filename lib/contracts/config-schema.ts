import { z } from 'zod';
import { configDocumentSchema } from './config';

// The JSON Schema of watchpost.yaml (served at /api/v1/watchpost.schema.json), generated from
// the schema apply validates with: what a person may write, so defaults are not required.
export function configJsonSchema() {
  return {
    ...z.toJSONSchema(configDocumentSchema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }),
    title: 'watchpost.yaml',
    description: 'A Watchpost team’s setup: agents, monitors, notification channels, status pages and maintenance windows (docs/config.md).',
  };
}
