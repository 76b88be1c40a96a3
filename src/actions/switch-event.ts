/** The event that wakes Workflows held by the kill switch once the operator lowers it: ids only. */
export const SWITCH_LOWERED_EVENT = 'kill-switch-lowered';
