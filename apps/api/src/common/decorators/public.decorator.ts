import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'babillard:isPublic';

/** Opts a route out of the global JWT guard (webhooks, login, health). */
export const Public = () => SetMetadata(IS_PUBLIC, true);
