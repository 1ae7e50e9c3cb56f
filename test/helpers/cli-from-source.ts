// Runs the `hubkeeper` CLI from the TypeScript sources (node --import tsx), so tests of CLI
// commands need no build. Usage: node --import tsx test/helpers/cli-from-source.ts <args>
import { runCli } from '../../src/main/cli/index.js';

await runCli(process.argv);
