// The daily e-mail digest through a real SMTP conversation (smtp-server on a fixed local port), not a mock:
// one message per user per day, case references and links by id, never a child's name.
import { SMTPServer } from 'smtp-server';
import nodemailer from 'nodemailer';
import { handleDeadlineJob, intendedAt, ManualClock, sendDigests } from '@ehc/deadlines';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { openCase, seedTeam } from './support/fixtures.js';

const PORT = 2525;
let db: TestDatabase;
let server: SMTPServer;
const received: { to: string[]; body: string }[] = [];

beforeAll(async () => {
  db = await createTestDatabase('dldigest');
  await seedTeam(db.dataSource);
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, cb) {
      let body = '';
      stream.on('data', (c: Buffer) => {
        body += c.toString('utf8');
      });
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), body });
        cb();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(PORT, '127.0.0.1', () => resolve());
  });
});
afterAll(async () => {
  await new Promise<void>((r) => server?.close(() => r()));
  await db?.drop();
});

it('sends each recipient one digest a day of their unread alerts, with links by case id and no names', async () => {
  const clock = new ManualClock(new Date('2025-01-06T09:00:00Z'));
  const ds = db.dataSource;
  const caseId = await openCase(ds, {
    teamId: 't1',
    caseworker: 'cw-t1',
    d0: '2025-01-06',
    today: '2025-01-06',
    reference: 'EHC-2025-DIGEST',
  });
  const g = (
    await ds.query(`SELECT generation FROM case_deadline WHERE case_id = $1 AND deadline_id = 'decision-to-assess'`, [
      caseId,
    ])
  )[0].generation;
  clock.set(intendedAt('warn14', '2025-02-17'));
  await handleDeadlineJob(
    { ds, clock, leadDays: { default: [14, 7] }, finalPlanDays: 140 },
    { caseId, deadlineId: 'decision-to-assess', generation: g, alert: 'warn14' },
  );

  const transport = nodemailer.createTransport(`smtp://127.0.0.1:${PORT}`);
  const deps = { ds, transport, from: 'EHC <no-reply@example.test>', publicUrl: 'https://ehc.example.test' };
  const now = new Date('2025-02-03T08:30:00Z');
  expect(await sendDigests(deps, now)).toEqual({ sent: 2, skipped: 0 }); // the caseworker and the team manager
  expect(received.map((m) => m.to[0]).sort()).toEqual(['cw-t1@example.test', 'mgr-t1@example.test']);
  const body = received[0]!.body;
  expect(body).toContain('EHC-2025-DIGEST');
  expect(body).toContain(`https://ehc.example.test/cases/${caseId}`);
  expect(body).toMatch(/due in 14 days \(2025-02-17\)/);
  expect(body).not.toMatch(/Secret|Childname/);
  // The same day again: nothing more is sent.
  expect((await sendDigests(deps, new Date('2025-02-03T15:00:00Z'))).sent).toBe(0);
  expect(received).toHaveLength(2);
  transport.close();
});
