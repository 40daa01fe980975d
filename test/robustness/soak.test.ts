// A small soak in CI: thousands of edits, closes and reopens across a hundred files leave the server's memory flat.
// The full run (`npm run soak`: 10,000 edits across 1,000 files, RSS growth under 10% after warm-up) takes about a
// minute; at this size RSS varies by several percent from run to run, so the bound here only catches real leaks
// (a leak of analyses or trees would grow the heap by multiples).
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { describeSoak, runSoak } from './soak';

it('3,000 edits across 100 open files: memory stays flat after warm-up', async (t) => {
  const report = await runSoak({ files: 100, edits: 3000, warmUpShare: 0.5 });
  t.diagnostic(describeSoak(report));
  assert.ok(report.analyses > 100, 'the edits were analysed');
  assert.equal(report.end.documents, 100, 'closed and reopened documents are counted once');
  assert.ok(report.heapGrowth < 0.25, `heap grew ${(report.heapGrowth * 100).toFixed(1)}%`);
  assert.ok(report.rssGrowth < 0.25, `RSS grew ${(report.rssGrowth * 100).toFixed(1)}%`);
});
