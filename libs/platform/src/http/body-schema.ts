import type { FastifySchemaValidationError, FastifyServerOptions } from 'fastify';

/**
 * class-validator's `@IsUUID('all')` (validator.js): versions 1–8 with the RFC variant, or the
 * nil and max UUIDs. A JSON schema's `format: 'uuid'` means exactly this in every service, not
 * ajv-formats' looser reading (which also takes a `urn:uuid:` prefix).
 */
export const UUID_FORMAT = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}|00000000-0000-0000-0000-000000000000|ffffffff-ffff-ffff-ffff-ffffffffffff)$/i;

/**
 * Fastify's ajv, for the routes that declare a JSON schema (`@RouteSchema`) instead of a
 * class-validator DTO: the same rules as the validation pipe — nothing converted, nothing
 * silently dropped (an unknown field is refused), every problem listed.
 */
export const BODY_SCHEMA_AJV: NonNullable<FastifyServerOptions['ajv']> = {
  customOptions: { coerceTypes: false, removeAdditional: false, useDefaults: false, allErrors: true },
  // After ajv-formats (which the compiler adds after any plugin), so this reading of uuid wins.
  onCreate: (ajv) => ajv.addFormat('uuid', UUID_FORMAT),
};

const FORMAT_NAMES: Record<string, string> = { uuid: 'a UUID' };

/** One line per problem, worded like the validation pipe's ("userId must be a UUID", "property x should not exist"). */
export function describeSchemaErrors(errors: readonly FastifySchemaValidationError[]): string[] {
  return errors.map((error) => {
    const path = error.instancePath.split('/').filter(Boolean).join('.');
    const { params } = error;
    switch (error.keyword) {
      case 'required':
        return `${[path, String(params.missingProperty)].filter(Boolean).join('.')} is required`;
      case 'additionalProperties':
        return `property ${[path, String(params.additionalProperty)].filter(Boolean).join('.')} should not exist`;
      case 'format':
        return `${path || 'body'} must be ${FORMAT_NAMES[String(params.format)] ?? `in the format "${String(params.format)}"`}`;
      default:
        return `${path || 'body'} ${error.message ?? 'is invalid'}`;
    }
  });
}
