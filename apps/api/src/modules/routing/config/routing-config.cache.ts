import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { RUNTIME, type Runtime } from '../../../core/runtime';
import { PgListener } from '../../../database/pg-listener';
import { WorkspaceLexiconService } from '../lexicon/workspace-lexicon.service';
import { loadRoutingConfig, type RoutingConfig } from './routing-config';

/** NOTIFY channel the routing_config_changed() trigger sends a workspace id on, at commit. */
export const ROUTING_CONFIG_CHANNEL = 'babillard_routing_config';

/**
 * Each workspace's routing configuration (enabled rules, routing settings, workspace settings,
 * compiled lexicon) in process memory, so routing a message costs no read in the steady state.
 *
 * Kept fresh three ways: this process drops a workspace's copy as soon as it commits a change
 * (RoutingService calls `invalidate`); every process drops it on the NOTIFY a database trigger
 * sends at commit, whatever wrote the change; and in case a notification was missed (a lost
 * LISTEN connection), the cached versions are compared with routing_config_version every few
 * seconds, and no copy is kept longer than `maxAgeMs`.
 */
@Injectable()
export class RoutingConfigCache implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RoutingConfigCache.name);
  private readonly entries = new Map<string, { config: RoutingConfig; loadedAt: number }>();
  private readonly loading = new Map<string, Promise<RoutingConfig>>();
  /** Bumped by each invalidation: a load that started before one is not kept. */
  private readonly generations = new Map<string, number>();
  private listener: PgListener | null = null;
  private timer: NodeJS.Timeout | null = null;
  private checking: Promise<void> | null = null;
  /** How often cached versions are compared with the database: the longest a missed notification lasts. */
  checkIntervalMs = 5_000;
  maxAgeMs = 10 * 60_000;
  /** Loads and cache hits, for tests and diagnostics. */
  readonly stats = { loads: 0, hits: 0, invalidations: 0 };

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(RUNTIME) private readonly runtime: Runtime,
    private readonly lexicons: WorkspaceLexiconService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.listener = new PgListener(
      this.runtime.databaseUrl,
      [ROUTING_CONFIG_CHANNEL],
      (n) => {
        if (n.channel === ROUTING_CONFIG_CHANNEL && n.payload) this.invalidate(n.payload);
      },
      'RoutingConfigListener',
    );
    await this.listener.start();
    this.timer = setInterval(() => {
      this.checking ??= this.checkVersions()
        .catch((err: Error) => this.logger.warn(`routing config version check failed: ${err.message}`))
        .finally(() => (this.checking = null));
    }, this.checkIntervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.checking;
    await this.listener?.close();
  }

  /**
   * The workspace's configuration: from memory, or read once through `db` (the caller's
   * transaction, so a busy pool never waits on itself). Concurrent misses share one read.
   */
  get(db: EntityManager, workspaceId: string): Promise<RoutingConfig> {
    const entry = this.entries.get(workspaceId);
    if (entry && Date.now() - entry.loadedAt < this.maxAgeMs) {
      this.stats.hits++;
      return Promise.resolve(entry.config);
    }
    const pending = this.loading.get(workspaceId);
    if (pending) return pending;
    const generation = this.generations.get(workspaceId) ?? 0;
    this.stats.loads++;
    const load = loadRoutingConfig(db, workspaceId, (version, extension) => this.lexicons.compiled(workspaceId, version, extension))
      .then((config) => {
        if ((this.generations.get(workspaceId) ?? 0) === generation) this.entries.set(workspaceId, { config, loadedAt: Date.now() });
        return config;
      })
      .finally(() => {
        if (this.loading.get(workspaceId) === load) this.loading.delete(workspaceId);
      });
    this.loading.set(workspaceId, load);
    return load;
  }

  /** What is cached for the workspace, without reading anything. */
  peek(workspaceId: string): RoutingConfig | undefined {
    return this.entries.get(workspaceId)?.config;
  }

  invalidate(workspaceId: string): void {
    this.stats.invalidations++;
    this.generations.set(workspaceId, (this.generations.get(workspaceId) ?? 0) + 1);
    this.entries.delete(workspaceId);
    this.loading.delete(workspaceId);
  }

  /** Drops the copies whose version moved without this process hearing of it. */
  async checkVersions(): Promise<void> {
    if (!this.entries.size) return;
    const cached = [...this.entries.entries()].map(([id, e]) => ({ id, version: e.config.version }));
    const rows: { workspace_id: string; version: string }[] = await this.db.query(
      `SELECT workspace_id::text, version::text FROM routing_config_version WHERE workspace_id = ANY($1::uuid[])`,
      [cached.map((c) => c.id)],
    );
    const current = new Map(rows.map((r) => [r.workspace_id, r.version]));
    for (const c of cached) {
      if ((current.get(c.id) ?? null) !== c.version && this.entries.get(c.id)?.config.version === c.version) this.invalidate(c.id);
    }
  }
}
