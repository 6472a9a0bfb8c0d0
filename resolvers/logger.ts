// Structured JSON logs (pino); pretty, human-readable lines when writing to a terminal or LOG_FORMAT=pretty.
import { pino, type Logger } from 'pino';

export type { Logger };

export function makeLogger(options: { level: string; format: 'json' | 'pretty'; name?: string }): Logger {
  return pino({
    name: options.name ?? 'skills-fleet',
    level: options.level,
    // Secrets that may sit in objects we log by accident.
    redact: {
      paths: ['*.authorization', '*.apiKey', '*.password', 'req.headers.authorization', 'config.llm.apiKey'],
      censor: '[redacted]',
    },
    ...(options.format === 'pretty'
      ? {
          transport: {
            target: 'pino-pretty',
            options: { colorize: true, translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname,name' },
          },
        }
      : {}),
  });
}

/** A logger that drops everything, for tests and tools. */
export const silentLogger: Logger = pino({ level: 'silent' });
