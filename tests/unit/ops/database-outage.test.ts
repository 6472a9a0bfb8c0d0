// The outage account: which errors mean "the database is gone", and one line when it goes, one when it is back.
import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { isConnectionError } from '../../../prisma/connection-errors';
import { makeDatabaseOutage } from '../../../resolvers/database-outage';

function capturedLogger() {
  const lines: { level: number; msg: string; [key: string]: unknown }[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, stream), lines };
}

describe('isConnectionError', () => {
  it.each([
    [{ code: 'P1001', message: "Can't reach database server at 127.0.0.1:5432" }],
    [{ code: '57P01', message: 'terminating connection due to administrator command' }],
    [{ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' }],
    [new Error('Connection terminated unexpectedly')],
  ])('%o is a lost connection', (error) => {
    expect(isConnectionError(error)).toBe(true);
  });

  it.each([[{ code: '42601', message: 'syntax error at or near "SELEC"' }], [new Error('boom')], [null], ['P1001']])(
    '%o is not',
    (error) => {
      expect(isConnectionError(error)).toBe(false);
    },
  );
});

describe('makeDatabaseOutage', () => {
  it('logs the loss once and the return once, with how long and how many attempts', async () => {
    const { logger, lines } = capturedLogger();
    let clock = 1_000;
    const outage = makeDatabaseOutage(logger, () => clock);
    outage.failed('worker', new Error('Connection terminated'));
    outage.failed('hub', new Error('Connection terminated'));
    clock += 2_500;
    outage.failed('worker', new Error('Connection terminated'));
    expect(outage.down).toBe(true);
    outage.succeeded('embedded PostgreSQL');
    outage.succeeded('worker');
    await new Promise((resolve) => logger.flush(resolve));
    const info = lines.filter((line) => line.level >= 30);
    expect(info.map((line) => line.msg)).toEqual([
      'database connection lost; reconnecting',
      'database connection back after 2.5 s',
    ]);
    expect(info[1]).toMatchObject({ source: 'embedded PostgreSQL', downSeconds: 2.5, attempts: 3 });
    expect(outage.down).toBe(false);
  });
});
