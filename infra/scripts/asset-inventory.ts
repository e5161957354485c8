import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Template } from 'aws-cdk-lib/assertions';
import { format, resolveConfig } from 'prettier';
import { synthesizeForInventory } from './inventory-app';
import { renderAssetInventory } from './render-asset-inventory';

/**
 * Writes docs/compliance/asset-inventory.md from the synthesized templates.
 * `--check` fails instead when the committed file is stale.
 */
export const INVENTORY_FILE = fileURLToPath(
  new URL('../../docs/compliance/asset-inventory.md', import.meta.url),
);

/** The document as it should be committed: rendered, then formatted like every other file. */
export async function currentInventory(): Promise<string> {
  const { environment, delivery } = synthesizeForInventory('prod');
  const markdown = renderAssetInventory({
    templates: {
      [environment.stackName]: Template.fromStack(environment).toJSON(),
      [delivery.stackName]: Template.fromStack(delivery).toJSON(),
    },
  });
  const options = (await resolveConfig(INVENTORY_FILE)) ?? {};
  return format(markdown, { ...options, parser: 'markdown' });
}

async function main(): Promise<void> {
  const text = await currentInventory();
  if (process.argv.includes('--check')) {
    const committed = await readFile(INVENTORY_FILE, 'utf8').catch(() => '');
    if (committed !== text) {
      process.stderr.write(`${INVENTORY_FILE} is stale: run npm run inventory -w infra\n`);
      process.exit(1);
    }
    process.stdout.write('asset inventory is up to date\n');
    return;
  }
  await writeFile(INVENTORY_FILE, text);
  process.stdout.write(`wrote ${INVENTORY_FILE}\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((error: unknown) => {
    process.stderr.write(
      `asset inventory failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  });
}
