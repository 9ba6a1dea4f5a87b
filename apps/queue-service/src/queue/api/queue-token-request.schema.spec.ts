import { IssueQueueTokenRequest, issueQueueTokenRequestSchema } from '@concert/contracts';
import { createFastifyAdapter, createValidationPipe, toErrorBody } from '@concert/platform';
import type { FastifyInstance } from 'fastify';

/**
 * The join body is validated by its JSON schema (Fastify, compiled ajv) instead of the
 * class-validator pipe that validates every other body. Both must reach the same verdict on
 * every input, so the schema cannot drift from the DTO that documents it.
 */
describe('issueQueueTokenRequestSchema', () => {
  let fastify: FastifyInstance;
  const pipe = createValidationPipe();

  beforeAll(async () => {
    fastify = createFastifyAdapter().getInstance<FastifyInstance>();
    fastify.setErrorHandler((error, _request, reply) => {
      const body = toErrorBody(error, 'test');
      void reply.status(body.statusCode).send(body);
    });
    fastify.post('/join', { schema: { body: issueQueueTokenRequestSchema } }, (request) => ({ accepted: request.body }));
    await fastify.ready();
  });

  afterAll(() => fastify.close());

  const viaSchema = async (payload: string) => {
    const response = await fastify.inject({ method: 'POST', url: '/join', headers: { 'content-type': 'application/json' }, payload });
    return { status: response.statusCode, body: response.json<Record<string, unknown>>() };
  };

  const viaPipe = async (payload: string): Promise<boolean> => {
    try {
      await pipe.transform(JSON.parse(payload), { type: 'body', metatype: IssueQueueTokenRequest, data: undefined });
      return true;
    } catch {
      return false;
    }
  };

  it.each([
    ['a version 4 UUID', '{"concertId":"5f0c9a36-2b1e-4a55-8f6e-1f1e9d2c3b4a"}', true],
    ['a version 7 UUID', '{"concertId":"0192f1a4-7c3e-7b21-9d4f-2a6b8c0e1f35"}', true],
    ['an upper-case UUID', '{"concertId":"5F0C9A36-2B1E-4A55-8F6E-1F1E9D2C3B4A"}', true],
    ['the nil UUID', '{"concertId":"00000000-0000-0000-0000-000000000000"}', true],
    ['the max UUID', '{"concertId":"ffffffff-ffff-ffff-ffff-ffffffffffff"}', true],
    ['a word', '{"concertId":"nope"}', false],
    ['a urn:uuid: prefix', '{"concertId":"urn:uuid:5f0c9a36-2b1e-4a55-8f6e-1f1e9d2c3b4a"}', false],
    ['version 0', '{"concertId":"5f0c9a36-2b1e-0a55-8f6e-1f1e9d2c3b4a"}', false],
    ['a non-RFC variant', '{"concertId":"5f0c9a36-2b1e-4a55-cf6e-1f1e9d2c3b4a"}', false],
    ['no hyphens', '{"concertId":"5f0c9a362b1e4a558f6e1f1e9d2c3b4a"}', false],
    ['a number', '{"concertId":123}', false],
    ['null', '{"concertId":null}', false],
    ['no concertId', '{}', false],
    ['an unknown field', '{"concertId":"5f0c9a36-2b1e-4a55-8f6e-1f1e9d2c3b4a","admin":true}', false],
    ['a userId (the user is the caller, never the body)', '{"concertId":"5f0c9a36-2b1e-4a55-8f6e-1f1e9d2c3b4a","userId":"0192f1a4-7c3e-7b21-9d4f-2a6b8c0e1f35"}', false],
    ['only a userId (the old body)', '{"userId":"5f0c9a36-2b1e-4a55-8f6e-1f1e9d2c3b4a"}', false],
    ['an array', '[{"concertId":"5f0c9a36-2b1e-4a55-8f6e-1f1e9d2c3b4a"}]', false],
  ])('%s: both accept = %s', async (_, payload, accepted) => {
    const schema = await viaSchema(payload);
    await expect(viaPipe(payload)).resolves.toBe(accepted);
    if (accepted) {
      expect(schema).toEqual({ status: 200, body: { accepted: JSON.parse(payload) } });
    } else {
      expect(schema).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED', requestId: 'test' } });
    }
  });

  it('words each problem like the validation pipe and lists them all', async () => {
    await expect(viaSchema('{"concertId":"nope","admin":true}')).resolves.toMatchObject({
      status: 400,
      body: {
        code: 'VALIDATION_FAILED',
        message: 'property admin should not exist; concertId must be a UUID',
        details: { problems: ['property admin should not exist', 'concertId must be a UUID'] },
      },
    });
    await expect(viaSchema('{"userId":"5f0c9a36-2b1e-4a55-8f6e-1f1e9d2c3b4a"}')).resolves.toMatchObject({
      status: 400,
      body: { code: 'VALIDATION_FAILED', details: { problems: expect.arrayContaining(['property userId should not exist', 'concertId is required']) } },
    });
    await expect(viaSchema('{}')).resolves.toMatchObject({ body: { message: 'concertId is required' } });
    await expect(viaSchema('{"concertId":7}')).resolves.toMatchObject({ body: { message: 'concertId must be string' } });
  });
});
