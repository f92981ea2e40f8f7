import { z } from 'zod';

/** A view beacon, as POST /api/v1/events/ takes it (JSON, or the same JSON sent as text/plain). */
export const viewEvent = z
  .object({
    type: z.literal('view', 'must be "view"'),
    post_id: z
      .string()
      .min(1, 'is required')
      .max(200, 'is too long')
      .meta({ description: 'The global id of the post.' }),
  })
  .meta({ id: 'ViewEvent' });
