import { trainingFeatures, trainingReader } from '../../../../../../../bench/routing/train';
import { analyzeMessage, readMessage } from '../analyze';
import { modelFeatures } from './features';
import { combine, routingModel } from './model';

const analyze = (text: string) => analyzeMessage({ text, author: {}, highReachFollowers: 10_000 });

describe('learned layer', () => {
  it('loads the shipped weights once, with thresholds the training chose', () => {
    const model = routingModel();
    expect(model).toBe(routingModel());
    expect(model.data.classes).toEqual(['after_sales', 'crisis', 'other']);
    expect(model.size).toBeGreaterThan(1000);
    expect(model.data.weights).toHaveLength(model.size * 3);
    for (const t of Object.values(model.thresholds)) expect(t).toBeGreaterThanOrEqual(0);
    expect(model.thresholds.crisis).toBeLessThan(1);
  });

  it('trains on the very functions the runtime reads a message with', () => {
    expect(trainingFeatures).toBe(modelFeatures);
    expect(trainingReader).toBe(readMessage);
    const input = { text: 'Mon colis est jamais arrivé, commande #48213', author: {}, highReachFollowers: 10_000 };
    expect(analyzeMessage(input).model).toEqual(routingModel().predict(modelFeatures(readMessage(input))));
  });

  it('returns probabilities that add up to 1 and the detector category next to the combined one', () => {
    const a = analyze('Ma commande est arrivée brisée, je veux un remboursement');
    expect(a.model.after_sales + a.model.crisis + a.model.other).toBeCloseTo(1, 6);
    expect(a.detectorCategory).toBe('after_sales');
    expect(a.category).toBe('after_sales');
  });

  it('keeps the detector\'s crisis whatever the model says, and lets the model add one', () => {
    const t = { crisis: 0.5, keepAfterSales: 0.5, toAfterSales: 0.7 };
    expect(combine('crisis', { after_sales: 0.1, crisis: 0, other: 0.9 }, t)).toBe('crisis');
    expect(combine('other', { after_sales: 0.1, crisis: 0.6, other: 0.3 }, t)).toBe('crisis');
    expect(combine('other', { after_sales: 0.8, crisis: 0, other: 0.2 }, t)).toBe('after_sales');
    expect(combine('after_sales', { after_sales: 0.3, crisis: 0, other: 0.7 }, t)).toBe('other');
  });

  // Written for this spec, not taken from the labelled sets: narratives with no crisis keyword.
  it.each([
    ["The trainer at your Laval gym told me in front of everyone that someone my size shouldn't be on the rowing machine, honey."],
    ["Le caissier m'a demandé si j'étais vraiment une fille à cause de ma voix. Devant toute la file."],
    ['Your night manager kept texting my personal phone after my shift and showed up at my bus stop twice.'],
    ['The hotel receptionist gave my ex my room number even though I asked them not to. He came knocking at 2am.'],
    ["Ma petite était sur la page Facebook de la garderie, photo et prénom, jamais on a signé d'autorisation."],
    ["Mon fils a failli se noyer dans la piscine de l'hôtel, pas un sauveteur en vue."],
    ['Found a long black hair baked right into the crust of my pizza. Disgusting.'],
  ])('crisis with the model: %s', (text) => {
    expect(analyze(text).category).toBe('crisis');
  });

  it.each([
    ['Thanks so much for fixing my order mix-up last week, the new boots are perfect!'],
    ["Merci à l'équipe du service client, mon remboursement est arrivé super vite!"],
    ['Bonjour, offrez-vous des tarifs pour les commandes corporatives de 200 tasses?'],
    ['Do you ship to the Yukon and how long does it usually take?'],
  ])('praise and pre-sales stay other: %s', (text) => {
    expect(analyze(text).category).toBe('other');
  });
});
