/** The process environment, read in this one place and validated by loadConfig. */
export function readEnvironment(): Record<string, string | undefined> {
  return { ...process.env };
}
