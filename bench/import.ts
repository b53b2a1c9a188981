/**
 * `npm run bench:import`: builds a 10,000-row customer workbook (--rows N) and imports it
 * through POST /api/archive/import on a fresh embedded database (--db postgres uses
 * TEST_DATABASE_URL or DATABASE_URL). Last stdout line: {"name":"import","rows","seconds","db"}.
 */
import ExcelJS from 'exceljs';
import { CUSTOMER_COLUMNS } from '../server/workflows/archive-excel';
import { option, startBenchServer } from './lib/bench-server';

const rows = Number(option('rows') ?? 10_000);
const kind = (option('db') ?? 'pglite') as 'pglite' | 'postgres';
const districts = [['上海市', '', '浦东新区'], ['上海市', '', '闵行区'], ['浙江省', '杭州市', '西湖区'], ['广东省', '深圳市', '南山区'], ['北京市', '', '海淀区']];

const book = new ExcelJS.Workbook();
const sheet = book.addWorksheet('客户');
sheet.addRow([...CUSTOMER_COLUMNS]);
for (let i = 0; i < rows; i += 1) {
  const [province, city, district] = districts[i % districts.length];
  sheet.addRow([i % 10 === 9 ? '单位' : '个人', `导入客户${i}`, `137${String(i * 97 + 10_000_000).padStart(8, '0')}`, '', province, city, district, `测试路 ${i % 500} 号`, i % 7 === 0 ? 'VIP' : '', '']);
}
const file = Buffer.from(await book.xlsx.writeBuffer());

const server = await startBenchServer(kind, process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL);
try {
  const started = performance.now();
  const response = await fetch(`${server.url}/api/archive/import?dryRun=false`, {
    method: 'POST',
    headers: { ...server.headers, 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
    body: file,
  });
  const seconds = (performance.now() - started) / 1000;
  const result = (await response.json()) as { customers: { created: number }; problems: unknown[] };
  if (!response.ok || result.customers.created !== rows) throw new Error(`import failed: ${response.status} ${JSON.stringify(result).slice(0, 500)}`);
  console.log(`imported ${rows} customers (${(file.length / 1024).toFixed(0)} KiB) in ${seconds.toFixed(2)} s on ${kind}`);
  console.log(JSON.stringify({ name: 'import', db: kind, rows, seconds: Math.round(seconds * 100) / 100 }));
} finally {
  await server.stop();
}
