import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs. Authorization headers and anything named like a secret are redacted at
 * the logger, so a careless call site still cannot leak a token.
 */
export function createLogger(options: { level: string; destination?: NodeJS.WritableStream }): Logger {
  const redact = {
    paths: ['token', '*.token', 'authorization', '*.authorization', 'headers.authorization', 'secret', '*.secret'],
    censor: '[redacted]',
  };
  return options.destination
    ? pino({ level: options.level, redact }, options.destination)
    : pino({ level: options.level, redact });
}
