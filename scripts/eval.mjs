#!/usr/bin/env node
// Placeholder until the golden-set eval lands (issue #5): it runs zero cases and says so.
console.log('eval: 0 cases run — the golden set and the eval gate arrive with issue #5; nothing is scored yet.');
