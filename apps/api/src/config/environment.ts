/** The process environment, read in this one place and validated by loadConfig. */
export function readEnvironment(): Record<string, string | undefined> {
  return { ...process.env };
}

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
type Level = (typeof LEVELS)[number];

/** The log level before the config is validated (secrets are read first); an unknown value means info. */
export function bootLogLevel(value: string | undefined): Level {
  return (LEVELS as readonly string[]).includes(value ?? '') ? (value as Level) : 'info';
}
