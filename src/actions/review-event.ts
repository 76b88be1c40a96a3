/** The event a reviewer's decision sends to the waiting Workflow: ids only, the decision itself lives in D1. */
import { z } from 'zod';

export const REVIEW_EVENT = 'review-decision';
export const reviewEventSchema = z.object({ taskId: z.string().min(1) });
export type ReviewEvent = z.infer<typeof reviewEventSchema>;
