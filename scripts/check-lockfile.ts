// npm run check:lockfile — fails when package.json and package-lock.json disagree, or the lockfile lacks a
// package some platform needs, before `npm ci` would find out on a clean clone.
import { readFileSync } from 'node:fs';
import { lockfileProblems } from './lib/lockfile-sync';

const read = (file: string) => JSON.parse(readFileSync(new URL(`../${file}`, import.meta.url), 'utf8'));
const problems = lockfileProblems(read('package.json'), read('package-lock.json'));
if (problems.length > 0) {
  console.error(`package-lock.json is out of sync (run \`npm install\` and commit the lockfile):\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log('package-lock.json matches package.json and lists every platform package');
