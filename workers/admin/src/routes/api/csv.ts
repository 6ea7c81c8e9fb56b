/** CSV export and import of products and variants (see services/csv.ts). */
import { Hono } from 'hono';
import { guard } from '../../auth/middleware';
import type { AdminAppEnv } from '../../context';
import { exportCsv, importCsv } from '../../services/csv';

export const csvApi = new Hono<AdminAppEnv>();
csvApi.get('/export.csv', guard('catalog:read'), (c) => exportCsv(c));
csvApi.post('/import', guard('catalog:write'), (c) => importCsv(c));
