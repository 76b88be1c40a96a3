import { env } from 'cloudflare:workers';
import sor from '../../golden/system-of-record.json';
import { getDb } from '../../src/db/client';
import { seedSystemOfRecord } from '../../src/db/system-of-record';

await seedSystemOfRecord(getDb(env.DB), sor);
