import type { RoutingCategory } from '@babillard/contracts';
import { ROUTING_CATEGORIES } from '@babillard/contracts';
import weightsFile from './weights.json';
import type { FeatureVector } from './features';

/** The learned layer's probability per category (they add up to 1). */
export type ModelProbabilities = Record<RoutingCategory, number>;

/**
 * How the learned layer and the detector decide together, chosen by leave-one-set-out
 * cross-validation in `bench/routing/train.ts`:
 * - crisis when the detector says crisis or the model's P(crisis) ≥ `crisis` (unless the detector
 *   read something that takes the harm back, or a question needs a surer model: `crisisVeto`);
 * - otherwise, with share = P(after_sales) / (P(after_sales) + P(other)): a message the detector
 *   calls after-sales stays so when share ≥ `keepAfterSales`, one it calls other becomes
 *   after-sales when share ≥ `toAfterSales`.
 */
export interface CombinationThresholds {
  crisis: number;
  keepAfterSales: number;
  toAfterSales: number;
}

/** The data file `npm run train:routing` writes: multinomial logistic regression, sparse, rounded. */
export interface ModelWeights {
  version: number;
  classes: RoutingCategory[];
  thresholds: CombinationThresholds;
  bias: number[];
  /** Feature names; feature i has weights[3i … 3i+2], in `classes` order. */
  features: string[];
  weights: number[];
}

/** A linear model ready to score feature vectors: names indexed once. */
export class LinearModel {
  private readonly index = new Map<string, number>();
  private readonly w: Float64Array;
  private readonly k: number;
  /** Position of each routing category among the model's classes. */
  private readonly order: number[];

  constructor(readonly data: ModelWeights) {
    this.k = data.classes.length;
    data.features.forEach((f, i) => this.index.set(f, i));
    this.w = Float64Array.from(data.weights);
    this.order = ROUTING_CATEGORIES.map((c) => data.classes.indexOf(c));
  }

  get thresholds(): CombinationThresholds {
    return this.data.thresholds;
  }

  get size(): number {
    return this.data.features.length;
  }

  predict(x: FeatureVector): ModelProbabilities {
    const z = this.data.bias.slice();
    for (let j = 0; j < x.names.length; j++) {
      const i = this.index.get(x.names[j]);
      if (i === undefined) continue;
      const v = x.values[j];
      for (let c = 0; c < this.k; c++) z[c] += this.w[i * this.k + c] * v;
    }
    const p = softmax(z);
    const out = {} as ModelProbabilities;
    ROUTING_CATEGORIES.forEach((c, n) => (out[c] = this.order[n] >= 0 ? p[this.order[n]] : 0));
    return out;
  }
}

export function softmax(z: number[]): number[] {
  const max = Math.max(...z);
  const e = z.map((v) => Math.exp(v - max));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / sum);
}

/** A question that is no complaint needs the model surer of a crisis ("Is your mascara safe for sensitive eyes?"). */
export const QUESTION_CRISIS_BAR = 0.5;

/**
 * The combined category: see `CombinationThresholds`. `veto` (see `crisisVeto`): the detector read
 * something that takes the harm back, so the model adds no crisis; for a question that is no
 * complaint the model needs P(crisis) ≥ QUESTION_CRISIS_BAR.
 */
export function combine(detector: RoutingCategory, p: ModelProbabilities, t: CombinationThresholds, veto: string | null = null): RoutingCategory {
  if (detector === 'crisis') return 'crisis';
  if (veto === null ? p.crisis >= t.crisis : veto === 'question' && p.crisis >= Math.max(t.crisis, QUESTION_CRISIS_BAR)) return 'crisis';
  const share = p.after_sales / (p.after_sales + p.other || 1);
  if (detector === 'after_sales') return share >= t.keepAfterSales ? 'after_sales' : 'other';
  return share >= t.toAfterSales ? 'after_sales' : 'other';
}

let loaded: LinearModel | null = null;
/** The shipped weights (`detection/model/weights.json`), indexed on first use. */
export function routingModel(): LinearModel {
  loaded ??= new LinearModel(weightsFile as unknown as ModelWeights);
  return loaded;
}
