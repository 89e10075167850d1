/**
 * Routing benchmark: classifies the labelled messages in this folder, prints precision and recall
 * per category and how many messages per second one core classifies. `npm run bench:routing`
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROUTING_CATEGORIES, type RoutingCategory } from '../../libs/contracts/src/enums';
import { analyzeMessage } from '../../apps/api/src/modules/routing/detection/analyze';
import type { AuthorFacts } from '../../apps/api/src/modules/routing/detection/crisis-signals';

interface Sample {
  label: RoutingCategory;
  text: string;
  author: AuthorFacts;
}

const FILES: Record<RoutingCategory, string> = {
  after_sales: 'dataset.after-sales.txt',
  crisis: 'dataset.crisis.txt',
  other: 'dataset.other.txt',
};

/** One message a line; an optional JSON author (followers, verified, name) before a tab. */
export function loadDataset(dir = __dirname): Sample[] {
  return ROUTING_CATEGORIES.flatMap((label) =>
    readFileSync(join(dir, FILES[label]), 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((line) => {
        const tab = line.indexOf('\t');
        return tab > 0
          ? { label, author: JSON.parse(line.slice(0, tab)) as AuthorFacts, text: line.slice(tab + 1) }
          : { label, author: {}, text: line };
      }),
  );
}

function main() {
  const verbose = process.argv.includes('--errors');
  report('tuning set (the lexicons were adjusted while looking at it)', loadDataset(), verbose);
  report('held-out #1 (written after the first lexicon pass; its errors informed the second, so it is partly tuned)', loadDataset(join(__dirname, 'holdout')), verbose);
  report('held-out #2 (its errors informed the third lexicon pass, so it is partly tuned)', loadDataset(join(__dirname, 'holdout-2')), verbose);
  report('held-out #3 (written before the last lexicon pass, first run after it: never tuned on)', loadDataset(join(__dirname, 'holdout-3')), verbose);
  throughput(loadDataset());
}

function report(title: string, samples: Sample[], verbose: boolean) {
  const confusion = new Map<string, number>();
  for (const s of samples) {
    const got = analyzeMessage({ text: s.text, author: s.author, highReachFollowers: 10_000 }).category;
    confusion.set(`${s.label}>${got}`, (confusion.get(`${s.label}>${got}`) ?? 0) + 1);
    if (verbose && got !== s.label) console.log(`  ${s.label} → ${got}: ${s.text}`);
  }
  const count = (label: string, got: string) => confusion.get(`${label}>${got}`) ?? 0;
  console.log(`\n${title}: ${samples.length} labelled messages`);
  console.log('class        precision  recall  support');
  for (const c of ROUTING_CATEGORIES) {
    const tp = count(c, c);
    const predicted = ROUTING_CATEGORIES.reduce((n, l) => n + count(l, c), 0);
    const actual = ROUTING_CATEGORIES.reduce((n, g) => n + count(c, g), 0);
    const p = predicted ? tp / predicted : 0;
    const r = actual ? tp / actual : 0;
    console.log(`${c.padEnd(12)} ${p.toFixed(3).padStart(9)}  ${r.toFixed(3).padStart(6)}  ${String(actual).padStart(7)}`);
  }
  const correct = ROUTING_CATEGORIES.reduce((n, c) => n + count(c, c), 0);
  console.log(`accuracy     ${(correct / samples.length).toFixed(3)}`);
}

function throughput(samples: Sample[]) {
  // Throughput on one core (Node runs this loop on one thread): warm up, then time ~2 s of work.
  for (let i = 0; i < 2; i++) for (const s of samples) analyzeMessage({ text: s.text, author: s.author });
  let n = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < 2) {
    for (const s of samples) analyzeMessage({ text: s.text, author: s.author });
    n += samples.length;
    elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  }
  console.log(`\nthroughput   ${Math.round(n / elapsed)} messages/s on one core (${n} classified in ${elapsed.toFixed(2)} s)`);
}

if (require.main === module) main();
