import { acceptedSchema, type RestOperation } from '../../platform/http/api-document';
import { viewEvent } from './analytics.validation';

/** POST /api/v1/events/ as the OpenAPI document publishes it; AnalyticsService checks the body. */
export const analyticsOperations = {
  event: {
    operationId: 'recordEvent',
    method: 'post',
    path: '/api/v1/events/',
    tag: 'analytics',
    summary: 'Count a view of a post (the page beacon)',
    description:
      'Also takes the same JSON as `text/plain` (navigator.sendBeacon). A view of a post that is not public is accepted and not counted.',
    body: viewEvent,
    success: {
      status: 202,
      description: 'Accepted, whether or not the view counted.',
      data: acceptedSchema,
    },
    errors: ['BAD_USER_INPUT', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE', 'RATE_LIMITED', 'SERVICE_UNAVAILABLE'],
    rateLimited: true,
  },
} satisfies Record<string, RestOperation>;
