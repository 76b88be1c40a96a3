// Loads the demo corpus (golden/corpus/*.md) through the public API, once: skipped when documents exist.
export async function seedDemoCorpus(base) {
  const headers = { Authorization: 'Bearer demo-oscar' };
  const list = await fetch(`${base}/api/documents`, { headers });
  if (list.status === 404) return 'document ingestion not available yet, corpus not seeded';
  if (!list.ok) throw new Error(`listing documents failed: ${list.status} ${await list.text()}`);
  const { documents } = await list.json();
  if (documents.length > 0) return `${documents.length} documents already loaded`;
  const { readdir, readFile } = await import('node:fs/promises');
  const dir = new URL('../golden/corpus/', import.meta.url);
  const files = (await readdir(dir)).filter((f) => /^\d+-.*\.md$/.test(f)).sort();
  for (const file of files) {
    const form = new FormData();
    form.append('file', new Blob([await readFile(new URL(file, dir))], { type: 'text/markdown' }), file);
    const res = await fetch(`${base}/api/documents`, { method: 'POST', headers, body: form });
    if (!res.ok) throw new Error(`seeding ${file} failed: ${res.status} ${await res.text()}`);
  }
  return `seeded ${files.length} demo documents`;
}
