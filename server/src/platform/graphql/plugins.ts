import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLContext } from './context';

/**
 * Adds `extensions.meta.requestId` to every response (errors included) and records the
 * operation name for the access log. Responses are never cacheable (`Cache-Control: no-store`,
 * what Apollo's cache-control plugin answered for a schema without cache hints).
 */
export const requestMetaPlugin: ApolloServerPlugin<GraphQLContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ request, operation, contextValue }) {
        contextValue.request.operationName = request.operationName ?? operation?.name?.value ?? 'anonymous';
      },
      async willSendResponse({ response, contextValue }) {
        if (!response.http.headers.has('cache-control')) response.http.headers.set('cache-control', 'no-store');
        if (response.body.kind !== 'single') return;
        const result = response.body.singleResult;
        const requestId = contextValue.requestId;
        result.extensions = { ...result.extensions, meta: { requestId } };
        result.errors = result.errors?.map((error) =>
          error.extensions?.requestId ? error : { ...error, extensions: { ...error.extensions, requestId } },
        );
      },
    };
  },
};
