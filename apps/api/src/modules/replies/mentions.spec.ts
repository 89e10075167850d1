import { resolveMentions } from './mentions';

const team = [
  { id: 'u1', name: 'Marie Tremblay', email: 'marie@babillard.local' },
  { id: 'u2', name: 'Léa Gagnon', email: 'lea.gagnon@babillard.local' },
  { id: 'u3', name: 'Jordan Roy', email: 'jordan@babillard.local' },
  { id: 'u4', name: 'Jordan Côté', email: 'jcote@babillard.local' },
  { id: 'u5', name: 'Marc Roy', email: 'mroy@babillard.local' },
  { id: 'u6', name: 'Marc Côté', email: 'mcote@babillard.local' },
];

describe('resolveMentions', () => {
  it('finds colleagues by e-mail local part, full name or unique first name, ignoring case and accents', () => {
    const ids = resolveMentions('@marie can you check? cc @lea.gagnon and @JordanCote.', team).map((c) => c.id);
    expect(ids.sort()).toEqual(['u1', 'u2', 'u4']);
    expect(resolveMentions('ping @Lea', team).map((c) => c.id)).toEqual(['u2']);
  });

  it('ignores ambiguous first names, e-mail addresses and unknown handles', () => {
    expect(resolveMentions('@Marc help', team)).toEqual([]);
    expect(resolveMentions('@Jordan help', team).map((c) => c.id)).toEqual(['u3']); // jordan@ wins over first names
    expect(resolveMentions('write to client@marie.com', team)).toEqual([]);
    expect(resolveMentions('@nobody', team)).toEqual([]);
  });
});
