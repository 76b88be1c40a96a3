/**
 * Finds where package-lock.json disagrees with package.json or cannot install on every platform, the two ways
 * `npm ci` refuses a lockfile, in milliseconds and without the network (`npm ci` itself needs a registry to say
 * which package is wrong once a range moved).
 */
import semver from 'semver';

export interface PackageJson {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

interface LockedPackage extends PackageJson {
  version?: string;
  link?: boolean;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

export interface Lockfile {
  lockfileVersion: number;
  packages: Record<string, LockedPackage>;
}

const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'] as const;

/**
 * Every problem as one readable line; empty when `npm ci` will accept the lockfile.
 * @example lockfileProblems(pkg, lock) // ['devDependencies.zod: package.json says ^4.7.0, the lockfile ^4.6.7']
 */
export function lockfileProblems(pkg: PackageJson, lock: Lockfile): string[] {
  if (lock.lockfileVersion < 2 || !lock.packages?.['']) {
    return [`lockfileVersion ${lock.lockfileVersion} has no "packages" map: regenerate it with npm ≥ 7`];
  }
  return [...rootSpecProblems(pkg, lock.packages['']), ...missingPackageProblems(lock.packages)];
}

function rootSpecProblems(pkg: PackageJson, root: LockedPackage): string[] {
  const problems: string[] = [];
  for (const field of DEPENDENCY_FIELDS) {
    const wanted = pkg[field] ?? {};
    const locked = root[field] ?? {};
    for (const name of new Set([...Object.keys(wanted), ...Object.keys(locked)])) {
      if (wanted[name] !== locked[name]) {
        problems.push(`${field}.${name}: package.json says ${wanted[name] ?? '(absent)'}, the lockfile ${locked[name] ?? '(absent)'}`);
      }
    }
  }
  return problems;
}

/** A dependency is found the way Node resolves it: the nearest node_modules folder up from the dependent. */
function missingPackageProblems(packages: Record<string, LockedPackage>): string[] {
  const problems: string[] = [];
  for (const [location, entry] of Object.entries(packages)) {
    if (entry.link) continue;
    const required = {
      ...entry.dependencies,
      ...entry.optionalDependencies,
      ...(location === '' ? entry.devDependencies : {}),
      ...requiredPeers(entry),
    };
    for (const [name, range] of Object.entries(required)) {
      const found = resolve(packages, location, name);
      const needer = location || 'the project';
      if (!found) {
        problems.push(`Missing: ${name}@${range} (needed by ${needer}) from lock file`);
      } else if (!satisfies(found, range)) {
        problems.push(`Invalid: ${needer} needs ${name}@${range}, the lockfile has ${found.version}`);
      }
    }
  }
  return problems;
}

function requiredPeers(entry: LockedPackage): Record<string, string> {
  const peers = { ...entry.peerDependencies };
  for (const [name, meta] of Object.entries(entry.peerDependenciesMeta ?? {})) {
    if (meta.optional) delete peers[name];
  }
  return peers;
}

/** Ranges npm does not resolve through the registry (git, file, aliases, tags) are taken on trust. */
function satisfies(found: LockedPackage, range: string): boolean {
  if (found.link || !found.version || !semver.validRange(range)) return true;
  return semver.satisfies(found.version, range, { includePrerelease: true });
}

function resolve(packages: Record<string, LockedPackage>, from: string, name: string): LockedPackage | undefined {
  let base = from;
  for (;;) {
    const found = packages[`${base ? `${base}/` : ''}node_modules/${name}`];
    if (found) return found;
    if (!base) return undefined;
    const cut = base.lastIndexOf('/node_modules/');
    base = cut === -1 ? '' : base.slice(0, cut);
  }
}
