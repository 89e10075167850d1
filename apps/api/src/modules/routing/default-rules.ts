import type { CreateRoutingRuleRequest } from '@babillard/contracts';
import type { EntityManager } from 'typeorm';
import { RoutingSettingsRepository } from './routing-settings.repository';
import { RoutingRulesRepository } from './rules/routing-rules.repository';

export interface DefaultRuleTeams {
  community: string;
  afterSales: string;
  crisis: string;
}

/** The rules a brand with community, after-sales and crisis teams starts from, in order. */
export function defaultRoutingRules(teams: DefaultRuleTeams): CreateRoutingRuleRequest[] {
  return [
    {
      name: 'Crise : sécurité, juridique, boycott → Communications de crise',
      stopProcessing: true,
      conditions: { crisisSignals: ['safety', 'legal', 'reputation'] },
      actions: { teamId: teams.crisis, priority: 'urgent', labels: ['crise'], notifyTeamIds: [teams.crisis], crisisCandidate: true },
    },
    {
      name: 'Médias et organismes publics → Communications de crise',
      stopProcessing: true,
      conditions: { crisisSignals: ['press', 'official'] },
      actions: { teamId: teams.crisis, priority: 'high', labels: ['médias'] },
    },
    {
      name: 'Client VIP : priorité haute',
      stopProcessing: false,
      conditions: { vip: true },
      actions: { priority: 'high', labels: ['vip'] },
    },
    {
      name: 'Pourriel : fermé',
      stopProcessing: true,
      conditions: { intents: ['spam'] },
      actions: { status: 'resolved', priority: 'low', labels: ['pourriel'] },
    },
    {
      name: 'Après-vente mécontent : priorité haute',
      stopProcessing: false,
      conditions: { intents: ['after_sales'], sentiments: ['negative'] },
      actions: { priority: 'high' },
    },
    {
      name: 'Après-vente → Service après-vente',
      stopProcessing: true,
      conditions: { intents: ['after_sales'] },
      actions: { teamId: teams.afterSales, labels: ['après-vente'] },
    },
    {
      name: 'Éloges → Communauté',
      stopProcessing: true,
      conditions: { intents: ['praise'] },
      actions: { teamId: teams.community, priority: 'low', labels: ['bravo'] },
    },
  ];
}

/** Seeds the default rules and names the crisis team (demo workspace). */
export async function seedDefaultRoutingRules(tx: EntityManager, workspaceId: string, teams: DefaultRuleTeams): Promise<void> {
  const repo = new RoutingRulesRepository();
  for (const rule of defaultRoutingRules(teams)) {
    await repo.insert(tx, workspaceId, {
      name: rule.name,
      enabled: rule.enabled ?? true,
      stopProcessing: rule.stopProcessing ?? false,
      conditions: rule.conditions,
      actions: rule.actions,
    });
  }
  await new RoutingSettingsRepository().save(tx, workspaceId, { crisisTeamId: teams.crisis });
}
