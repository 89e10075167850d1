/** What customers write to Café Boréal: French (incl. Quebec French) and English, everyday, after-sales and crisis-like. */
export const SAMPLE_TEXTS = {
  everyday: [
    'Trop bon le latte à l’érable, merci! 😍',
    'Vous ouvrez à quelle heure dimanche?',
    'Love the new autumn blend, is it available in beans?',
    'C’est-tu possible de réserver une table pour 8 samedi soir?',
    'Any vegan pastries this week?',
    'Bravo à l’équipe du Plateau, service au top ce matin ☕',
  ],
  afterSales: [
    "Ma commande #48213 n'est toujours pas arrivée, ça fait deux semaines. C'est quoi le problème?",
    'Bonjour, la cafetière que j’ai reçue est brisée. Est-ce que je peux avoir un remboursement?',
    'Hi, can I change the delivery address on order 48250? I moved last week.',
    'Mon colis est marqué livré mais j’ai rien reçu, pouvez-vous vérifier?',
    'I was charged twice for my subscription this month, please refund one.',
    'Allô, ma carte-cadeau marche pas en ligne, ça fait trois fois que j’essaie.',
  ],
  crisis: [
    'Plusieurs personnes ont eu une réaction allergique après le nouveau mélange noisette. Y a-t-il un rappel?',
    'Several customers report allergic reactions after the new hazelnut blend. Is there a recall coming?',
    'J’ai trouvé un morceau de verre dans mon muffin ce matin. C’est inacceptable, je contacte les médias.',
    'Your store on Sainte-Catherine refused service to my friend because of her hijab. Disgusting. Boycott.',
    'Tabarnak, intoxication alimentaire après votre sandwich, je suis à l’urgence là.',
  ],
} as const;

export const SAMPLE_PEOPLE = [
  { id: '3844961895548656', name: 'Marie-Ève Bouchard', handle: 'marieeve.bouchard', followers: 312 },
  { id: '6780462125377510', name: 'Jonathan Pelletier', handle: 'jopelletier', followers: 1250 },
  { id: '1160103300748406', name: 'Daily Brew News', handle: 'dailybrewnews', followers: 184000 },
  { id: '232323232', name: 'Chloé Lavoie', handle: 'chloe.latte', followers: 890 },
  { id: '3001969357', name: 'Jean Gagnon', handle: 'jgagnon_qc', followers: 22 },
  { id: '4111222333', name: 'Priya Patel', handle: 'priya.eats', followers: 5400 },
  { id: '4111222334', name: 'Gabriel Roy', handle: 'gab_roy', followers: 47 },
  { id: '4111222335', name: 'Sam Wilson', handle: 'samw', followers: 12000 },
] as const;
