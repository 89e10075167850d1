import { analyzeMessage } from './analyze';
import { BASE_LEXICON, compileLexicon, mergeLexicon } from './lexicon';

const analyze = (text: string, author = {}) => analyzeMessage({ text, author, highReachFollowers: 10_000 });

describe('language detection', () => {
  it.each([
    ["chu pas content, ma commande est pas arrivée", 'fr'],
    ["Bonjour, la cafetière que j'ai reçue est brisée", 'fr'],
    ['c quand que vous allez me rembourser', 'fr'],
    ['my order never arrived and nobody answers', 'en'],
    ['Is the warranty on the grinder 1 year or 2?', 'en'],
  ])('%s → %s', (text, language) => {
    expect(analyze(text).language).toBe(language);
  });

  it('says und for a message without words', () => {
    expect(analyze('👍👍').language).toBe('und');
  });
});

describe('sentiment with negation', () => {
  it('reads "content" as positive and "pas content" as negative', () => {
    expect(analyze('je suis content').sentiment.label).toBe('positive');
    expect(analyze('je suis pas content').sentiment.label).toBe('negative');
    expect(analyze('chu pas content pantoute').sentiment.score).toBeLessThan(0);
  });

  it('reads "happy" as positive and "not happy" / "isn\'t good" as negative', () => {
    expect(analyze('I am happy').sentiment.label).toBe('positive');
    expect(analyze('I am not happy').sentiment.label).toBe('negative');
    expect(analyze("the coffee isn't good").sentiment.label).toBe('negative');
  });

  it('stops negation at the end of a sentence', () => {
    expect(analyze('Not today. Great coffee!').sentiment.label).toBe('positive');
  });

  it('reads Quebec insults as strong negativity', () => {
    const a = analyze("c'est écoeurant, service poche, j'suis en tabarnak");
    expect(a.sentiment.label).toBe('negative');
    expect(a.crisisSignals).toContain('strong_negativity');
  });
});

describe('intent', () => {
  it.each([
    ["ma commande est pas arrivée", 'after_sales'],
    ['I was charged twice for the same order', 'after_sales'],
    ["J'ai jamais reçu mon remboursement", 'after_sales'],
    ["C'est quoi vos heures d'ouverture?", 'question'],
    ['Service décevant, personne répond au comptoir', 'complaint'],
    ["Trop bon le latte à l'érable, merci!", 'praise'],
    ['Earn money from home, click here https://spam.example/x', 'spam'],
  ])('%s → %s', (text, intent) => {
    expect(analyze(text).intent).toBe(intent);
  });

  it('does not call praise about a fast delivery an after-sales case', () => {
    expect(analyze('Merci pour la livraison, génial!').intent).toBe('praise');
  });
});

describe('crisis signals and category', () => {
  it('flags safety and legal words in both languages', () => {
    expect(analyze('Mon fils a fait une réaction allergique, on est à l’hôpital').crisisSignals).toContain('safety');
    expect(analyze('We are preparing a lawsuit').crisisSignals).toContain('legal');
    expect(analyze('Mon avocat va vous envoyer une mise en demeure').category).toBe('crisis');
  });

  it('keeps a neutral allergy question out of crisis', () => {
    const a = analyze('Est-ce que le latte noisette contient des allergènes? Je suis allergique aux noix');
    expect(a.category).not.toBe('crisis');
  });

  it('flags high reach and verified authors, and press names', () => {
    const a = analyze('Worst coffee ever, disgusting and rude staff', { followers: 50_000, verified: true });
    expect(a.crisisSignals).toEqual(expect.arrayContaining(['high_reach', 'verified', 'strong_negativity']));
    expect(a.category).toBe('crisis');
    const small = analyze('Worst coffee ever, disgusting and rude staff', { followers: 40 });
    expect(small.category).toBe('other');
    expect(analyze('Can you comment on the recall?', { name: 'Daily Brew News' }).crisisSignals).toContain('press');
  });

  it('classifies the three categories', () => {
    expect(analyze("Ma commande #48213 n'est toujours pas arrivée").category).toBe('after_sales');
    expect(analyze('Il y avait un morceau de vitre dans mon café').category).toBe('crisis');
    expect(analyze('Bravo pour le nouveau local!').category).toBe('other');
  });
});

describe('workspace lexicon extension', () => {
  it('adds terms without losing the base ones', () => {
    const text = 'Mon Boréalomètre affiche une erreur E4';
    expect(analyzeMessage({ text }).intent).not.toBe('after_sales');
    const lexicon = compileLexicon(mergeLexicon(BASE_LEXICON, { intents: { after_sales: { fr: ['boréalomètre', 'erreur e4'] } } }));
    expect(analyzeMessage({ text }, lexicon).intent).toBe('after_sales');
    expect(analyzeMessage({ text: 'ma commande est pas arrivée' }, lexicon).intent).toBe('after_sales');
  });

  it('lets a workspace re-weight sentiment words', () => {
    const lexicon = compileLexicon(mergeLexicon(BASE_LEXICON, { sentiment: { words: { capoté: -3 } } }));
    expect(analyzeMessage({ text: 'Le gérant a capoté sur moi' }, lexicon).sentiment.label).toBe('negative');
  });
});
