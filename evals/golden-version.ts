/** The golden set's version: the newest version any case was introduced or changed in (cases carry "1.0", "1.1", …). */
export function goldenSetVersion(caseVersions: Iterable<string>): string {
  const parts = (v: string) => v.split('.').map(Number);
  let newest = '0';
  for (const v of caseVersions) {
    const [a, b] = [parts(v), parts(newest)];
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      if ((a[i] ?? 0) !== (b[i] ?? 0)) {
        if ((a[i] ?? 0) > (b[i] ?? 0)) newest = v;
        break;
      }
    }
  }
  return newest;
}
