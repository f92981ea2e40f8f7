import { OpenAPIRegistry, OpenApiGeneratorV31, type ResponseConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { ERROR_STATUS, type ErrorCode } from '../errors/error-codes';

/**
 * One REST operation as the OpenAPI document describes it. The request schemas are the ones the
 * route validates with (`parseInput(operation.body, …)`), and the response schemas type the
 * route's mappers, so the document cannot say one thing while the route does another; a test
 * checks live responses against it as well (test/third-parties/openapi.test.ts).
 */
export interface RestOperation {
  readonly operationId: string;
  readonly method: 'get' | 'post';
  /** The path as clients call it, OpenAPI-templated: `/api/v1/posts/{slug}/`. */
  readonly path: string;
  readonly tag: string;
  readonly summary: string;
  readonly description?: string;
  readonly body?: z.ZodObject;
  readonly query?: z.ZodObject;
  readonly params?: z.ZodObject;
  /** The success answer: its status (200 unless said), `data`, and extra `meta` fields. */
  readonly success: { readonly status?: number; readonly description: string; readonly data: z.ZodType };
  readonly meta?: z.ZodRawShape;
  /** The error codes this operation answers with (each documented under its HTTP status). */
  readonly errors?: readonly ErrorCode[];
  /** Sends RateLimit-Policy / RateLimit on every answer. */
  readonly rateLimited?: boolean;
  /** Takes `Authorization: Bearer …`. */
  readonly bearer?: boolean;
  /** Answers outside the envelope (a JWKS, this document, an HTML page). */
  readonly raw?: { readonly contentType: string; readonly schema: z.ZodType };
}

const requestId = z.string().meta({ description: 'The request id (also the `X-Request-ID` header).' });

export const errorCodeSchema = (codes: readonly ErrorCode[]) => z.enum(codes as [ErrorCode, ...ErrorCode[]]);

/** `{data: null, meta, error}` for the given codes. */
export const errorEnvelope = (codes: readonly ErrorCode[]) =>
  z.strictObject({
    data: z.null(),
    meta: z.looseObject({ request_id: requestId }),
    error: z.strictObject({
      code: errorCodeSchema(codes),
      message: z.string().meta({ description: 'For people; safe to show.' }),
      details: z
        .union([z.record(z.string(), z.unknown()), z.array(z.unknown())])
        .optional()
        .meta({ description: 'Per-field messages for BAD_USER_INPUT; `retry_after` (seconds) with Retry-After.' }),
    }),
  });

/** `data` of a 202: the request was taken (what it caused, if anything, is not said). */
export const acceptedSchema = z.strictObject({ accepted: z.literal(true) }).meta({ id: 'Accepted' });

const successEnvelope = (data: z.ZodType, meta: z.ZodRawShape = {}) =>
  z.strictObject({ data, meta: z.strictObject({ request_id: requestId, ...meta }), error: z.null() });

const header = (description: string) => z.string().meta({ description });
const COMMON_HEADERS = { 'X-Request-ID': header('Your X-Request-ID when valid, otherwise a new one.') };
const RATE_LIMIT_HEADERS = {
  'RateLimit-Policy': header('The quotas of this route (IETF httpapi draft): `"name";q=<hits>;w=<seconds>`.'),
  RateLimit: header('What is left of each quota: `"name";r=<remaining>;t=<seconds until a slot frees>`.'),
};
const RETRY_HEADERS = { 'Retry-After': header('Seconds to wait before trying again.') };

/**
 * A limited route's answers carry the RateLimit fields whenever the request was counted against
 * a limit: not when the body was refused before routing, the store is down, or (refresh) there
 * was no token to count.
 */
function responses(operation: RestOperation): Record<string, ResponseConfig> {
  const base = { ...COMMON_HEADERS, ...(operation.rateLimited && z.object(RATE_LIMIT_HEADERS).partial().shape) };
  const onError = base;
  const status = operation.success.status ?? 200;
  const result: Record<string, ResponseConfig> = {
    [status]: {
      description: operation.success.description,
      headers: z.object(base),
      content: operation.raw
        ? { [operation.raw.contentType]: { schema: operation.raw.schema } }
        : { 'application/json': { schema: successEnvelope(operation.success.data, operation.meta) } },
    },
  };
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of operation.errors ?? [])
    byStatus.set(ERROR_STATUS[code], [...(byStatus.get(ERROR_STATUS[code]) ?? []), code]);
  for (const [errorStatus, codes] of byStatus) {
    const retry = errorStatus === 429 || errorStatus === 503;
    result[errorStatus] = {
      description: codes.join(', '),
      headers: z.object({ ...onError, ...(retry && RETRY_HEADERS) }),
      content: { 'application/json': { schema: errorEnvelope(codes) } },
    };
  }
  result.default = {
    description: 'Any other error (an unexpected one is INTERNAL_SERVER_ERROR, with no detail).',
    headers: z.object(COMMON_HEADERS),
    content: { 'application/json': { schema: errorEnvelope(Object.keys(ERROR_STATUS) as ErrorCode[]) } },
  };
  return result;
}

export interface DocumentInfo {
  readonly version: string;
  readonly serverUrl: string;
}

/**
 * The REST surface as an OpenAPI 3.1 document, built from the operations the routers add as
 * they mount their routes (`api.add(operation)` beside each route), generated by
 * @asteasolutions/zod-to-openapi from the same zod schemas.
 */
export class ApiDocument {
  private readonly added: RestOperation[] = [];
  private document: object | undefined;

  add<T extends RestOperation>(operation: T): T {
    this.added.push(operation);
    this.document = undefined;
    return operation;
  }

  get operations(): readonly RestOperation[] {
    return this.added;
  }

  /** Built on first use (after every router has added its routes) and kept. */
  build(info: DocumentInfo): object {
    this.document ??= this.generate(info);
    return this.document;
  }

  private generate(info: DocumentInfo): object {
    const registry = new OpenAPIRegistry();
    const bearer = registry.registerComponent('securitySchemes', 'bearer', {
      type: 'http',
      scheme: 'bearer',
      description: 'An access token from POST /api/v1/auth/token/.',
    });
    for (const operation of this.added) {
      registry.registerPath({
        method: operation.method,
        path: operation.path,
        operationId: operation.operationId,
        tags: [operation.tag],
        summary: operation.summary,
        description: operation.description,
        ...(operation.bearer && { security: [{ [bearer.name]: [] }, {}] }),
        request: {
          ...(operation.body && {
            body: { required: true, content: { 'application/json': { schema: operation.body } } },
          }),
          ...(operation.query && { query: operation.query }),
          ...(operation.params && { params: operation.params }),
        },
        responses: responses(operation),
      });
    }
    return new OpenApiGeneratorV31(registry.definitions).generateDocument({
      openapi: '3.1.0',
      info: {
        title: 'Inkwell REST API',
        version: info.version,
        description:
          'The REST side of Inkwell v1: every body is the envelope `{data, meta: {request_id}, error}`. ' +
          'GraphQL (POST /api/v1/graphql) is described by its own schema, `schema/v1.graphql`.',
      },
      servers: [{ url: info.serverUrl }],
    });
  }
}
