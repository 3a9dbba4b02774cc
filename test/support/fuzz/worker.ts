/**
 * The fuzz worker: runs the cases its parent sends, one at a time, with the file-system audit
 * installed before any project module is loaded. The parent terminates it when a case hangs.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { installAudit } from './fs-audit.ts';

installAudit();
const { runCase, stepTimes, warmUp } = await import('./run-case.ts');
await warmUp();
const root = (workerData as { root: string }).root;

parentPort!.on('message', async (c: import('./cases.ts').FuzzCase) => {
  let findings: import('./run-case.ts').Finding[];
  try {
    findings = await runCase(c, root, () => parentPort!.postMessage({ id: c.id, started: true }));
  } catch (error) {
    findings = [{ kind: 'crash', step: 'harness', detail: String((error as Error)?.stack ?? error) }];
  }
  parentPort!.postMessage({ id: c.id, findings, stepTimes: Object.fromEntries(stepTimes) });
});
parentPort!.postMessage({ ready: true });
