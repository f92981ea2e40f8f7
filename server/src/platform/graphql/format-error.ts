import type { GraphQLFormattedError } from 'graphql';
import { GraphQLError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { ArgumentValidationError } from 'type-graphql';
import type { Logger } from 'pino';
import { AppError, isAppError } from '../errors/app-error';
import { dependencyFailure } from '../errors/dependency-failure';
import { ERROR_STATUS, isErrorCode, type ErrorCode } from '../errors/error-codes';
import { currentRequestContext } from '../observability/request-context';

/** class-validator's nested shape flattened to `{field: [messages]}` for clients. */
function validationDetails(error: ArgumentValidationError) {
  const details: Record<string, string[]> = {};
  const walk = (items: ArgumentValidationError['extensions']['validationErrors'], prefix: string) => {
    for (const item of items) {
      const field = prefix ? `${prefix}.${item.property}` : item.property;
      if (item.constraints) details[field] = Object.values(item.constraints);
      if (item.children?.length) walk(item.children, field);
    }
  };
  walk(error.extensions.validationErrors, '');
  return details;
}

const APOLLO_CODES: Record<string, ErrorCode> = {
  BAD_REQUEST: 'BAD_USER_INPUT',
  OPERATION_RESOLUTION_FAILURE: 'GRAPHQL_VALIDATION_FAILED',
  PERSISTED_QUERY_NOT_SUPPORTED: 'PERSISTED_QUERY_NOT_FOUND',
};

function requestErrorCode(code: unknown): ErrorCode {
  if (isErrorCode(code) && code !== 'INTERNAL_SERVER_ERROR') return code;
  return (typeof code === 'string' && APOLLO_CODES[code]) || 'BAD_USER_INPUT';
}

/**
 * What graphql-js (and graphql-jit, whose errors jit-executor.ts rebuilds with the same text)
 * says when a field's arguments cannot be coerced as it runs, after the variables were accepted:
 * an explicit null for a non-null argument through a nullable variable with a default (alone,
 * or inside a list or input object the document writes), or a variable left without a value.
 * The caller's input; the message names the argument, its type, the variable, or the caller's
 * own literal.
 */
const ARGUMENT_COERCION =
  /^Argument "\w+" (?:of non-null type "[\w![\]]+" must not be null|of required type "[\w![\]]+" was provided the variable "\$\w+" which was not provided a runtime value|has invalid value [^\n]*)\.$/;

/** Apollo's own refusals without a code (an unsupported APQ version) still say 4xx in `http`. */
function isClientStatus(error: GraphQLError): boolean {
  const status = (error.extensions?.http as { status?: unknown } | undefined)?.status;
  return typeof status === 'number' && status >= 400 && status < 500;
}

function toAppError(error: unknown): AppError | null {
  if (isAppError(error)) return error;
  const down = dependencyFailure(error);
  if (down) return down;
  if (error instanceof ArgumentValidationError) {
    return new AppError('BAD_USER_INPUT', 'Some fields are invalid.', { details: validationDetails(error) });
  }
  return null;
}

/**
 * Maps every GraphQL error to the contract's extensions. AppErrors keep their code and
 * message; Apollo's own request errors (parse, validation, persisted queries) keep theirs;
 * anything else is logged and masked, so no SQL or stack ever reaches a client.
 */
export function createFormatError(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const requestId = currentRequestContext()?.requestId;
    // graphql-js wraps a thrown value that is not `instanceof Error` (e.g. a socket error
    // created in another realm, as under jest) in NonErrorThrown; map what was thrown.
    const unwrapped = unwrapResolverError(error);
    const original =
      (unwrapped as { name?: unknown; thrownValue?: unknown } | null)?.name === 'NonErrorThrown'
        ? (unwrapped as { thrownValue: unknown }).thrownValue
        : unwrapped;
    const appError = toAppError(original);
    if (appError) {
      return {
        message: appError.message,
        locations: formatted.locations,
        path: formatted.path,
        extensions: {
          code: appError.code,
          status: appError.status,
          requestId,
          ...(appError.details !== undefined && { details: appError.details }),
          ...(appError.retryAfter !== undefined && { retryAfter: appError.retryAfter }),
        },
      };
    }
    // The caller's fault, said as such: Apollo's own refusals without a code (a persisted query
    // whose text does not match its hash, an unknown APQ version) carry their HTTP 400; an
    // argument the engine could not coerce as it ran (ARGUMENT_COERCION) is raised by graphql-js
    // as a GraphQLError of its own, and by graphql-jit as a plain Error (jit-executor.ts).
    const apolloRefusal =
      original instanceof GraphQLError &&
      formatted.extensions?.code === 'INTERNAL_SERVER_ERROR' &&
      (original.extensions.http as { status?: number } | undefined)?.status === 400;
    const raisedByEngine =
      (original instanceof GraphQLError && !original.originalError) ||
      (original instanceof Error && original.constructor === Error);
    if (apolloRefusal || (raisedByEngine && ARGUMENT_COERCION.test((original as Error).message))) {
      return { ...formatted, extensions: { code: 'BAD_USER_INPUT', status: 400, requestId } };
    }
    // Apollo's and graphql-js's own request errors (parse, validation, variables, persisted
    // queries) are safe to show; only their code is normalised to the contract's table.
    if (
      original instanceof GraphQLError &&
      (formatted.extensions?.code !== 'INTERNAL_SERVER_ERROR' || isClientStatus(original))
    ) {
      // Apollo re-codes validation-rule errors as GRAPHQL_VALIDATION_FAILED; a rule's own
      // contract code (QUERY_TOO_COMPLEX from query-limits.ts) survives on the wrapped error.
      const ruleCode =
        original.originalError instanceof GraphQLError ? original.originalError.extensions?.code : undefined;
      const code = requestErrorCode(isErrorCode(ruleCode) ? ruleCode : formatted.extensions?.code);
      const { details, retryAfter } = original.extensions;
      return {
        ...formatted,
        extensions: {
          code,
          status: ERROR_STATUS[code],
          requestId,
          ...(details !== undefined && { details }),
          ...(retryAfter !== undefined && { retryAfter }),
        },
      };
    }
    logger.error({ err: original }, 'unexpected GraphQL error');
    return {
      message: 'Something went wrong. Quote the request id.',
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: 'INTERNAL_SERVER_ERROR', status: 500, requestId },
    };
  };
}
