import { analyzeMessage } from './analyze';
import { BASE_LEXICON, baseLexicon, compileLexicon, mergeLexicon } from './lexicon';
import { negationScope } from './sentiment';
import { words } from './text';

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

describe('stretched letters', () => {
  it('squeezes "nooon" but keeps a one-letter acronym whole, so "b" alone is not the BBB', () => {
    expect(words('nooon')).toEqual(['non']);
    expect(analyze('message b').crisisSignals).toEqual([]);
    expect(analyze('Je vais porter plainte au BBB').crisisSignals).toContain('legal');
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

describe('normalisation', () => {
  it('reads Quebec, texting and apostrophe-less spellings as the standard words', () => {
    expect(words('chu pas content pis ça marche pu')).toEqual(['je', 'suis', 'pas', 'content', 'puis', 'ca', 'marche', 'plus']);
    expect(words("j'ai pu me connecter")).toContain('pu');
    expect(words('my order still hasnt shipped, thx')).toEqual(['my', 'order', 'still', 'has', 'not', 'shipped', 'thanks']);
    expect(words('Nooooon sooo late')).toEqual(['non', 'so', 'late']);
  });

  it('splits hashtags, in camel case or by known words', () => {
    expect(words('#BoycottCafeBoreal')).toEqual(['boycott', 'cafe', 'boreal']);
    expect(words('#jamaisplus', baseLexicon().vocabulary)).toEqual(['jamais', 'plus']);
  });

  it('scopes negation: three words on, up to "mais", and "pantoute" after', () => {
    const scope = (text: string) => {
      const tokens = words(text);
      const negated = negationScope(tokens, baseLexicon());
      return tokens.filter((_, i) => negated[i]);
    };
    expect(scope('pas cher mais brisé')).toEqual(['cher']);
    expect(scope('content pantoute')).toEqual(['content']);
    expect(scope("my package never arrived")).toEqual(['arrived']);
  });
});

describe('after-sales by concept', () => {
  it.each([
    ['a working state negated', 'Mon grille-pain marche pu après 3 semaines'],
    ['non-receipt without the word "order"', 'Package says delivered but theres nothing at my door'],
    ['a weak defect word with a product and its age', 'Le moulin grince, il est neuf'],
    ['sarcastic praise about a problem', 'Bravo, 3e fois que ma commande arrive brisée 👏👏'],
    ['thanks for nothing', 'thx for nothing, still no refund after 3 weeks'],
    ['code-switching', "J'ai reçu mon order mais le item est broken"],
    ['a typo in a long word', 'jai jamais recu mon rembourcement'],
  ])('%s', (_, text) => {
    expect(analyze(text).category).toBe('after_sales');
  });

  it.each([
    ['a pre-sales question', 'Is the return policy 30 or 60 days? Thinking of buying a gift'],
    ['thanks for a delivery', 'Ma commande est arrivée en 2 jours, chapeau!'],
    ['a problem word negated', 'Aucun problème avec ma commande, rien de brisé, tout est parfait'],
    ['a real word near a lexicon word', 'La préparation du café est longue, mais ça vaut la peine'],
  ])('not %s', (_, text) => {
    expect(analyze(text).category).not.toBe('after_sales');
  });
});

describe('crisis by combination', () => {
  it.each([
    ['someone sick after the brand’s food', 'Ma fille celiaque a été très malade après votre muffin'],
    ['several people with the same reaction', 'Three patients this week with the same reaction after your oat latte'],
    ['an allergen where it should not be', 'Votre produit contient de l’arachide non déclarée'],
    ['a threat to go to the media', 'Je vais appeler TVA pis les journaux si vous faites rien'],
    ['a broken bone', 'The scooter brakes failed and my husband broke his collarbone'],
  ])('%s', (_, text) => {
    expect(analyze(text).category).toBe('crisis');
  });

  it.each([
    ['Quebec slang "malade"', 'Ce film est malade, j’ai capoté!'],
    ['an illness the brand has nothing to do with', 'Ma fille est malade, je peux annuler mon cours de demain?'],
    ['an idiom', 'Fire sale this weekend? 🔥🔥'],
    ['a harm word negated', 'Heureusement, aucune réaction allergique cette fois, merci'],
    ['a word that is a body part in French only', 'The main course came out a bit burnt, still great'],
  ])('not %s', (_, text) => {
    expect(analyze(text).category).not.toBe('crisis');
  });
});
