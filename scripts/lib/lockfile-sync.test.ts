/** The lockfile check: the repo's own files pass, and each way `npm ci` refuses a lockfile is caught. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type Lockfile, type PackageJson, lockfileProblems } from './lockfile-sync';

const read = (file: string) => JSON.parse(readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8'));

function fixture(): { pkg: PackageJson; lock: Lockfile } {
  return {
    pkg: { dependencies: { hono: '^4.1.0' }, devDependencies: { tool: '~2.0.0' } },
    lock: {
      lockfileVersion: 3,
      packages: {
        '': { dependencies: { hono: '^4.1.0' }, devDependencies: { tool: '~2.0.0' } },
        'node_modules/hono': { version: '4.2.0' },
        'node_modules/tool': { version: '2.0.3', optionalDependencies: { 'tool-darwin': '2.0.3', 'tool-linux': '2.0.3' } },
        'node_modules/tool-darwin': { version: '1.0.0' },
        'node_modules/tool/node_modules/tool-darwin': { version: '2.0.3' },
        'node_modules/tool-linux': { version: '2.0.3' },
      },
    },
  };
}

describe('lockfileProblems', () => {
  it('should accept the repository package.json and package-lock.json', () => {
    expect(lockfileProblems(read('package.json'), read('package-lock.json'))).toEqual([]);
  });

  it('should accept a lockfile whose nested copy shadows an older hoisted one', () => {
    const { pkg, lock } = fixture();
    expect(lockfileProblems(pkg, lock)).toEqual([]);
  });

  it('should report a platform package missing from the lockfile, as npm ci does', () => {
    const { pkg, lock } = fixture();
    delete lock.packages['node_modules/tool-linux'];
    expect(lockfileProblems(pkg, lock)).toEqual(['Missing: tool-linux@2.0.3 (needed by node_modules/tool) from lock file']);
  });

  it('should report a locked version outside the range its dependent asks for', () => {
    const { pkg, lock } = fixture();
    delete lock.packages['node_modules/tool/node_modules/tool-darwin'];
    expect(lockfileProblems(pkg, lock)).toEqual([
      'Invalid: node_modules/tool needs tool-darwin@2.0.3, the lockfile has 1.0.0',
    ]);
  });

  it('should report a package.json range edited without npm install', () => {
    const { pkg, lock } = fixture();
    pkg.dependencies = { hono: '^4.3.0', zod: '^4.0.0' };
    expect(lockfileProblems(pkg, lock)).toEqual([
      'dependencies.hono: package.json says ^4.3.0, the lockfile ^4.1.0',
      'dependencies.zod: package.json says ^4.0.0, the lockfile (absent)',
    ]);
  });

  it('should skip optional peers but require the others', () => {
    const { pkg, lock } = fixture();
    lock.packages['node_modules/hono'] = {
      version: '4.2.0',
      peerDependencies: { typescript: '>=5', react: '*' },
      peerDependenciesMeta: { react: { optional: true } },
    };
    expect(lockfileProblems(pkg, lock)).toEqual(['Missing: typescript@>=5 (needed by node_modules/hono) from lock file']);
  });

  it('should refuse a lockfile without a packages map', () => {
    expect(lockfileProblems({}, { lockfileVersion: 1, packages: {} } as Lockfile)[0]).toMatch(/lockfileVersion 1/);
  });
});
