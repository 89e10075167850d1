/**
 * Where an install keeps the platform secrets it generated when the environment gives none (app_setting
 * keys): the server verifies webhooks with them, the demo's simulator signs with them.
 */
export const PLATFORM_SECRET_SETTINGS = { META_APP_SECRET: 'meta_app_secret', X_CONSUMER_SECRET: 'x_consumer_secret' } as const;
